// Code exercises with a database: the answer builds { text, params }, the check engine runs it on
// PGlite through the SQL engine and compares rows. The s1-21 exercise's references pass, its
// starter leaks rows to the attacks, and the edges hold (wrong shape, no executor, time, state).
import * as assert from 'node:assert/strict';
import type { CodeCase, Language, Question } from '../../src/core/bank/question';
import type { CaseVerdict } from '../../src/core/checks/types';
import { readBuiltQuery, type SqlExecutor } from '../../src/core/runners/database';
import { SqlEngine } from '../../src/core/sql/engine';
import { builtinQuestion, codeQuestion, Sandbox } from './fixtures/engine/helpers';
import { ensureSqlWorker, REPO_ROOT } from './fixtures/sql/worker';

const LANGUAGES: Language[] = ['typescript', 'javascript', 'python'];


/** A small exercise of our own: `build(input)` returns whatever query the test's answer builds. */
function tinyQuestion(cases: CodeCase[]): Question {
  const question = codeQuestion('sql-injection-test-tiny', 'build', cases);
  question.exercise!.database = {
    schema: 'CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);',
    seed: "INSERT INTO users VALUES (1, 'Ann'), (2, 'Bo'), (3, 'Cy');",
  };
  return question;
}

const byName = (report: { cases: CaseVerdict[] }, name: string): CaseVerdict => {
  const found = report.cases.find((c) => c.name === name);
  assert.ok(found, `no case named ${name}`);
  return found;
};

