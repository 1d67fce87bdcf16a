// Python answers: the same verdicts as JavaScript, with Python's own ways to go wrong.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ADD, codeQuestion, Sandbox, statuses } from './fixtures/engine/helpers';

describe('engine: Python', function () {
  this.timeout(20_000);
  let box: Sandbox;
  before(() => {
    box = new Sandbox();
  });
  after(() => box.cleanup());

  it('a right answer passes, a wrong one fails with expected and actual', async () => {
    const report = await box.run(ADD, 'python', 'def add(a, b):\n    return a - b if a < 0 else a + b\n');
    assert.deepEqual(statuses(report), ['passed', 'failed', 'passed']);
    assert.equal(report.cases[1].expected, -3);
    assert.equal(report.cases[1].actual, -7);
  });

  it('print() output is captured per case', async () => {
    const report = await box.run(ADD, 'python', 'print("loading")\n\ndef add(a, b):\n    print("adding", a, b)\n    return a + b\n');
    assert.deepEqual(statuses(report), ['passed', 'passed', 'passed']);
    assert.equal(report.cases[0].output, 'loading\nadding 1 2\n');
    assert.equal(report.cases[2].output, 'adding 0 0\n');
  });

  it('an exception: its message, and a traceback of the frames in the user file', async () => {
    const file = box.answer('python', 'def check(a):\n    if a < 0:\n        raise ValueError(f"negative: {a}")\n\ndef add(a, b):\n    check(a)\n    return a + b\n');
    const report = await box.engine.run({ question: ADD, language: 'python', file });
    assert.deepEqual(statuses(report), ['passed', 'error', 'passed']);
    const c = report.cases[1];
    assert.equal(c.message, 'ValueError: negative: -5');
    assert.equal(c.location?.line, 3);
    assert.equal(c.stack, [
      'Traceback (most recent call last):',
      `  File "${file}", line 6, in add`,
      '    check(a)',
      `  File "${file}", line 3, in check`,
      '    raise ValueError(f"negative: {a}")',
      'ValueError: negative: -5',
    ].join('\n'));
  });

  it('an import error is an error on every case, at the import line', async () => {
    const report = await box.run(ADD, 'python', 'import os\nimport numpyy_not_installed\n\ndef add(a, b):\n    return a + b\n');
    assert.deepEqual(statuses(report), ['error', 'error', 'error']);
    assert.match(report.cases[0].message!, /ModuleNotFoundError: No module named 'numpyy_not_installed' \(while loading your file\)/);
    assert.equal(report.cases[0].location?.line, 2);
  });

  it('a missing function: the message lists what the file defines', async () => {
    const report = await box.run(ADD, 'python', 'LIMIT = 3\n\ndef plus(a, b):\n    return a + b\n');
    assert.deepEqual(statuses(report), ['error', 'error', 'error']);
    assert.match(report.cases[0].message!, /no function named add in your file\. Your file defines: LIMIT \(int\), plus \(function\)/);
  });

  it('an endless loop times out, and the cases after it are not run', async () => {
    const report = await box.run(ADD, 'python', 'def add(a, b):\n    while a < 0:\n        pass\n    return a + b\n');
    assert.deepEqual(statuses(report), ['passed', 'timeout', 'error']);
    assert.match(report.cases[2].message!, /^not run/);
  });

  it('MemoryError is "memory", and the process goes on with the next case', async () => {
    const started = performance.now();
    const report = await box.run(ADD, 'python', 'def add(a, b):\n    if a < 0:\n        x = [0] * (10 ** 9)\n    return a + b\n');
    assert.deepEqual(statuses(report), ['passed', 'memory', 'passed']);
    assert.match(report.cases[1].message!, /memory limit: the program used more than 256 MB/);
    assert.ok(performance.now() - started < 2000);
  });

  it('memory growth in small steps is "memory" too', async () => {
    const report = await box.run(ADD, 'python', 'def add(a, b):\n    keep = []\n    while True:\n        keep.append(bytearray(1 << 20))\n');
    assert.deepEqual(statuses(report).slice(0, 1), ['memory']);
  });

  it('printing in a loop ends as "output"', async () => {
    const started = performance.now();
    const report = await box.run(ADD, 'python', 'def add(a, b):\n    while True:\n        print("spam " * 100)\n');
    assert.deepEqual(statuses(report), ['output', 'error', 'error']);
    assert.ok(performance.now() - started < 2000);
  });

  it('sys.exit(0) inside the function is an error that says to return instead', async () => {
    const report = await box.run(ADD, 'python', 'import sys\n\ndef add(a, b):\n    if a < 0:\n        sys.exit(0)\n    return a + b\n');
    assert.deepEqual(statuses(report), ['passed', 'error', 'passed']);
    assert.match(report.cases[1].message!, /called sys\.exit\(0\) while this case was running: return the result/);
  });

  it('sys.exit(0) at the top level: every case says so', async () => {
    const report = await box.run(ADD, 'python', 'import sys\nsys.exit(0)\n\ndef add(a, b):\n    return a + b\n');
    assert.deepEqual(statuses(report), ['error', 'error', 'error']);
    assert.match(report.cases[0].message!, /called sys\.exit\(0\) while it was being loaded/);
  });

  it('os._exit(0) (which cannot be caught): the case and those after it say the program exited', async () => {
    const report = await box.run(ADD, 'python', 'import os\n\ndef add(a, b):\n    if a < 0:\n        os._exit(0)\n    return a + b\n');
    assert.deepEqual(statuses(report), ['passed', 'error', 'error']);
    assert.match(report.cases[1].message!, /exited \(code 0\) while this case was running: don't call sys\.exit\(\) or os\._exit\(\)/);
  });

  it('None, NaN, a set and a cycle are wrong answers that say why', async () => {
    const question = codeQuestion('odd', 'odd', [
      { name: 'none', args: [0], expect: 1 },
      { name: 'nan', args: [1], expect: 1 },
      { name: 'set', args: [2], expect: [1] },
      { name: 'cycle', args: [3], expect: [1] },
    ]);
    const report = await box.run(question, 'python', [
      'def odd(k):',
      '    if k == 0:',
      '        return None',
      '    if k == 1:',
      '        return float("nan")',
      '    if k == 2:',
      '        return {1}',
      '    x = [1]',
      '    x.append(x)',
      '    return x',
      '',
    ].join('\n'));
    assert.deepEqual(statuses(report), ['failed', 'failed', 'failed', 'failed']);
    assert.match(report.cases[0].message!, /returned None/);
    assert.match(report.cases[1].message!, /NaN/);
    assert.match(report.cases[2].message!, /set.*return a list/);
    assert.match(report.cases[3].message!, /cycle at \[1\]/);
  });

  it('tuples are lists, and an async def is awaited', async () => {
    const question = codeQuestion('pair', 'pair', [{ name: 'tuple', args: [1, 2], expect: [1, 2] }]);
    const report = await box.run(question, 'python', 'import asyncio\n\nasync def pair(a, b):\n    await asyncio.sleep(0)\n    return (a, b)\n');
    assert.deepEqual(statuses(report), ['passed']);
  });

  it('unsaved editor text runs instead of the file, and tracebacks show its lines', async () => {
    const file = box.answer('python', 'def add(a, b):\n    return 0\n');
    const source = 'def add(a, b):\n    if a == 0:\n        raise RuntimeError("zero")\n    return a + b\n';
    const report = await box.engine.run({ question: ADD, language: 'python', file, source });
    assert.deepEqual(statuses(report), ['passed', 'passed', 'error']);
    assert.match(report.cases[2].stack!, /line 3, in add\n {4}raise RuntimeError\("zero"\)/);
  });

  it('an interpreter that does not exist: every case is "not started", naming the setting', async () => {
    const missing = path.join(box.root, 'no-such-dir', 'python3');
    const report = await box.run(ADD, 'python', 'def add(a, b):\n    return a + b\n', { pythonPath: missing });
    assert.deepEqual(statuses(report), ['not-started', 'not-started', 'not-started']);
    assert.match(report.cases[0].message!, /was not found/);
    assert.match(report.cases[0].message!, /interviewDrills\.pythonPath/);
    assert.ok(report.cases[0].message!.includes(missing));
  });

  it('no python3 on PATH (and no setting): "not started", saying to install Python or set the setting', async () => {
    const fresh = new Sandbox();
    const saved = process.env.PATH;
    process.env.PATH = fresh.root; // an empty folder: nothing to find
    try {
      const report = await fresh.engine.run({ question: ADD, language: 'python', file: fresh.answer('python', 'def add(a, b):\n    return a + b\n') });
      assert.deepEqual(statuses(report), ['not-started', 'not-started', 'not-started']);
      assert.match(report.cases[0].message!, /^python3 was not found\. Install Python 3 .* or set interviewDrills\.pythonPath to its path\.$/);
    } finally {
      process.env.PATH = saved;
      fresh.cleanup();
    }
  });

  it('an interpreter that is not Python 3: "not started", saying what is needed', async () => {
    const report = await box.run(ADD, 'python', 'def add(a, b):\n    return a + b\n', { pythonPath: '/bin/false' });
    assert.deepEqual(statuses(report), ['not-started', 'not-started', 'not-started']);
    assert.match(report.cases[0].message!, /could not run the check harness: Interview Drills needs Python 3/);
  });

  it('the temp folders are gone', () => {
    assert.deepEqual(box.runDirs(), []);
  });
});
