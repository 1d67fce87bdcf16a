// `interview-drills validate` on small banks written here: a good bank passes, and each kind of
// broken question is reported against its own file, at the place in it that is wrong.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../../src/core/bank/problem';
import { validateBank, summarize, type ValidationResult } from '../../src/core/validate';
import { cleanupTempDirs, REPO_ROOT, tempBank } from './fixtures/bank/tempBank';

type Lang = 'typescript' | 'javascript' | 'python';

const GOOD_SOLUTION: Record<Lang, string> = {
  typescript: 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
  javascript: 'function add(a, b) {\n  return a + b;\n}\nmodule.exports = { add };\n',
  python: 'def add(a, b):\n    return a + b\n',
};
const GOOD_STARTER: Record<Lang, string> = {
  typescript: 'export function add(a: number, b: number): number {\n  return 0;\n}\n',
  javascript: 'function add(a, b) {\n  return 0;\n}\nmodule.exports = { add };\n',
  python: 'def add(a, b):\n    return 0\n',
};
const SIX_CASES = [
  '    - name: small numbers\n      args: [1, 2]\n      expect: 3',
  '    - name: negative\n      args: [-5, 2]\n      expect: -3',
  '    - name: zeros\n      args: [0, 0]\n      expect: 0',
  '    - name: large\n      args: [1000000, 2000000]\n      expect: 3000000',
  '    - name: both negative\n      args: [-1, -1]\n      expect: -2',
  '    - name: one zero\n      args: [0, 7]\n      expect: 7',
];

function block(text: string, indent: string): string {
  return text.trimEnd().split('\n').map((line) => (line === '' ? '' : indent + line)).join('\n');
}

const COMMON = [
  'difficulty: easy',
  'tags: [basics]',
  'prompt: |',
  '  Do it.',
  'hints:',
  '  - Start simple.',
  '  - Then handle the edges.',
  'answer: |',
  '  Add the two numbers and return the sum; nothing else is needed.',
  'followUps:',
  '  - What about overflow?',
];

interface CodeOptions {
  seed?: string;
  solution?: Partial<Record<Lang, string>>;
  starter?: Partial<Record<Lang, string>>;
  extraCases?: string[];
}

function codeYaml(id: string, options: CodeOptions = {}): string {
  const per = (texts: Record<Lang, string>, over: Partial<Record<Lang, string>> = {}): string =>
    (['typescript', 'javascript', 'python'] as Lang[]).map((l) => `    ${l}: |\n${block(over[l] ?? texts[l], '      ')}`).join('\n');
  return [
    `id: ${id}`,
    `title: Add two numbers (${id})`,
    ...(options.seed ? [`seed: ${options.seed}`] : []),
    'kind: code',
    ...COMMON,
    'exercise:',
    '  languages: [typescript, javascript, python]',
    '  entry: add',
    '  starter:',
    per(GOOD_STARTER, options.starter),
    '  solution:',
    per(GOOD_SOLUTION, options.solution),
    '  cases:',
    ...SIX_CASES,
    ...(options.extraCases ?? []),
    '',
  ].join('\n');
}

function conceptYaml(id: string, seed?: string): string {
  return [
    `id: ${id}`,
    `title: Idempotency (${id})`,
    ...(seed ? [`seed: ${seed}`] : []),
    'kind: concept',
    ...COMMON.filter((l) => !l.startsWith('answer') && !l.startsWith('  Add the two')),
    'answer: |',
    '  An operation is idempotent when doing it twice has the same effect as doing it once, so a',
    '  client can retry it safely after a timeout.',
    'keyPoints:',
    '  - point: Same effect when repeated',
    '    evidence: [twice, same effect]',
    '  - point: Retries are safe',
    '    evidence: [retry]',
    '',
  ].join('\n');
}

