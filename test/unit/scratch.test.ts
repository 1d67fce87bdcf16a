import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { loadBank } from '../../src/core/bank/loader';
import type { Question } from '../../src/core/bank/question';
import {
  answerLanguageFor,
  parseScratchFileName,
  questionIdFromHeader,
  SCRIPT_SUPPORT_FILES,
  scratchFileName,
  starterText,
} from '../../src/core/scratch';

const base = { difficulty: 'medium', answer: 'a', file: '/x.yaml', origin: 'builtin' } as const;

const code: Question = {
  ...base,
  id: 'find-duplicate-files',
  title: 'Find duplicate files',
  kind: 'code',
  category: 'coding',
  prompt: 'Find them.',
  exercise: {
    languages: ['typescript', 'python'],
    entry: 'findDuplicates',
    starter: { typescript: 'export function findDuplicates(dir: string): string[][] {\n  return [];\n}\n', python: 'def findDuplicates(d):\n    return []\n' },
    solution: { typescript: '', python: '' },
    cases: [{ name: 'x', args: [], expect: [] }],
  },
};

const sql: Question = {
  ...base,
  id: 'where-vs-having',
  title: 'WHERE vs HAVING',
  kind: 'sql',
  category: 'sql',
  prompt: 'List customers with more than two paid orders.',
  sql: { schema: 'CREATE TABLE orders (id int, customer text, paid boolean);', seed: "INSERT INTO orders VALUES (1, 'ann', true);", solution: 'SELECT 1;', cases: [{ name: 'x' }] },
};

const behavioral: Question = { ...base, id: 'criticism', title: 'Criticism', kind: 'behavioral', category: 'behavioral', prompt: 'Tell me about a time\nyou were criticised.' };

describe('scratch files', () => {
  it('names files after the question and language, and reads the names back', () => {
    assert.equal(scratchFileName('find-duplicate-files', 'python'), 'find-duplicate-files.py');
    assert.deepEqual(parseScratchFileName('find-duplicate-files.ts'), { questionId: 'find-duplicate-files', language: 'typescript' });
    assert.deepEqual(parseScratchFileName('where-vs-having.sql'), { questionId: 'where-vs-having', language: 'sql' });
    assert.equal(parseScratchFileName('notes.txt'), undefined);
    assert.equal(parseScratchFileName('Bad Name.ts'), undefined);
  });

  it('starts a code answer with a header naming the question, then the starter', () => {
    const text = starterText(code, 'python');
    assert.match(text, /^# Interview Drills question: find-duplicate-files\n/);
    assert.ok(text.includes('def findDuplicates(d):\n    return []'));
    assert.equal(questionIdFromHeader(text), 'find-duplicate-files');
    assert.match(starterText(code, 'typescript'), /^\/\/ Interview Drills question: find-duplicate-files/);
  });

  it('puts the schema and sample rows of a SQL exercise in a comment', () => {
    const text = starterText(sql, 'sql');
    assert.ok(text.includes('-- CREATE TABLE orders (id int, customer text, paid boolean);'));
    assert.ok(text.includes("-- INSERT INTO orders VALUES (1, 'ann', true);"));
    assert.ok(text.includes('-- List customers with more than two paid orders.'));
    for (const line of text.split('\n').filter((l) => l.includes('CREATE') || l.includes('INSERT'))) {
      assert.ok(line.startsWith('--'), `schema line must be a comment: ${line}`);
    }
    assert.equal(questionIdFromHeader(text), 'where-vs-having');
  });

  it('gives behavioral answers a STAR template with the question quoted', () => {
    const text = starterText(behavioral, 'markdown');
    for (const heading of ['## Situation', '## Task', '## Action', '## Result']) assert.ok(text.includes(heading), heading);
    assert.ok(text.includes('> Tell me about a time\n> you were criticised.'));
    assert.equal(questionIdFromHeader(text), 'criticism');
  });

  it('chooses the answer language from the kind and the preference', () => {
    assert.equal(answerLanguageFor(sql, 'python'), 'sql');
    assert.equal(answerLanguageFor(behavioral, undefined), 'markdown');
    assert.equal(answerLanguageFor(code, 'python'), 'python');
    assert.equal(answerLanguageFor(code, 'javascript'), undefined, 'a language the exercise does not offer means asking');
  });
});

describe('TypeScript answers in the scratch folder', () => {
  it('type-check without node_modules, thanks to the support files', async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drills-shim-'));
    try {
      for (const file of SCRIPT_SUPPORT_FILES) {
        fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
        fs.writeFileSync(path.join(dir, file.path), file.text);
      }
      const bank = await loadBank([{ dir: path.join(__dirname, '..', '..', '..', 'questions'), origin: 'builtin' }]);
      const coding = bank.questions.filter((q) => q.exercise?.languages.includes('typescript'));
      assert.ok(coding.length > 0);
      for (const q of coding) {
        fs.writeFileSync(path.join(dir, `${q.id}.ts`), starterText(q, 'typescript'));
        fs.writeFileSync(path.join(dir, `${q.id}-solution.ts`), q.exercise!.solution.typescript!);
      }
      const config = ts.readConfigFile(path.join(dir, 'tsconfig.json'), ts.sys.readFile);
      const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
      const program = ts.createProgram(parsed.fileNames, parsed.options);
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      assert.deepEqual(diagnostics, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
