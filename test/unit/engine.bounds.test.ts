// The engine's bounds, with answers that misbehave on purpose: endless loops, promises that never
// settle, processes left behind, fork bombs, memory and output floods, forged results, early exits,
// cancellation. Each ends with a clear verdict, quickly, and leaves no process and no folder behind.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADD, codeQuestion, processesWithEnv, Sandbox, sleep, statuses } from './fixtures/engine/helpers';

/** Waits until no live process carries the marker (killed ones may take a moment to be reaped). */
async function survivors(marker: string, waitMs = 1000): Promise<number[]> {
  const until = Date.now() + waitMs;
  let found = processesWithEnv('DRILLS_TEST_MARK', marker);
  while (found.length > 0 && Date.now() < until) {
    await sleep(50);
    found = processesWithEnv('DRILLS_TEST_MARK', marker);
  }
  return found;
}

function elapsed(started: number): number {
  return performance.now() - started;
}

describe('engine: bounds', function () {
  this.timeout(20_000);
  let box: Sandbox;
  before(() => {
    box = new Sandbox();
  });
  after(() => box.cleanup());

  it('an endless loop: the case running gets "timeout", the ones after it "not run"', async () => {
    const started = performance.now();
    const report = await box.run(ADD, 'javascript', 'exports.add = (a, b) => { if (a === -5) for (;;) {} return a + b; };\n');
    assert.deepEqual(statuses(report), ['passed', 'timeout', 'error']);
    assert.match(report.cases[1].message!, /time limit: the run took longer than 1\.5 s/);
    assert.match(report.cases[2].message!, /^not run: the time limit was reached while "negative" was running/);
    assert.ok(elapsed(started) < 3000, `${elapsed(started)} ms`);
    assert.deepEqual(box.runDirs(), [], 'the killed run left no folder');
  });

  it("a case's own time limit applies to that case", async () => {
    const question = codeQuestion('slow', 'add', [
      { name: 'fast', args: [1, 2], expect: 3 },
      { name: 'slow', args: [2, 2], expect: 4, timeLimitMs: 300 },
      { name: 'after', args: [3, 2], expect: 5 },
    ]);
    const started = performance.now();
    const report = await box.run(question, 'javascript', 'exports.add = (a, b) => { if (a === 2) { const end = Date.now() + 5000; while (Date.now() < end); } return a + b; };\n');
    assert.deepEqual(statuses(report), ['passed', 'timeout', 'error']);
    assert.match(report.cases[1].message!, /its limit of 0\.3 s/);
    assert.ok(elapsed(started) < 1200, `${elapsed(started)} ms`);
  });

  it('an endless loop at the top level of the file is a timeout while loading', async () => {
    const report = await box.run(ADD, 'javascript', 'while (true) {}\nexports.add = (a, b) => a + b;\n');
    assert.deepEqual(statuses(report), ['timeout', 'error', 'error']);
    assert.match(report.cases[0].message!, /loading your file took longer than 1\.5 s/);
  });

  it('a promise that never settles, with nothing left to wait for, is an error that says so', async () => {
    const started = performance.now();
    const report = await box.run(ADD, 'javascript', 'exports.add = (a, b) => a === 1 ? new Promise(() => {}) : a + b;\n');
    assert.deepEqual(statuses(report), ['error', 'passed', 'passed']);
    assert.match(report.cases[0].message!, /the promise returned by add never settled/);
    assert.ok(elapsed(started) < 1000, `${elapsed(started)} ms`);
  });

  it('setInterval keeping the process alive while the promise never settles: timeout', async () => {
    const report = await box.run(ADD, 'javascript', 'exports.add = () => { setInterval(() => {}, 20); return new Promise(() => {}); };\n');
    assert.deepEqual(statuses(report), ['timeout', 'error', 'error']);
  });

  it('a timer left running after the function returned does not hold up the verdicts', async () => {
    const started = performance.now();
    const report = await box.run(ADD, 'javascript', 'exports.add = (a, b) => { setInterval(() => {}, 20); return a + b; };\n');
    assert.deepEqual(statuses(report), ['passed', 'passed', 'passed']);
    assert.ok(elapsed(started) < 1000);
  });

  it('a process started by the answer (sleep 1000) does not survive the run', async () => {
    const marker = randomBytes(6).toString('hex');
    const report = await box.run(ADD, 'javascript', [
      "const { spawn } = require('node:child_process');",
      'exports.add = (a, b) => {',
      `  spawn('sleep', ['1000'], { stdio: 'ignore', env: { ...process.env, DRILLS_TEST_MARK: '${marker}' } });`,
      `  spawn('sleep', ['1000'], { stdio: 'inherit', detached: true, env: { ...process.env, DRILLS_TEST_MARK: '${marker}' } });`,
      '  return a + b;',
      '};',
      '',
    ].join('\n'));
    assert.deepEqual(statuses(report), ['passed', 'passed', 'passed']);
    assert.deepEqual(await survivors(marker), [], 'no sleep left, also not the one in a process group of its own');
  });

  it('a fork bomb is contained: the run times out and none of its processes survive', async () => {
    const marker = randomBytes(6).toString('hex');
    const started = performance.now();
    const report = await box.run(ADD, 'javascript', [
      "const { spawn } = require('node:child_process');",
      'exports.add = () => {',
      '  for (let i = 0; ; i++) {',
      `    if (i < 25) spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', env: { ...process.env, DRILLS_TEST_MARK: '${marker}' } });`,
      '  }',
      '};',
      '',
    ].join('\n'));
    assert.deepEqual(statuses(report), ['timeout', 'error', 'error']);
    assert.ok(elapsed(started) < 4000, `${elapsed(started)} ms`);
    assert.deepEqual(await survivors(marker), []);
  });

  it('1 GB of heap growth ends as "memory", quickly', async () => {
    const started = performance.now();
    const report = await box.run(ADD, 'javascript', 'exports.add = () => { const keep = []; for (let i = 0; i < 1024; i++) keep.push(new Array(131072).fill(i + 0.5)); return keep.length; };\n');
    assert.deepEqual(statuses(report), ['memory', 'error', 'error']);
    assert.match(report.cases[0].message!, /memory limit: the program used more than 256 MB/);
    assert.match(report.cases[1].message!, /not run: the memory limit was exceeded/);
    assert.ok(elapsed(started) < 5000, `${elapsed(started)} ms`);
  });

  it('Buffer.alloc(2**30) (outside the V8 heap, not even touched) ends as "memory"', async () => {
    const report = await box.run(ADD, 'javascript', 'exports.add = (a, b) => Buffer.alloc(2 ** 30).length * 0 + a + b;\n');
    assert.deepEqual(statuses(report), ['memory', 'memory', 'memory']);
  });

  it('Buffer.alloc(2**30) kept while the case waits ends as "memory" before the case ends', async () => {
    const started = performance.now();
    const report = await box.run(ADD, 'javascript', 'let keep;\nexports.add = async (a, b) => { keep = Buffer.alloc(2 ** 30); await new Promise((r) => setTimeout(r, 5000)); return a + b; };\n');
    assert.deepEqual(statuses(report), ['memory', 'error', 'error']);
    assert.ok(elapsed(started) < 1500, `${elapsed(started)} ms`);
  });

  it('100 MB to stdout ends as "output", quickly', async () => {
    const started = performance.now();
    const report = await box.run(ADD, 'javascript', "exports.add = (a, b) => { const mb = 'x'.repeat(1 << 20); for (let i = 0; i < 100; i++) process.stdout.write(mb); return a + b; };\n");
    assert.deepEqual(statuses(report), ['output', 'error', 'error']);
    assert.match(report.cases[0].message!, /output limit: the program printed more than 1 MB/);
    assert.ok(elapsed(started) < 2000, `${elapsed(started)} ms`);
  });

  it('console.log in a loop ends as "output" too', async () => {
    const report = await box.run(ADD, 'javascript', "exports.add = () => { for (;;) console.log('spam spam spam spam spam spam spam'); };\n");
    assert.deepEqual(statuses(report), ['output', 'error', 'error']);
  });

  it('forged result lines on stdout, and writes to fd 3 without the token, do not count', async () => {
    const forged = (index: number): string => JSON.stringify({ type: 'result', index, ms: 1, output: '', outcome: { kind: 'value', json: '3' } });
    const report = await box.run(ADD, 'javascript', [
      "const fs = require('node:fs');",
      `const lines = [0, 1, 2].map((i) => ${forged.toString().replace(/^\(index\) => /, '(index => ').replace(/;$/, '')})(i));`,
      "for (const line of lines) { console.log(line); fs.writeSync(3, line + '\\n'); fs.writeSync(3, 'x' + line + '\\n'); }",
      "fs.writeSync(3, JSON.stringify({ type: 'done' }) + '\\n');",
      'exports.add = (a, b) => {',
      "  fs.writeSync(3, 'half a line without its end');",
      "  console.log(JSON.stringify({ type: 'result', index: 1, ms: 1, output: '', outcome: { kind: 'value', json: '-3' } }));",
      '  return 0;',
      '};',
      '',
    ].join('\n'));
    assert.deepEqual(statuses(report), ['failed', 'failed', 'passed']);
    assert.deepEqual(report.cases.map((c) => c.actual), [0, 0, 0]);
  });

  it('process.exit(0) at the top level: every case says the program exited and not to call process.exit', async () => {
    const report = await box.run(ADD, 'javascript', 'process.exit(0);\nexports.add = (a, b) => a + b;\n');
    assert.deepEqual(statuses(report), ['error', 'error', 'error']);
    for (const c of report.cases) assert.match(c.message!, /the program exited \(code 0\) while your file was loading, before this case ran: don't call process\.exit\(\)/);
  });

  it('process.exit(0) inside the function: that case and the ones after it say so', async () => {
    const report = await box.run(ADD, 'typescript', 'export function add(a: number, b: number): number {\n  if (a === -5) process.exit(0);\n  return a + b;\n}\n');
    assert.deepEqual(statuses(report), ['passed', 'error', 'error']);
    assert.match(report.cases[1].message!, /the program exited \(code 0\) while this case was running: don't call process\.exit\(\)/);
    assert.match(report.cases[2].message!, /the program exited \(code 0\) before this case ran/);
  });

  it('a crash (a signal the engine did not send) says the program crashed', async () => {
    const report = await box.run(ADD, 'javascript', "exports.add = (a, b) => { if (a === -5) process.kill(process.pid, 'SIGSEGV'); return a + b; };\n");
    assert.deepEqual(statuses(report), ['passed', 'error', 'error']);
    assert.equal(report.cases[1].message, 'the program crashed (SIGSEGV) while this case was running');
    assert.equal(report.cases[2].message, 'not run: the program crashed (SIGSEGV) while "negative" was running');
  });

  it('cancel: the run stops at once and the cases without a verdict are "cancelled"', async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 300);
    const report = await box.run(ADD, 'javascript', 'exports.add = (a, b) => { if (a === -5) for (;;) {} return a + b; };\n', {
      signal: controller.signal,
      limits: { timeMs: 10_000 },
    });
    assert.deepEqual(statuses(report), ['passed', 'error', 'error']);
    assert.deepEqual(report.cases.slice(1).map((c) => c.message), ['cancelled', 'cancelled']);
    assert.ok(elapsed(started) < 1000, `${elapsed(started)} ms`);
    assert.deepEqual(box.runDirs(), []);
  });

  it('a signal that is already aborted runs nothing', async () => {
    const report = await box.run(ADD, 'javascript', 'exports.add = (a, b) => a + b;\n', { signal: AbortSignal.abort() });
    assert.deepEqual(statuses(report), ['error', 'error', 'error']);
    assert.equal(report.cases[0].message, 'cancelled');
  });

  it('two runs at once on one engine each get their own process', async () => {
    const [a, b] = await Promise.all([
      box.run(ADD, 'typescript', 'export const add = (a: number, b: number): number => a + b;\n'),
      box.run(ADD, 'typescript', 'export const add = (a: number, b: number): number => a * b;\n'),
    ]);
    assert.deepEqual(statuses(a), ['passed', 'passed', 'passed']);
    assert.deepEqual(statuses(b), ['failed', 'failed', 'passed']);
  });

  it('the temp folders of killed runs are gone', () => {
    assert.deepEqual(box.runDirs(), []);
  });
});

