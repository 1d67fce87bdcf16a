// The SQL worker process: PGlite (PostgreSQL in WebAssembly) runs here, never in the caller's
// thread, because a query blocks the thread it runs on. The engine forks this file, talks over
// IPC, and kills the process when a case runs past its time or the process past its memory.
//
// State: one PGlite database; each exercise gets its own schema (tables + seed), created once and
// kept (a few, least recently used first out). Every case runs in a transaction that is rolled
// back, so nothing a case or the user's statement does (even DROP TABLE) survives it.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CURSOR_NAME,
  CURSOR_PREFIX,
  type SqlError,
  type SqlOutcome,
  type WorkerMessage,
  type WorkerBuiltRequest,
  type WorkerQueryRequest,
  type WorkerRequest,
  type WorkerRunRequest,
  type WorkerStatement,
} from '../core/sql/protocol';
import { readDataDirDump } from '../core/sql/datadir';

interface Results {
  rows: unknown[][];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}
interface Db {
  exec(sql: string): Promise<unknown>;
  query(sql: string, params?: unknown[], options?: { rowMode?: 'array' | 'object' }): Promise<Results>;
  close(): Promise<void>;
}
type Limits = WorkerRunRequest['limits'];
interface Opened {
  db: Db;
  startMs: number;
  /** Reading, checking and unpacking the prepared data directory. */
  dumpReadMs?: number;
  mode: 'dump' | 'new';
  dumpProblem?: string;
}

const MAX_SCHEMAS = 6;
const MAX_REFERENCES = 500;
const FETCH_BATCH = 250;

let dbPromise: Promise<Opened> | undefined;
let schemaCounter = 0;
/** key (question id + hash of schema and seed) -> schema name, least recently used first. */
const schemas = new Map<string, string>();
const references = new Map<string, SqlOutcome>();
let queue: Promise<void> = Promise.resolve();

function send(message: WorkerMessage): void {
  process.send?.(message);
}

function hash(...parts: (string | undefined)[]): string {
  const h = createHash('sha256');
  for (const part of parts) h.update(`${part?.length ?? -1}:${part ?? ''}`);
  return h.digest('hex').slice(0, 24);
}

/** `--datadir-dump=FILE`: the prepared data directory made at build time (see esbuild.js). */
const DUMP = ((): string | undefined => {
  const arg = process.argv.find((a) => a.startsWith('--datadir-dump='));
  return arg ? arg.slice('--datadir-dump='.length) : undefined;
})();

function pgliteVersion(): string | undefined {
  try {
    const main = require.resolve('@electric-sql/pglite');
    for (let dir = path.dirname(main); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) {
        const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === '@electric-sql/pglite') return pkg.version;
      }
    }
  } catch {
    // unknown
  }
  return undefined;
}

async function openDb(): Promise<Opened> {
  const started = Date.now();
  const pglite = (await import('@electric-sql/pglite')) as unknown as {
    PGlite: { create(options: unknown): Promise<Db> };
    types: { parsers: Record<string, unknown> };
  };
  // Every value stays in PostgreSQL's text form; the comparison rules interpret it by type.
  const identity: Record<number, (value: string) => string> = {};
  for (const key of Object.keys(pglite.types.parsers)) if (/^\d+$/.test(key)) identity[Number(key)] = (value) => value;
  let dumpProblem: string | undefined;
  if (DUMP) {
    try {
      const reading = Date.now();
      const tar = readDataDirDump(DUMP, pgliteVersion());
      const dumpReadMs = Date.now() - reading;
      const db = await pglite.PGlite.create({ parsers: identity, loadDataDir: new Blob([tar]) });
      await db.query('SELECT 1');
      return { db, startMs: Date.now() - started, dumpReadMs, mode: 'dump' };
    } catch (error) {
      dumpProblem = (error as Error)?.message ?? String(error);
    }
  } else dumpProblem = 'no prepared data directory was given';
  // A new data directory (initdb): slower and bigger, but needs nothing prepared.
  const db = await pglite.PGlite.create({ parsers: identity });
  return { db, startMs: Date.now() - started, mode: 'new', ...(dumpProblem ? { dumpProblem } : {}) };
}

