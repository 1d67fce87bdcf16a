// A cross-process lock: the exclusive creation of `<file>.lock`, holding who took it and when.
// Two VS Code windows are two processes; this is what serialises their read-modify-writes.
//
// A lock is stale when its owner is gone (same machine, pid no longer running) or it is older
// than `staleMs`. Breakers take turns (see breakStale) and re-check that the lock is still the
// stale one before removing it. Holders also verify they still own the lock just before they
// commit (HeldLock.verify), so even a lock broken by mistake (a window frozen for longer than
// `staleMs`) makes that holder retry rather than overwrite a newer file.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { errnoCode, ProgressError } from './errors';
import { isProcessAlive, sleep, uniqueSibling } from './durableFile';

export interface LockOptions {
  /** Give up waiting after this long. */
  timeoutMs: number;
  /** A lock older than this is considered abandoned, even if its pid seems alive (pid reuse, a hung window). */
  staleMs: number;
}

interface LockInfo {
  pid: number;
  hostname: string;
  createdAt: string;
  token: string;
}

interface ObservedLock {
  text: string;
  info?: LockInfo;
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface HeldLock {
  /** True while the lock file is still the one we created (nobody judged us stale and broke it). */
  verify(): Promise<boolean>;
  release(): Promise<void>;
}

export async function acquireLock(lockPath: string, options: LockOptions): Promise<HeldLock> {
  const deadline = Date.now() + options.timeoutMs;
  const token = randomBytes(12).toString('hex');
  let delayMs = 2;
  let lastSeen: ObservedLock | undefined;
  for (;;) {
    if (await tryCreate(lockPath, token)) return heldLock(lockPath, token);

    const observed = await observe(lockPath);
    if (observed) {
      lastSeen = observed;
      if (staleReason(observed, options.staleMs) !== undefined && (await breakStale(lockPath, observed, options.staleMs))) {
        continue;
      }
    }
    if (Date.now() >= deadline) throw timeoutError(lockPath, options.timeoutMs, lastSeen);
    await sleep(delayMs / 2 + Math.random() * delayMs);
    delayMs = Math.min(delayMs * 2, 25);
  }
}

/**
 * Creates the lock with its content in one step: write a private temp file, then link(2) it to
 * the lock name, which fails if the lock exists. So a lock is never seen empty, not even one left
 * by a process killed while taking it. File systems without hard links fall back to `wx` open.
 */
async function tryCreate(lockPath: string, token: string): Promise<boolean> {
  const info: LockInfo = { pid: process.pid, hostname: os.hostname(), createdAt: new Date().toISOString(), token };
  const text = JSON.stringify(info);
  const temp = uniqueSibling(lockPath, 'tmp');
  try {
    await fs.writeFile(temp, text, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
    await fs.mkdir(path.dirname(lockPath), { recursive: true });
    return false;
  }
  try {
    await fs.link(temp, lockPath);
    return true;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EMLINK' || code === 'EXDEV') {
      return tryCreateExclusive(lockPath, text);
    }
    throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
}

async function tryCreateExclusive(lockPath: string, text: string): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(lockPath, 'wx', 0o600);
  } catch (error) {
    const code = errnoCode(error);
    // Windows reports a file pending deletion as EPERM; it is gone in a moment.
    if (code === 'EEXIST' || (code === 'EPERM' && process.platform === 'win32')) return false;
    throw error;
  }
  try {
    await handle.writeFile(text, 'utf8');
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(lockPath, { force: true });
    throw error;
  }
  return true;
}

function heldLock(lockPath: string, token: string): HeldLock {
  const verify = async (): Promise<boolean> => {
    try {
      return parseInfo(await fs.readFile(lockPath, 'utf8'))?.token === token;
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return false;
      throw error;
    }
  };
  return {
    verify,
    async release() {
      if (await verify()) await fs.rm(lockPath, { force: true });
    },
  };
}