describe('engine: idle children', function () {
  this.timeout(20_000);

  it('dispose() kills the idle children and removes the engine folder', async () => {
    const marker = randomBytes(6).toString('hex');
    process.env.DRILLS_TEST_MARK = marker;
    const box = new Sandbox();
    try {
      delete process.env.DRILLS_TEST_MARK;
      const question = codeQuestion('listing', 'list', [
        { name: 'a fixture', args: ['$FIXTURE'], expect: ['a.txt'], fixture: { files: [{ path: 'a.txt', text: 'a' }] } },
      ]);
      const report = await box.run(question, 'javascript', "exports.list = (dir) => require('node:fs').readdirSync(dir);\n");
      assert.equal(report.passed, true);
      await sleep(200);
      assert.ok(processesWithEnv('DRILLS_TEST_MARK', marker).length >= 1, 'an idle child waits for the next run');
      assert.ok(fs.readdirSync(box.tmp).some((n) => n.startsWith('interview-drills-engine-')));
      box.engine.dispose();
      assert.deepEqual(await survivors(marker), []);
      assert.deepEqual(fs.readdirSync(box.tmp), [], 'nothing left in the temp folder');
    } finally {
      box.cleanup();
    }
  });

  it('idle children do not outlive the process that started them', async () => {
    const marker = randomBytes(6).toString('hex');
    const script = path.join(__dirname, 'fixtures', 'engine', 'orphan.js');
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, [script], { env: { ...process.env, DRILLS_TEST_MARK: marker }, encoding: 'utf8', timeout: 15_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'passed');
    assert.deepEqual(await survivors(marker, 2000), []);
  });
});
