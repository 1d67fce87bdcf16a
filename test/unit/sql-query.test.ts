// Run query (SqlEngine.query) on a real PGlite worker, and the statement ranges the editor's
// "Run query" CodeLens and "statement under the cursor" use.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseQuestionFile } from '../../src/core/bank/parse';
import type { Question } from '../../src/core/bank/question';
import { SqlEngine } from '../../src/core/sql/engine';
import type { SqlQueryResult } from '../../src/core/sql/query';
import { statementAt, statementRanges } from '../../src/core/sql/statements';
import { ensureSqlWorker, REPO_ROOT } from './fixtures/sql/worker';



function sqlQuestion(name: string): Question {
  const file = path.join(REPO_ROOT, 'questions', 'sql', name);
  const parsed = parseQuestionFile(fs.readFileSync(file, 'utf8'), file, 'sql', 'builtin');
  if (!parsed.question) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.question;
}

describe('sql statements: ranges and the statement under the cursor', () => {
  const FILE = '-- my answers\nSELECT 1;\n\n/* second */\nSELECT \'a;b\'\n  FROM t ; -- trailing\n\nSELECT 3';

  it('statementRanges gives each statement with its offsets, comments outside left out', () => {
    const ranges = statementRanges(FILE);
    assert.deepEqual(
      ranges.map((r) => r.text),
      ['SELECT 1', "SELECT 'a;b'\n  FROM t", 'SELECT 3'],
    );
    for (const r of ranges) assert.equal(FILE.slice(r.start, r.end), r.text);
    assert.equal(ranges[0].start, FILE.indexOf('SELECT 1'));
  });

  it('statementAt: inside a statement, on its `;`, after it on the same line, and between statements', () => {
    const second = FILE.indexOf("SELECT 'a");
    assert.equal(statementAt(FILE, second + 3)?.text, "SELECT 'a;b'\n  FROM t");
    // Inside the quoted ';' it is still the same statement.
    assert.equal(statementAt(FILE, FILE.indexOf('a;b') + 1)?.text, "SELECT 'a;b'\n  FROM t");
    // Just after the first `;` (end of its line): the first statement.
    assert.equal(statementAt(FILE, FILE.indexOf('SELECT 1;') + 9)?.text, 'SELECT 1');
    // On the trailing comment of the second statement's line: the second statement.
    assert.equal(statementAt(FILE, FILE.indexOf('-- trailing') + 3)?.text, "SELECT 'a;b'\n  FROM t");
    // On the comment line above the second statement: the statement below it.
    assert.equal(statementAt(FILE, FILE.indexOf('/* second */') + 2)?.text, "SELECT 'a;b'\n  FROM t");
    // At the very start (the header comment): the first statement.
    assert.equal(statementAt(FILE, 0)?.text, 'SELECT 1');
    // At the end of a file whose last statement has no `;`.
    assert.equal(statementAt(FILE, FILE.length)?.text, 'SELECT 3');
    assert.equal(statementAt('-- nothing\n', 3), undefined);
    assert.deepEqual(statementRanges(''), []);
  });
});

