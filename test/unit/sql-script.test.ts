// Exercises beyond SELECT on a real PGlite worker: script mode (the user's DDL/DML, then
// inspection queries compared with the reference's), the plan check (no sequential scan), the
// authored exercises s1-31, s1-32, s1-33 (a right answer, a wrong one and an error each), and
// the prepared data directory with its fallback.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { parseQuestionFile } from '../../src/core/bank/parse';
import type { Question } from '../../src/core/bank/question';
import { describeDataDirDump, readDataDirDump } from '../../src/core/sql/datadir';
import { SqlEngine, type SqlRunReport } from '../../src/core/sql/engine';
import { DATA_DIR_DUMP as DUMP, ensureSqlWorker, REPO_ROOT } from './fixtures/sql/worker';

const PGLITE_VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string }).version;


function sqlQuestion(name: string): Question {
  const file = path.join(REPO_ROOT, 'questions', 'sql', name);
  const parsed = parseQuestionFile(fs.readFileSync(file, 'utf8'), file, 'sql', 'builtin');
  if (!parsed.question) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.question;
}

function summary(report: SqlRunReport): string {
  return report.cases.map((c) => `${c.name}: ${c.status}${c.message ? ` ${c.message}` : ''}`).join('\n');
}

const S1_31 = sqlQuestion('translate-mysql-report.yaml');
const S1_32 = sqlQuestion('normalise-flat-order-lines.yaml');
const S1_33 = sqlQuestion('index-for-slow-activity-feed.yaml');

