// Finding the question files under each bank root: `<root>/<category>/<id>.yaml`.

import type { Dirent, Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { mapLimit } from './concurrency';
import { START, problem, type Problem } from './problem';
import type { Origin } from './question';

export interface BankRoot {
  dir: string;
  origin: Origin;
}

/** A question file found on disk, with what the cache needs to know whether it changed. */
export interface FoundFile {
  file: string;
  category: string;
  origin: Origin;
  root: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

export interface Scan {
  files: FoundFile[];
  problems: Problem[];
}

const QUESTION_FILE = /\.ya?ml$/i;

export async function scanRoots(roots: readonly BankRoot[], concurrency: number): Promise<Scan> {
  const problems: Problem[] = [];
  const perRoot = await Promise.all(roots.map((root) => scanRoot(root, concurrency, problems)));
  return { files: perRoot.flat(), problems };
}

async function scanRoot(root: BankRoot, concurrency: number, problems: Problem[]): Promise<FoundFile[]> {
  const dir = path.resolve(root.dir);
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A user or workspace folder that does not exist (yet) simply holds no questions.
    if (code === 'ENOENT' && root.origin !== 'builtin') return [];
    const what = root.origin === 'builtin' ? 'the built-in question bank' : 'question folder';
    const why = code === 'ENOENT' ? 'it does not exist (reinstall the extension)'
      : code === 'ENOTDIR' ? 'it is not a folder' : (error as Error).message;
    problems.push(problem(dir, START, `cannot read ${what} ${dir}: ${why}`));
    return [];
  }

  const categories: string[] = [];
  for (const entry of sortByName(entries)) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (await isDirectory(entry, full)) {
      categories.push(entry.name);
    } else if (QUESTION_FILE.test(entry.name)) {
      problems.push(problem(full, START,
        `ignored: question files belong in a category folder, e.g. ${path.join(dir, 'concepts', entry.name)}`, 'warning'));
    }
  }

  const names = await mapLimit(categories, concurrency, async (category) => {
    const folder = path.join(dir, category);
    try {
      const files = await fs.readdir(folder, { withFileTypes: true });
      return sortByName(files)
        .filter((f) => QUESTION_FILE.test(f.name) && !f.name.startsWith('.') && (f.isFile() || f.isSymbolicLink()))
        .map((f) => ({ file: path.join(folder, f.name), category }));
    } catch (error) {
      problems.push(problem(folder, START, `cannot read category folder ${folder}: ${(error as Error).message}`));
      return [];
    }
  });

  const found = await mapLimit(names.flat(), concurrency, async ({ file, category }): Promise<FoundFile | undefined> => {
    let stats: Stats;
    try {
      stats = await fs.stat(file);
    } catch (error) {
      problems.push(problem(file, START, `cannot read: ${(error as Error).message}`));
      return undefined;
    }
    if (!stats.isFile()) return undefined;
    return {
      file, category, origin: root.origin, root: dir,
      size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs,
    };
  });
  return found.filter((f): f is FoundFile => f !== undefined);
}

async function isDirectory(entry: Dirent, full: string): Promise<boolean> {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return (await fs.stat(full)).isDirectory();
  } catch {
    return false;
  }
}

function sortByName(entries: Dirent[]): Dirent[] {
  return [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
