// Fixture folders kept between runs, as long as nothing touched them.
//
// Making a fixture (8 folders and 24 MB for the duplicate-files question) and removing it again
// costs more on a disk-backed temp folder than the answer's own work. So a case's folder is made
// once, stamped, and after each run checked: every entry's inode, mode, owner, size, link count,
// change time, and a modification time set to a fixed past moment that any write, truncation,
// added or removed entry moves to "now". A folder that is exactly as made is handed to the next
// run of a case with the same files; one that differs in any way is removed. Each case of a run
// still gets a folder of its own, so one case deleting or chmod-ing its files affects no other.
import { createHash } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { FixtureFile } from '../bank/question';
import { materializeFixture, removeTree } from '../checks/fixtures';

export interface PooledFixture {
  /** The folder the case gets as "$FIXTURE". */
  readonly dir: string;
  readonly key: string;
  /** The folder as made: compared after the run. */
  readonly snapshot: string;
  readonly bytes: number;
}

export interface FixturePoolOptions {
  /** Bytes of unused fixtures kept at most; the least recently used go first. */
  maxBytes?: number;
  /** Unused copies of one fixture kept at most (more exist only while runs overlap). */
  perKey?: number;
}

/** 2000-01-01T00:00:00Z: what every entry's modification time is set to once made. */
const STAMP_SECONDS = 946_684_800;

export class FixturePool {
  /** Unused fixtures, least recently returned first. */
  private readonly free = new Set<PooledFixture>();
  private freeBytes = 0;
  private counter = 0;
  private disposed = false;
  private readonly maxBytes: number;
  private readonly perKey: number;

  constructor(
    private readonly root: string,
    private readonly bytesCacheDir: string,
    options: FixturePoolOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.perKey = options.perKey ?? 8;
  }

  /** A folder with exactly `files`, for one case of one run; give it back with checkin(). */
  async checkout(files: readonly FixtureFile[]): Promise<PooledFixture> {
    const key = createHash('sha256').update(JSON.stringify(files)).digest('hex');
    for (const fixture of this.free) {
      if (fixture.key !== key) continue;
      this.free.delete(fixture);
      this.freeBytes -= fixture.bytes;
      return fixture;
    }
    const dir = path.join(this.root, `f${++this.counter}`);
    try {
      await materializeFixture(dir, files, { cacheDir: this.bytesCacheDir });
      await stamp(dir);
      const { text, bytes } = await snapshot(dir);
      return { dir, key, snapshot: text, bytes };
    } catch (error) {
      await removeTree(dir).catch(() => undefined);
      throw error;
    }
  }

  /** After the run (its processes are dead): kept if untouched, removed otherwise. */
  async checkin(fixture: PooledFixture): Promise<void> {
    let untouched = false;
    if (!this.disposed) {
      try {
        untouched = (await snapshot(fixture.dir)).text === fixture.snapshot;
      } catch {
        untouched = false;
      }
    }
    const sameKey = [...this.free].filter((f) => f.key === fixture.key).length;
    if (!untouched || this.disposed || sameKey >= this.perKey || fixture.bytes > this.maxBytes) {
      await removeTree(fixture.dir).catch(() => undefined);
      return;
    }
    this.free.add(fixture);
    this.freeBytes += fixture.bytes;
    const evicted: PooledFixture[] = [];
    for (const oldest of this.free) {
      if (this.freeBytes <= this.maxBytes) break;
      this.free.delete(oldest);
      this.freeBytes -= oldest.bytes;
      evicted.push(oldest);
    }
    await Promise.all(evicted.map((f) => removeTree(f.dir).catch(() => undefined)));
  }

  /** Forgets every fixture (the engine removes the folder); fixtures checked in later are removed. */
  dispose(): void {
    this.disposed = true;
    this.free.clear();
    this.freeBytes = 0;
  }
}

/** Sets every entry's modification time to STAMP_SECONDS, so that any later change shows. */
async function stamp(dir: string): Promise<void> {
  const entries = await fsp.readdir(dir, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) return fsp.lutimes(file, STAMP_SECONDS, STAMP_SECONDS);
      if (entry.isDirectory()) return stamp(file);
      return fsp.utimes(file, STAMP_SECONDS, STAMP_SECONDS);
    }),
  );
  // Last: stamping the entries does not change the folder, but making them did.
  await fsp.utimes(dir, STAMP_SECONDS, STAMP_SECONDS);
}

/** Every entry under `dir` (and `dir` itself) as one comparable text, plus the bytes in its files. */
async function snapshot(dir: string): Promise<{ text: string; bytes: number }> {
  const lines: string[] = [];
  let bytes = 0;
  const walk = async (file: string, rel: string): Promise<void> => {
    const st = await fsp.lstat(file, { bigint: true });
    lines.push(`${rel}\0${st.ino}:${st.mode}:${st.uid}:${st.gid}:${st.nlink}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`);
    if (st.isFile()) bytes += Number(st.size);
    if (st.isDirectory()) {
      const names = await fsp.readdir(file);
      await Promise.all(names.map((name) => walk(path.join(file, name), `${rel}/${name}`)));
    }
  };
  await walk(dir, '.');
  lines.sort();
  return { text: lines.join('\n'), bytes };
}