const SQL_YAML = [
  'id: total-per-customer',
  'title: Total per customer',
  'kind: sql',
  ...COMMON,
  'sql:',
  '  schema: |',
  '    CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount int NOT NULL);',
  '  seed: |',
  "    INSERT INTO orders VALUES (1, 'ann', 10), (2, 'bob', 20), (3, 'ann', 15);",
  '  solution: |',
  '    SELECT customer, sum(amount) AS total FROM orders GROUP BY customer;',
  '  cases:',
  '    - name: sample data',
  '    - name: no orders',
  '      setup: DELETE FROM orders;',
  '    - name: one customer',
  "      setup: DELETE FROM orders WHERE customer = 'bob';",
  '    - name: a big order',
  "      setup: INSERT INTO orders VALUES (4, 'cy', 1000000);",
  '    - name: many customers',
  "      setup: INSERT INTO orders SELECT g, 'c' || g, g FROM generate_series(10, 60) g;",
  '    - name: unicode names',
  "      setup: INSERT INTO orders VALUES (5, 'Zoë', 3), (6, 'Zoë', 4);",
  '',
].join('\n');

const SEEDS = [{ id: 's9-01', kinds: ['concept' as const, 'code' as const] }, { id: 's9-02', kinds: ['concept' as const] }];

/** The 1-based line of the first line starting with `text` (after the first line starting with `after`). */
function lineOf(yaml: string, text: string, after?: string): number {
  const lines = yaml.split('\n');
  const from = after === undefined ? 0 : lines.findIndex((l) => l.startsWith(after));
  const index = lines.findIndex((l, i) => i >= from && l.startsWith(text));
  assert.ok(from >= 0 && index >= 0, `${text} not in the YAML`);
  return index + 1;
}

function problemsIn(result: ValidationResult, file: string): Problem[] {
  return result.problems.filter((p) => path.basename(p.file) === file);
}