function toSqlError(error: unknown): SqlError {
  const e = error as { message?: string; code?: string; position?: string | number; detail?: string; hint?: string };
  const out: SqlError = { message: String(e?.message ?? error) };
  if (e?.code) out.code = e.code;
  const position = Number(e?.position);
  if (e?.position !== undefined && Number.isFinite(position) && position > 0) out.position = position;
  if (e?.detail) out.detail = e.detail;
  if (e?.hint) out.hint = e.hint;
  return out;
}

async function ensureSchema(db: Db, request: { questionId: string; schema: string; seed?: string }): Promise<{ name: string; fresh: boolean }> {
  const key = `${request.questionId}:${hash(request.schema, request.seed)}`;
  const known = schemas.get(key);
  if (known) {
    schemas.delete(key);
    schemas.set(key, known);
    return { name: known, fresh: false };
  }
  while (schemas.size >= MAX_SCHEMAS) {
    const [oldKey, oldName] = schemas.entries().next().value as [string, string];
    schemas.delete(oldKey);
    await db.exec(`DROP SCHEMA IF EXISTS "${oldName}" CASCADE`).catch(() => undefined);
  }
  const name = `exercise_${++schemaCounter}`;
  await db.exec(`CREATE SCHEMA "${name}"; SET search_path TO "${name}"`);
  try {
    await db.exec('BEGIN');
    await db.exec(request.schema);
    if (request.seed) await db.exec(request.seed);
    // Statistics for the planner, so EXPLAIN shows the plans a real server would choose.
    const tables = await db.query(`SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = $1`, [name], { rowMode: 'array' });
    if (tables.rows.length > 0) await db.exec(`ANALYZE ${tables.rows.map((r) => `"${name}".${String(r[0])}`).join(', ')}`);
    await db.exec('COMMIT');
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    await db.exec(`DROP SCHEMA IF EXISTS "${name}" CASCADE`).catch(() => undefined);
    throw error;
  }
  schemas.set(key, name);
  return { name, fresh: true };
}

/** PostgreSQL's command tag for a statement that returned no rows, as far as PGlite tells it. */
function commandTag(text: string, affected: number | undefined): string {
  const words = text.trim().split(/\s+/).map((w) => w.toUpperCase());
  const keyword = words[0] ?? '';
  if (keyword === 'INSERT') return `INSERT 0 ${affected ?? 0}`;
  if (['UPDATE', 'DELETE', 'MERGE'].includes(keyword)) return `${keyword} ${affected ?? 0}`;
  if (['CREATE', 'DROP', 'ALTER'].includes(keyword)) {
    const object = words.slice(1).find((w) => !['OR', 'REPLACE', 'UNIQUE', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'MATERIALIZED', 'IF', 'NOT', 'EXISTS'].includes(w));
    return object ? `${keyword} ${object.replace(/[^A-Z_].*$/, '')}` : keyword;
  }
  return keyword;
}

/**
 * Runs one statement and reads its rows up to the caps. Past them the outcome is 'too-large', or
 * with `truncate` the rows read so far (cut to the caps) marked truncated.
 */
