// Generated cases: a case's arguments and expected value made by a small seeded JavaScript
// generator in a child process, cached by content hash, and reported clearly when it throws, loops
// or returns the wrong thing. And the case it was made for: 20,000 LRU operations that an
// O(n)-per-operation cache cannot get through the way the reference does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseQuestionFile } from '../../src/core/bank';
import type { CodeCase, Language, Question } from '../../src/core/bank/question';
import { generatorKey } from '../../src/core/runners/generators';
import { builtinQuestion, codeQuestion, Sandbox } from './fixtures/engine/helpers';

/** `sum(numbers)` with one written case and the generated ones given. */
function sumQuestion(id: string, generated: CodeCase[]): Question {
  return codeQuestion(id, 'sum', [{ name: 'written', args: [[1, 2]], expect: 3 }, ...generated]);
}

const SUM_JS = 'exports.sum = (xs) => xs.reduce((a, b) => a + b, 0);\n';

const MANY_NUMBERS = `
const xs = [];
for (let i = 0; i < 1000; i++) xs.push(Math.floor(random() * 100));
return { args: [xs], expect: xs.reduce((a, b) => a + b, 0) };
`;

describe('generated cases', function () {
  this.timeout(30_000);
  let box: Sandbox;
  before(() => {
    box = new Sandbox();
  });
  after(() => box.cleanup());

  it('are made in a child process, deterministic for a seed, and cached by content hash', async () => {
    const q = sumQuestion('gen-sum', [{ name: 'a thousand numbers', generate: { seed: 7, code: MANY_NUMBERS } }]);
    const first = await box.run(q, 'javascript', SUM_JS);
    assert.deepEqual(first.cases.map((c) => c.status), ['passed', 'passed']);
    const args = first.cases[1].args as number[][];
    assert.equal(args[0].length, 1000);

    // Kept on disk by content hash, in a folder only this user may use.
    const cacheDir = fs.readdirSync(box.tmp).find((n) => n.startsWith('interview-drills-cases-'));
    assert.ok(cacheDir, 'a cache folder under the engine temp folder');
    const cached = path.join(box.tmp, cacheDir, `${generatorKey({ seed: 7, code: MANY_NUMBERS })}.json`);
    assert.deepEqual(JSON.parse(fs.readFileSync(cached, 'utf8')).args, args);
    assert.equal((fs.statSync(path.join(box.tmp, cacheDir)).mode & 0o777), 0o700);

    // The same case in another language: the same numbers (from the cache).
    const again = await box.run(q, 'python', 'def sum(xs):\n    total = 0\n    for x in xs:\n        total += x\n    return total\n');
    assert.deepEqual(again.cases.map((c) => c.status), ['passed', 'passed']);
    assert.deepEqual(again.cases[1].args, args);

    // Another seed, other numbers; a wrong answer fails the generated case with expected and actual.
    const other = sumQuestion('gen-sum', [{ name: 'other seed', generate: { seed: 8, code: MANY_NUMBERS } }]);
    const wrong = await box.run(other, 'javascript', 'exports.sum = (xs) => xs.length;\n');
    assert.notDeepEqual(wrong.cases[1].args, args);
    assert.equal(wrong.cases[1].status, 'failed');
    assert.equal(wrong.cases[1].actual, 1000);
    assert.equal(typeof wrong.cases[1].expected, 'number');
  });

  it('a generator that throws: its case says so with the line in generate.code; nothing else runs', async () => {
    const q = sumQuestion('gen-throws', [{ name: 'broken', generate: { seed: 1, code: 'const n = 3;\nthrow new Error("no data for " + n);\n' } }]);
    const report = await box.run(q, 'javascript', SUM_JS);
    assert.equal(report.passed, false);
    assert.equal(report.cases[1].status, 'error');
    assert.equal(report.cases[1].message, 'the case generator failed: Error: no data for 3 (line 2 of generate.code)');
    assert.equal(report.cases[0].status, 'error');
    assert.match(report.cases[0].message ?? '', /^not run: the generator of the case "broken" failed \(a problem in the question file, not in your answer\)$/);
  });

  it('a generator that never finishes is stopped at its time limit', async () => {
    const q = sumQuestion('gen-loops', [{ name: 'endless', generate: { seed: 1, code: 'while (true) {}\n', timeLimitMs: 300 } }]);
    const started = Date.now();
    const report = await box.run(q, 'javascript', SUM_JS);
    assert.ok(Date.now() - started < 5000, 'stopped near its limit');
    assert.equal(report.cases[1].message, 'the case generator did not finish within its time limit of 0.3 s (an endless loop?)');
  });

  it('a generator that returns the wrong shape, or has a syntax error, says what is wrong', async () => {
    const shape = await box.run(sumQuestion('gen-shape', [{ name: 'no expect', generate: { seed: 1, code: 'return { args: [[1]] };' } }]), 'javascript', SUM_JS);
    assert.match(shape.cases[1].message ?? '', /^the case generator failed: TypeError: the generator's result needs expect: the value the entry must return/);
    const syntax = await box.run(sumQuestion('gen-syntax', [{ name: 'syntax', generate: { seed: 1, code: 'return {;' } }]), 'javascript', SUM_JS);
    assert.match(syntax.cases[1].message ?? '', /^the case generator failed: SyntaxError: /);
  });
});

describe('generated cases: the question file', () => {
  const file = (caseYaml: string): string[] => {
    const text = [
      'id: gen', 'title: Gen', 'kind: code', 'difficulty: easy', 'prompt: p', 'answer: a',
      'exercise:', '  languages: [javascript]', '  entry: f', '  starter: {javascript: "x"}', '  solution: {javascript: "x"}',
      '  cases:', caseYaml, '',
    ].join('\n');
    return parseQuestionFile(text, path.join(path.sep, 'bank', 'coding', 'gen.yaml'), 'coding', 'user').problems.map((p) => `${p.line}:${p.col} ${p.message}`);
  };

  it('a case with generate needs no args or expect, and may not have them', () => {
    assert.deepEqual(file('    - name: made\n      generate: {seed: 1, code: "return { args: [], expect: 1 };"}'), []);
    assert.deepEqual(file('    - name: both\n      args: [1]\n      generate: {seed: 1, code: "x"}'), [
      "14:7 exercise.cases[0].args: not allowed beside 'generate': the generator makes the case's arguments and expected value",
    ]);
    assert.deepEqual(file('    - name: no code\n      generate: {seed: 1}'), ["14:7 exercise.cases[0].generate: must have required property 'code'"]);
    // Without generate a case still needs its expected value.
    assert.deepEqual(file('    - name: written\n      args: [1]'), ["13:7 exercise.cases[0]: must have required property 'expect'"]);
  });
});

/** An LRU cache that keeps its keys in an array: O(capacity) for every operation. */
const NAIVE: Record<Exclude<Language, 'typescript'>, string> = {
  javascript: `
function runCache(capacity, ttlMs, ops) {
  const order = [];
  const values = new Map();
  const out = [];
  for (const op of ops) {
    const key = op[1];
    const at = order.indexOf(key);
    if (op[0] === 'put') {
      if (at >= 0) order.splice(at, 1);
      else if (order.length >= capacity) values.delete(order.shift());
      order.push(key);
      values.set(key, { value: op[2], expiresAt: op[3] + ttlMs });
    } else if (at < 0) {
      out.push(null);
    } else {
      const entry = values.get(key);
      order.splice(at, 1);
      if (op[2] >= entry.expiresAt) {
        values.delete(key);
        out.push(null);
      } else {
        order.push(key);
        out.push(entry.value);
      }
    }
  }
  return out;
}
module.exports = { runCache };
`,
  python: `
def runCache(capacity, ttlMs, ops):
    order = []
    values = {}
    out = []
    for op in ops:
        key = op[1]
        if op[0] == "put":
            if key in order:
                order.remove(key)
            elif len(order) >= capacity:
                del values[order.pop(0)]
            order.append(key)
            values[key] = (op[2], op[3] + ttlMs)
        elif key not in order:
            out.append(None)
        else:
            value, expires_at = values[key]
            order.remove(key)
            if op[2] >= expires_at:
                del values[key]
                out.append(None)
            else:
                order.append(key)
                out.append(value)
    return out
`,
};

describe('lru-cache-with-ttl: the generated 20,000-operation case', function () {
  this.timeout(60_000);
  let box: Sandbox;
  before(() => {
    box = new Sandbox();
  });
  after(() => box.cleanup());

  const full = builtinQuestion('lru-cache-with-ttl');
  const bigCase = full.exercise!.cases.find((c) => c.generate)!;
  const question: Question = { ...full, exercise: { ...full.exercise!, cases: [bigCase] } };

  it('is generated: 20,000 operations on a cache of 10,000, with hits, misses and expiries', async () => {
    const report = await box.engine.run({ question, language: 'javascript', file: box.answer('javascript', full.exercise!.solution.javascript!) });
    const [capacity, , ops] = report.cases[0].args as [number, number, unknown[][]];
    assert.equal(capacity, 10_000);
    assert.equal(ops.length, 20_000);
    const expect = (report.cases[0].actual ?? []) as unknown[];
    const gets = ops.filter((op) => op[0] === 'get').length;
    assert.equal(expect.length, gets);
    const hits = expect.filter((v) => v !== null).length;
    assert.ok(hits > gets / 4 && hits < gets, `a real mix of hits and misses (${hits} of ${gets})`);
  });

  for (const language of ['javascript', 'python'] as const) {
    it(`${language}: the reference passes well within the limit; the O(n)-per-operation cache is far slower or times out`, async () => {
      // The reference's best of two runs, so one hiccup of a busy machine does not decide.
      const references = [];
      for (let i = 0; i < 2; i++) {
        const reference = await box.engine.run({ question, language, file: box.answer(language, full.exercise!.solution[language]!) });
        assert.equal(reference.cases[0].status, 'passed', reference.cases[0].message);
        references.push(reference.cases[0]);
      }
      const fast = references.reduce((a, b) => (a.ms <= b.ms ? a : b));
      const slow = (await box.engine.run({ question, language, file: box.answer(language, NAIVE[language]) })).cases[0];
      console.log(`      ${language}: reference ${fast.ms} ms, O(n) per operation: ${slow.status} after ${slow.ms} ms (limit ${bigCase.timeLimitMs} ms)`);
      assert.ok(fast.ms < bigCase.timeLimitMs! / 3, `the reference takes ${fast.ms} ms`);
      assert.ok(slow.status === 'timeout' || (slow.status === 'passed' && slow.ms >= 4 * fast.ms),
        `the O(n) cache: ${slow.status} in ${slow.ms} ms against ${fast.ms} ms`);
      // In Python the difference is a time limit, not just a number.
      if (language === 'python') assert.equal(slow.status, 'timeout');
    });
  }
});
