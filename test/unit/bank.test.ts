import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  CATEGORY_ORDER,
  categoryLabel,
  formatProblem,
  loadBank,
  parseQuestionFile,
  type LoadResult,
} from '../../src/core/bank';
import { GOOD_BANK, GOOD_IDS, cleanupTempDirs, conceptYaml, tempBank } from './fixtures/bank/tempBank';

/** The first lines of a valid concept question, so a broken line can be appended at a known line. */
function header(id: string): string {
  return `id: ${id}\ntitle: Question ${id}\nkind: concept\ndifficulty: easy\n`;
}

/** Loads the good fixture bank plus a user folder with one valid question and one broken file. */
async function loadWithBroken(relative: string, content: string | Buffer): Promise<{ bank: LoadResult; file: string }> {
  const dir = await tempBank({ 'concepts/still-fine.yaml': conceptYaml('still-fine'), [relative]: content });
  const bank = await loadBank([{ dir: GOOD_BANK, origin: 'builtin' }, { dir, origin: 'user' }]);
  return { bank, file: path.join(dir, relative) };
}

interface Expected {
  line: number;
  col: number;
  message: string | RegExp;
}

/** The broken file is skipped with this problem first, and nothing else is affected. */
function assertSkipped(bank: LoadResult, file: string, expected: Expected): void {
  assert.equal(bank.questions.find((q) => q.file === file), undefined, 'the broken file must not load');
  const problems = bank.problems.filter((p) => p.file === file);
  assert.ok(problems.length >= 1, `expected a problem for ${file}, got ${JSON.stringify(bank.problems)}`);
  const [first] = problems;
  assert.equal(first.severity, 'error');
  assert.deepEqual({ line: first.line, col: first.col }, { line: expected.line, col: expected.col }, first.message);
  if (typeof expected.message === 'string') assert.equal(first.message, expected.message);
  else assert.match(first.message, expected.message);
  assert.deepEqual(bank.problems.filter((p) => p.file !== file), [], 'no other file has problems');
  assert.deepEqual(bank.questions.map((q) => q.id).sort(), [...GOOD_IDS, 'still-fine'].sort(), 'the other questions still load');
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe('bank: loading a good bank', () => {
  after(cleanupTempDirs);

  it('loads every question, sorted by category, difficulty and title', async () => {
    const bank = await loadBank([{ dir: GOOD_BANK, origin: 'builtin' }]);
    assert.deepEqual(bank.problems, []);
    assert.deepEqual(bank.questions.map((q) => q.id), ['idempotency', 'cap-theorem', 'two-sum', 'top-customers', 'conflict']);
    assert.deepEqual(bank.categories, ['concepts', 'coding', 'sql', 'behavioral']);
  });

  it('gives each question its category, origin and absolute file', async () => {
    const bank = await loadBank([{ dir: GOOD_BANK, origin: 'builtin' }]);
    const twoSum = bank.questions.find((q) => q.id === 'two-sum');
    assert.ok(twoSum);
    assert.equal(twoSum.category, 'coding');
    assert.equal(twoSum.origin, 'builtin');
    assert.equal(twoSum.file, path.join(GOOD_BANK, 'coding', 'two-sum.yaml'));
    assert.deepEqual(twoSum.exercise?.cases[1], { name: 'unordered', args: [[3, 2, 4], 6], expect: [1, 2], compare: 'unordered' });
    assert.equal(bank.questions.find((q) => q.id === 'conflict')?.file, path.join(GOOD_BANK, 'behavioral', 'conflict.yml'));
  });

  it('takes the origin from the root, so a user folder stays untrusted', async () => {
    const dir = await tempBank({ 'coding/mine.yaml': conceptYaml('mine') });
    const bank = await loadBank([{ dir, origin: 'workspace' }]);
    assert.deepEqual(bank.questions.map((q) => [q.id, q.origin, q.category]), [['mine', 'workspace', 'coding']]);
  });

  it('merges a category that exists in two roots', async () => {
    const dir = await tempBank({ 'concepts/extra.yaml': conceptYaml('extra', 'A extra question') });
    const bank = await loadBank([{ dir: GOOD_BANK, origin: 'builtin' }, { dir, origin: 'user' }]);
    assert.deepEqual(bank.questions.filter((q) => q.category === 'concepts').map((q) => q.id), ['extra', 'idempotency', 'cap-theorem']);
  });

  it('ignores other files and hidden folders', async () => {
    const dir = await tempBank({
      'concepts/ok.yaml': conceptYaml('ok'),
      'concepts/README.md': '# notes',
      '.git/objects/x.yaml': 'not: a question',
    });
    const bank = await loadBank([{ dir, origin: 'user' }]);
    assert.deepEqual(bank.problems, []);
    assert.deepEqual(bank.questions.map((q) => q.id), ['ok']);
  });

  it('warns about a question file outside any category folder', async () => {
    const dir = await tempBank({ 'loose.yaml': conceptYaml('loose'), 'concepts/ok.yaml': conceptYaml('ok') });
    const bank = await loadBank([{ dir, origin: 'user' }]);
    assert.deepEqual(bank.questions.map((q) => q.id), ['ok']);
    assert.equal(bank.problems.length, 1);
    assert.equal(bank.problems[0].severity, 'warning');
    assert.equal(bank.problems[0].file, path.join(dir, 'loose.yaml'));
    assert.match(bank.problems[0].message, /category folder/);
  });

  it('treats a missing user folder as empty', async () => {
    const bank = await loadBank([{ dir: GOOD_BANK, origin: 'builtin' }, { dir: path.join(GOOD_BANK, 'no-such-dir'), origin: 'user' }]);
    assert.deepEqual(bank.problems, []);
    assert.equal(bank.questions.length, GOOD_IDS.length);
  });

  it('reports a missing built-in bank', async () => {
    const missing = path.join(GOOD_BANK, 'no-such-dir');
    const bank = await loadBank([{ dir: missing, origin: 'builtin' }]);
    assert.equal(bank.questions.length, 0);
    assert.equal(bank.problems.length, 1);
    assert.equal(bank.problems[0].file, missing);
    assert.match(bank.problems[0].message, /built-in question bank .* does not exist/);
  });

  it('formats a problem as file:line:col: message', () => {
    assert.equal(formatProblem({ file: '/q/a.yaml', line: 3, col: 7, message: 'kind: bad', severity: 'error' }), '/q/a.yaml:3:7: kind: bad');
    assert.equal(formatProblem({ file: '/q/a.yaml', line: 1, col: 1, message: 'hm', severity: 'warning' }), '/q/a.yaml:1:1: warning: hm');
  });
});

describe('bank: a broken file is reported and skipped', () => {
  after(cleanupTempDirs);

  it('bad YAML syntax, at its exact line and column', async () => {
    const { bank, file } = await loadWithBroken('concepts/bad-syntax.yaml', `${header('bad-syntax')}prompt: Sorting: a primer\nanswer: a\n`);
    assertSkipped(bank, file, { line: 5, col: 9, message: /^Nested mappings are not allowed in compact mappings: if a value contains ': ', quote it/ });
  });

  it('a field of the wrong type points at that field', async () => {
    const { bank, file } = await loadWithBroken('concepts/tags-number.yaml', `${header('tags-number')}tags: 5\nprompt: p\nanswer: a\n`);
    assertSkipped(bank, file, { line: 5, col: 7, message: 'tags: must be a list, not a number (5)' });
  });

  it('an unknown kind', async () => {
    const text = 'id: essay-kind\ntitle: T\nkind: essay\ndifficulty: easy\nprompt: p\nanswer: a\n';
    const { bank, file } = await loadWithBroken('concepts/essay-kind.yaml', text);
    assertSkipped(bank, file, { line: 3, col: 7, message: "kind: must be one of concept, code, sql, behavioral (found 'essay')" });
  });

  it('a missing required field', async () => {
    const { bank, file } = await loadWithBroken('concepts/no-answer.yaml', `${header('no-answer')}prompt: p\n`);
    assertSkipped(bank, file, { line: 1, col: 1, message: "must have required property 'answer'" });
  });

  it('an unknown property, named and pointed at, with a suggestion', async () => {
    const text = `${header('unknown-prop')}prompt: p\nanswer: a\nfollowups:\n  - Why?\n`;
    const { bank, file } = await loadWithBroken('concepts/unknown-prop.yaml', text);
    assertSkipped(bank, file, { line: 7, col: 1, message: "unknown property 'followups' (did you mean 'followUps'?)" });
  });

  it('a problem deep inside an exercise names its path', async () => {
    const text = [
      'id: bad-case', 'title: T', 'kind: code', 'difficulty: easy', 'prompt: p', 'answer: a',
      'exercise:', '  languages: [javascript]', '  entry: f',
      '  starter: {javascript: "export function f() {}"}',
      '  solution: {javascript: "export function f() { return 1; }"}',
      '  cases:',
      '    - {name: one, args: [], expect: 1}',
      '    - {name: two, args: [], expect: 1}',
      '    - name: three', // line 15
      '      args: []',
      '',
    ].join('\n');
    const { bank, file } = await loadWithBroken('coding/bad-case.yaml', text);
    assertSkipped(bank, file, { line: 15, col: 7, message: "exercise.cases[2]: must have required property 'expect'" });
  });

  it('a code question without an exercise says what it needs', async () => {
    const text = 'id: no-exercise\ntitle: T\nkind: code\ndifficulty: easy\nprompt: p\nanswer: a\n';
    const { bank, file } = await loadWithBroken('coding/no-exercise.yaml', text);
    assertSkipped(bank, file, { line: 3, col: 7, message: "kind: a 'code' question needs an 'exercise' section" });
  });

  it('an id that differs from the file name', async () => {
    const { bank, file } = await loadWithBroken('concepts/file-name.yaml', conceptYaml('other-name'));
    assertSkipped(bank, file, { line: 1, col: 5, message: "id 'other-name' must equal the file name 'file-name' (rename the file or change the id)" });
  });

  it('a duplicate id across two files: the second file, at its id, naming the first', async () => {
    const text = `title: My own two sum\n${conceptYaml('two-sum').replace(/^title: .*\n/m, '')}`;
    const { bank, file } = await loadWithBroken('concepts/two-sum.yaml', text);
    assertSkipped(bank, file, { line: 2, col: 1, message: /^duplicate id 'two-sum': already used by coding\/two-sum\.yaml in the built-in bank/ });
    const kept = bank.questions.find((q) => q.id === 'two-sum');
    assert.equal(kept?.origin, 'builtin');
    assert.ok(bank.problems[0].message.includes(path.join(GOOD_BANK, 'coding', 'two-sum.yaml')));
  });

  it('an alias bomb ("billion laughs") is refused quickly', async () => {
    let text = `${header('alias-bomb')}prompt: p\nanswer: a\n`;
    text += 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    for (let i = 1; i <= 9; i++) text += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
    const { result, ms } = await timed(() => loadWithBroken('concepts/alias-bomb.yaml', text));
    assertSkipped(result.bank, result.file, { line: 8, col: 10, message: /billion laughs/ });
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  it('aliases that expand one big anchor many times are refused', async () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `item${i}`).join(', ');
    const text = `${header('alias-wide')}prompt: p\nanswer: a\nx: &big [${big}]\ny: [${Array(90).fill('*big').join(', ')}]\n`;
    const { bank, file } = await loadWithBroken('concepts/alias-wide.yaml', text);
    assertSkipped(bank, file, { line: 8, col: 5, message: /aliases \(\*name\) expand to more than 4 MB of data/ });
  });

  it('a 10 MB file is refused without being parsed', async () => {
    const { result, ms } = await timed(() => loadWithBroken('concepts/huge.yaml', Buffer.alloc(10 * 1024 * 1024, 'a: b\n')));
    assertSkipped(result.bank, result.file, { line: 1, col: 1, message: 'file is 10.0 MB; a question file may be at most 1.0 MB, so it was not read' });
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  it('5,000-deep flow nesting [[[[...]]]] is refused without a stack overflow', async () => {
    // Column 72 is the 64th '[': with the root mapping that is 65 levels.
    const text = `id: deep-flow\nexpect: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const { result, ms } = await timed(() => loadWithBroken('concepts/deep-flow.yaml', text));
    assertSkipped(result.bank, result.file, { line: 2, col: 72, message: /^nested more than 64 levels deep/ });
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  it('5,000-deep unclosed flow nesting [[[[ is refused (it crashed Node inside yaml)', async () => {
    const { bank, file } = await loadWithBroken('concepts/deep-open.yaml', `id: deep-open\nexpect: ${'['.repeat(5000)}\n`);
    assertSkipped(bank, file, { line: 2, col: 72, message: /^nested more than 64 levels deep/ });
  });

  it('5,000-deep flow mappings a: {a: {a: ...}} are refused', async () => {
    const text = `id: deep-map\nexpect: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`;
    const { bank, file } = await loadWithBroken('concepts/deep-map.yaml', text);
    assertSkipped(bank, file, { line: 2, col: 261, message: /^nested more than 64 levels deep/ });
  });

  it('deep block mappings are refused (1,400 levels: the deepest that fits in 1 MB)', async () => {
    let text = 'id: deep-block\n';
    for (let level = 0; level < 1400; level++) text += `${' '.repeat(level)}a:\n`;
    text += `${' '.repeat(1400)}end\n`;
    const { result, ms } = await timed(() => loadWithBroken('concepts/deep-block.yaml', text));
    assertSkipped(result.bank, result.file, { line: 66, col: 65, message: /^nested more than 64 levels deep/ });
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  it('5,000-deep block mappings are refused by size, before parsing', async () => {
    const levels = Array.from({ length: 5000 }, (_, level) => `${' '.repeat(level)}a:\n`);
    const { bank, file } = await loadWithBroken('concepts/deep-block-5k.yaml', `id: deep-block-5k\n${levels.join('')}`);
    assertSkipped(bank, file, { line: 1, col: 1, message: /^file is 11\.9 MB; a question file may be at most 1\.0 MB/ });
  });

  it('5,000-deep block sequences - - - - are refused', async () => {
    const { bank, file } = await loadWithBroken('concepts/deep-seq.yaml', `id: deep-seq\nexpect:\n  ${'- '.repeat(5000)}x\n`);
    assertSkipped(bank, file, { line: 3, col: 129, message: /^nested more than 64 levels deep/ });
  });

  it('a duplicate key', async () => {
    const text = 'id: dup-key\ntitle: First\nkind: concept\ntitle: Second\ndifficulty: easy\nprompt: p\nanswer: a\n';
    const { bank, file } = await loadWithBroken('concepts/dup-key.yaml', text);
    assertSkipped(bank, file, { line: 4, col: 1, message: "duplicate key 'title': each key may appear only once in a mapping" });
  });

  it('an empty file', async () => {
    const { bank, file } = await loadWithBroken('concepts/empty.yaml', '');
    assertSkipped(bank, file, { line: 1, col: 1, message: /^file is empty/ });
  });

  it('a file holding only comments counts as empty', async () => {
    const { bank, file } = await loadWithBroken('concepts/comments.yaml', '# TODO: write this question\n');
    assertSkipped(bank, file, { line: 1, col: 1, message: /^file is empty/ });
  });

  it('a file that is a YAML list instead of a mapping', async () => {
    const { bank, file } = await loadWithBroken('concepts/a-list.yaml', '- id: a-list\n- title: T\n');
    assertSkipped(bank, file, { line: 1, col: 1, message: 'a question file must be a mapping (id: ..., title: ...), but this file holds a list' });
  });

  it('two YAML documents in one file', async () => {
    const { bank, file } = await loadWithBroken('concepts/two-docs.yaml', `${conceptYaml('two-docs')}---\nid: second\n`);
    assertSkipped(bank, file, { line: 10, col: 1, message: /^more than one YAML document/ });
  });

  it('values JSON cannot hold (.nan), since checks are JSON in, JSON out', async () => {
    const text = 'id: not-json\ntitle: T\nkind: code\ndifficulty: easy\nprompt: p\nanswer: a\nexercise:\n  cases:\n    - expect: .nan\n';
    const { bank, file } = await loadWithBroken('coding/not-json.yaml', text);
    assertSkipped(bank, file, { line: 9, col: 15, message: /^not a JSON value/ });
  });

  it('a file with a huge number of tokens is refused quickly', async () => {
    const text = `${header('many-tokens')}prompt: p\nanswer: a\ntags: [${Array(60_000).fill('x').join(',')}]\n`;
    const { result, ms } = await timed(() => loadWithBroken('concepts/many-tokens.yaml', text));
    assertSkipped(result.bank, result.file, { line: 7, col: 66_643, message: /^more than 100,000 YAML tokens/ });
    assert.ok(ms < 1500, `took ${ms} ms`);
  });

  it('a mapping with thousands of keys is checked for duplicates in linear time', async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `  k${i}: 1`).join('\n');
    const text = `${header('many-keys')}prompt: p\nanswer: a\nexpect:\n${keys}\n  k7: 2\n`;
    const { result, ms } = await timed(() => loadWithBroken('concepts/many-keys.yaml', text));
    assertSkipped(result.bank, result.file, { line: 10_008, col: 3, message: "duplicate key 'k7': each key may appear only once in a mapping" });
    assert.ok(ms < 1500, `took ${ms} ms`);
  });
});

describe('bank: parseQuestionFile', () => {
  it('returns the question with its category, file and origin', () => {
    const result = parseQuestionFile(conceptYaml('solo'), '/bank/concepts/solo.yaml', 'concepts', 'user');
    assert.deepEqual(result.problems, []);
    assert.equal(result.question?.id, 'solo');
    assert.equal(result.question?.category, 'concepts');
    assert.equal(result.question?.origin, 'user');
    assert.equal(result.question?.file, '/bank/concepts/solo.yaml');
    assert.deepEqual(result.idPosition, { line: 1, col: 1 });
  });

  it('reports every schema problem of a file, in file order', () => {
    const text = 'id: many\ntitle: ""\nkind: concept\ndifficulty: extreme\nprompt: p\nanswer: a\ntags: [ok, 3]\n';
    const result = parseQuestionFile(text, '/bank/concepts/many.yaml', 'concepts', 'user');
    assert.equal(result.question, undefined);
    assert.deepEqual(result.problems.map((p) => `${p.line}:${p.col}: ${p.message}`), [
      '2:8: title: must not be empty',
      "4:13: difficulty: must be one of easy, medium, hard (found 'extreme')",
      '7:12: tags[1]: must be a string, not a number (3)',
    ]);
  });

  it('explains a fixture file with two contents', () => {
    const text = [
      'id: fixture', 'title: T', 'kind: code', 'difficulty: easy', 'prompt: p', 'answer: a',
      'exercise:', '  languages: [python]', '  entry: f', '  starter: {python: x}', '  solution: {python: x}',
      '  cases:', '    - name: one', '      args: []', '      expect: 1', '      fixture:', '        files:',
      '          - {path: a.txt, text: hi, size: 3}', '',
    ].join('\n');
    const result = parseQuestionFile(text, '/bank/coding/fixture.yaml', 'coding', 'builtin');
    assert.deepEqual(result.problems.map((p) => `${p.line}:${p.col}: ${p.message}`), [
      "18:13: exercise.cases[0].fixture.files[0]: has 'text' and 'size'; use only one of text, base64, size, symlink, directory",
    ]);
  });

  it('keeps a file with only a warning (an unknown tag) and reports the warning', () => {
    const result = parseQuestionFile(`${conceptYaml('tagged')}why: !note Because\n`, '/bank/concepts/tagged.yaml', 'concepts', 'user');
    assert.equal(result.question?.why, 'Because');
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0].severity, 'warning');
    assert.equal(result.problems[0].line, 10);
  });
});

describe('bank: categories', () => {
  it('labels known folders and title-cases others', () => {
    assert.equal(categoryLabel('concepts'), 'Concepts');
    assert.equal(categoryLabel('coding'), 'Coding');
    assert.equal(categoryLabel('sql'), 'SQL');
    assert.equal(categoryLabel('behavioral'), 'Behavioral');
    assert.equal(categoryLabel('interview-day'), 'Interview day');
    assert.equal(categoryLabel('system-design'), 'System Design');
    assert.equal(categoryLabel('networking'), 'Networking');
  });

  it('orders known categories first, then the rest alphabetically', async () => {
    assert.deepEqual(CATEGORY_ORDER.slice(0, 4), ['concepts', 'coding', 'sql', 'behavioral']);
    const dir = await tempBank({
      'zeta/z.yaml': conceptYaml('z'),
      'alpha/a.yaml': conceptYaml('a'),
      'sql/s.yaml': conceptYaml('s'),
      'concepts/c.yaml': conceptYaml('c'),
    });
    const bank = await loadBank([{ dir, origin: 'user' }]);
    assert.deepEqual(bank.categories, ['concepts', 'sql', 'alpha', 'zeta']);
    await cleanupTempDirs();
  });
});
