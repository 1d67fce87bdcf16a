// The temporary folders: one per run (the code, an empty working folder), removed when the run
// ends however it ends, and one per engine (fixtures kept between runs, generated file contents),
// removed when the engine is disposed. Folders left by an editor that crashed are removed by the
// next engine that starts.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { removeTree } from '../checks/fixtures';

/** Every folder the engine makes in the temp folder starts with this. */
export const RUN_DIR_PREFIX = 'interview-drills-run-';
export const ENGINE_DIR_PREFIX = 'interview-drills-engine-';

/** Folders older than this whose owner is gone are left-overs. */
const STALE_MS = 60 * 60 * 1000;

export async function makeRunDir(tmpDir: string): Promise<string> {
  await fs.mkdir(tmpDir, { recursive: true });
  return fs.mkdtemp(path.join(tmpDir, RUN_DIR_PREFIX));
}

/** The folder of one engine; its name starts with the owner's pid. */
export function engineDirFor(tmpDir: string, pid: number, id: string): string {
  return path.join(tmpDir, `${ENGINE_DIR_PREFIX}${pid}-${id}`);
}

/**
 * Removes run folders older than an hour, and engine folders as old whose process is gone. Never
 * throws: a folder another user owns, or one that disappears meanwhile, is simply skipped.
 */
export async function removeStaleDirs(tmpDir: string, now = Date.now()): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(tmpDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  await Promise.all(
    names.map(async (name) => {
      const isRun = name.startsWith(RUN_DIR_PREFIX);
      const isEngine = name.startsWith(ENGINE_DIR_PREFIX);
      if (!isRun && !isEngine) return;
      const dir = path.join(tmpDir, name);
      try {
        const stat = await fs.lstat(dir);
        if (!stat.isDirectory() || now - stat.mtimeMs < STALE_MS) return;
        if (isEngine && processAlive(Number(name.slice(ENGINE_DIR_PREFIX.length).split('-')[0]))) return;
        await removeTree(dir);
        removed.push(dir);
      } catch {
        // Not ours to remove, or already gone.
      }
    }),
  );
  return removed;
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