describe('sql engine: Run query', function () {
  this.timeout(60_000);
  let engine: SqlEngine;
  const S1_23 = sqlQuestion('paid-customers-where-having.yaml');
  const S1_33 = sqlQuestion('index-for-slow-activity-feed.yaml');
  const whole = (source: string, limits?: Parameters<SqlEngine['query']>[0]['limits']): Promise<SqlQueryResult> =>
    engine.query({ question: S1_23, source, start: 0, end: source.length, ...(limits ? { limits } : {}) });

  before(function () {
    this.timeout(120_000);
    ensureSqlWorker();
    engine = new SqlEngine({ extensionRoot: REPO_ROOT });
  });
  after(() => engine.dispose());

  it('runs a SELECT on the seed data: columns with types, rows as text, not truncated', async () => {
    const result = await whole('SELECT id, name FROM customers WHERE id <= 2 ORDER BY id;');
    assert.equal(result.kind, 'rows', JSON.stringify(result));
    if (result.kind !== 'rows') return;
    assert.deepEqual(result.columns, [
      { name: 'id', typeId: 23 },
      { name: 'name', typeId: 25 },
    ]);
    assert.deepEqual(result.rows, [
      ['1', 'Ana Costa'],
      ['2', 'Ben Okafor'],
    ]);
    assert.equal(result.truncated, false);
    assert.ok(result.ms >= 0);
  });

  it('runs only the text between start and end; an error points at the line and column in the whole file', async () => {
    const source = 'SELECT 1 AS one;\n\nSELECT id,\n       nope\nFROM customers;\n';
    const first = await engine.query({ question: S1_23, source, start: 0, end: source.indexOf(';') + 1 });
    assert.equal(first.kind, 'rows');
    if (first.kind === 'rows') assert.deepEqual(first.rows, [['1']]);
    const start = source.indexOf('SELECT id');
    const second = await engine.query({ question: S1_23, source, start, end: source.length });
    assert.equal(second.kind, 'error');
    if (second.kind !== 'error') return;
    assert.match(second.message, /column "nope" does not exist/);
    assert.deepEqual(second.location, { line: 4, col: 8 });
  });

  it('caps the rows at 500 and says the result was truncated', async () => {
    const result = await whole('SELECT g FROM generate_series(1, 100000) AS g;');
    assert.equal(result.kind, 'rows');
    if (result.kind !== 'rows') return;
    assert.equal(result.rows.length, 500);
    assert.equal(result.truncated, true);
    assert.deepEqual(result.rows[499], ['500']);
  });

  it('caps the bytes too: 10 MB of text is cut, not shipped', async () => {
    const result = await whole("SELECT repeat('x', 100000) AS big FROM generate_series(1, 100);", { maxBytes: 250_000 });
    assert.equal(result.kind, 'rows');
    if (result.kind !== 'rows') return;
    assert.equal(result.truncated, true);
    assert.equal(result.rows.length, 2);
  });

  it('a statement without rows gives its command tag, and nothing persists between runs', async () => {
    const inserted = await whole("INSERT INTO customers (id, name) VALUES (99, 'Temp Person');");
    assert.deepEqual({ ...inserted, ms: 0 }, { kind: 'no-rows', command: 'INSERT 0 1', ms: 0 });
    const dropped = await whole('DROP TABLE orders;');
    assert.equal(dropped.kind, 'no-rows');
    if (dropped.kind === 'no-rows') assert.equal(dropped.command, 'DROP TABLE');
    const count = await whole('SELECT count(*) AS n FROM customers;');
    assert.equal(count.kind, 'rows');
    if (count.kind === 'rows') assert.deepEqual(count.rows, [['6']]);
    const orders = await whole('SELECT count(*) FROM orders;');
    assert.equal(orders.kind, 'rows');
  });

  it('refuses empty text, several statements, psql meta-commands and transaction control, with clear messages', async () => {
    const empty = await engine.query({ question: S1_23, source: 'SELECT 1;\n-- just a comment\n', start: 10, end: 27 });
    assert.equal(empty.kind, 'error');
    if (empty.kind === 'error') assert.equal(empty.message, 'no SQL statement to run here');
    const two = await whole('SELECT 1;\nSELECT 2;');
    assert.equal(two.kind, 'error');
    if (two.kind === 'error') {
      assert.match(two.message, /expects one statement|select one statement/);
      assert.deepEqual(two.location, { line: 2, col: 1 });
    }
    const meta = await whole('\\dt');
    assert.equal(meta.kind, 'error');
    if (meta.kind === 'error') assert.equal(meta.message, 'psql meta-commands like \\dt are not SQL; remove them');
    const commit = await whole('COMMIT;');
    assert.equal(commit.kind, 'error');
    if (commit.kind === 'error') assert.match(commit.message, /^COMMIT is not allowed here/);
  });

  it('a script exercise may run a selection of several statements: the last one is shown', async () => {
    const source = 'CREATE INDEX ON events (user_id, created_at);\nEXPLAIN (COSTS OFF) SELECT id FROM events WHERE user_id = 3242 ORDER BY created_at DESC LIMIT 20;';
    const result = await engine.query({ question: S1_33, source, start: 0, end: source.length });
    assert.equal(result.kind, 'rows', JSON.stringify(result));
    if (result.kind !== 'rows') return;
    const plan = result.rows.map((r) => r[0]).join('\n');
    assert.match(plan, /Index Scan Backward using events_user_id_created_at_idx/);
    // …and the index did not persist.
    const again = await engine.query({ question: S1_33, source, start: source.indexOf('EXPLAIN'), end: source.length });
    assert.equal(again.kind, 'rows');
    if (again.kind === 'rows') assert.match(again.rows.map((r) => r[0]).join('\n'), /Seq Scan on events/);
  });

  it('pg_sleep(1000) is a timeout; the worker is killed and the next query works', async () => {
    const started = Date.now();
    const result = await whole('SELECT pg_sleep(1000);', { statementTimeoutMs: 1000 });
    assert.equal(result.kind, 'timeout', JSON.stringify(result));
    if (result.kind === 'timeout') assert.match(result.message, /ran longer than 1 s/);
    assert.ok(Date.now() - started < 8000);
    const next = await whole('SELECT 1;');
    assert.equal(next.kind, 'rows');
  });

  it('an AbortSignal cancels a running query', async () => {
    await whole('SELECT 1;');
    const controller = new AbortController();
    const pending = engine.query({ question: S1_23, source: 'SELECT pg_sleep(1000);', start: 0, end: 22, signal: controller.signal });
    setTimeout(() => controller.abort(), 500);
    const result = await pending;
    assert.equal(result.kind, 'cancelled');
    const aborted = new AbortController();
    aborted.abort();
    assert.equal((await engine.query({ question: S1_23, source: 'SELECT 1', start: 0, end: 8, signal: aborted.signal })).kind, 'cancelled');
  });

  it('queries are queued with check runs: a query sent during a run answers after it', async () => {
    const order: string[] = [];
    const run = engine.run({ question: S1_23, file: 'answer.sql', source: S1_23.sql!.solution }).then((r) => {
      order.push('run');
      return r;
    });
    const query = whole('SELECT 42;').then((r) => {
      order.push('query');
      return r;
    });
    const [report, result] = await Promise.all([run, query]);
    assert.equal(report.passed, true);
    assert.equal(result.kind, 'rows');
    assert.deepEqual(order, ['run', 'query']);
  });

  it('warm() starts the worker ahead of the first query', async () => {
    const early = new SqlEngine({ extensionRoot: REPO_ROOT });
    try {
      assert.equal(early.workerPid, undefined);
      await early.warm();
      const pid = early.workerPid;
      assert.ok(pid);
      const result = await early.query({ question: S1_23, source: 'SELECT 2', start: 0, end: 8 });
      assert.equal(result.kind, 'rows');
      assert.equal(early.workerPid, pid);
      assert.equal(early.stats.workersStarted, 1);
    } finally {
      early.dispose();
    }
  });

  it('setIdleMs changes the idle time of a running engine', async () => {
    const idle = new SqlEngine({ extensionRoot: REPO_ROOT, idleMs: 600_000 });
    try {
      const result = await idle.query({ question: S1_23, source: 'SELECT 1', start: 0, end: 8 });
      assert.equal(result.kind, 'rows');
      const pid = idle.workerPid!;
      assert.ok(pid);
      idle.setIdleMs(200);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(idle.workerPid, undefined);
      assert.throws(() => idle.setIdleMs(0), /positive/);
    } finally {
      idle.dispose();
    }
  });
});