describe('sql injection: code exercises that build a query', function () {
  this.timeout(60_000);
  let box: Sandbox;
  let sql: SqlEngine;
  before(() => {
    ensureSqlWorker();
    box = new Sandbox();
    sql = new SqlEngine({ extensionRoot: REPO_ROOT });
  });
  after(() => {
    box.cleanup();
    sql.dispose();
  });

  const question = builtinQuestion('sql-injection-safe-search');
  const exercise = question.exercise!;

  for (const language of LANGUAGES) {
    it(`sql-injection-safe-search: the ${language} reference passes every case on PostgreSQL`, async () => {
      const report = await box.engine.run({ question, language, file: box.answer(language, exercise.solution[language]!), sql });
      assert.deepEqual(report.cases.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.status} ${c.message}`), []);
      assert.equal(report.cases.length, exercise.cases.length);
      assert.equal(report.passed, true);
    });
  }

  it('the starter fails the attacks, and the verdicts show the rows it leaked', async () => {
    const report = await box.engine.run({ question, language: 'javascript', file: box.answer('javascript', exercise.starter.javascript!), sql });
    assert.equal(report.passed, false);
    assert.equal(byName(report, 'no filters: every user, by id').status, 'passed', 'ordinary searches still work');

    const orTrue = byName(report, "attack: ' OR '1'='1 in the status");
    assert.equal(orTrue.status, 'failed');
    assert.match(orTrue.message ?? '', /expected 0 rows, got 12/);
    assert.match(orTrue.message ?? '', /status = 'active' OR '1'='1'/, 'the message shows the query that ran');
    const leaked = (orTrue.actual as { rows: unknown[][] }).rows;
    assert.equal(leaked.length, 12);
    assert.ok(leaked.some((row) => row[2] === 'suspended'), 'rows the filter should have kept out');

    const union = byName(report, 'attack: UNION SELECT from the secrets table');
    assert.equal(union.status, 'failed');
    const unionRows = (union.actual as { rows: unknown[][] }).rows;
    assert.ok(unionRows.some((row) => String(row[1]).startsWith('$2b$12$') && row[2] === 'leaked'), JSON.stringify(unionRows));

    const stacked = byName(report, 'attack: a stacked DROP TABLE in the name');
    assert.equal(stacked.status, 'failed');
    assert.match(stacked.message ?? '', /holds 2 statements/);

    const apostrophe = byName(report, "a name with an apostrophe: O'Brien");
    assert.equal(apostrophe.status, 'failed');
    assert.match(apostrophe.message ?? '', /syntax error/);

    const sortOracle = byName(report, 'attack: sorting by a subquery on secrets falls back to id');
    assert.equal(sortOracle.status, 'failed');
    assert.match(sortOracle.message ?? '', /wrong order/);
  });

  it('a value of the wrong shape gets a verdict that says what to return', async () => {
    const tiny = tinyQuestion([
      { name: 'a string', args: ['Ann'], expect: [{ id: 1, name: 'Ann' }] },
      { name: 'no params', args: ['Bo'], expect: [{ id: 2, name: 'Bo' }] },
      { name: 'a param that is an object', args: ['Cy'], expect: [{ id: 3, name: 'Cy' }] },
    ]);
    const answer = `export function build(name: string): unknown {
  if (name === 'Ann') return "SELECT id, name FROM users WHERE name = 'Ann'";
  if (name === 'Bo') return { text: 'SELECT id, name FROM users WHERE name = $1' };
  return { text: 'SELECT id, name FROM users WHERE name = $1', params: [{ name }] };
}
`;
    const report = await box.run(tiny, 'typescript', answer, { sql });
    assert.deepEqual(report.cases.map((c) => c.status), ['failed', 'failed', 'failed']);
    assert.match(report.cases[0].message ?? '', /returned a string .*return \{ text: /);
    assert.match(report.cases[1].message ?? '', /no "params" list/);
    assert.match(report.cases[2].message ?? '', /params\[0\] is an object/);

    const python = await box.run(tiny, 'python', 'def build(name):\n    return ("SELECT 1", [])\n', { sql });
    assert.match(python.cases[0].message ?? '', /returned a list of 2.*return a dict \{"text"/);

    assert.deepEqual(readBuiltQuery({ text: 'SELECT $1', params: [1, 'a', null, true, [1, 2]] }, 'javascript', 'build'), {
      text: 'SELECT $1',
      params: [1, 'a', null, true, [1, 2]],
    });
  });

  it('without a SQL executor the cases error clearly, and a right answer still passes with one', async () => {
    const tiny = tinyQuestion([{ name: 'by name', args: ['Bo'], expect: [{ id: 2, name: 'Bo' }] }]);
    const answer = "module.exports = { build: (name) => ({ text: 'SELECT id, name FROM users WHERE name = $1', params: [name] }) };\n";
    const without = await box.run(tiny, 'javascript', answer);
    assert.equal(without.cases[0].status, 'error');
    assert.match(without.cases[0].message ?? '', /no SQL engine was given/);
    const withSql = await box.run(tiny, 'javascript', answer, { sql });
    assert.equal(withSql.cases[0].status, 'passed', withSql.cases[0].message);
  });

  it('a query that runs too long is stopped by the statement timeout', async () => {
    const tiny = tinyQuestion([
      { name: 'slow', args: [2], expect: [] },
      { name: 'quick after it', args: [0], expect: [{ id: 1 }] },
    ]);
    const answer = `export function build(seconds: number) {
  return seconds > 0 ? { text: 'SELECT id FROM users WHERE pg_sleep($1) IS NOT NULL', params: [seconds] } : { text: 'SELECT id FROM users WHERE id = $1', params: [1] };
}
`;
    const short: SqlExecutor = { runBuiltQuery: (request) => sql.runBuiltQuery({ ...request, limits: { statementTimeoutMs: 300 } }) };
    const started = Date.now();
    const report = await box.run(tiny, 'typescript', answer, { sql: short });
    assert.equal(report.cases[0].status, 'timeout', report.cases[0].message);
    assert.match(report.cases[0].message ?? '', /longer than 0\.3 s/);
    assert.equal(report.cases[1].status, 'passed', report.cases[1].message);
    assert.ok(Date.now() - started < 10_000);
  });

  it('hostile statements stay inside the rolled-back transaction; transaction control is refused', async () => {
    const tiny = tinyQuestion([
      { name: 'drop', args: ['DROP TABLE users'], expect: [] },
      { name: 'delete', args: ['DELETE FROM users RETURNING id'], expect: [{ id: 1 }, { id: 2 }, { id: 3 }] },
      { name: 'commit', args: ['COMMIT'], expect: [] },
      { name: 'commit behind a comment', args: ['/* x */ commit'], expect: [] },
      { name: 'still three rows', args: ['SELECT count(*)::int AS n FROM users'], expect: [{ n: 3 }] },
      { name: 'an expected error', args: ['SELECT nope FROM users'], expect: { error: '42703' } },
      { name: 'inspect after the query', args: ['DELETE FROM users WHERE id = 1'], database: { inspect: 'SELECT id FROM users' }, expect: [{ id: 2 }, { id: 3 }] },
    ]);
    const answer = 'def build(text):\n    return {"text": text, "params": []}\n';
    const report = await box.run(tiny, 'python', answer, { sql });
    const [drop, del, commit, hidden, count, expectedError, inspect] = report.cases;
    assert.equal(drop.status, 'failed');
    assert.match(drop.message ?? '', /returned no rows/);
    assert.equal(del.status, 'passed', del.message);
    assert.equal(commit.status, 'failed');
    assert.match(commit.message ?? '', /COMMIT is not allowed/);
    assert.equal(hidden.status, 'failed');
    assert.match(hidden.message ?? '', /COMMIT is not allowed/);
    assert.equal(count.status, 'passed', `the table keeps its rows: ${count.message}`);
    assert.equal(expectedError.status, 'passed', expectedError.message);
    assert.equal(inspect.status, 'passed', inspect.message);
  });
});