async function runStatement(db: Db, text: string, cursor: boolean, limits: Limits, truncate = false, params: unknown[] = []): Promise<SqlOutcome> {
  let fields: Results['fields'] = [];
  const rows: (string | null)[][] = [];
  let bytes = 0;
  const take = (batch: Results): boolean => {
    if (batch.fields.length > 0) fields = batch.fields;
    for (const row of batch.rows) {
      const values = row.map((v) => (v === null || v === undefined ? null : String(v)));
      let size = 0;
      for (const v of values) size += (v?.length ?? 4) + 2;
      if (truncate && (rows.length + 1 > limits.maxRows || bytes + size > limits.maxBytes)) return false;
      bytes += size;
      rows.push(values);
      if (rows.length > limits.maxRows || bytes > limits.maxBytes) return false;
    }
    return true;
  };
  let within: boolean;
  let more = false;
  if (cursor) {
    await db.query(CURSOR_PREFIX + text, params);
    within = true;
    for (;;) {
      const batch = await db.query(`FETCH ${FETCH_BATCH} FROM ${CURSOR_NAME}`, [], { rowMode: 'array' });
      within = take(batch);
      if (!within) {
        more = batch.rows.length === FETCH_BATCH;
        break;
      }
      if (batch.rows.length < FETCH_BATCH) break;
    }
    await db.query(`CLOSE ${CURSOR_NAME}`);
  } else {
    const result = await db.query(text, params, { rowMode: 'array' });
    if (result.fields.length === 0) return { kind: 'no-rows', command: commandTag(text, result.affectedRows) };
    within = take(result);
    more = !within && result.rows.length > rows.length;
  }
  const columns = fields.map((f) => ({ name: f.name, typeId: f.dataTypeID }));
  if (!within && truncate) return { kind: 'rows', result: { columns, rows }, bytes, truncated: true };
  if (!within) return { kind: 'too-large', rows: rows.length, bytes, moreRows: more };
  return { kind: 'rows', result: { columns, rows }, bytes };
}

/** Runs statements in order; the last one's outcome, or the first error (with its index). */
async function runStatements(db: Db, statements: WorkerStatement[], limits: Limits, truncate = false): Promise<SqlOutcome> {
  let last: SqlOutcome = { kind: 'no-rows', command: '' };
  for (let index = 0; index < statements.length; index++) {
    const { text, cursor } = statements[index];
    try {
      last = await runStatement(db, text, cursor, limits, truncate);
    } catch (error) {
      return { kind: 'error', error: toSqlError(error), stage: 'statement', statementIndex: index };
    }
    if (last.kind === 'too-large') return last;
  }
  return last;
}

/** What a case looks at after the statements ran (script mode). */
interface Look {
  inspect?: WorkerStatement;
  explain?: string;
  analyze?: boolean;
}

/**
 * One case in its own transaction, rolled back afterwards: the case's setup, the statements, then
 * (script mode) the inspection query or the EXPLAIN, whose rows are the case's outcome.
 */
