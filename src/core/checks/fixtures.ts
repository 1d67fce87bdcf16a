// A case's fixture: a fresh directory populated with the files the question describes (text,
// bytes, generated contents, empty folders, symbolic links), and its removal afterwards even when
// the code under test took permissions away.
import { createHash } from 'node:crypto';
import * as fsSync from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { FixtureFile } from '../bank/question';

/** Generated contents are written this many bytes at a time, so a 200 MB file needs 1 MB of memory. */
const CHUNK_BYTES = 1 << 20;

/** Generated files at least this large are made once in the cache folder and copied from there. */
const CACHE_MIN_BYTES = 64 * 1024;

export interface MaterializeOptions {
  /**
   * A folder owned by the caller where generated (size+seed) contents are kept between calls:
   * the bytes are computed once and copied afterwards, which is several times faster.
   */
  cacheDir?: string;
}

/** A question's fixture that cannot be made (the file is wrong, not the answer under test). */
export class FixtureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FixtureError';
  }
}

/**
 * Creates `files` under `dir` (created if missing). Folders first, then files, then symbolic
 * links, so that no file is ever written through a link the fixture itself made.
 */
export async function materializeFixture(dir: string, files: readonly FixtureFile[], options: MaterializeOptions = {}): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const targets = files.map((file) => ({ file, target: insideDir(dir, file.path) }));
  const made = new Set<string>([dir]);
  const ensureParent = async (target: string): Promise<void> => {
    const parent = path.dirname(target);
    if (made.has(parent)) return;
    await fs.mkdir(parent, { recursive: true });
    made.add(parent);
  };

  for (const { file, target } of targets) {
    if (file.directory && file.symlink === undefined) {
      await fs.mkdir(target, { recursive: true });
      made.add(target);
    }
  }
  await Promise.all(
    targets
      .filter(({ file }) => !file.directory && file.symlink === undefined)
      .map(async ({ file, target }) => {
        await ensureParent(target);
        if (file.size !== undefined) await writeGenerated(target, file.size, file.seed ?? 0, options.cacheDir);
        else if (file.base64 !== undefined) await fs.writeFile(target, Buffer.from(file.base64, 'base64'));
        else await fs.writeFile(target, file.text ?? '', 'utf8');
      }),
  );
  for (const { file, target } of targets) {
    if (file.symlink === undefined) continue;
    await ensureParent(target);
    await fs.symlink(file.symlink, target);
  }
}

/** The absolute path of a fixture entry, refusing anything that would land outside `dir`. */
function insideDir(dir: string, relative: string): string {
  const normal = relative.replace(/\\/g, '/');
  if (normal === '' || path.posix.isAbsolute(normal) || path.win32.isAbsolute(relative) || normal.split('/').includes('..')) {
    throw new FixtureError(`fixture path '${relative}' must be relative and must not contain '..'`);
  }
  const target = path.resolve(dir, ...normal.split('/').filter((part) => part !== '' && part !== '.'));
  if (target === path.resolve(dir)) throw new FixtureError(`fixture path '${relative}' names the fixture folder itself`);
  return target;
}

/**
 * The bytes of a generated file: mulberry32 seeded with `seed`, each 32-bit output written
 * little-endian. The same seed gives the same bytes, and a shorter file is a prefix of a longer one.
 */
export class GeneratedBytes {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Fills `chunk` with the next bytes of the stream (its length should be a multiple of 4). */
  fill(chunk: Buffer): void {
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.length);
    const words = chunk.length >>> 2;
    let a = this.state;
    for (let i = 0; i < words; i++) {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      view.setUint32(i << 2, (t ^ (t >>> 14)) >>> 0, true);
    }
    this.state = a;
    const rest = chunk.length & 3;
    if (rest > 0) {
      const last = Buffer.alloc(4);
      this.fill(last);
      last.copy(chunk, words << 2, 0, rest);
    }
  }
}

async function writeGenerated(target: string, size: number, seed: number, cacheDir: string | undefined): Promise<void> {
  if (!Number.isSafeInteger(size) || size < 0) throw new FixtureError(`fixture size ${size} is not a byte count`);
  if (cacheDir === undefined || size < CACHE_MIN_BYTES) {
    await generate(target, size, seed);
    return;
  }
  const cached = path.join(cacheDir, `${seed}-${size}.bin`);
  try {
    if (!(await exists(cached))) {
      // Another run may be making the same contents: write aside, then rename into place.
      const partial = `${cached}.${createHash('sha1').update(target).digest('hex').slice(0, 8)}.part`;
      await fs.mkdir(cacheDir, { recursive: true });
      await generate(partial, size, seed);
      await fs.rename(partial, cached);
    }
    await fs.copyFile(cached, target, fs.constants.COPYFILE_FICLONE);
  } catch {
    // The cache is only a shortcut (it may have been removed meanwhile): make the bytes here.
    await generate(target, size, seed);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

async function generate(target: string, size: number, seed: number): Promise<void> {
  const handle = await fs.open(target, 'w');
  try {
    const bytes = new GeneratedBytes(seed);
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size));
    for (let written = 0; written < size; ) {
      const n = Math.min(chunk.length, size - written);
      bytes.fill(chunk);
      await handle.write(chunk, 0, n);
      written += n;
    }
  } finally {
    await handle.close();
  }
}

/**
 * Removes `dir` and everything under it. Code under test may have taken permissions away
 * (chmod 000 on a folder): those are given back and the removal tried again.
 */
export async function removeTree(dir: string): Promise<void> {
  try {
    await fs.rm(dir, { recursive: true, force: true, maxRetries: 2 });
    return;
  } catch {
    // Fall through: restore permissions, then try again.
  }
  await restorePermissions(dir);
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 2 });
}

async function restorePermissions(dir: string): Promise<void> {
  try {
    await fs.chmod(dir, 0o700);
  } catch {
    return;
  }
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => restorePermissions(path.join(dir, e.name))));
}

/** removeTree, synchronously: for a process that may be about to exit. Never throws. */
export function removeTreeSync(dir: string): void {
  try {
    fsSync.rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    return;
  } catch {
    // Fall through: restore permissions, then try again.
  }
  const restore = (d: string): void => {
    try {
      fsSync.chmodSync(d, 0o700);
      for (const e of fsSync.readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) restore(path.join(d, e.name));
    } catch {
      // Best effort.
    }
  };
  restore(dir);
  try {
    fsSync.rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // Left for the stale-folder sweep of the next engine.
  }
}