async function observe(lockPath: string): Promise<ObservedLock | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(lockPath, 'r');
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || (code === 'EPERM' && process.platform === 'win32')) return undefined;
    throw error;
  }
  try {
    const stat = await handle.stat();
    const text = await handle.readFile('utf8');
    return { text, info: parseInfo(text), ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** Why the lock may be broken, or undefined while it must be respected. */
export function staleReason(observed: Pick<ObservedLock, 'info' | 'mtimeMs'>, staleMs: number): string | undefined {
  const info = observed.info;
  if (info && info.hostname === os.hostname() && info.pid !== process.pid && !isProcessAlive(info.pid)) {
    return `its owner (pid ${info.pid}) is no longer running`;
  }
  // An unreadable lock may be one being written right now: only its age can tell it is abandoned.
  const ageMs = Date.now() - observed.mtimeMs;
  if (Math.abs(ageMs) > staleMs) return `it is ${Math.round(ageMs / 1000)}s old`;
  return undefined;
}

/**
 * Removes a stale lock, if it is still the one observed. Breakers take turns through a second
 * lock, `<file>.lock.break`: without it, a slow breaker could remove the fresh lock that a faster
 * one had just broken the stale lock for and taken. Returns false if someone else is breaking it.
 */
async function breakStale(lockPath: string, observed: ObservedLock, staleMs: number): Promise<boolean> {
  const breakPath = `${lockPath}.break`;
  const token = randomBytes(12).toString('hex');
  if (!(await tryCreate(breakPath, token))) {
    // Another process is breaking it; only if that one died doing so, clear the way for the next try.
    const breaker = await observe(breakPath);
    if (breaker && staleReason(breaker, staleMs) !== undefined) await removeIfSame(breakPath, breaker);
    return false;
  }
  try {
    const current = await observe(lockPath);
    if (current && sameFile(current, observed)) await removeIfSame(lockPath, observed);
    return true;
  } finally {
    await heldLock(breakPath, token).release();
  }
}

/**
 * Removes `file` if it is still `observed`: rename it to a unique name first (only one process can
 * win that), check what was renamed, and put it back if it turns out to be a newer file.
 */
async function removeIfSame(file: string, observed: ObservedLock): Promise<void> {
  const grave = uniqueSibling(file, 'stale');
  try {
    await fs.rename(file, grave);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'EPERM' || code === 'EBUSY') return; // gone already
    throw error;
  }
  const taken = await observe(grave);
  if (taken !== undefined && !sameFile(taken, observed)) await restore(grave, file, taken.text);
  await fs.rm(grave, { force: true });
}

function sameFile(a: ObservedLock, b: ObservedLock): boolean {
  return a.text === b.text && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

async function restore(grave: string, lockPath: string, text: string): Promise<void> {
  try {
    await fs.link(grave, lockPath);
    return;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return;
  }
  // No hard links on this file system: recreate it exclusively with the same content.
  try {
    await fs.writeFile(lockPath, text, { flag: 'wx', mode: 0o600 });
  } catch {
    // EEXIST: someone holds it now; anything else leaves the lock free, which verify() also catches.
  }
}

function parseInfo(text: string): LockInfo | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const info = value as Partial<LockInfo>;
    if (typeof info.pid !== 'number' || typeof info.token !== 'string') return undefined;
    return {
      pid: info.pid,
      token: info.token,
      hostname: typeof info.hostname === 'string' ? info.hostname : '',
      createdAt: typeof info.createdAt === 'string' ? info.createdAt : '',
    };
  } catch {
    return undefined;
  }
}

function timeoutError(lockPath: string, timeoutMs: number, seen: ObservedLock | undefined): ProgressError {
  const holder = seen?.info
    ? `held by process ${seen.info.pid}${seen.info.hostname && seen.info.hostname !== os.hostname() ? ` on ${seen.info.hostname}` : ''} since ${seen.info.createdAt}`
    : 'held by another process';
  return new ProgressError(
    'LOCK_TIMEOUT',
    `Could not save progress: the lock ${lockPath} is ${holder} and was not released within ${(timeoutMs / 1000).toFixed(1)}s. ` +
      'If no other VS Code window is saving progress, delete that file and try again.',
  );
}
