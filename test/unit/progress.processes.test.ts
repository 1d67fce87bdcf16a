// The store across processes: two writers at once, writers killed mid-write, and watching another
// process's changes. Two VS Code windows are two processes writing the same file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProgressChange } from '../../src/core/progress/store';
import { ProgressStore } from '../../src/core/progress/store';
import { deadPid, makeTempDir, nextMessage, readJson, removeDir, spawnWriter, type Writer } from './fixtures/progress-helpers';

describe('ProgressStore across processes', () => {
  let dir: string;
  let file: string;
  const writers: Writer[] = [];

  function writer(args: string[]): Writer {
    const w = spawnWriter(__dirname, args);
    writers.push(w);
    return w;
  }

  beforeEach(async () => {
    dir = await makeTempDir();
    file = path.join(dir, 'progress.json');
  });

  afterEach(async () => {
    for (const w of writers.splice(0)) {
      w.child.kill('SIGKILL');
      await w.closed;
    }
    await removeDir(dir);
  });

  it('loses none of 1000 updates from two processes writing at once', async function () {
    this.timeout(60_000);
    const count = 500;
    // A lock left by a crashed window: both writers find it stale at once, only one may break it.
    await fs.writeFile(`${file}.lock`, JSON.stringify({ pid: await deadPid(), hostname: os.hostname(), createdAt: new Date().toISOString(), token: 'crashed' }));
    const a = writer(['concurrent', file, 'A', String(count), '25']);
    const b = writer(['concurrent', file, 'B', String(count), '25']);
    await Promise.all([nextMessage(a, 'ready'), nextMessage(b, 'ready')]);
    const done = Promise.all([nextMessage(a, 'done'), nextMessage(b, 'done')]);
    a.child.send('go');
    b.child.send('go');
    await done;
    assert.deepEqual(await Promise.all([a.closed, b.closed]), [0, 0]);

    const data = await readJson(file); // throws unless the file is valid JSON
    const attempts = Object.values(data.questions).flatMap((q) => q.attempts);
    assert.equal(attempts.length, 2 * count, 'one attempt per update');

    // Every checked update is there by its note; every start by its count per process.
    const expectedNotes: string[] = [];
    for (const tag of ['A', 'B']) for (let i = 0; i < count; i++) if (i % 3 !== 0) expectedNotes.push(`${tag}:${i}`);
    const notes = attempts.filter((x) => x.note !== undefined).map((x) => x.note as string);
    assert.deepEqual(notes.sort(), expectedNotes.sort());
    assert.equal(attempts.filter((x) => x.event === 'started').length, 2 * Math.ceil(count / 3));
    assert.equal(data.questions.shared.attempts.length, 2 * Math.floor(count / 3), 'every append to the shared question');

    // Statuses follow the transitions whichever process got there first.
    for (let n = 0; n < 25; n++) {
      const q = data.questions[`q${n}`];
      const passed = (q.attempts as { passed?: boolean }[]).some((x) => x.passed === true);
      assert.equal(q.status, passed ? 'solved' : 'attempted', `q${n}`);
    }
    const leftovers = (await fs.readdir(dir)).filter((name) => name !== 'progress.json' && name !== 'progress.json.bak');
    assert.deepEqual(leftovers, [], 'no lock or temp files left behind');
  });

  it('a writer killed half-way through writing leaves the last completed state, and its temp file is cleaned up', async () => {
    const w = writer(['crash-midwrite', file, '3']);
    const paused = await nextMessage(w, 'paused');
    const tempPath = String(paused.tempPath);
    const halfWritten = await fs.readFile(tempPath, 'utf8');
    assert.throws(() => JSON.parse(halfWritten), 'the temp file really is half-written');
    w.child.kill('SIGKILL');
    await w.closed;

    const data = await readJson(file);
    const notes = Object.values(data.questions).flatMap((q) => q.attempts.map((a) => a.note));
    assert.deepEqual(notes.sort(), ['update 0', 'update 1', 'update 2'], 'exactly the three completed updates');
    assert.ok((await fs.readdir(dir)).includes('progress.json.lock'), 'the dead writer still holds the lock');

    const store = new ProgressStore(file, { lockTimeoutMs: 2_000 });
    await store.load();
    assert.deepEqual(store.warnings, []);
    assert.equal(store.get('q0')?.attempts.length, 1);
    await assert.rejects(fs.access(tempPath), 'the leftover temp file was removed on load');
    await store.recordCheck('q0', { passed: true }); // breaks the dead writer's lock
    assert.equal((await readJson(file)).questions.q0.status, 'solved');
    assert.deepEqual((await fs.readdir(dir)).sort(), ['progress.json', 'progress.json.bak']);
    store.dispose();
  });

  it('survives writers SIGKILLed at random moments over many writes', async () => {
    let committed = 0;
    for (let round = 0; round < 8; round++) {
      const w = writer(['loop', file]);
      // Half the rounds kill at a random early moment (during startup or while taking the lock is
      // fine too); the others first wait for a write to be acknowledged, so a loaded machine (slow
      // process start) still gets writes done, then kill mid-stream.
      if (round % 2 === 1) {
        const deadline = Date.now() + 15_000;
        while (!w.stdout().includes('\n') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await new Promise((resolve) => setTimeout(resolve, 40 + Math.random() * 160));
      w.child.kill('SIGKILL');
      await w.closed;
      const acked = w.stdout().split('\n').filter(Boolean).length;

      const data = await readJson(file).catch(() => undefined);
      if (data === undefined) {
        // Killed before its first write: no file yet is the only acceptable alternative to a valid one.
        assert.equal(committed + acked, 0, `round ${round}: the file is missing or unparseable after ${acked} acknowledged writes`);
        continue;
      }
      const total = Object.values(data.questions).reduce((sum, q) => sum + q.attempts.length, 0);
      // Every acknowledged write is there; at most one more (renamed into place, not yet acknowledged).
      assert.ok(total === committed + acked || total === committed + acked + 1, `round ${round}: ${total} attempts, expected ${committed + acked}(+1)`);
      committed = total;
    }
    assert.ok(committed > 0, 'the writers got some writes done');

    const store = new ProgressStore(file, { lockTimeoutMs: 2_000 });
    await store.load();
    assert.deepEqual(store.warnings, []);
    await store.recordStart('after', 'python');
    const names = await fs.readdir(dir);
    assert.deepEqual(names.filter((n) => /\.(tmp|stale)-/.test(n) || n.endsWith('.lock')), [], `leftovers: ${names.join(', ')}`);
    store.dispose();
  });

  it('watch() reports another process writing the file', async () => {
    const store = new ProgressStore(file, { watchDebounceMs: 30 });
    await store.load();
    await store.recordStart('mine', 'python');
    const watching = store.watch();
    const changes: ProgressChange[] = [];
    const changed = new Promise<void>((resolve) =>
      store.onDidChange((change) => {
        changes.push(change);
        resolve();
      }),
    );
    const w = writer(['once', file, 'theirs']);
    assert.equal(await w.closed, 0, w.stderr());
    await Promise.race([changed, new Promise((_, reject) => setTimeout(() => reject(new Error('no change event within 5 s')), 5_000))]);
    assert.deepEqual(changes, [{ ids: ['theirs'], origin: 'disk' }]);
    assert.equal(store.statusOf('theirs'), 'attempted');
    assert.equal(store.statusOf('mine'), 'attempted');

    watching.dispose();
    store.dispose();
  });
});