describe('sql engine: script mode, plan checks and the s1-31/32/33 exercises', function () {
  this.timeout(90_000);
  let engine: SqlEngine;
  const run = (question: Question, source: string): Promise<SqlRunReport> => engine.run({ question, file: 'answer.sql', source });

  before(function () {
    this.timeout(180_000);
    ensureSqlWorker();
    engine = new SqlEngine({ extensionRoot: REPO_ROOT });
  });
  after(() => engine.dispose());

  it('starts PostgreSQL from the prepared data directory', async () => {
    const report = await run(S1_31, S1_31.sql!.solution);
    assert.equal(report.passed, true, summary(report));
    assert.equal(engine.stats.pgliteStartMode, 'dump', engine.stats.dumpProblem);
    assert.equal(engine.stats.dumpProblem, undefined);
    console.log(`      [timings] pglite start ${engine.stats.pgliteStartMs} ms from the dump, worker peak RSS ${engine.stats.peakRssMb} MB`);
  });

  describe('s1-33 expensive queries (plan check)', () => {
    it('the reference (a composite index) passes every case', async () => {
      const started = Date.now();
      const report = await run(S1_33, S1_33.sql!.solution);
      assert.equal(report.passed, true, summary(report));
      console.log(`      [timings] first run ${Date.now() - started} ms, of which tables + 30,000 seed rows ${engine.stats.prepareMs} ms`);
    });

    it('an index on user_id alone also removes the sequential scan', async () => {
      const report = await run(S1_33, 'CREATE INDEX events_user_idx ON events (user_id);');
      assert.equal(report.passed, true, summary(report));
    });

    it('a wrong index fails the plan check and shows the plan with the Seq Scan line marked', async () => {
      const report = await run(S1_33, '-- index the date\nCREATE INDEX ON events (created_at);\n');
      assert.equal(report.passed, false);
      const other = report.cases[1];
      assert.equal(other.status, 'failed', summary(report));
      assert.match(other.message!, /^the plan still reads every row of events \(Seq Scan\) for SELECT id, kind, created_at FROM events WHERE user_id = 3017/);
      assert.match(other.message!, /\n>> +-> +Seq Scan on events\n/);
      assert.match(other.message!, /\n {3}Limit\n/);
      // The rows and the table are untouched, so those cases pass.
      assert.deepEqual(report.cases.slice(-3).map((c) => c.status), ['passed', 'passed', 'passed']);
    });

    it('planner settings do not count: SET enable_seqscan = off is reset before EXPLAIN', async () => {
      const report = await run(S1_33, 'SET enable_seqscan = off;');
      assert.equal(report.cases[0].status, 'failed', summary(report));
      assert.equal(report.cases[1].status, 'failed');
    });

    it('deleting rows, or replacing the table by a view, fails the inspection cases', async () => {
      const deleted = await run(S1_33, 'CREATE INDEX ON events (user_id);\nDELETE FROM events WHERE id > 29000;');
      assert.equal(deleted.cases.find((c) => c.name.startsWith('every event'))!.status, 'failed', summary(deleted));
      const view = await run(S1_33, 'ALTER TABLE events RENAME TO events_data;\nCREATE INDEX ON events_data (user_id);\nCREATE VIEW events AS SELECT * FROM events_data;');
      assert.equal(view.cases.find((c) => c.name.startsWith('events is still'))!.status, 'failed', summary(view));
    });

    it('a syntax error points at the line and column; CONCURRENTLY explains the transaction', async () => {
      const report = await run(S1_33, '-- my index\nCREATE INDX ON events (user_id);');
      assert.ok(report.cases.every((c) => c.status === 'error'), summary(report));
      assert.match(report.cases[0].message!, /syntax error at or near "INDX"/);
      assert.deepEqual(report.cases[0].location, { line: 2, col: 8 });
      const concurrently = await run(S1_33, 'CREATE INDEX CONCURRENTLY ON events (user_id);');
      assert.match(concurrently.cases[0].message!, /cannot run inside a transaction block \(your statements run inside a transaction that is rolled back afterwards\)/);
    });

    it('transaction control is still refused in a script, at its line', async () => {
      const report = await run(S1_33, 'CREATE INDEX ON events (user_id);\nCOMMIT;\n');
      assert.match(report.cases[0].message!, /^COMMIT is not allowed here/);
      assert.deepEqual(report.cases[0].location, { line: 2, col: 1 });
      const meta = await run(S1_33, '\\di\nCREATE INDEX ON events (user_id);');
      assert.equal(meta.cases[0].message, 'psql meta-commands like \\di are not SQL; remove them');
    });
  });

  describe('s1-32 normalisation (schema inspection)', () => {
    it('the reference passes every case', async () => {
      const report = await run(S1_32, S1_32.sql!.solution);
      assert.equal(report.passed, true, summary(report));
    });

    it('bigserial, varchar and a named PRIMARY KEY constraint pass too: only the structure counts', async () => {
      const other = S1_32.sql!.solution
        .replace('id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,', 'id    bigserial,')
        .replace('name  text NOT NULL\n);', 'name  varchar(200) NOT NULL,\n  CONSTRAINT customer_key PRIMARY KEY (id)\n);');
      assert.notEqual(other, S1_32.sql!.solution);
      const report = await run(S1_32, other);
      assert.equal(report.passed, true, summary(report));
    });

    it('a missing UNIQUE and CHECK fail the key and rule cases with the missing rows named', async () => {
      const wrong = S1_32.sql!.solution.replace('email text NOT NULL UNIQUE', 'email text NOT NULL').replace(' CHECK (quantity > 0)', '');
      const report = await run(S1_32, wrong);
      assert.equal(report.passed, false);
      const keys = report.cases.find((c) => c.name === 'primary keys and unique constraints')!;
      assert.equal(keys.status, 'failed', summary(report));
      assert.match(keys.message!, /1 row missing .*missing \(customers, UNIQUE, email\)/);
      const rules = report.cases.find((c) => c.name.includes('CHECK'))!;
      assert.equal(rules.status, 'failed');
      assert.match(rules.message!, /quantity_checked: expected true, got false/);
      assert.ok(report.cases.filter((c) => c.name.includes('moved')).every((c) => c.status === 'passed'), summary(report));
    });

    it('tables left out make the inspection queries fail with the missing relation named', async () => {
      const report = await run(S1_32, 'CREATE TABLE customers (id serial PRIMARY KEY, email text, name text);');
      const moved = report.cases.find((c) => c.name.startsWith('every line was moved'))!;
      assert.equal(moved.status, 'failed', summary(report));
      assert.match(moved.message!, /^after your statements, the check query \(SELECT .*\) failed: relation "order_items" does not exist$/);
    });

    it('an error in the second statement points at it', async () => {
      const report = await run(S1_32, 'CREATE TABLE customers (id int PRIMARY KEY);\nINSERT INTO customers VALUES (1), (1);');
      assert.ok(report.cases.every((c) => c.status === 'error'), summary(report));
      assert.match(report.cases[0].message!, /duplicate key value violates unique constraint "customers_pkey"/);
      assert.deepEqual(report.cases[0].location, { line: 2, col: 1 });
    });
  });

  describe('s1-31 MySQL to PostgreSQL', () => {
    it('the reference passes every case', async () => {
      const report = await run(S1_31, S1_31.sql!.solution);
      assert.equal(report.passed, true, summary(report));
    });

    it('LIMIT 5 OFFSET 10 (the numbers swapped) returns the wrong page', async () => {
      const report = await run(S1_31, S1_31.sql!.solution.replace('LIMIT 10 OFFSET 5', 'LIMIT 5 OFFSET 10'));
      assert.equal(report.cases[0].status, 'failed', summary(report));
      assert.match(report.cases[0].message!, /^expected 10 rows, got 5/);
    });

    it('string_agg without DISTINCT repeats projects', async () => {
      const report = await run(S1_31, S1_31.sql!.solution.replace('DISTINCT p.code', 'p.code'));
      assert.equal(report.cases[0].status, 'failed', summary(report));
      assert.match(report.cases[0].message!, /differs in column projects: expected BILLING, CHECKOUT, got BILLING, CHECKOUT, CHECKOUT/);
    });

    it('the MySQL original is a syntax error at the first backtick', async () => {
      const report = await run(S1_31, S1_31.sql!.starter!);
      assert.equal(report.cases[0].status, 'error', summary(report));
      assert.match(report.cases[0].message!, /syntax error at or near "`"/);
      assert.deepEqual(report.cases[0].location, { line: 2, col: 10 });
    });
  });

  it('plan check with analyze: a table the user creates and fills is analysed before EXPLAIN', async () => {
    const question: Question = {
      ...S1_33,
      id: 'sql-script-test-analyze',
      sql: {
        mode: 'script',
        schema: 'CREATE TABLE numbers (n integer NOT NULL);',
        seed: 'INSERT INTO numbers SELECT g FROM generate_series(1, 5000) AS g;',
        solution: 'CREATE TABLE squares AS SELECT n, n * n AS sq FROM numbers;\nCREATE INDEX ON squares (sq);',
        cases: [
          { name: 'lookup by square uses an index', plan: { query: 'SELECT n FROM squares WHERE sq = 4096', noSeqScanOn: ['squares'], analyze: true } },
          { name: 'the squares are right', inspect: 'SELECT count(*) AS rows, sum(sq) AS total FROM squares' },
        ],
      },
    };
    const right = await run(question, question.sql!.solution);
    assert.equal(right.passed, true, summary(right));
    const noIndex = await run(question, 'CREATE TABLE squares AS SELECT n, n * n AS sq FROM numbers;');
    assert.equal(noIndex.cases[0].status, 'failed', summary(noIndex));
    assert.match(noIndex.cases[0].message!, />> +Seq Scan on squares/);
    assert.equal(noIndex.cases[1].status, 'passed');
  });

  it('an exercise whose cases do not fit its mode is reported as a problem in the exercise', async () => {
    const broken: Question = { ...S1_31, id: 'sql-script-test-broken', sql: { ...S1_31.sql!, cases: [{ name: 'looks at a table', inspect: 'SELECT 1' }] } };
    const report = await run(broken, S1_31.sql!.solution);
    assert.equal(report.cases[0].status, 'error');
    assert.match(report.cases[0].message!, /only a script exercise \(mode: script\) can use/);
  });
});

