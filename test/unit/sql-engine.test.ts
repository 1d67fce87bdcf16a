// The SQL engine on a real PGlite worker process: the s1-23 exercise's reference passes, wrong
// answers fail with row diffs, and every bound holds (time, rows, bytes, memory, state, files).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseQuestionFile } from '../../src/core/bank/parse';
import type { Question } from '../../src/core/bank/question';
import { SqlEngine, type SqlRunReport } from '../../src/core/sql/engine';
import { ensureSqlWorker, REPO_ROOT } from './fixtures/sql/worker';




function sqlQuestion(file: string): Question {
  const parsed = parseQuestionFile(fs.readFileSync(file, 'utf8'), file, 'sql', 'builtin');
  if (!parsed.question) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.question;
}

const S1_23 = sqlQuestion(path.join(REPO_ROOT, 'questions', 'sql', 'paid-customers-where-having.yaml'));

/** A small exercise of our own, with one case, for the bounds. */
const TINY: Question = {
  ...S1_23,
  id: 'sql-engine-test-tiny',
  sql: {
    schema: 'CREATE TABLE t (id integer PRIMARY KEY, v text);',
    seed: "INSERT INTO t VALUES (1, 'a'), (2, 'b');",
    solution: 'SELECT id, v FROM t;',
    cases: [{ name: 'only case' }],
  },
};

const WRONG_HAVING = `SELECT c.id AS customer_id, c.name, COUNT(*) AS paid_orders, SUM(o.amount) AS paid_total
FROM customers AS c
JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id, c.name, o.status
HAVING o.status = 'paid' AND SUM(o.amount) >= 500;
`;

const NO_WHERE = `SELECT c.id AS customer_id, c.name, COUNT(*) AS paid_orders, SUM(o.amount) AS paid_total
FROM customers AS c
JOIN orders AS o ON o.customer_id = c.id
GROUP BY c.id, c.name
HAVING SUM(o.amount) >= 500;
`;

function summary(report: SqlRunReport): string[] {
  return report.cases.map((c) => `${c.name}: ${c.status}${c.message ? ` ${c.message}` : ''}`);
}