async function runCase(db: Db, setup: string | undefined, statements: WorkerStatement[], look: Look | undefined, limits: Limits): Promise<SqlOutcome> {
  await db.exec('BEGIN');
  try {
    await db.exec(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(limits.statementTimeoutMs))}`);
    if (setup && setup.trim() !== '') {
      try {
        await db.exec(setup);
      } catch (error) {
        return { kind: 'error', error: toSqlError(error), stage: 'setup' };
      }
    }
    const outcome = await runStatements(db, statements, limits);
    if (!look || outcome.kind === 'error' || outcome.kind === 'too-large') return outcome;
    try {
      // Settings the statements changed (enable_seqscan = off, a search_path of their own) must
      // not decide what the check sees: back to the session's values before looking.
      await db.exec(`RESET ALL; SET LOCAL search_path TO ${currentSchema ? `"${currentSchema}"` : 'public'}; SET LOCAL statement_timeout = ${Math.max(1, Math.floor(limits.statementTimeoutMs))}`);
      if (look.explain !== undefined) {
        if (look.analyze) await db.exec('ANALYZE');
        const plan = await db.query(`EXPLAIN (COSTS OFF) ${look.explain}`, [], { rowMode: 'array' });
        const lines = plan.rows.map((row) => [row[0] === null || row[0] === undefined ? null : String(row[0])]);
        return { kind: 'rows', result: { columns: [{ name: 'QUERY PLAN', typeId: 25 }], rows: lines }, bytes: 0 };
      }
      if (look.inspect) return await runStatement(db, look.inspect.text, look.inspect.cursor, limits);
      return outcome;
    } catch (error) {
      return { kind: 'error', error: toSqlError(error), stage: 'inspect' };
    }
  } finally {
    await db.exec('ROLLBACK');
  }
}

let currentSchema: string | undefined;
/** Whether PGlite's start (time, mode) has been reported with a 'prepared' message. */
let startReported = false;

async function prepare(id: number, request: { questionId: string; schema: string; seed?: string }): Promise<Db | undefined> {
  send({ type: 'phase', id, phase: 'prepare' });
  const prepareStarted = Date.now();
  if (!dbPromise) dbPromise = openDb();
  const fresh = !startReported;
  startReported = true;
  try {
    const opened = await dbPromise.catch((error: unknown) => {
      dbPromise = undefined;
      throw error;
    });
    const schema = await ensureSchema(opened.db, request);
    await opened.db.exec(`SET search_path TO "${schema.name}"`);
    currentSchema = schema.name;
    send({
      type: 'prepared',
      id,
      ms: Date.now() - prepareStarted,
      fresh,
      ...(fresh ? { pgliteStartMs: opened.startMs, startMode: opened.mode } : {}),
      ...(fresh && opened.dumpReadMs !== undefined ? { dumpReadMs: opened.dumpReadMs } : {}),
      ...(fresh && opened.dumpProblem ? { dumpProblem: opened.dumpProblem } : {}),
    });
    return opened.db;
  } catch (error) {
    send({ type: 'fatal', id, error: toSqlError(error) });
    return undefined;
  }
}

async function handleRun(request: WorkerRunRequest): Promise<void> {
  const id = request.id;
  const db = await prepare(id, request);
  if (!db) return;
  const script = request.mode === 'script';
  const reference: WorkerStatement[] = script ? (request.solutionList ?? []) : [{ text: request.solution, cursor: request.solutionCursor }];
  const user: WorkerStatement[] | null = script
    ? (request.statementList ?? null)
    : request.statement !== null
      ? [{ text: request.statement, cursor: request.cursor }]
      : null;
  const refBase = hash(
    request.questionId,
    request.schema,
    request.seed,
    request.solutionPrelude,
    request.mode,
    JSON.stringify(reference),
    JSON.stringify(request.limits),
  );
  for (let index = 0; index < request.cases.length; index++) {
    const started = Date.now();
    const testCase = request.cases[index];
    const look: Look | undefined = script ? { inspect: testCase.inspect, explain: testCase.explain, analyze: testCase.analyze } : undefined;
    const refSetup = [script ? '' : (request.solutionPrelude ?? ''), testCase.setup ?? ''].filter((s) => s.trim() !== '').join(';\n');
    const refKey = `${refBase}:${hash(testCase.setup, JSON.stringify(look ?? null))}`;
    let referenceOutcome = references.get(refKey);
    if (!referenceOutcome) {
      send({ type: 'phase', id, phase: 'reference', index });
      referenceOutcome = await runCase(db, refSetup, reference, look, request.limits);
      if (references.size >= MAX_REFERENCES) references.delete(references.keys().next().value as string);
      references.set(refKey, referenceOutcome);
    }
    let userOutcome: SqlOutcome | null = null;
    if (user !== null) {
      send({ type: 'phase', id, phase: 'case', index });
      userOutcome = await runCase(db, testCase.setup, user, look, request.limits);
    }
    send({ type: 'case', id, index, reference: referenceOutcome, user: userOutcome, ms: Date.now() - started });
  }
  send({ type: 'done', id });
}

async function handleQuery(request: WorkerQueryRequest): Promise<void> {
  const id = request.id;
  const db = await prepare(id, request);
  if (!db) return;
  const started = Date.now();
  send({ type: 'phase', id, phase: 'case', index: 0 });
  await db.exec('BEGIN');
  let outcome: SqlOutcome;
  try {
    await db.exec(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(request.limits.statementTimeoutMs))}`);
    outcome = await runStatements(db, request.statements, request.limits, true);
  } finally {
    await db.exec('ROLLBACK');
  }
  send({ type: 'query-result', id, outcome, ms: Date.now() - started });
}

