// The check engine on real answers in real child processes: right answers pass, wrong ones fail
// with expected and actual, and broken ones say what broke and where (in the user's own file).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language } from '../../src/core/bank/question';
import { ADD, builtinQuestion, codeQuestion, REPO_ROOT, Sandbox, statuses } from './fixtures/engine/helpers';

const LANGUAGES: Language[] = ['typescript', 'javascript', 'python'];

describe('engine: the built-in questions', function () {
  this.timeout(30_000);
  let box: Sandbox;
  before(() => {
    box = new Sandbox();
  });
  after(() => box.cleanup());

  for (const id of ['find-duplicate-files', 'lru-cache-with-ttl']) {
    const question = builtinQuestion(id);
    const exercise = question.exercise!;
    for (const language of LANGUAGES) {
      it(`${id}: the ${language} reference solution passes every case`, async () => {
        const report = await box.engine.run({ question, language, file: box.answer(language, exercise.solution[language]!) });
        assert.deepEqual(report.cases.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.status} ${c.message}`), []);
        assert.equal(report.passed, true);
        assert.equal(report.cases.length, exercise.cases.length);
        assert.equal(report.questionId, id);
        assert.equal(report.language, language);
      });
    }
  }

  const duplicates = builtinQuestion('find-duplicate-files');
  for (const language of LANGUAGES) {
    it(`find-duplicate-files: the ${language} starter fails the cases that have duplicates, with expected and actual`, async () => {
      const report = await box.engine.run({ question: duplicates, language, file: box.answer(language, duplicates.exercise!.starter[language]!) });
      assert.equal(report.passed, false);
      const failed = report.cases.filter((c) => c.status === 'failed');
      assert.ok(failed.length >= 5, statuses(report).join(' '));
      assert.ok(report.cases.every((c) => c.status === 'passed' || c.status === 'failed'), statuses(report).join(' '));
      for (const c of failed) {
        assert.deepEqual(c.actual, []);
        assert.ok(Array.isArray(c.expected) && c.expected.length > 0);
        assert.ok(c.message && c.message.length > 0);
        assert.deepEqual(c.args, ['$FIXTURE'], 'the verdict shows the arguments as the question wrote them');
      }
    });
  }
});

describe('engine: verdicts', function () {
  this.timeout(20_000);
  let box: Sandbox;
  before(() => {
    box = new Sandbox();
  });
  after(() => box.cleanup());

  it('a wrong answer fails with expected, actual and a reason', async () => {
    const report = await box.run(ADD, 'javascript', 'module.exports.add = (a, b) => a - b;\n');
    assert.deepEqual(statuses(report), ['failed', 'failed', 'passed']);
    const first = report.cases[0];
    assert.equal(first.expected, 3);
    assert.equal(first.actual, -1);
    assert.match(first.message!, /expected 3, got -1/);
    assert.deepEqual(first.args, [1, 2]);
    assert.equal(report.passed, false);
  });

  it('TypeScript with types, ESM exports and a default parameter passes', async () => {
    const report = await box.run(ADD, 'typescript', [
      "import { strict as assert } from 'node:assert';",
      'type N = number;',
      'interface Pair { a: N; b: N }',
      'export function add(a: N, b: N = 0): N {',
      '  const pair: Pair = { a, b };',
      '  assert.ok(true);',
      '  return pair.a + pair.b;',
      '}',
      '',
    ].join('\n'));
    assert.deepEqual(statuses(report), ['passed', 'passed', 'passed']);
  });

  it('JavaScript as an ES module (export function) passes', async () => {
    const report = await box.run(ADD, 'javascript', 'export function add(a, b) {\n  return a + b;\n}\n');
    assert.deepEqual(statuses(report), ['passed', 'passed', 'passed']);
  });

  it('an async function is awaited', async () => {
    const report = await box.run(ADD, 'javascript', 'exports.add = async (a, b) => { await new Promise((r) => setTimeout(r, 5)); return a + b; };\n');
    assert.deepEqual(statuses(report), ['passed', 'passed', 'passed']);
  });

  it('unsaved editor text is run instead of the file, and stacks still name the file', async () => {
    const file = box.answer('javascript', 'module.exports.add = () => 0;\n');
    const source = 'module.exports.add = (a, b) => {\n  if (a === 0) throw new Error("zero");\n  return a + b;\n};\n';
    const report = await box.engine.run({ question: ADD, language: 'javascript', file, source });
    assert.deepEqual(statuses(report), ['passed', 'passed', 'error']);
    const col = source.split('\n')[1].indexOf('new Error') + 1;
    assert.deepEqual(report.cases[2].location, { line: 2, col });
    assert.ok(report.cases[2].stack!.includes(`${file}:2:${col}`), report.cases[2].stack);
  });

  for (const [language, text, line] of [
    ['javascript', 'function add(a, b) {\n  return a +;\n}\nmodule.exports = { add };\n', 2],
    ['javascript', 'export function add(a, b) {\n  let x = 1;\n  return a + ;\n}\n', 3],
    ['typescript', 'export function add(a: number, b: number): number {\n  const x: number = 1;\n  return a +;\n}\n', 3],
    ['python', 'def add(a, b):\n    x = 1\n    return a +\n', 3],
  ] as const) {
    it(`a ${language} syntax error is an error on every case, with its line`, async () => {
      const report = await box.run(ADD, language, text);
      assert.deepEqual(statuses(report), ['error', 'error', 'error']);
      for (const c of report.cases) {
        assert.match(c.message!, /SyntaxError/);
        assert.match(c.message!, new RegExp(`line ${line}\\b`));
        assert.equal(c.location?.line, line);
      }
    });
  }

  it('a JavaScript error V8 finds (not the transpiler) also gets its line', async () => {
    const report = await box.run(ADD, 'javascript', 'function add(a, b) {\n  let x = 1;\n  let x = 2;\n}\nmodule.exports = { add };\n');
    assert.deepEqual(statuses(report), ['error', 'error', 'error']);
    assert.match(report.cases[0].message!, /SyntaxError: Identifier 'x' has already been declared \(line 3\)/);
    assert.deepEqual(report.cases[0].location, { line: 3, col: 7 });
  });

  it('a function defined but not exported: the message names it and says how to export it', async () => {
    const report = await box.run(ADD, 'javascript', 'function add(a, b) {\n  return a + b;\n}\n');
    assert.deepEqual(statuses(report), ['error', 'error', 'error']);
    assert.match(report.cases[0].message!, /no function named add is exported/);
    assert.match(report.cases[0].message!, /add is defined but not exported/);
    assert.match(report.cases[0].message!, /module\.exports = \{ add \}/);
  });

  it('a wrong function name: the message lists what the file does export', async () => {
    const report = await box.run(ADD, 'typescript', 'export function sum(a: number, b: number) {\n  return a + b;\n}\nexport const LIMIT = 3;\n');
    assert.deepEqual(statuses(report), ['error', 'error', 'error']);
    assert.match(report.cases[0].message!, /no function named add is exported/);
    assert.match(report.cases[0].message!, /sum \(function\), LIMIT \(number\)/);
  });

  it('module.exports = function works as the entry', async () => {
    const report = await box.run(ADD, 'javascript', 'module.exports = function add(a, b) { return a + b; };\n');
    assert.deepEqual(statuses(report), ['passed', 'passed', 'passed']);
  });

  it('a thrown Error: its message, and a stack cut down to frames in the user file', async () => {
    const report = await box.run(ADD, 'javascript', [
      'function check(a) {',
      '  if (a < 0) throw new RangeError(`negative: ${a}`);',
      '}',
      'exports.add = (a, b) => { check(a); return a + b; };',
      '',
    ].join('\n'));
    assert.deepEqual(statuses(report), ['passed', 'error', 'passed']);
    const c = report.cases[1];
    assert.equal(c.message, 'RangeError: negative: -5');
    assert.deepEqual(c.location, { line: 2, col: '  if (a < 0) throw new'.indexOf('new') + 1 });
    const frames = c.stack!.split('\n').slice(1);
    assert.equal(frames.length, 2, c.stack);
    assert.ok(frames.every((f) => f.includes(box.answers)), c.stack);
    assert.ok(!c.stack!.includes('node-harness'), 'no harness frames');
  });

  it('a TypeScript error stack points at the line and column of the .ts file', async () => {
    const text = [
      'interface Totals { sum: number; count: number }', // 1
      '', // 2
      'function total(values: readonly number[]): Totals {', // 3
      '  const t: Totals = { sum: 0, count: 0 }; for (const v of values) { const n: number = v; if (n < 0) throw new Error(`bad ${n}`); t.sum += n; }', // 4
      '  return t;', // 5
      '}', // 6
      '', // 7
      'export function add(a: number, b: number): number {', // 8
      '  return total([a, b]).sum;', // 9
      '}', // 10
    ].join('\n');
    const report = await box.run(ADD, 'typescript', text);
    assert.deepEqual(statuses(report), ['passed', 'error', 'passed']);
    const c = report.cases[1];
    assert.equal(c.message, 'Error: bad -5');
    const col = text.split('\n')[3].indexOf('new Error') + 1;
    assert.deepEqual(c.location, { line: 4, col });
    assert.match(c.stack!, /\.ts:4:\d+\)/);
    assert.match(c.stack!, /\.ts:9:\d+\)/);
  });

  it('non-Error throws show the value thrown', async () => {
    const report = await box.run(ADD, 'javascript', "exports.add = (a) => { if (a === 1) throw 'x'; if (a === -5) throw 42; throw null; };\n");
    assert.deepEqual(statuses(report), ['error', 'error', 'error']);
    assert.match(report.cases[0].message!, /^threw 'x', which is not an Error/);
    assert.match(report.cases[1].message!, /^threw 42,/);
    assert.match(report.cases[2].message!, /^threw null,/);
  });

  it('a rejected promise is an error with the rejection', async () => {
    const report = await box.run(ADD, 'javascript', "exports.add = async (a) => { if (a === 1) throw new Error('async boom'); return Promise.reject('plain'); };\n");
    assert.deepEqual(statuses(report), ['error', 'error', 'error']);
    assert.equal(report.cases[0].message, 'Error: async boom');
    assert.match(report.cases[1].message!, /^threw 'plain'/);
  });

  it('undefined, NaN and a cycle are wrong answers that say what JSON cannot carry', async () => {
    const report = await box.run(ADD, 'javascript', [
      'exports.add = (a) => {',
      '  if (a === 1) return undefined;',
      '  if (a === -5) return NaN;',
      '  const o = { a: [1] }; o.a.push(o); return o;',
      '};',
      '',
    ].join('\n'));
    assert.deepEqual(statuses(report), ['failed', 'failed', 'failed']);
    assert.match(report.cases[0].message!, /returned undefined: did it forget to return/);
    assert.match(report.cases[1].message!, /NaN/);
    assert.match(report.cases[2].message!, /cycle at a\[1\]/);
    assert.deepEqual(report.cases[2].actual, { a: [1, { $nonJson: '[Circular]' }] });
  });

  it('a Set or a Map in the result is flagged instead of turning into {}', async () => {
    const question = codeQuestion('pairs', 'pairs', [{ name: 'set', args: [], expect: [1, 2] }]);
    const report = await box.run(question, 'javascript', 'exports.pairs = () => new Set([1, 2]);\n');
    assert.deepEqual(statuses(report), ['failed']);
    assert.match(report.cases[0].message!, /Set.*return a list/);
  });

  it("a question's own comparator decides for cases without a compare rule", async () => {
    const question = codeQuestion('any-pair', 'pair', [
      { name: 'any two numbers that sum to 10', args: [10], expect: 10 },
      { name: 'an explicit rule still applies', args: [4], expect: [2, 2], compare: 'exact' },
    ]);
    question.exercise!.comparator = 'return Array.isArray(actual) && actual.length === 2 && actual[0] + actual[1] === expected;';
    const report = await box.run(question, 'javascript', 'exports.pair = (n) => [n - 3, 3];\n');
    assert.deepEqual(statuses(report), ['passed', 'failed']);
    question.exercise!.comparator = 'while (true) {}';
    const broken = await box.run(question, 'javascript', 'exports.pair = (n) => [n - 3, 3];\n');
    assert.deepEqual(statuses(broken), ['error', 'failed']);
    assert.match(broken.cases[0].message!, /the question's comparator failed: Script execution timed out/);
  });

  it('console.log output is captured per case, with what the file printed while loading going to the first', async () => {
    const report = await box.run(ADD, 'javascript', "console.log('loading');\nexports.add = (a, b) => { console.log('adding', a, b); console.error('err', a); return a + b; };\n");
    assert.deepEqual(statuses(report), ['passed', 'passed', 'passed']);
    assert.equal(report.cases[0].output, 'loading\nadding 1 2\nerr 1\n');
    assert.equal(report.cases[1].output, 'adding -5 2\nerr -5\n');
  });

  it('printed output is capped per case', async () => {
    const report = await box.run(ADD, 'javascript', "exports.add = (a, b) => { for (let i = 0; i < 2000; i++) console.log('line ' + i); return a + b; };\n");
    assert.deepEqual(statuses(report), ['passed', 'passed', 'passed']);
    assert.ok(report.cases[0].output!.length < 8_200, `${report.cases[0].output!.length}`);
    assert.match(report.cases[0].output!, /more characters not shown/);
  });

  it('relative requires resolve from the answer file’s folder', async () => {
    fs.writeFileSync(path.join(box.answers, 'helper.js'), 'exports.plus = (a, b) => a + b;\n');
    const report = await box.run(ADD, 'javascript', "const { plus } = require('./helper');\nexports.add = plus;\n");
    assert.deepEqual(statuses(report), ['passed', 'passed', 'passed']);
  });

  it('a file that does not exist is an error that says so', async () => {
    const report = await box.engine.run({ question: ADD, language: 'javascript', file: path.join(box.answers, 'missing.js') });
    assert.deepEqual(statuses(report), ['error', 'error', 'error']);
    assert.match(report.cases[0].message!, /could not read your file/);
  });

  it('onCase streams each verdict as it is decided, in order', async () => {
    const seen: string[] = [];
    const report = await box.engine.run({
      question: ADD,
      language: 'javascript',
      file: box.answer('javascript', 'exports.add = (a, b) => a + b;\n'),
      onCase: (verdict, index) => seen.push(`${index}:${verdict.status}`),
    });
    assert.deepEqual(seen, ['0:passed', '1:passed', '2:passed']);
    assert.equal(report.passed, true);
  });

  it('a harness that is missing is "not started", with what to do', async () => {
    const broken = new Sandbox();
    try {
      const engine = new (Object.getPrototypeOf(broken.engine).constructor)({ extensionRoot: broken.root, tmpDir: broken.tmp });
      const report = await engine.run({ question: ADD, language: 'javascript', file: broken.answer('javascript', 'exports.add = (a, b) => a + b;\n') });
      engine.dispose();
      assert.deepEqual(statuses(report), ['not-started', 'not-started', 'not-started']);
      assert.match(report.cases[0].message!, /harness is missing/);
    } finally {
      broken.cleanup();
    }
  });

  it('every run folder is gone after the runs', () => {
    assert.deepEqual(box.runDirs(), []);
    assert.ok(fs.existsSync(REPO_ROOT));
  });
});