describe('sql engine (PGlite worker)', function () {
  this.timeout(60_000);
  let engine: SqlEngine;
  let dir: string;
  let counter = 0;
  const answer = (text: string): string => {
    const file = path.join(dir, `answer-${++counter}.sql`);
    fs.writeFileSync(file, text);
    return file;
  };
  const run = (question: Question, text: string, limits?: Parameters<SqlEngine['run']>[0]['limits']): Promise<SqlRunReport> =>
    engine.run({ question, file: answer(text), ...(limits ? { limits } : {}) });

  before(function () {
    this.timeout(120_000);
    ensureSqlWorker();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drills-sql-test-'));
    engine = new SqlEngine({ extensionRoot: REPO_ROOT });
  });
  after(() => {
    engine.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('s1-23: the reference solution passes every case (cold, then warm)', async () => {
    const cold = Date.now();
    const first = await run(S1_23, S1_23.sql!.solution);
    const coldMs = Date.now() - cold;
    assert.deepEqual(summary(first).filter((s) => !s.endsWith(': passed')), []);
    assert.equal(first.passed, true);
    assert.equal(first.language, 'sql');
    assert.equal(first.questionId, S1_23.id);
    const warmStart = Date.now();
    const warm = await run(S1_23, S1_23.sql!.solution);
    const warmMs = Date.now() - warmStart;
    assert.equal(warm.passed, true);
    console.log(
      `      [timings] cold ${coldMs} ms (pglite start ${engine.stats.pgliteStartMs} ms, worker start ${engine.stats.workerStartMs} ms), warm ${warmMs} ms for ${warm.cases.length} cases, worker peak RSS ${engine.stats.peakRssMb} MB`,
    );
  });

  it('the warm-up while idle leaves nothing behind, and a run that arrives during it is served', async () => {
    await run(S1_23, S1_23.sql!.solution);
    // The worker starts warming up after 300 ms without a request; let a few rounds run, then
    // send a run in the middle of them.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const during = await run(S1_23, S1_23.sql!.solution);
    assert.equal(during.passed, true, summary(during).join('\n'));
    await new Promise((resolve) => setTimeout(resolve, 700));
    const source = "SELECT count(*) AS leftovers FROM pg_class WHERE relname LIKE 'warm%';";
    const left = await engine.query({ question: S1_23, source, start: 0, end: source.length });
    assert.equal(left.kind, 'rows');
    assert.deepEqual(left.kind === 'rows' ? left.rows : undefined, [['0']], 'no warm-up table survives its rollback');
  });

  it('s1-23: a status filter in HAVING on a non-aggregate fails with row diffs', async () => {
    const report = await run(S1_23, WRONG_HAVING);
    assert.equal(report.passed, false);
    const failed = report.cases.filter((c) => c.status === 'failed');
    assert.ok(failed.length > 0, summary(report).join('\n'));
    const refunds = report.cases.find((c) => c.name.startsWith('refunded and pending'))!;
    assert.ok(['passed', 'failed'].includes(refunds.status));
    console.log(`      [message] ${failed[0].name}: ${failed[0].message}`);
    for (const c of failed) {
      const expected = c.expected as { columns: string[]; rows: unknown[][] };
      const actual = c.actual as { columns: string[]; rows: unknown[][] };
      assert.deepEqual(expected.columns, ['customer_id', 'name', 'paid_orders', 'paid_total']);
      assert.ok(Array.isArray(actual.rows));
      assert.match(c.message!, /differs in column|missing|unexpected|expected \d+ rows?/);
    }
  });

  it('s1-23: a missing WHERE fails: refunds and other years count', async () => {
    const report = await run(S1_23, NO_WHERE);
    assert.equal(report.passed, false);
    const refunds = report.cases.find((c) => c.name.startsWith('refunded and pending'))!;
    assert.equal(refunds.status, 'failed', summary(report).join('\n'));
    const sample = report.cases[0];
    assert.equal(sample.status, 'failed');
    console.log(`      [message] ${sample.message}`);
    // Ben Okafor: 180 paid + 400 refunded + 90 pending = 670 with no WHERE.
    assert.match(sample.message!, /Ben Okafor|Chen Wei|differs in column paid_total|unexpected/);
  });

  it('s1-23: a syntax error gives PostgreSQL\'s message at the line and column in the file', async () => {
    const text = '-- my answer\n\nSELECT c.id, c.name\nFROM customers AS c\nWHER c.id > 1;\n';
    const report = await run(S1_23, text);
    const first = report.cases[0];
    assert.equal(first.status, 'error');
    assert.match(first.message!, /syntax error at or near "WHER"/);
    // PostgreSQL's position counts from the statement; the comment and blank line come before it.
    assert.deepEqual(first.location, { line: 5, col: 1 });
    assert.ok(report.cases.every((c) => c.status === 'error'));
  });

  it('an unknown column points at it, on the line it is on', async () => {
    const report = await run(TINY, 'SELECT id,\n       nope\nFROM t;');
    assert.equal(report.cases[0].status, 'error');
    assert.match(report.cases[0].message!, /column "nope" does not exist/);
    assert.deepEqual(report.cases[0].location, { line: 2, col: 8 });
  });

  it('an empty file (only comments) is an error', async () => {
    const report = await run(TINY, '-- nothing yet\n/* still nothing */\n');
    assert.equal(report.cases[0].status, 'error');
    assert.equal(report.cases[0].message, 'the file has no SQL statement');
  });

  it('several statements where one is expected: says what was expected', async () => {
    const report = await run(TINY, 'SELECT 1;\nSELECT id, v FROM t;\n');
    assert.equal(report.cases[0].status, 'error');
    assert.match(report.cases[0].message!, /expects one statement, a single query \(SELECT …\).*has 2 \(starting on lines 1, 2\)/);
  });

  it('psql meta-commands are refused with a clear message', async () => {
    const report = await run(TINY, '\\d t\nSELECT id, v FROM t;\n');
    assert.equal(report.cases[0].status, 'error');
    assert.equal(report.cases[0].message, 'psql meta-commands like \\d are not SQL; remove them');
    assert.deepEqual(report.cases[0].location, { line: 1, col: 1 });
  });

  it('DROP TABLE of the seed tables is rolled back: the next run starts clean', async () => {
    const dropped = await run(S1_23, 'DROP TABLE orders, customers CASCADE;');
    assert.ok(dropped.cases.every((c) => c.status === 'error'), summary(dropped).join('\n'));
    const after = await run(S1_23, S1_23.sql!.solution);
    assert.equal(after.passed, true, summary(after).join('\n'));
  });

  it('transaction control (COMMIT) is refused, so a case cannot escape its rollback', async () => {
    const report = await run(TINY, 'COMMIT;');
    assert.equal(report.cases[0].status, 'error');
    assert.match(report.cases[0].message!, /COMMIT is not allowed/);
  });

  it("COPY ... TO '/etc/...' fails and writes nothing", async () => {
    const target = `/etc/drills-sql-test-${process.pid}.csv`;
    const report = await run(TINY, `COPY t TO '${target}';`);
    assert.equal(report.cases[0].status, 'error', summary(report).join('\n'));
    assert.equal(fs.existsSync(target), false);
    const local = path.join(dir, 'copied.csv');
    const second = await run(TINY, `COPY (SELECT * FROM t) TO '${local}';`);
    assert.equal(second.cases[0].status, 'error');
    assert.equal(fs.existsSync(local), false);
  });

  it('SELECT generate_series(1, 100000000) is a result too large', async () => {
    const started = Date.now();
    const report = await run(TINY, 'SELECT generate_series(1, 100000000);');
    assert.equal(report.cases[0].status, 'output', summary(report).join('\n'));
    assert.match(report.cases[0].message!, /^result too large \(1001\+? rows/);
    assert.ok(Date.now() - started < 5000);
  });

  it('a query returning 10 MB of text is a result too large', async () => {
    const report = await run(TINY, "SELECT repeat('x', 10000000) AS big;");
    assert.equal(report.cases[0].status, 'output', summary(report).join('\n'));
    assert.match(report.cases[0].message!, /result too large \(1 rows, \d+ bytes/);
  });

  it('pg_sleep(1000) is stopped: timeout, and the next run works on a new worker', async () => {
    const pid = engine.workerPid;
    const started = Date.now();
    const report = await run(TINY, 'SELECT pg_sleep(1000);', { statementTimeoutMs: 1000 });
    const ms = Date.now() - started;
    assert.equal(report.cases[0].status, 'timeout', summary(report).join('\n'));
    assert.match(report.cases[0].message!, /ran longer than 1 s/);
    assert.ok(ms < 6000, `took ${ms} ms`);
    assert.equal(engine.workerPid, undefined);
    if (pid !== undefined) assert.throws(() => process.kill(pid, 0));
    const next = await run(TINY, 'SELECT id, v FROM t;');
    assert.equal(next.passed, true, summary(next).join('\n'));
  });

  it('a recursive CTE that never ends is stopped (timeout)', async () => {
    const report = await run(
      TINY,
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)\nSELECT count(*) FROM r;',
      { statementTimeoutMs: 1000 },
    );
    assert.equal(report.cases[0].status, 'timeout', summary(report).join('\n'));
    const next = await run(TINY, 'SELECT v, id FROM t ORDER BY id DESC;');
    assert.equal(next.cases[0].status, 'failed', summary(next).join('\n'));
  });

  it('a worker above the memory limit is killed: memory', async () => {
    // The worker idles around 450-500 MB (PGlite from the prepared data directory); a 600 MB string takes it far past the limit.
    const warm = await run(TINY, 'SELECT id, v FROM t;');
    assert.equal(warm.passed, true);
    const report = await run(TINY, "SELECT length(string_agg(repeat('x', 1000000), '')) FROM generate_series(1, 600);", {
      memoryMb: engine.stats.peakRssMb + 250,
      statementTimeoutMs: 20_000,
    });
    assert.equal(report.cases[0].status, 'memory', summary(report).join('\n'));
    assert.equal(engine.workerPid, undefined);
  });

  it('a run can be cancelled: the worker is stopped and every case is not-started', async () => {
    const controller = new AbortController();
    const pending = engine.run({ question: S1_23, file: answer('SELECT pg_sleep(1000);'), signal: controller.signal });
    setTimeout(() => controller.abort(), 2500);
    const report = await pending;
    assert.deepEqual(new Set(report.cases.map((c) => `${c.status} ${c.message}`)), new Set(['not-started cancelled']));
  });

  it('a dead worker is restarted on the next run', async () => {
    await run(TINY, 'SELECT id, v FROM t;');
    const pid = engine.workerPid!;
    process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const report = await run(TINY, 'SELECT id, v FROM t;');
    assert.equal(report.passed, true, summary(report).join('\n'));
    assert.notEqual(engine.workerPid, pid);
  });

  it('an idle worker is ended after idleMs', async () => {
    const idle = new SqlEngine({ extensionRoot: REPO_ROOT, idleMs: 300 });
    try {
      const report = await idle.run({ question: TINY, file: answer('SELECT id, v FROM t;') });
      assert.equal(report.passed, true);
      const pid = idle.workerPid!;
      assert.ok(pid);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      assert.equal(idle.workerPid, undefined);
      assert.throws(() => process.kill(pid, 0));
    } finally {
      idle.dispose();
    }
  });
});
