// The SQL worker process: PGlite (PostgreSQL in WebAssembly) runs here, never in the caller's
// thread, because a query blocks the thread it runs on. The engine forks this file, talks over
// IPC, and kills the process when a case runs past its time or the process past its memory.
//
// State: one PGlite database; each exercise gets its own schema (tables + seed), created once and
// kept (a few, least recently used first out). Every case runs in a transaction that is rolled
// back, so nothing a case or the user's statement does (even DROP TABLE) survives it.
import { createHash } from 'node:crypto';
import {
  CURSOR_NAME,
  CURSOR_PREFIX,
  type SqlError,
  type SqlOutcome,
  type WorkerMessage,
  type WorkerRequest,
  type WorkerRunRequest,
} from '../core/sql/protocol';

interface Results {
  rows: unknown[][];
  fields: { name: string; dataTypeID: number }[];
}
interface Db {
  exec(sql: string): Promise<unknown>;
  query(sql: string, params?: unknown[], options?: { rowMode?: 'array' | 'object' }): Promise<Results>;
}

const MAX_SCHEMAS = 6;
const MAX_REFERENCES = 500;
const FETCH_BATCH = 250;

let dbPromise: Promise<{ db: Db; startMs: number }> | undefined;
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

async function openDb(): Promise<{ db: Db; startMs: number }> {
  const started = Date.now();
  const pglite = (await import('@electric-sql/pglite')) as unknown as {
    PGlite: { create(options: unknown): Promise<Db> };
    types: { parsers: Record<string, unknown> };
  };
  // Every value stays in PostgreSQL's text form; the comparison rules interpret it by type.
  const identity: Record<number, (value: string) => string> = {};
  for (const key of Object.keys(pglite.types.parsers)) if (/^\d+$/.test(key)) identity[Number(key)] = (value) => value;
  const db = await pglite.PGlite.create({ parsers: identity });
  return { db, startMs: Date.now() - started };
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

async function ensureSchema(db: Db, request: WorkerRunRequest): Promise<{ name: string; fresh: boolean }> {
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
    await db.exec('COMMIT');
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    await db.exec(`DROP SCHEMA IF EXISTS "${name}" CASCADE`).catch(() => undefined);
    throw error;
  }
  schemas.set(key, name);
  return { name, fresh: true };
}

async function runStatement(db: Db, text: string, cursor: boolean, limits: WorkerRunRequest['limits']): Promise<SqlOutcome> {
  let fields: Results['fields'] = [];
  const rows: (string | null)[][] = [];
  let bytes = 0;
  const take = (batch: Results): boolean => {
    if (batch.fields.length > 0) fields = batch.fields;
    for (const row of batch.rows) {
      const values = row.map((v) => (v === null || v === undefined ? null : String(v)));
      for (const v of values) bytes += (v?.length ?? 4) + 2;
      rows.push(values);
      if (rows.length > limits.maxRows || bytes > limits.maxBytes) return false;
    }
    return true;
  };
  let within: boolean;
  let more = false;
  if (cursor) {
    await db.query(CURSOR_PREFIX + text);
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
  } else {
    const result = await db.query(text, [], { rowMode: 'array' });
    if (result.fields.length === 0) return { kind: 'no-rows', command: text.split(/\s+/, 1)[0].toUpperCase() };
    within = take(result);
    more = !within && result.rows.length > rows.length;
  }
  if (!within) return { kind: 'too-large', rows: rows.length, bytes, moreRows: more };
  return { kind: 'rows', result: { columns: fields.map((f) => ({ name: f.name, typeId: f.dataTypeID })), rows }, bytes };
}

async function runCase(db: Db, setup: string | undefined, text: string, cursor: boolean, limits: WorkerRunRequest['limits']): Promise<SqlOutcome> {
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
    try {
      return await runStatement(db, text, cursor, limits);
    } catch (error) {
      return { kind: 'error', error: toSqlError(error), stage: 'statement' };
    }
  } finally {
    await db.exec('ROLLBACK');
  }
}

async function handleRun(request: WorkerRunRequest): Promise<void> {
  const id = request.id;
  send({ type: 'phase', id, phase: 'prepare' });
  const prepareStarted = Date.now();
  let fresh = false;
  let pgliteStartMs: number | undefined;
  if (!dbPromise) {
    dbPromise = openDb();
    fresh = true;
  }
  let db: Db;
  try {
    const opened = await dbPromise;
    db = opened.db;
    if (fresh) pgliteStartMs = opened.startMs;
    const schema = await ensureSchema(db, request);
    await db.exec(`SET search_path TO "${schema.name}"`);
  } catch (error) {
    send({ type: 'fatal', id, error: toSqlError(error) });
    return;
  }
  send({ type: 'prepared', id, ms: Date.now() - prepareStarted, fresh, ...(pgliteStartMs !== undefined ? { pgliteStartMs } : {}) });
  const refBase = hash(request.questionId, request.schema, request.seed, request.solutionPrelude, request.solution, JSON.stringify(request.limits));
  for (let index = 0; index < request.cases.length; index++) {
    const started = Date.now();
    const testCase = request.cases[index];
    const setup = [request.solutionPrelude ?? '', testCase.setup ?? ''].filter((s) => s.trim() !== '').join(';\n');
    const refKey = `${refBase}:${hash(testCase.setup)}`;
    let reference = references.get(refKey);
    if (!reference) {
      send({ type: 'phase', id, phase: 'reference', index });
      reference = await runCase(db, setup, request.solution, request.solutionCursor, request.limits);
      if (references.size >= MAX_REFERENCES) references.delete(references.keys().next().value as string);
      references.set(refKey, reference);
    }
    let user: SqlOutcome | null = null;
    if (request.statement !== null) {
      send({ type: 'phase', id, phase: 'case', index });
      user = await runCase(db, testCase.setup, request.statement, request.cursor, request.limits);
    }
    send({ type: 'case', id, index, reference, user, ms: Date.now() - started });
  }
  send({ type: 'done', id });
}

process.on('message', (message: WorkerRequest) => {
  if (message?.type !== 'run') return;
  queue = queue.then(() =>
    handleRun(message).catch((error: unknown) => send({ type: 'fatal', id: message.id, error: toSqlError(error) })),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid, startMs: Math.round(process.uptime() * 1000) });