/**
 * A query built by a code exercise's answer: one statement with its values bound as parameters
 * (PGlite's query() uses the extended protocol, so a second statement in the text is an error, not
 * a second statement run). Inside the case's transaction, rolled back; a statement that ended the
 * transaction itself (COMMIT) leaves the exercise's tables in doubt, so they are made again next time.
 */
async function handleBuilt(request: WorkerBuiltRequest): Promise<void> {
  const id = request.id;
  const db = await prepare(id, request);
  if (!db) return;
  const started = Date.now();
  send({ type: 'phase', id, phase: 'case', index: 0 });
  const timeout = `SET LOCAL statement_timeout = ${Math.max(1, Math.floor(request.limits.statementTimeoutMs))}`;
  let outcome: SqlOutcome;
  await db.exec('BEGIN');
  try {
    await db.exec(timeout);
    outcome = await builtCase(db, request, timeout);
  } finally {
    await db.exec('ROLLBACK').catch(() => undefined);
  }
  send({ type: 'query-result', id, outcome, ms: Date.now() - started });
}

async function builtCase(db: Db, request: WorkerBuiltRequest, timeout: string): Promise<SqlOutcome> {
  if (request.setup && request.setup.trim() !== '') {
    try {
      await db.exec(request.setup);
    } catch (error) {
      return { kind: 'error', error: toSqlError(error), stage: 'setup' };
    }
  }
  let outcome: SqlOutcome;
  try {
    outcome = await runStatement(db, request.text, request.cursor, request.limits, false, request.params);
  } catch (error) {
    return { kind: 'error', error: toSqlError(error), stage: 'statement' };
  }
  try {
    // Still inside the case's transaction? SAVEPOINT fails outside a transaction block.
    await db.exec('SAVEPOINT interview_drills_probe');
  } catch (error) {
    if ((error as { code?: string })?.code === '25P01') {
      forgetSchema(request);
      return { kind: 'error', error: { message: 'the statement ended the transaction the check runs in (COMMIT, ROLLBACK…); build a query, not transaction control' }, stage: 'statement' };
    }
  }
  if (!request.inspect || outcome.kind === 'too-large') return outcome;
  try {
    await db.exec(`RESET ALL; SET LOCAL search_path TO ${currentSchema ? `"${currentSchema}"` : 'public'}; ${timeout}`);
    return await runStatement(db, request.inspect.text, request.inspect.cursor, request.limits);
  } catch (error) {
    return { kind: 'error', error: toSqlError(error), stage: 'inspect' };
  }
}

/** Drops an exercise's tables from the cache (and the database), so the next request makes them anew. */
function forgetSchema(request: { questionId: string; schema: string; seed?: string }): void {
  const key = `${request.questionId}:${hash(request.schema, request.seed)}`;
  const name = schemas.get(key);
  if (!name) return;
  schemas.delete(key);
  queue = queue.then(() => dbPromise?.then((opened) => opened.db.exec(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)).then(() => undefined, () => undefined));
}

