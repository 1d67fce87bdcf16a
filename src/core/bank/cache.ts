// What a second start needs to skip reading and parsing unchanged question files: per file its
// size and times when it was parsed, and the validated data or the problems found.
// The cache is only ever an optimisation: unreadable, corrupt or stale means "parse again".

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Position, Problem } from './problem';
import type { QuestionData } from './question';
import type { FoundFile } from './scan';

/** Bump when parsing or validation changes what a file yields, so old results are not reused. */
export const CACHE_FORMAT_VERSION = 1;

const MAGIC = 'interview-drills/bank-cache';

export interface CachedFile {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  data?: QuestionData;
  /** Problems without their `file`: the entry's key is the file. */
  problems: Omit<Problem, 'file'>[];
  idPosition?: Position;
}

interface CacheContents {
  magic: string;
  version: number;
  /** Schema hash plus the caller's tag (e.g. the extension version). */
  key: string;
  files: Record<string, CachedFile>;
}

export type CacheEntries = Map<string, CachedFile>;

/** The cached entries, or undefined when there is no usable cache. Never throws. */
export async function readCache(cacheFile: string, key: string): Promise<CacheEntries | undefined> {
  try {
    const contents = JSON.parse(await fs.readFile(cacheFile, 'utf8')) as Partial<CacheContents> | null;
    if (!contents || contents.magic !== MAGIC || contents.version !== CACHE_FORMAT_VERSION || contents.key !== key) {
      return undefined;
    }
    const files = contents.files;
    if (!files || typeof files !== 'object') return undefined;
    return new Map(Object.entries(files));
  } catch {
    return undefined;
  }
}

/** The cached result for `found` if the file is unchanged since it was cached. */
export function lookup(entries: CacheEntries | undefined, found: FoundFile): CachedFile | undefined {
  const entry = entries?.get(found.file);
  if (!entry || typeof entry !== 'object') return undefined;
  if (entry.size !== found.size || entry.mtimeMs !== found.mtimeMs || entry.ctimeMs !== found.ctimeMs) return undefined;
  if (!Array.isArray(entry.problems)) return undefined;
  const data = entry.data as Partial<QuestionData> | null | undefined;
  if (data !== undefined && (data === null || typeof data.id !== 'string' || typeof data.title !== 'string')) return undefined;
  return entry;
}

/** Writes the cache atomically (temp file + rename), so a crash never leaves half a cache. */
export async function writeCache(cacheFile: string, key: string, entries: CacheEntries): Promise<void> {
  const contents: CacheContents = {
    magic: MAGIC,
    version: CACHE_FORMAT_VERSION,
    key,
    files: Object.fromEntries(entries),
  };
  await fs.mkdir(path.dirname(cacheFile), { recursive: true });
  const temp = `${cacheFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temp, JSON.stringify(contents));
    await fs.rename(temp, cacheFile);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
