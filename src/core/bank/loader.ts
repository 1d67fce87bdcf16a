// Loading the whole bank: every question file under every root, each parsed and validated on
// its own so one broken file never hides the others, then checked together (duplicate ids).

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { lookup, readCache, writeCache, type CacheEntries, type CachedFile } from './cache';
import { compareCategories } from './categories';
import { mapLimit } from './concurrency';
import { MAX_FILE_BYTES } from './limits';
import { parseQuestionFile, tooLargeProblem, type ParsedQuestionFile } from './parse';
import { START, compareProblems, problem, type Problem } from './problem';
import { DIFFICULTIES, type Origin, type Question } from './question';
import { scanRoots, type BankRoot, type FoundFile } from './scan';
import { schemaHash } from './validation';

export type { BankRoot } from './scan';
export type { Problem } from './problem';

export interface LoadOptions {
  /**
   * A file in which to keep parsed results between starts (e.g. under the extension's global
   * storage). Unchanged files (same size, mtime, ctime) are then neither read nor parsed.
   */
  cacheFile?: string;
  /** Mixed into the cache's validity key, e.g. the extension version. */
  cacheTag?: string;
  /** How many files are stat'ed or read at once. */
  concurrency?: number;
}

export interface LoadStats {
  /** Question files found. */
  files: number;
  /** Files read and parsed this time. */
  parsed: number;
  /** Files whose result came from the cache. */
  cached: number;
  cacheWritten: boolean;
  /** Why the cache could not be written, if it could not (loading still succeeded). */
  cacheError?: string;
}

export interface LoadResult {
  /** Valid questions, sorted by category, difficulty, title. */
  questions: Question[];
  /** Everything wrong, errors and warnings, sorted by file and position. */
  problems: Problem[];
  /** Category folders that hold at least one question, in display order. */
  categories: string[];
  /** Always set by loadBank; optional so callers can build an empty or failed result. */
  stats?: LoadStats;
}

/** The loaded bank. */
export type Bank = LoadResult;

const DEFAULT_CONCURRENCY = 64;

export async function loadBank(roots: readonly BankRoot[], options: LoadOptions = {}): Promise<LoadResult> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const cacheKey = `${schemaHash()}:${options.cacheTag ?? ''}`;
  const [scan, cache] = await Promise.all([
    scanRoots(roots, concurrency),
    options.cacheFile ? readCache(options.cacheFile, cacheKey) : Promise.resolve(undefined),
  ]);

  const nextCache: CacheEntries = new Map();
  let parsed = 0;
  const results = await mapLimit(scan.files, concurrency, async (found) => {
    const hit = lookup(cache, found);
    if (hit) {
      nextCache.set(found.file, hit);
      return fromCache(hit, found);
    }
    parsed += 1;
    const result = await readQuestionFile(found.file, found.category, found.origin, found.size);
    if (result.cacheable) nextCache.set(found.file, toCache(result, found));
    return result;
  });

  const problems = [...scan.problems];
  const questions: Question[] = [];
  const owners = new Map<string, FoundFile>();
  results.forEach((result, index) => {
    problems.push(...result.problems);
    const question = result.question;
    if (!question) return;
    const found = scan.files[index];
    const first = owners.get(question.id);
    if (first) {
      problems.push(problem(found.file, result.idPosition ?? START,
        `duplicate id '${question.id}': already used by ${describeFile(first)}; ids must be unique across all question folders`));
      return;
    }
    owners.set(question.id, found);
    questions.push(question);
  });
  questions.sort(compareQuestions);
  problems.sort(compareProblems);

  const stats: LoadStats = { files: scan.files.length, parsed, cached: scan.files.length - parsed, cacheWritten: false };
  if (options.cacheFile && cacheChanged(cache, nextCache, parsed)) {
    try {
      await writeCache(options.cacheFile, cacheKey, nextCache);
      stats.cacheWritten = true;
    } catch (error) {
      stats.cacheError = (error as Error).message;
    }
  }

  const categories = [...new Set(questions.map((q) => q.category))];
  return { questions, problems, categories, stats };
}

export interface FileResult extends ParsedQuestionFile {
  /** False for failures that may go away by themselves (e.g. a file locked by another process). */
  cacheable: boolean;
}

/** Reads and parses one question file, refusing files over the size limit without reading them. */
export async function readQuestionFile(
  file: string,
  category: string,
  origin: Origin,
  knownSize?: number,
): Promise<FileResult> {
  if (knownSize !== undefined && knownSize > MAX_FILE_BYTES) {
    return { problems: [tooLargeProblem(file, knownSize)], cacheable: true };
  }
  let text: string;
  try {
    const bytes = await readAtMost(file, MAX_FILE_BYTES + 1);
    if (bytes.length > MAX_FILE_BYTES) return { problems: [tooLargeProblem(file, bytes.length)], cacheable: false };
    text = bytes.toString('utf8');
  } catch (error) {
    return { problems: [problem(file, START, `cannot read: ${(error as Error).message}`)], cacheable: false };
  }
  return { ...parseQuestionFile(text, file, category, origin), cacheable: true };
}

/** The first `limit` bytes of a file: a file that grows after it was stat'ed cannot make us read more. */
async function readAtMost(file: string, limit: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const buffer = Buffer.allocUnsafe(Math.min(size, limit));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function fromCache(entry: CachedFile, found: FoundFile): FileResult {
  const problems = entry.problems.map((p) => ({ ...p, file: found.file }));
  const question = entry.data
    ? { ...entry.data, category: found.category, file: found.file, origin: found.origin }
    : undefined;
  return { question, problems, idPosition: entry.idPosition, cacheable: true };
}

function toCache(result: ParsedQuestionFile, found: FoundFile): CachedFile {
  let data: CachedFile['data'];
  if (result.question) {
    const { category: _category, file: _file, origin: _origin, ...rest } = result.question;
    data = rest;
  }
  return {
    size: found.size,
    mtimeMs: found.mtimeMs,
    ctimeMs: found.ctimeMs,
    data,
    problems: result.problems.map(({ file: _file, ...rest }) => rest),
    idPosition: result.idPosition,
  };
}

function cacheChanged(previous: CacheEntries | undefined, next: CacheEntries, parsed: number): boolean {
  if (!previous) return true;
  if (parsed > 0 || previous.size !== next.size) return true;
  for (const file of previous.keys()) if (!next.has(file)) return true;
  return false;
}

const ORIGIN_NAMES: Readonly<Record<Origin, string>> = {
  builtin: 'the built-in bank',
  user: 'your question folder',
  workspace: 'this workspace',
};

function describeFile(found: FoundFile): string {
  return `${path.join(found.category, path.basename(found.file))} in ${ORIGIN_NAMES[found.origin]} (${found.file})`;
}

const titleOrder = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Category (known ones first), then difficulty (easy → hard), then title, then id. */
export function compareQuestions(a: Question, b: Question): number {
  return compareCategories(a.category, b.category)
    || DIFFICULTIES.indexOf(a.difficulty) - DIFFICULTIES.indexOf(b.difficulty)
    || titleOrder.compare(a.title, b.title)
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
