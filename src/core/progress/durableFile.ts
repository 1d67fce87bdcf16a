// File-system primitives for writes that survive a crash at any instant: the target is only ever
// replaced by rename(2) of a fully written and fsynced temp file in the same directory.

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { errnoCode } from './errors';

export interface AtomicWriteHooks {
  /** Test-only: runs after half of the temp file is written, before the rest and the rename. */
  afterPartialWrite?(tempPath: string): Promise<void> | void;
}

export interface AtomicWriteOptions {
  hooks?: AtomicWriteHooks;
  /** Runs after the temp file is durable and just before the rename; throwing aborts the write. */
  beforeRename?(): Promise<void>;
}

/** `<base>.tmp-<pid>-<random>`: unique across processes and calls, and recognisable for cleanup. */
export function uniqueSibling(target: string, kind: 'tmp' | 'stale'): string {
  return `${target}.${kind}-${process.pid}-${randomBytes(6).toString('hex')}`;
}

export async function writeFileAtomic(target: string, text: string, options: AtomicWriteOptions = {}): Promise<void> {
  const hooks = options.hooks;
  const tempPath = uniqueSibling(target, 'tmp');
  const data = Buffer.from(text, 'utf8');
  try {
    const handle = await fs.open(tempPath, 'wx', 0o600);
    try {
      if (hooks?.afterPartialWrite) {
        const half = Math.floor(data.length / 2);
        await writeAll(handle, data.subarray(0, half));
        await hooks.afterPartialWrite(tempPath);
        await writeAll(handle, data.subarray(half));
      } else {
        await writeAll(handle, data);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeRename?.();
    await renameWithRetry(tempPath, target);
  } catch (error) {
    await fs.rm(tempPath, { force: true }).catch(() => undefined);
    throw error;
  }
  await fsyncDirectory(path.dirname(target));
}

async function writeAll(handle: fs.FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}

/** Makes a rename durable. Not possible on Windows (cannot open a directory), where NTFS journals it. */
export async function fsyncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF' && code !== 'EACCES') throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** On Windows a rename over a file another process has open fails briefly with EPERM/EBUSY. */
export async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const code = errnoCode(error);
      if (attempt >= 10 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw error;
      await sleep(5 + attempt * 10);
    }
  }
}

/**
 * Makes `backupPath` the current content of `source` without copying data when hard links work:
 * the old inode stays reachable after `source` is renamed over. Falls back to a copy.
 */
export async function snapshotTo(source: string, backupPath: string): Promise<void> {
  const temp = uniqueSibling(backupPath, 'tmp');
  try {
    try {
      await fs.link(source, temp);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return;
      await fs.copyFile(source, temp);
    }
    await renameWithRetry(temp, backupPath);
    // rename(2) does nothing when both names are links to one file (the backup was already current).
    await fs.rm(temp, { force: true });
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** True if a process with this pid exists on this machine (EPERM: it exists but is not ours). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

/** A timestamp usable in a file name on every platform. */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