function validate(dir: string, seeds = SEEDS): Promise<ValidationResult> {
  return validateBank({ targets: [{ path: dir, origin: 'user' }], extensionRoot: REPO_ROOT, seeds, jobs: 2 });
}

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), 'validate', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('validate: a good bank', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await tempBank({
      'coding/add.yaml': codeYaml('add', { seed: 's9-01' }),
      'concepts/idempotency.yaml': conceptYaml('idempotency', 's9-01'),
      'concepts/idempotency-again.yaml': conceptYaml('idempotency-again', 's9-02'),
      'sql/total-per-customer.yaml': SQL_YAML,
    });
  });
  after(cleanupTempDirs);

  it('passes: every reference passes, every starter fails one, every seed covered', async () => {
    const result = await validate(dir);
    assert.deepEqual(result.problems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.message}`), []);
    assert.deepEqual(result.missingSeeds, []);
    const summary = summarize(result);
    assert.deepEqual(summary.byKind, { code: 1, concept: 2, sql: 1 });
    assert.deepEqual(summary.byLanguage, { typescript: 1, javascript: 1, python: 1, markdown: 2, sql: 1 });
    assert.equal(summary.passed, 4);
    assert.equal(summary.failed, 0);
    // A reference and a starter per language, the SQL pair, a model answer per concept question.
    const runs = result.runs.map((r) => `${r.question} ${r.language} ${r.role} ${r.outcome}`).sort();
    assert.deepEqual(runs, [
      'add javascript reference ok', 'add javascript starter ok', 'add python reference ok', 'add python starter ok',
      'add typescript reference ok', 'add typescript starter ok',
      'idempotency markdown model answer ok', 'idempotency-again markdown model answer ok',
      'total-per-customer sql reference ok', 'total-per-customer sql starter ok',
    ]);
  });

  it('a category folder, or a single file, is a bank of its own', async () => {
    const category = await validate(path.join(dir, 'concepts'));
    assert.deepEqual(category.questions.map((q) => q.id).sort(), ['idempotency', 'idempotency-again']);
    assert.deepEqual(category.problems, []);
    const single = await validate(path.join(dir, 'concepts', 'idempotency.yaml'));
    assert.deepEqual(single.questions.map((q) => `${q.category}/${q.id}`), ['concepts/idempotency']);
  });

  it('without Python: the Python runs are skipped and said so, not a crash and not a problem', async () => {
    const result = await validateBank({
      targets: [{ path: path.join(dir, 'coding', 'add.yaml'), origin: 'user' }],
      extensionRoot: REPO_ROOT,
      pythonPath: path.join(dir, 'no-such-python3'),
      jobs: 2,
    });
    assert.deepEqual(result.problems, []);
    assert.equal(result.notes.length, 1);
    assert.match(result.notes[0], /^Python runs were skipped: .*no-such-python3.* was not found/);
    assert.deepEqual(result.runs.filter((r) => r.language === 'python').map((r) => r.outcome), ['skipped', 'skipped']);
    assert.ok(result.runs.filter((r) => r.language !== 'python').every((r) => r.outcome === 'ok'));
  });

  it('the CLI prints the summary and the closing count, exit 0', () => {
    const seeds = path.join(dir, '..', `${path.basename(dir)}-seeds.json`);
    fs.writeFileSync(seeds, JSON.stringify({ seeds: SEEDS }));
    const run = cli([dir, '--seeds', seeds]);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /^4 questions in 4 files$/m);
    assert.match(run.stdout, /^ {2}by kind: {8}concept 2, code 1, sql 1$/m);
    assert.match(run.stdout, /^ {2}python +1 question +2 runs/m);
    assert.match(run.stdout, /^seeds: every seed is covered in every kind it names$/m);
    assert.match(run.stdout, /^validate: 4 passed, 0 failed$/m);
  });
});

describe('validate: a broken bank, each problem against its file', function () {
  this.timeout(120_000);
  let dir: string;
  let result: ValidationResult;
  let files: Record<string, string>;
  before(async () => {
    files = {
      'coding/add.yaml': codeYaml('add'),
      'coding/wrong-reference.yaml': codeYaml('wrong-reference', { solution: { javascript: 'function add(a, b) {\n  return a - b;\n}\nmodule.exports = { add };\n' } }),
      'coding/lazy-starter.yaml': codeYaml('lazy-starter', { starter: { typescript: GOOD_SOLUTION.typescript } }),
      'coding/python-syntax.yaml': codeYaml('python-syntax', { solution: { python: 'def add(a, b):\n    return (a +\n' } }),
      'coding/generator-throws.yaml': codeYaml('generator-throws', {
        extraCases: ['    - name: made by code', '      generate:', '        seed: 3', '        code: |', '          const big = 10;', '          throw new Error("generator bug " + big);'],
      }),
      'coding/generator-loops.yaml': codeYaml('generator-loops', {
        extraCases: ['    - name: never made', '      generate:', '        seed: 3', '        timeLimitMs: 300', '        code: |', '          for (;;) {}'],
      }),
      'coding/ill-typed-starter.yaml': codeYaml('ill-typed-starter', { starter: { typescript: 'export function add(a: number, b: number): number {\n  return "0";\n}\n' } }),
      'concepts/add.yaml': conceptYaml('add', 's9-01'),
      'concepts/few-hints.yaml': conceptYaml('few-hints', 's9-01').replace('  - Then handle the edges.\n', ''),
    };
    dir = await tempBank(files);
    result = await validate(dir);
  });
  after(cleanupTempDirs);

  it('the good question in it has no problem', () => {
    assert.deepEqual(problemsIn(result, 'add.yaml').filter((p) => p.file.includes(`${path.sep}coding${path.sep}`)), []);
  });

  it('a duplicate id', () => {
    const problems = result.problems.filter((p) => p.file.endsWith(path.join('concepts', 'add.yaml')));
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^duplicate id 'add': already used by /);
    assert.equal(problems[0].line, 1);
  });

  it('a reference that fails a case: named with its language and case, at the case', () => {
    const problems = problemsIn(result, 'wrong-reference.yaml');
    assert.ok(problems.length >= 1);
    assert.ok(problems.every((p) => p.message.startsWith('the reference solution (javascript) fails case "')), problems.map((p) => p.message).join('\n'));
    assert.ok(problems.some((p) => p.message.startsWith('the reference solution (javascript) fails case "small numbers": ')));
    const firstCase = problems.find((p) => p.message.includes('"small numbers"'))!;
    assert.equal(firstCase.line, lineOf(files['coding/wrong-reference.yaml'], '    - name: small numbers'), 'the line of the first case');
  });

  it('a starter that passes every case', () => {
    const problems = problemsIn(result, 'lazy-starter.yaml');
    assert.deepEqual(problems.map((p) => p.message), ['the starter (typescript) passes every case; a starter must fail at least one, or there is nothing to do']);
    assert.equal(problems[0].line, lineOf(files['coding/lazy-starter.yaml'], '    typescript: |', '  starter:'), 'the starter.typescript key');
  });

  it('a TypeScript starter that runs but does not type-check, at its line', () => {
    const problems = problemsIn(result, 'ill-typed-starter.yaml');
    assert.deepEqual(problems.map((p) => p.message), ["the starter (typescript) does not type-check: Type 'string' is not assignable to type 'number'. (TS2322)"]);
    assert.equal(problems[0].line, lineOf(files['coding/ill-typed-starter.yaml'], '    typescript: |', '  starter:') + 2);
  });

  it('a Python reference with a syntax error: does not load, at its line in the YAML', () => {
    const problems = problemsIn(result, 'python-syntax.yaml');
    assert.equal(problems.length, 1, problems.map((p) => p.message).join('\n'));
    assert.match(problems[0].message, /^the reference solution \(python\) does not load: SyntaxError: /);
    // The unclosed parenthesis is on the second line of solution.python's text.
    const key = lineOf(files['coding/python-syntax.yaml'], '    python: |', '  solution:');
    assert.ok(problems[0].line === key + 2 || problems[0].line === key + 3, `line ${problems[0].line}, the key at ${key}`);
  });

  it('a generator that throws: reported once, at its line in generate.code', () => {
    const problems = problemsIn(result, 'generator-throws.yaml');
    assert.deepEqual(problems.map((p) => p.message), ['exercise.cases[6] "made by code": the case generator failed: Error: generator bug 10 (line 2 of generate.code)']);
    assert.equal(problems[0].line, lineOf(files['coding/generator-throws.yaml'], '          throw new Error('));
    assert.ok(result.runs.filter((r) => r.question === 'generator-throws' && r.outcome === 'skipped').length === 5, 'the other runs are skipped');
  });

  it('a generator that never finishes: stopped at its limit and reported', () => {
    const problems = problemsIn(result, 'generator-loops.yaml');
    assert.deepEqual(problems.map((p) => p.message), ['exercise.cases[6] "never made": the case generator did not finish within its time limit of 0.3 s (an endless loop?)']);
  });

  it('too few hints, and a seed no question covers in every kind', () => {
    assert.deepEqual(problemsIn(result, 'few-hints.yaml').map((p) => p.message), ['hints: a question needs 2 to 4 progressive hints (it has 1)']);
    // s9-01 has a concept question (few-hints; the duplicate add.yaml is left out) but no code
    // question; s9-02 has nothing at all.
    assert.deepEqual(result.missingSeeds.map((m) => `${m.id} ${m.kind}`), ['s9-01 code', 's9-02 concept']);
  });

  it('the CLI names each file with file:line:col, counts the failures and exits 1', () => {
    const run = cli([dir, '--seeds', 'none']);
    assert.equal(run.code, 1, run.stdout);
    for (const name of ['wrong-reference', 'lazy-starter', 'ill-typed-starter', 'python-syntax', 'generator-throws', 'generator-loops', 'few-hints']) {
      assert.match(run.stderr, new RegExp(`${name}\\.yaml:\\d+:\\d+: `), name);
    }
    assert.match(run.stdout, /^validate: 1 passed, 8 failed$/m);
  });

  it('--allow-missing-seeds reports missing seeds without failing for them', async () => {
    const seeds = path.join(dir, '..', `${path.basename(dir)}-seeds.json`);
    fs.writeFileSync(seeds, JSON.stringify({ seeds: SEEDS }));
    // A written question only: nothing to run, the seeds are the point here.
    const only = path.join(await tempBank({ 'concepts/solo.yaml': conceptYaml('solo') }), 'concepts', 'solo.yaml');
    const strict = cli([only, '--seeds', seeds, '--json']);
    assert.equal(strict.code, 1);
    const json = JSON.parse(strict.stdout) as { ok: boolean; missingSeeds: { id: string; kind: string }[]; failed: number };
    assert.equal(json.ok, false);
    assert.deepEqual(json.missingSeeds.map((m) => `${m.id} ${m.kind}`), ['s9-01 concept', 's9-01 code', 's9-02 concept']);
    const allowed = cli([only, '--seeds', seeds, '--allow-missing-seeds']);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stdout, /^seeds: 3 missing \(allowed for now: --allow-missing-seeds\):$/m);
    assert.match(allowed.stdout, /^validate: 1 passed, 0 failed$/m);
  });
});