// Warm-up. PGlite's WebAssembly is compiled in tiers: code runs slowly until the engine has seen
// it run a while. Started from the prepared data directory, PostgreSQL has run almost nothing, so
// the first few runs after a start were two to three times slower than later ones. While no
// request is waiting, the worker runs a few rounds of typical work (joins, aggregates, sorts,
// window functions, updates, a cursor) on temporary tables inside a transaction that is rolled
// back, starting after WARMUP_IDLE_MS without a request. One round takes tens of milliseconds; a
// request that arrives meanwhile waits for that round only, and the rounds stop for good after
// WARMUP_ROUNDS.
const WARMUP_ROUNDS = 30;
const WARMUP_SQL = `
CREATE TEMP TABLE warm_a AS
  SELECT g AS id, g % 10 AS k, md5(g::text) AS t, (g % 97)::numeric(10, 2) AS n, DATE '2024-01-01' + g AS d
  FROM generate_series(1, 400) AS g;
CREATE TEMP TABLE warm_b AS SELECT g AS id, g % 60 AS a_id, g % 3 = 0 AS flag FROM generate_series(1, 400) AS g;
SELECT a.k, count(*), sum(a.n), max(a.t) FROM pg_temp.warm_a AS a JOIN pg_temp.warm_b AS b ON b.a_id = a.id
  WHERE b.flag GROUP BY a.k HAVING sum(a.n) > 10 ORDER BY 1;
SELECT id, rank() OVER (PARTITION BY k ORDER BY n DESC), lag(d) OVER (ORDER BY d) FROM pg_temp.warm_a;
SELECT a.id FROM pg_temp.warm_a AS a LEFT JOIN pg_temp.warm_b AS b ON b.a_id = a.id WHERE b.id IS NULL;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 50) SELECT count(*) FROM r;
UPDATE pg_temp.warm_a SET n = n * 2 WHERE k = 3;
DELETE FROM pg_temp.warm_b WHERE a_id > 40;
INSERT INTO pg_temp.warm_b SELECT id + 1000, k, true FROM pg_temp.warm_a WHERE k < 5;
DECLARE warm_cursor NO SCROLL CURSOR FOR SELECT * FROM pg_temp.warm_a ORDER BY t;
FETCH 250 FROM warm_cursor;
`;
let pending = 0;
let warmupsLeft = WARMUP_ROUNDS;

async function warmUpOnce(): Promise<void> {
  const opened = await dbPromise;
  if (!opened) return;
  await opened.db.exec('BEGIN');
  try {
    await opened.db.exec(WARMUP_SQL);
  } finally {
    await opened.db.exec('ROLLBACK');
  }
}

/** Idle time before a warm-up round, so runs sent back to back never wait behind one. */
const WARMUP_IDLE_MS = 300;
let warmUpTimer: NodeJS.Timeout | undefined;

function scheduleWarmUp(delayMs = WARMUP_IDLE_MS): void {
  if (warmupsLeft <= 0 || pending > 0 || !dbPromise) return;
  if (warmUpTimer) clearTimeout(warmUpTimer);
  warmUpTimer = setTimeout(() => {
    warmUpTimer = undefined;
    if (warmupsLeft <= 0 || pending > 0) return;
    warmupsLeft--;
    queue = queue.then(warmUpOnce).then(
      () => scheduleWarmUp(0),
      (error: unknown) => {
        warmupsLeft = 0; // not worth a second try; the requests themselves still run
        process.stderr.write(`sql-worker: warm-up stopped: ${String((error as Error)?.message ?? error)}\n`);
      },
    );
  }, delayMs);
  warmUpTimer.unref();
}

process.on('message', (message: WorkerRequest) => {
  if (message?.type !== 'run' && message?.type !== 'query' && message?.type !== 'built') return;
  const handle = (): Promise<void> => (message.type === 'run' ? handleRun(message) : message.type === 'query' ? handleQuery(message) : handleBuilt(message));
  pending++;
  queue = queue
    .then(() =>
      handle().catch((error: unknown) =>
        send({ type: 'fatal', id: message.id, error: toSqlError(error) }),
      ),
    )
    .finally(() => {
      pending--;
      scheduleWarmUp();
    });
});
// PGlite can leave a rejected promise behind when a data directory fails to load; it must not
// end the worker (the fallback to a new data directory is already under way).
process.on('unhandledRejection', (error) => {
  process.stderr.write(`sql-worker: ${String((error as Error)?.message ?? error)}\n`);
});
process.on('disconnect', () => process.exit(0));
// Start PostgreSQL right away: the first request is on its way, and this overlaps with it.
dbPromise = openDb();
dbPromise.catch(() => undefined);
send({ type: 'ready', pid: process.pid, startMs: Math.round(process.uptime() * 1000) });
