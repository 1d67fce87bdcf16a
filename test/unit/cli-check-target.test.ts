// Which question and language `interview-drills check FILE` picks, and what it says when it
// cannot: in-process, no engine needed.
import * as assert from 'node:assert/strict';
import type { Language, Question } from '../../src/core/bank/question';
import { resolveTarget, type TargetRequest, type TargetResult } from '../../src/cli/checkTarget';
import { starterText } from '../../src/core/scratch';

const base = { difficulty: 'medium', answer: 'a', prompt: 'p', file: '/bank/x.yaml', origin: 'builtin' } as const;

function codeQuestion(id: string, languages: Language[]): Question {
  return {
    ...base,
    id,
    title: id,
    kind: 'code',
    category: 'coding',
    exercise: { languages, entry: 'f', starter: {}, solution: {}, cases: [{ name: 'c', args: [], expect: 1 }] },
  };
}

const dupes = codeQuestion('find-duplicate-files', ['typescript', 'javascript', 'python']);
const twoSum = codeQuestion('two-sum', ['typescript', 'python']);
const sql: Question = {
  ...base,
  id: 'paid-customers',
  title: 'Paid customers',
  kind: 'sql',
  category: 'sql',
  sql: { schema: 'CREATE TABLE t (x int);', solution: 'SELECT 1;', cases: [{ name: 'x' }] },
};
const concept: Question = { ...base, id: 'cap-theorem', title: 'CAP', kind: 'concept', category: 'concepts' };
const questions = new Map([dupes, twoSum, sql, concept].map((q) => [q.id, q]));

function resolve(request: Partial<TargetRequest> & { file: string }): TargetResult {
  return resolveTarget({ head: '', ...request }, questions);
}

function target(result: TargetResult): { id: string; language: string } {
  assert.ok('target' in result, 'error' in result ? result.error : '');
  return { id: result.target.question.id, language: result.target.language };
}

function error(result: TargetResult): string {
  assert.ok('error' in result, 'expected an error');
  return result.error;
}

describe('check: which question and language', () => {
  it('--question wins over the file name and header; the language comes from the extension', () => {
    const head = '// Interview Drills question: two-sum\n';
    assert.deepEqual(target(resolve({ file: '/tmp/two-sum.ts', head, questionId: 'find-duplicate-files' })), {
      id: 'find-duplicate-files',
      language: 'typescript',
    });
  });

  it('a scratch file name <id>.<ext> is enough', () => {
    assert.deepEqual(target(resolve({ file: '/work/answers/find-duplicate-files.py' })), { id: 'find-duplicate-files', language: 'python' });
    assert.deepEqual(target(resolve({ file: 'find-duplicate-files.js' })), { id: 'find-duplicate-files', language: 'javascript' });
  });

  it('otherwise the header comment the extension writes', () => {
    const head = starterText(dupes, 'python');
    assert.deepEqual(target(resolve({ file: '/tmp/attempt-2.py', head })), { id: 'find-duplicate-files', language: 'python' });
    // A name that looks like an id but is not a question falls through to the header.
    assert.deepEqual(target(resolve({ file: '/tmp/solution.py', head })), { id: 'find-duplicate-files', language: 'python' });
  });

  it('--lang overrides the extension, in short or long form', () => {
    assert.equal(target(resolve({ file: 'answer.txt', questionId: 'two-sum', lang: 'py' })).language, 'python');
    assert.equal(target(resolve({ file: 'find-duplicate-files.ts', lang: 'js' })).language, 'javascript');
    assert.equal(target(resolve({ file: 'x.ts', questionId: 'two-sum', lang: 'TypeScript' })).language, 'typescript');
    assert.match(error(resolve({ file: 'x.ts', questionId: 'two-sum', lang: 'rust' })), /^--lang must be ts, js or py \(got 'rust'\)$/);
  });

  it('an unknown --question says how to find the ids', () => {
    assert.equal(
      error(resolve({ file: 'x.ts', questionId: 'no-such' })),
      "no question 'no-such' in the bank; pass --question ID ('interview-drills list' shows the ids; --bank DIR adds your own questions)",
    );
  });

  it('a file that names no question says to pass --question', () => {
    assert.match(error(resolve({ file: '/tmp/Solution.ts', head: 'export function f() {}\n' })), /^cannot tell which question Solution\.ts answers: .*pass --question ID/);
    assert.match(error(resolve({ file: '/tmp/solution.ts' })), /^no question 'solution' \(from the file name of solution\.ts\) in the bank; pass --question ID/);
    assert.match(
      error(resolve({ file: '/tmp/Attempt.ts', head: '// Interview Drills question: gone-now\n' })),
      /^no question 'gone-now' \(from the header comment of Attempt\.ts\) in the bank/,
    );
  });

  it('SQL questions go to the SQL engine, written questions to the rubric', () => {
    const sqlTarget = resolve({ file: 'q.sql', questionId: 'paid-customers' });
    assert.ok('sql' in sqlTarget && sqlTarget.sql.id === 'paid-customers');
    const written = resolve({ file: 'cap-theorem.md' });
    assert.ok('written' in written && written.written.id === 'cap-theorem');
  });

  it('a language the exercise does not offer names the ones it does', () => {
    assert.equal(
      error(resolve({ file: 'two-sum.js' })),
      "'two-sum' is not offered in JavaScript, only in TypeScript, Python: write the answer in one of those (or pass --lang)",
    );
  });

  it('an extension it cannot read asks for --lang', () => {
    assert.equal(error(resolve({ file: '/tmp/answer.rb', questionId: 'two-sum' })), 'cannot tell the language of answer.rb from its extension .rb; pass --lang ts, js or py');
    assert.match(error(resolve({ file: '/tmp/answer', questionId: 'two-sum' })), /from a file without an extension; pass --lang/);
  });
});