describe('sql engine: the prepared data directory', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    ensureSqlWorker();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drills-sql-dump-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const copy = (name: string): string => {
    const file = path.join(dir, name);
    fs.copyFileSync(DUMP, file);
    fs.copyFileSync(`${DUMP}.json`, `${file}.json`);
    return file;
  };

  it('the shipped archive is accepted: a tar archive of a data directory', () => {
    const tar = readDataDirDump(DUMP, PGLITE_VERSION);
    assert.equal(Buffer.from(tar.subarray(257, 262)).toString('latin1'), 'ustar');
  });

  it('is refused, saying why, when missing, from another PGlite, cut short, damaged or not an archive', () => {
    assert.throws(() => readDataDirDump(path.join(dir, 'nope.tar.gz'), PGLITE_VERSION), /no prepared data directory at/);
    const file = copy('other.tar.gz');
    assert.throws(() => readDataDirDump(file, '0.0.1'), /made by PGlite .*, this is 0\.0\.1/);
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, 1000));
    assert.throws(() => readDataDirDump(file, PGLITE_VERSION), /has 1000 bytes, expected/);
    const flipped = Buffer.from(bytes);
    flipped[5000] ^= 0xff;
    fs.writeFileSync(file, flipped);
    assert.throws(() => readDataDirDump(file, PGLITE_VERSION), /damaged \(its SHA-256 differs\)/);
    fs.writeFileSync(file, zlib.gzipSync(Buffer.alloc(4096, 7)));
    describeDataDirDump(file, PGLITE_VERSION);
    assert.throws(() => readDataDirDump(file, PGLITE_VERSION), /not a tar archive/);
    fs.writeFileSync(`${file}.json`, '{ not json');
    assert.throws(() => readDataDirDump(file, PGLITE_VERSION), /description is unreadable/);
  });

  it('a broken archive that passes its checks falls back to a new data directory, and checks still pass', async () => {
    // A real tar, cut in half, with a description that matches it: PGlite itself fails on it.
    const file = path.join(dir, 'half.tar.gz');
    const tar = zlib.gunzipSync(fs.readFileSync(DUMP));
    fs.writeFileSync(file, zlib.gzipSync(tar.subarray(0, Math.floor(tar.length / 2 / 512) * 512)));
    describeDataDirDump(file, PGLITE_VERSION);
    const engine = new SqlEngine({ extensionRoot: REPO_ROOT, dataDirDump: file });
    try {
      const report = await engine.run({ question: S1_31, file: 'answer.sql', source: S1_31.sql!.solution });
      assert.equal(report.passed, true, summary(report));
      assert.equal(engine.stats.pgliteStartMode, 'new');
      assert.match(engine.stats.dumpProblem ?? '', /\w/);
      console.log(`      [fallback] ${engine.stats.dumpProblem}; new data directory in ${engine.stats.pgliteStartMs} ms`);
    } finally {
      engine.dispose();
    }
  });

  it('a missing archive (or none given) starts from a new data directory', async () => {
    const engine = new SqlEngine({ extensionRoot: REPO_ROOT, dataDirDump: path.join(dir, 'missing.tar.gz') });
    try {
      const report = await engine.run({ question: S1_31, file: 'answer.sql', source: S1_31.sql!.solution });
      assert.equal(report.passed, true, summary(report));
      assert.equal(engine.stats.pgliteStartMode, 'new');
      assert.match(engine.stats.dumpProblem!, /no prepared data directory at .*missing\.tar\.gz/);
    } finally {
      engine.dispose();
    }
  });
});
