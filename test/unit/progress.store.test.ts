// The durable store in one process: recovery from bad files, locks, export/import, reset, events.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProgressError } from '../../src/core/progress/errors';
import { acquireLock } from '../../src/core/progress/fileLock';
import type { ProgressChange, ProgressStoreOptions } from '../../src/core/progress/store';
import { ProgressStore } from '../../src/core/progress/store';
import { deadPid, makeTempDir, readJson, removeDir } from './fixtures/progress-helpers';

describe('ProgressStore', () => {
  let dir: string;
  let file: string;
  const stores: ProgressStore[] = [];

  async function open(target = file, options: ProgressStoreOptions = {}): Promise<ProgressStore> {
    const store = new ProgressStore(target, options);
    stores.push(store);
    await store.load();
    return store;
  }

  beforeEach(async () => {
    dir = await makeTempDir();
    file = path.join(dir, 'progress.json');
  });

  afterEach(async () => {
    for (const store of stores.splice(0)) store.dispose();
    await removeDir(dir);
  });

  describe('status transitions through the store', () => {
    it('new → attempted on start, solved on a pass, still solved after a failed check', async () => {
      const store = await open();
      assert.equal(store.statusOf('two-sum'), 'new');
      await store.recordStart('two-sum', 'python');
      assert.equal(store.statusOf('two-sum'), 'attempted');
      await store.recordCheck('two-sum', { passed: true, durationMs: 12, language: 'python' });
      const solvedAt = store.get('two-sum')?.solvedAt;
      assert.ok(solvedAt);
      const after = await store.recordCheck('two-sum', { passed: false, durationMs: 9 });
      assert.equal(after.status, 'solved');
      assert.equal(after.solvedAt, solvedAt);

      const onDisk = await readJson(file);
      assert.equal(onDisk.questions['two-sum'].status, 'solved');
      assert.deepEqual(onDisk.questions['two-sum'].attempts.map((a) => a.event), ['started', 'checked', 'checked']);
      const reopened = await open();
      assert.deepEqual(reopened.get('two-sum'), store.get('two-sum'));
    });

    it('caps the attempt history, keeping the newest', async () => {
      const store = await open(file, { maxAttempts: 5 });
      for (let i = 0; i < 8; i++) await store.recordCheck('q', { passed: false, note: `run ${i}` });
      assert.deepEqual(store.get('q')?.attempts.map((a) => a.note), ['run 3', 'run 4', 'run 5', 'run 6', 'run 7']);
    });

    it('refuses a malformed value or id from a caller, writing nothing', async () => {
      const store = await open();
      await store.recordStart('q', 'python');
      const before = await fs.readFile(file, 'utf8');
      await assert.rejects(
        store.update('q', (q) => ({ ...q!, status: 'finished' as never })),
        (error: unknown) => error instanceof ProgressError && error.code === 'INVALID_ARGUMENT' && /status/.test(error.message),
      );
      await assert.rejects(store.recordStart('', 'python'), /Not a valid question id/);
      assert.equal(await fs.readFile(file, 'utf8'), before);
    });

    it('serialises concurrent updates from two stores in the same process', async () => {
      const a = await open();
      const b = await open();
      await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).recordCheck(`q${i % 3}`, { passed: false, note: String(i) })));
      const notes = Object.values((await readJson(file)).questions).flatMap((q) => q.attempts.map((x) => x.note));
      assert.equal(notes.length, 40);
      assert.equal(new Set(notes).size, 40);
    });
  });

  describe('recovery from a bad file', () => {
    it('moves a corrupt file aside, restores the backup and warns', async () => {
      const first = await open();
      await first.recordStart('a', 'python');
      await first.recordCheck('a', { passed: true }); // .bak now holds the state after recordStart
      const garbage = '{"version": 1, "questions": {"a": {"status": "sol';
      await fs.writeFile(file, garbage);

      const store = new ProgressStore(file);
      stores.push(store);
      const heard: string[] = [];
      store.onDidWarn((w) => heard.push(w.kind));
      await store.load();

      assert.deepEqual(heard, ['corrupt-file']);
      const warning = store.warnings[0];
      assert.match(warning.message, /could not be read \(not valid JSON/);
      assert.match(warning.message, /Restored the previous version/);
      assert.ok(warning.preservedAt && path.basename(warning.preservedAt).startsWith('progress.json.corrupt-'));
      assert.equal(await fs.readFile(warning.preservedAt, 'utf8'), garbage, 'the corrupt file is kept byte for byte');
      assert.equal(store.statusOf('a'), 'attempted', 'the backup was the state before the last write');
      assert.equal((await readJson(file)).questions.a.status, 'attempted', 'the main file was rewritten from the backup');
      assert.deepEqual(store.takeWarnings().map((w) => w.kind), ['corrupt-file']);
      assert.deepEqual(store.takeWarnings(), []);

      await store.recordCheck('a', { passed: true });
      assert.equal((await readJson(file)).questions.a.status, 'solved');
    });

    it('starts empty when there is no usable backup, and says so', async () => {
      await fs.writeFile(file, '[1, 2, 3]');
      const store = await open();
      assert.deepEqual(store.all(), {});
      assert.match(store.warnings[0].message, /expected a JSON object.*progress starts empty/s);
      assert.deepEqual(await readJson(file), { version: 1, questions: {} });
    });

    it('drops wrong-shaped entries with a warning, keeping the rest and a copy of the original', async () => {
      const original = JSON.stringify({
        version: 1,
        questions: {
          good: { status: 'solved', attempts: [{ at: '2024-01-01T00:00:00.000Z', event: 'checked', passed: true }], updatedAt: '2024-01-01T00:00:00.000Z' },
          bad: { status: 'mastered', attempts: [], updatedAt: '2024-01-01T00:00:00.000Z' },
          worse: 'solved',
        },
      });
      await fs.writeFile(file, original);
      const store = await open();
      assert.equal(store.statusOf('good'), 'solved');
      assert.equal(store.get('bad'), undefined);
      assert.equal(store.get('worse'), undefined);
      assert.equal(store.warnings.length, 1);
      const warning = store.warnings[0];
      assert.equal(warning.kind, 'invalid-entries');
      assert.match(warning.message, /questions\["bad"\]\.status: expected one of new, attempted, solved, got "mastered"/);
      assert.match(warning.message, /questions\["worse"\]: expected an object/);
      assert.equal(await fs.readFile(warning.preservedAt!, 'utf8'), original);

      await store.recordStart('other', 'python');
      assert.deepEqual(Object.keys((await readJson(file)).questions).sort(), ['good', 'other']);
      assert.equal(store.warnings.length, 1, 'the same bad content is not reported twice');
    });

    it('leaves a file from a newer version untouched and refuses to write it', async () => {
      const newer = JSON.stringify({ version: 2, questions: { a: { whatever: true } } });
      await fs.writeFile(file, newer);
      const store = await open();
      assert.equal(store.warnings[0].kind, 'newer-version');
      await assert.rejects(store.recordStart('a', 'python'), (e: unknown) => e instanceof ProgressError && e.code === 'NEWER_VERSION');
      assert.equal(await fs.readFile(file, 'utf8'), newer);
    });
  });

  describe('the lock', () => {
    async function writeLock(pid: number, ageMs = 0, hostname = os.hostname()): Promise<string> {
      const lockPath = `${file}.lock`;
      await fs.writeFile(lockPath, JSON.stringify({ pid, hostname, createdAt: new Date(Date.now() - ageMs).toISOString(), token: 'other' }));
      if (ageMs) await fs.utimes(lockPath, new Date(Date.now() - ageMs), new Date(Date.now() - ageMs));
      return lockPath;
    }

    it('breaks a lock left by a process that no longer exists', async () => {
      const store = await open(file, { lockTimeoutMs: 2_000, staleLockMs: 60_000 });
      const lockPath = await writeLock(await deadPid());
      await store.recordStart('a', 'python');
      assert.equal(store.statusOf('a'), 'attempted');
      await assert.rejects(fs.access(lockPath), 'the lock is released after the update');
      assert.deepEqual((await fs.readdir(dir)).sort(), ['progress.json'], 'no broken-lock remnants');
    });

    it('lets exactly one of many contenders break a stale lock, losing no update', async () => {
      const contenders = await Promise.all(Array.from({ length: 6 }, () => open(file, { lockTimeoutMs: 5_000, staleLockMs: 60_000 })));
      await writeLock(await deadPid());
      await Promise.all(contenders.flatMap((store, n) => [0, 1, 2].map((i) => store.recordCheck(`q${i}`, { passed: false, note: `${n}/${i}` }))));
      const notes = Object.values((await readJson(file)).questions).flatMap((q) => q.attempts.map((a) => a.note));
      assert.equal(notes.length, 18);
      assert.equal(new Set(notes).size, 18);
      assert.deepEqual((await fs.readdir(dir)).sort(), ['progress.json', 'progress.json.bak']);
    });

    it('never lets two holders in at once when several break the same stale lock', async () => {
      const lockPath = `${file}.lock`;
      const dead = await deadPid();
      let inside = 0;
      let most = 0;
      for (let round = 0; round < 15; round++) {
        await writeLock(dead);
        await Promise.all(
          Array.from({ length: 6 }, async () => {
            const lock = await acquireLock(lockPath, { timeoutMs: 5_000, staleMs: 60_000 });
            inside++;
            most = Math.max(most, inside);
            await new Promise((resolve) => setTimeout(resolve, 1));
            assert.ok(await lock.verify());
            inside--;
            await lock.release();
          }),
        );
      }
      assert.equal(most, 1);
      assert.deepEqual(await fs.readdir(dir), [], 'no lock, temp or broken-lock files remain');
    });

    it('breaks a lock older than the stale age even if its pid is alive (pid reuse, hung window)', async () => {
      const store = await open(file, { lockTimeoutMs: 2_000, staleLockMs: 1_000 });
      await writeLock(process.pid, 5_000);
      await store.recordStart('a', 'python');
      assert.equal((await readJson(file)).questions.a.status, 'attempted');
    });

    it('gives up with a clear error when a live process holds the lock too long', async () => {
      const store = await open(file, { lockTimeoutMs: 300, staleLockMs: 60_000 });
      const lockPath = await writeLock(process.pid);
      const started = Date.now();
      await assert.rejects(store.recordStart('a', 'python'), (error: unknown) => {
        assert.ok(error instanceof ProgressError);
        assert.equal(error.code, 'LOCK_TIMEOUT');
        assert.ok(error.message.includes(lockPath), error.message);
        assert.match(error.message, new RegExp(`held by process ${process.pid}.*not released within 0\\.3s.*delete that file`));
        return true;
      });
      const waited = Date.now() - started;
      assert.ok(waited >= 290 && waited < 3_000, `waited ${waited} ms`);
      await assert.rejects(fs.access(file), 'nothing was written');
      assert.equal(JSON.parse(await fs.readFile(lockPath, 'utf8')).token, 'other', 'the live lock was not touched');
    });

    it('respects a lock still being written (empty) until it is stale', async () => {
      const lockPath = `${file}.lock`;
      await fs.writeFile(lockPath, '');
      const store = await open(file, { lockTimeoutMs: 200, staleLockMs: 60_000 });
      await assert.rejects(store.recordStart('a', 'python'), /held by another process/);
      const old = new Date(Date.now() - 120_000);
      await fs.utimes(lockPath, old, old);
      await store.recordStart('a', 'python');
      assert.equal(store.statusOf('a'), 'attempted');
    });
  });

  describe('export and import', () => {
    async function storeWithProgress(target: string): Promise<ProgressStore> {
      const store = await open(target);
      await store.recordStart('two-sum', 'python');
      await store.recordCheck('two-sum', { passed: true, durationMs: 30, language: 'python' });
      await store.recordStart('lru-cache', 'typescript');
      await store.recordCheck('lru-cache', { passed: false, durationMs: 80 });
      await store.recordRating('star-conflict', 'good', { updatedAt: new Date().toISOString(), data: { stability: 3.1 } });
      return store;
    }

    it('round-trips everything into an empty store', async () => {
      const source = await storeWithProgress(file);
      const exported = await source.exportJson();
      const parsed = JSON.parse(exported);
      assert.equal(parsed.format, 'interview-drills-progress');
      assert.equal(parsed.version, 1);
      assert.ok(!Number.isNaN(Date.parse(parsed.exportedAt)));
      assert.match(exported, /\n {2}"version": 1,\n/, 'pretty-printed');

      const target = await open(path.join(dir, 'other', 'progress.json'));
      const result = await target.importJson(exported);
      assert.deepEqual(result, { added: 3, updated: 0, unchanged: 0, questions: 3 });
      assert.deepEqual(target.all(), source.all());

      const again = await target.importJson(exported);
      assert.deepEqual(again, { added: 0, updated: 0, unchanged: 3, questions: 3 }, 'importing twice changes nothing');
    });

    it('merges into existing progress: the most advanced status wins and attempts are unioned', async () => {
      const laptop = await storeWithProgress(path.join(dir, 'laptop.json'));
      const desktop = await open(file, { now: () => new Date(Date.now() + 60_000) }); // no same-millisecond attempts
      await desktop.recordStart('lru-cache', 'python');
      await desktop.recordCheck('lru-cache', { passed: true });
      await desktop.recordStart('two-sum', 'python');

      const result = await desktop.importJson(await laptop.exportJson());
      assert.deepEqual(result, { added: 1, updated: 2, unchanged: 0, questions: 3 });
      assert.equal(desktop.statusOf('lru-cache'), 'solved', 'solved here beats attempted there');
      assert.equal(desktop.statusOf('two-sum'), 'solved', 'solved there beats attempted here');
      assert.equal(desktop.get('lru-cache')?.attempts.length, 4);
      assert.equal(desktop.get('two-sum')?.attempts.length, 3);
      assert.equal(desktop.statusOf('star-conflict'), 'attempted');
      assert.equal((await readJson(file)).questions['two-sum'].status, 'solved', 'written to disk');
    });

    it('rejects bad input with a message saying what is wrong, and changes nothing', async () => {
      const store = await storeWithProgress(file);
      const before = await fs.readFile(file, 'utf8');
      const cases: [string, RegExp][] = [
        ['{"version": 1, "questions": ', /not valid JSON/],
        ['{"version": 7, "questions": {}}', /newer version of Interview Drills \(format 7/],
        ['{"version": "1", "questions": {}}', /unsupported "version" "1"/],
        ['{"questions": {}}', /missing "version"/],
        ['{"format": "something-else", "version": 1, "questions": {}}', /"format" is "something-else"/],
        ['{"version": 1, "questions": []}', /"questions" must be an object/],
        [
          '{"version": 1, "questions": {"two-sum": {"status": "solved", "attempts": [{"at": "nope", "event": "checked"}], "updatedAt": "2024-01-01T00:00:00Z"}}}',
          /questions\["two-sum"\]\.attempts\[0\]\.at: expected an ISO date-time, got "nope".*Nothing was imported/,
        ],
      ];
      for (const [text, message] of cases) {
        await assert.rejects(store.importJson(text), (error: unknown) => {
          assert.ok(error instanceof ProgressError && error.code === 'INVALID_IMPORT', String(error));
          assert.match(error.message, message);
          return true;
        });
      }
      assert.equal(await fs.readFile(file, 'utf8'), before);
    });
  });

  describe('reset and change events', () => {
    it('reset() clears everything and keeps a backup of what was there', async () => {
      const store = await open();
      await store.recordStart('a', 'python');
      await store.recordCheck('b', { passed: true });
      const changes: ProgressChange[] = [];
      store.onDidChange((c) => changes.push(c));

      const { backupPath } = await store.reset();
      assert.deepEqual(store.all(), {});
      assert.deepEqual(await readJson(file), { version: 1, questions: {} });
      assert.ok(backupPath && path.basename(backupPath).startsWith('progress.json.reset-'));
      const backup = await readJson(backupPath);
      assert.equal(backup.questions.a.status, 'attempted');
      assert.equal(backup.questions.b.status, 'solved');
      assert.deepEqual(changes, [{ ids: ['a', 'b'], origin: 'write' }]);

      const restored = await store.importJson(await fs.readFile(backupPath, 'utf8'));
      assert.equal(restored.added, 2, 'the backup can be imported to undo the reset');
    });

    it('onDidChange fires after own writes with the ids that changed, not for no-op writes', async () => {
      const store = await open();
      const changes: ProgressChange[] = [];
      const subscription = store.onDidChange((c) => changes.push(c));
      await store.recordStart('a', 'python');
      await store.update('a', (q) => q);
      await store.recordCheck('b', { passed: false });
      subscription.dispose();
      await store.recordStart('c', 'python');
      assert.deepEqual(changes, [
        { ids: ['a'], origin: 'write' },
        { ids: ['b'], origin: 'write' },
      ]);
    });
  });
});
