// The SQL check engine: runs a SQL exercise's cases on PostgreSQL (PGlite) in a worker process
// and turns the results into the same verdicts as the code engine. The worker is kept warm
// between runs, restarted lazily when it dies or is killed, and ended after a while idle.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Question, SqlPlanCheck } from '../bank/question';
import type { CaseVerdict, RunReport } from '../checks/types';
import { compareRows, expectedFromRecords } from './compareRows';
import { DATADIR_DUMP_PATH } from './datadir';
import type { SqlError, SqlOutcome, SqlResultSet, WorkerBuiltRequest, WorkerMessage, WorkerQueryRequest, WorkerRequest, WorkerRunRequest, WorkerStatement } from './protocol';
import type { BuiltQueryRequest, BuiltQueryVerdict } from '../runners/database';
import { judgeBuiltOutcome } from './built';
import { CURSOR_PREFIX } from './protocol';
import type { SqlQueryOptions, SqlQueryResult } from './query';
import { isCursorQuery, isTransactionControl, firstKeyword, lineColAt, positionToOffset, splitSql, type SqlStatement } from './statements';

/** RunReport with `language: 'sql'` (the shared type lists only code languages so far). */
export type SqlRunReport = Omit<RunReport, 'language'> & { language: 'sql' };

export interface SqlLimits {
  /** Per case: PostgreSQL's statement_timeout, and the hard kill after it (plus a margin). */
  statementTimeoutMs: number;
  /** Rows a result may have before the case is an 'output' verdict. */
  maxRows: number;
  /** Bytes (text form) a result may have. */
  maxBytes: number;
  /** Resident memory of the worker process; above it the worker is killed ('memory'). */
  memoryMb: number;
}

export const DEFAULT_SQL_LIMITS: SqlLimits = { statementTimeoutMs: 5000, maxRows: 1000, maxBytes: 1_000_000, memoryMb: 1536 };

/** Run query shows at most this many rows (and `maxBytes`); more are cut and marked truncated. */
export const QUERY_MAX_ROWS = 500;

export interface SqlEngineOptions {
  extensionRoot: string;
  /** End the worker after this long without a run (default 5 minutes). */
  idleMs?: number;
  /** The worker script; default `<extensionRoot>/dist/runners/sql-worker.js`. */
  workerPath?: string;
  /**
   * The prepared data directory (see datadir.ts); default `<extensionRoot>/dist/pglite/datadir.tar.gz`.
   * null: always start from a new data directory. A missing or damaged one falls back to that too.
   */
  dataDirDump?: string | null;
}

export interface SqlRunOptions {
  question: Question;
  /** The user's .sql file (used for reading when `source` is absent, and in messages). */
  file: string;
  /** The file's text as the editor has it (unsaved changes). */
  source?: string;
  limits?: Partial<SqlLimits>;
  signal?: AbortSignal;
}

/** What the engine measured, for the bench and diagnostics. */
export interface SqlEngineStats {
  /** PGlite.create() in the worker, the last time a worker started. */
  pgliteStartMs?: number;
  /** Fork to 'ready' of the last worker. */
  workerStartMs?: number;
  /** Highest worker RSS seen, MB. */
  peakRssMb: number;
  /** Worker processes started so far. */
  workersStarted: number;
  /** How PostgreSQL started in the last worker: from the prepared data directory or a new one. */
  pgliteStartMode?: 'dump' | 'new';
  /** Why the last worker did not start from the prepared data directory. */
  dumpProblem?: string;
  /** Part of pgliteStartMs: reading, checking and unpacking the prepared data directory. */
  dumpReadMs?: number;
  /** The last run's wait for PostgreSQL and the exercise's tables (schema + seed when new). */
  prepareMs?: number;
}

/** How long after the statement timeout the worker is killed. */
const KILL_MARGIN_MS = 1000;
/** Worker start, PGlite start and the exercise's schema and seed. */
const PREPARE_TIMEOUT_MS = 60_000;
const MEMORY_POLL_MS = 100;

class Worker {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  onMessage: ((message: WorkerMessage) => void) | undefined;
  stderr = '';
  readonly forkedAt = Date.now();

  constructor(script: string, args: string[]) {
    this.child = fork(script, args, {
      execPath: process.execPath,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000);
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
      this.child.once('error', () => {
        if (this.child.pid === undefined) {
          this.exitInfo = { code: null, signal: null };
          resolve(this.exitInfo);
        }
      });
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') resolve();
        else this.onMessage?.(message);
      });
      void this.exited.then(() => reject(new Error(`the SQL worker stopped before it was ready${this.stderr ? `: ${this.stderr.trim()}` : ''}`)));
    });
    this.ready.catch(() => undefined);
  }

  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  setIdle(idle: boolean): void {
    const handles = [this.child, this.child.stderr, (this.child as unknown as { channel?: { ref?(): void; unref?(): void } }).channel];
    for (const handle of handles as ({ ref?(): void; unref?(): void } | null | undefined)[]) {
      if (idle) handle?.unref?.();
      else handle?.ref?.();
    }
  }

  async kill(): Promise<void> {
    if (!this.alive) return;
    try {
      this.child.kill('SIGKILL');
    } catch {
      // already gone
    }
    await this.exited;
  }
}

export class SqlEngine {
  readonly stats: SqlEngineStats = { peakRssMb: 0, workersStarted: 0 };
  private readonly script: string;
  private readonly dump: string | null;
  private idleMs: number;
  private worker: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private disposed = false;

  constructor(options: SqlEngineOptions) {
    this.script = options.workerPath ?? path.join(options.extensionRoot, 'dist', 'runners', 'sql-worker.js');
    this.idleMs = options.idleMs ?? 5 * 60_000;
    this.dump = options.dataDirDump === undefined ? path.join(options.extensionRoot, ...DATADIR_DUMP_PATH) : options.dataDirDump;
  }

  /** How long the worker may stay idle before it is ended (a setting); applies from now on. */
  setIdleMs(ms: number): void {
    if (!Number.isFinite(ms) || ms <= 0) throw new Error(`idle time must be a positive number of ms, got ${ms}`);
    this.idleMs = ms;
    if (this.idleTimer) this.armIdle();
  }

  /** Starts the worker (and PostgreSQL in it) ahead of the first run, e.g. when a .sql answer opens. */
  async warm(): Promise<void> {
    const result = this.queue.then(async () => {
      if (this.worker?.alive) return;
      this.clearIdle();
      await this.workerFor();
      this.armIdle();
    });
    this.queue = result.catch(() => undefined);
    await result;
  }

  /**
   * Run query: the statement between `start` and `end` of `source` on the exercise's seed state,
   * in a transaction rolled back afterwards. Queued with check runs.
   */
  query(options: SqlQueryOptions): Promise<SqlQueryResult> {
    const result = this.queue.then(() => this.queryNow(options));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Runs the exercise's cases on the user's file; one run at a time, in order. */
  run(options: SqlRunOptions): Promise<SqlRunReport> {
    const result = this.queue.then(() => this.runNow(options));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * A code exercise with a database: runs the query the answer built (`{ text, params }`) on the
   * exercise's tables, in a transaction rolled back, and judges it against the case's `expect`.
   * Queued with the other runs. This makes SqlEngine the code engine's SQL executor.
   */
  runBuiltQuery(request: BuiltQueryRequest & { limits?: Partial<SqlLimits> }): Promise<BuiltQueryVerdict> {
    const result = this.queue.then(() => this.builtNow(request));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The worker's process id, if one is running (tests, diagnostics). */
  get workerPid(): number | undefined {
    return this.worker?.alive ? this.worker.child.pid : undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.clearIdle();
    void this.worker?.kill();
    this.worker = undefined;
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private armIdle(): void {
    this.clearIdle();
    const worker = this.worker;
    if (!worker?.alive) return;
    worker.setIdle(true);
    this.idleTimer = setTimeout(() => {
      if (this.worker === worker) this.worker = undefined;
      void worker.kill();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private async workerFor(): Promise<Worker> {
    if (this.disposed) throw new Error('the SQL engine has been disposed');
    if (this.worker?.alive) return this.worker;
    if (!fs.existsSync(this.script)) throw new Error(`the SQL worker is missing: ${this.script}`);
    const worker = new Worker(this.script, this.dump ? [`--datadir-dump=${this.dump}`] : []);
    this.worker = worker;
    this.stats.workersStarted++;
    await worker.ready;
    this.stats.workerStartMs = Date.now() - worker.forkedAt;
    return worker;
  }

  private async runNow(options: SqlRunOptions): Promise<SqlRunReport> {
    const started = Date.now();
    const { question } = options;
    const limits: SqlLimits = { ...DEFAULT_SQL_LIMITS, ...definedOnly(options.limits ?? {}) };
    const exercise = question.sql;
    const report = (cases: CaseVerdict[]): SqlRunReport => ({
      passed: cases.length > 0 && cases.every((c) => c.status === 'passed'),
      cases,
      ms: Date.now() - started,
      language: 'sql',
      questionId: question.id,
    });
    if (!exercise) throw new Error(`question ${question.id} is not a SQL exercise`);
    const names = exercise.cases.map((c) => c.name);
    const allError = (message: string, location?: { line: number; col: number }): SqlRunReport =>
      report(names.map((name) => ({ name, status: 'error', message, ...(location ? { location } : {}), ms: 0 })));

    let source: string;
    try {
      source = options.source ?? (await fs.promises.readFile(options.file, 'utf8'));
    } catch (error) {
      return allError(`cannot read ${options.file}: ${(error as Error).message}`);
    }
    const script = exercise.mode === 'script';
    const checked = checkStatements(source, 0, source.length, script ? 'script' : 'query');
    if ('error' in checked) return allError(checked.error, checked.location);
    const userStatements = checked.statements;
    const solution = splitSql(exercise.solution).statements;
    if (solution.length === 0) return allError(`question ${question.id} has no reference solution`);
    const misplaced = exercise.cases.find((c) => (c.inspect !== undefined || c.plan !== undefined) !== script);
    if (misplaced) {
      return allError(
        script
          ? `case "${misplaced.name}" has neither inspect nor plan, which a script exercise needs (a problem in the exercise)`
          : `case "${misplaced.name}" has inspect or plan, which only a script exercise (mode: script) can use (a problem in the exercise)`,
      );
    }
    const solutionQuery = solution[solution.length - 1].text;
    const prelude = solution.slice(0, -1).map((s) => s.text).join(';\n');
    const statement = userStatements[0];
    const cursor = isCursorQuery(statement.text);
    const asWorker = (list: SqlStatement[]): WorkerStatement[] => list.map((s) => ({ text: s.text, cursor: isCursorQuery(s.text) }));

    const request: WorkerRunRequest = {
      type: 'run',
      id: this.nextId++,
      questionId: question.id,
      schema: exercise.schema,
      ...(exercise.seed ? { seed: exercise.seed } : {}),
      ...(prelude && !script ? { solutionPrelude: prelude } : {}),
      solution: solutionQuery,
      solutionCursor: isCursorQuery(solutionQuery),
      cases: exercise.cases.map((c) => ({
        name: c.name,
        ...(c.setup ? { setup: c.setup } : {}),
        ...(c.inspect !== undefined ? { inspect: { text: trimStatement(c.inspect), cursor: isCursorQuery(trimStatement(c.inspect)) } } : {}),
        ...(c.plan ? { explain: trimStatement(c.plan.query), analyze: c.plan.analyze === true } : {}),
      })),
      statement: script ? null : statement.text,
      cursor,
      limits: { statementTimeoutMs: limits.statementTimeoutMs, maxRows: limits.maxRows, maxBytes: limits.maxBytes },
      ...(script ? { mode: 'script' as const, statementList: asWorker(userStatements), solutionList: asWorker(solution) } : {}),
    };

    const verdicts: (CaseVerdict | undefined)[] = names.map(() => undefined);
    const finish = (current: number, status: CaseVerdict['status'], message: string): SqlRunReport => {
      const cases = names.map((name, i): CaseVerdict => {
        const done = verdicts[i];
        if (done) return done;
        if (i === current) return { name, status, message, ms: 0 };
        const rest = status === 'not-started' ? message : 'not run: an earlier case stopped the run';
        return { name, status: 'not-started', ...(rest ? { message: rest } : {}), ms: 0 };
      });
      return report(cases);
    };

    if (options.signal?.aborted) return finish(-1, 'not-started', 'cancelled');
    this.clearIdle();
    let worker: Worker;
    try {
      worker = await this.workerFor();
    } catch (error) {
      return allError(`the SQL engine could not start: ${(error as Error).message}`);
    }
    worker.setIdle(false);

    const toVerdict = (index: number, reference: SqlOutcome, user: SqlOutcome | null, ms: number): CaseVerdict => {
      const testCase = exercise.cases[index];
      const base = { name: testCase.name, ms };
      if (reference.kind === 'error') {
        const what = reference.stage === 'setup' ? "the case's setup" : reference.stage === 'inspect' ? "the case's check query" : 'the reference solution';
        return { ...base, status: 'error', message: `${what} failed (a problem in the exercise, not your answer): ${reference.error.message}` };
      }
      if (reference.kind !== 'rows' && !testCase.expect) {
        return { ...base, status: 'error', message: 'the reference solution returned no usable rows (a problem in the exercise)' };
      }
      if (!user) return { ...base, status: 'error', message: 'no statement was run' };
      switch (user.kind) {
        case 'error': {
          if (user.stage === 'setup') return { ...base, status: 'error', message: `the case's setup failed: ${user.error.message}` };
          if (user.error.code === '57014') {
            return { ...base, status: 'timeout', message: `the query ran longer than ${seconds(limits.statementTimeoutMs)} and was stopped` };
          }
          if (user.stage === 'inspect') {
            const what = testCase.plan ? `EXPLAIN ${oneLine(testCase.plan.query)}` : `the check query (${oneLine(testCase.inspect ?? '')})`;
            return { ...base, status: 'failed', message: `after your statements, ${what} failed: ${user.error.message}` };
          }
          const failed = userStatements[user.statementIndex ?? 0] ?? statement;
          return { ...base, status: 'error', ...errorAt(source, failed, user.error) };
        }
        case 'no-rows':
          return {
            ...base,
            status: 'error',
            message: `the statement (${user.command}) returned no rows; this exercise expects a query (SELECT …) that returns the rows`,
            location: lineColAt(source, statement.start),
          };
        case 'too-large':
          return {
            ...base,
            status: 'output',
            message: `result too large (${user.rows}${user.moreRows ? '+' : ''} rows, ${user.bytes} bytes read before stopping; the limit is ${limits.maxRows} rows and ${limits.maxBytes} bytes)`,
          };
        case 'rows': {
          if (testCase.plan && reference.kind === 'rows') return planVerdict(base, testCase.plan, reference.result, user.result);
          const expected: SqlResultSet | undefined = testCase.expect
            ? expectedFromRecords(testCase.expect, user.result)
            : reference.kind === 'rows'
              ? reference.result
              : undefined;
          if (!expected) return { ...base, status: 'error', message: 'nothing to compare with' };
          const compared = compareRows(expected, user.result, {
            ordered: (testCase.ordered ?? exercise.ordered) === true,
            checkColumnNames: exercise.checkColumnNames === true,
          });
          if (compared.equal) return { ...base, status: 'passed' };
          return {
            ...base,
            status: 'failed',
            message: compared.message ?? 'the rows differ',
            expected: compared.expected,
            actual: compared.actual,
            ...(compared.diff ? { diff: compared.diff } : {}),
          } as CaseVerdict;
        }
      }
    };

    return await this.exchange<SqlRunReport>(worker, request, limits, options.signal, {
      onMessage: (message) => {
        switch (message.type) {
          case 'case':
            verdicts[message.index] = toVerdict(message.index, message.reference, message.user, message.ms);
            return undefined;
          case 'fatal':
            return allError(`the exercise's tables could not be created: ${message.error.message}`);
          case 'done':
            return finish(-1, 'not-started', '');
          default:
            return undefined;
        }
      },
      onStop: (why, phase, mb) => {
        const current = phase.name === 'prepare' ? 0 : phase.index;
        if (why === 'abort') return finish(current, 'not-started', 'cancelled');
        if (why === 'memory') return finish(current, 'memory', `the database used more than ${limits.memoryMb} MB (${mb ?? '?'} MB) and was stopped`);
        if (why === 'time') {
          if (phase.name === 'case') return finish(current, 'timeout', `the query ran longer than ${seconds(limits.statementTimeoutMs)} and was stopped`);
          if (phase.name === 'reference') return finish(current, 'error', 'the reference solution ran out of time (a problem in the exercise)');
          return finish(current, 'error', 'the SQL engine did not start in time');
        }
        return finish(current, 'error', this.stoppedMessage(worker));
      },
    });
  }

  private async builtNow(request: BuiltQueryRequest & { limits?: Partial<SqlLimits> }): Promise<BuiltQueryVerdict> {
    const { question, testCase, query } = request;
    const database = question.exercise?.database;
    if (!database) return { status: 'error', message: `question ${question.id} has no database to run a query on (a problem in the exercise)` };
    const limits: SqlLimits = { ...DEFAULT_SQL_LIMITS, ...definedOnly(request.limits ?? {}) };
    const text = trimStatement(query.text);
    const split = splitSql(text);
    if (split.statements.length > 1) {
      return {
        status: 'failed',
        message: `the query text holds ${split.statements.length} statements: something in the input ended your statement and started another. A parameterised query is one statement (PostgreSQL refuses more), and values go in params, never into the text`,
      };
    }
    const keyword = firstKeyword(text.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, ''));
    if (isTransactionControl(keyword)) {
      return { status: 'failed', message: `${keyword.toUpperCase()} is not allowed: every case runs in its own transaction, which is rolled back afterwards` };
    }
    if (request.signal?.aborted) return { status: 'error', message: 'cancelled' };
    this.clearIdle();
    let worker: Worker;
    try {
      worker = await this.workerFor();
    } catch (error) {
      return { status: 'error', message: `the SQL engine could not start: ${(error as Error).message}` };
    }
    worker.setIdle(false);
    const options = testCase.database ?? {};
    const inspect = options.inspect !== undefined ? trimStatement(options.inspect) : undefined;
    const message: WorkerBuiltRequest = {
      type: 'built',
      id: this.nextId++,
      questionId: question.id,
      schema: database.schema,
      ...(database.seed ? { seed: database.seed } : {}),
      text,
      params: query.params,
      cursor: isCursorQuery(text),
      ...(options.setup ? { setup: options.setup } : {}),
      ...(inspect !== undefined ? { inspect: { text: inspect, cursor: isCursorQuery(inspect) } } : {}),
      limits: { statementTimeoutMs: limits.statementTimeoutMs, maxRows: limits.maxRows, maxBytes: limits.maxBytes },
    };
    const judge = { ordered: (options.ordered ?? database.ordered) === true, statementTimeoutMs: limits.statementTimeoutMs, maxRows: limits.maxRows, maxBytes: limits.maxBytes };
    return await this.exchange<BuiltQueryVerdict>(worker, message, limits, request.signal, {
      onMessage: (reply) => {
        if (reply.type === 'fatal') return { status: 'error', message: `the exercise's tables could not be created: ${reply.error.message}` };
        if (reply.type !== 'query-result') return undefined;
        return judgeBuiltOutcome(testCase, reply.outcome, judge);
      },
      onStop: (why, phase, mb) => {
        if (why === 'abort') return { status: 'error', message: 'cancelled' };
        if (why === 'time') {
          return phase.name === 'prepare'
            ? { status: 'error', message: 'the SQL engine did not start in time' }
            : { status: 'timeout', message: `the query ran longer than ${seconds(limits.statementTimeoutMs)} and was stopped` };
        }
        if (why === 'memory') return { status: 'memory', message: `the database used more than ${limits.memoryMb} MB (${mb ?? '?'} MB) and was stopped` };
        return { status: 'error', message: this.stoppedMessage(worker) };
      },
    });
  }

  private async queryNow(options: SqlQueryOptions): Promise<SqlQueryResult> {
    const started = Date.now();
    const ms = (): number => Date.now() - started;
    const { question, source } = options;
    const exercise = question.sql;
    if (!exercise) return { kind: 'error', message: `question ${question.id} is not a SQL exercise`, ms: ms() };
    const start = Math.max(0, Math.min(options.start, source.length));
    const end = Math.max(start, Math.min(options.end, source.length));
    // A script exercise's statements build on each other, so a selection may hold several.
    const checked = checkStatements(source, start, end, exercise.mode === 'script' ? 'selection' : 'query');
    if ('error' in checked) return { kind: 'error', message: checked.error, ...(checked.location ? { location: checked.location } : {}), ms: ms() };
    const statements = checked.statements;
    const limits: SqlLimits = { ...DEFAULT_SQL_LIMITS, ...definedOnly(options.limits ?? {}) };
    const maxRows = Math.min(limits.maxRows, QUERY_MAX_ROWS);
    if (options.signal?.aborted) return { kind: 'cancelled', ms: ms() };
    this.clearIdle();
    let worker: Worker;
    try {
      worker = await this.workerFor();
    } catch (error) {
      return { kind: 'error', message: `the SQL engine could not start: ${(error as Error).message}`, ms: ms() };
    }
    worker.setIdle(false);
    const request: WorkerQueryRequest = {
      type: 'query',
      id: this.nextId++,
      questionId: question.id,
      schema: exercise.schema,
      ...(exercise.seed ? { seed: exercise.seed } : {}),
      statements: statements.map((s) => ({ text: s.text, cursor: isCursorQuery(s.text) })),
      limits: { statementTimeoutMs: limits.statementTimeoutMs, maxRows, maxBytes: limits.maxBytes },
    };
    const timeoutMessage = `the query ran longer than ${seconds(limits.statementTimeoutMs)} and was stopped`;
    return await this.exchange<SqlQueryResult>(worker, request, limits, options.signal, {
      onMessage: (message) => {
        if (message.type === 'fatal') return { kind: 'error', message: `the exercise's tables could not be created: ${message.error.message}`, ms: ms() };
        if (message.type !== 'query-result') return undefined;
        const outcome = message.outcome;
        switch (outcome.kind) {
          case 'rows':
            return { kind: 'rows', columns: outcome.result.columns, rows: outcome.result.rows, truncated: outcome.truncated === true, ms: ms() };
          case 'no-rows':
            return { kind: 'no-rows', command: outcome.command, ms: ms() };
          case 'too-large':
            return { kind: 'error', message: `result too large (${outcome.rows} rows, ${outcome.bytes} bytes)`, ms: ms() };
          case 'error': {
            if (outcome.error.code === '57014') return { kind: 'timeout', message: timeoutMessage, ms: ms() };
            const failed = statements[outcome.statementIndex ?? 0] ?? statements[0];
            return { kind: 'error', ...errorAt(source, failed, outcome.error), ms: ms() };
          }
        }
        return undefined;
      },
      onStop: (why, phase, mb) => {
        if (why === 'abort') return { kind: 'cancelled', ms: ms() };
        if (why === 'time') {
          return phase.name === 'prepare'
            ? { kind: 'error', message: 'the SQL engine did not start in time', ms: ms() }
            : { kind: 'timeout', message: timeoutMessage, ms: ms() };
        }
        if (why === 'memory') return { kind: 'error', message: `the database used more than ${limits.memoryMb} MB (${mb ?? '?'} MB) and was stopped`, ms: ms() };
        return { kind: 'error', message: this.stoppedMessage(worker), ms: ms() };
      },
    });
  }

  private stoppedMessage(worker: Worker): string {
    const exit = worker.exitInfo;
    return `the SQL engine stopped unexpectedly (${exit?.signal ?? `exit code ${exit?.code}`})${worker.stderr ? `: ${worker.stderr.trim().slice(-500)}` : ''}`;
  }

  /**
   * Sends one request to the worker and waits for its answer, with the bounds around it: the
   * hard kill when a phase runs past its time, the memory poll, cancellation, a dying worker.
   * `onMessage` returns the result when a message ends the exchange; `onStop` when a bound did.
   */
  private exchange<T>(
    worker: Worker,
    request: WorkerRequest,
    limits: SqlLimits,
    signal: AbortSignal | undefined,
    handlers: {
      onMessage(message: WorkerMessage): T | undefined;
      onStop(why: 'time' | 'memory' | 'abort' | 'exit', phase: { name: 'prepare' | 'reference' | 'case'; index: number }, mb?: number): T;
    },
    retried = false,
  ): Promise<T> {
    return new Promise<T>((resolve) => {
      let heard = false;
      let settled = false;
      let stopping = false;
      let phase: { name: 'prepare' | 'reference' | 'case'; index: number } = { name: 'prepare', index: 0 };
      let timer: NodeJS.Timeout | undefined;
      let poll: NodeJS.Timeout | undefined;
      const arm = (ms: number): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void stop('time'), ms);
      };
      const cleanup = (): void => {
        if (timer) clearTimeout(timer);
        if (poll) clearInterval(poll);
        worker.onMessage = undefined;
        signal?.removeEventListener('abort', onAbort);
      };
      const settle = (value: T): void => {
        if (settled) return;
        settled = true;
        cleanup();
        if (worker.alive) this.armIdle();
        resolve(value);
      };
      const stop = async (why: 'time' | 'memory' | 'abort' | 'exit', mb?: number): Promise<void> => {
        if (settled || stopping) return;
        stopping = true;
        cleanup();
        if (this.worker === worker) this.worker = undefined;
        await worker.kill();
        if (why === 'exit' && !heard && !retried && !this.disposed) {
          // The worker had died before this request reached it (killed while idle, say): once
          // more on a new worker rather than report a crash the user had nothing to do with.
          settled = true;
          const again = this.workerFor().then(
            (next) => {
              next.setIdle(false);
              return this.exchange(next, request, limits, signal, handlers, true);
            },
            () => handlers.onStop(why, phase, mb),
          );
          resolve(again);
          return;
        }
        settle(handlers.onStop(why, phase, mb));
      };
      const onAbort = (): void => void stop('abort');
      signal?.addEventListener('abort', onAbort);
      void worker.exited.then(() => void stop('exit'));
      const caseBudget = limits.statementTimeoutMs + KILL_MARGIN_MS;
      worker.onMessage = (message) => {
        if (settled || stopping || !('id' in message) || message.id !== request.id) return;
        heard = true;
        if (message.type === 'phase') {
          phase = { name: message.phase, index: message.index ?? 0 };
          arm(message.phase === 'prepare' ? PREPARE_TIMEOUT_MS : caseBudget);
          return;
        }
        if (message.type === 'prepared') {
          this.stats.prepareMs = message.ms;
          if (message.pgliteStartMs !== undefined) this.stats.pgliteStartMs = message.pgliteStartMs;
          if (message.startMode) {
            this.stats.pgliteStartMode = message.startMode;
            if (message.dumpReadMs !== undefined) this.stats.dumpReadMs = message.dumpReadMs;
            else delete this.stats.dumpReadMs;
            if (message.dumpProblem) this.stats.dumpProblem = message.dumpProblem;
            else delete this.stats.dumpProblem;
          }
          return;
        }
        if (message.type === 'case') arm(caseBudget);
        const result = handlers.onMessage(message);
        if (result !== undefined) settle(result);
      };
      const pid = worker.child.pid;
      if (pid !== undefined && process.platform === 'linux') {
        let reading = false;
        poll = setInterval(() => {
          if (reading) return;
          reading = true;
          void rssMb(pid)
            .then((mb) => {
              if (mb === undefined) return;
              this.stats.peakRssMb = Math.max(this.stats.peakRssMb, mb);
              if (mb > limits.memoryMb) void stop('memory', mb);
            })
            .finally(() => {
              reading = false;
            });
        }, MEMORY_POLL_MS);
      }
      arm(PREPARE_TIMEOUT_MS);
      worker.child.send(request, (error) => {
        if (error) void stop('exit');
      });
      if (signal?.aborted) onAbort();
    });
  }
}

/** Where a statement's error points in the user's file, with PostgreSQL's detail and hint. */
function errorAt(source: string, statement: SqlStatement, error: SqlError): { message: string; location: { line: number; col: number } } {
  const prefix = isCursorQuery(statement.text) ? Array.from(CURSOR_PREFIX).length : 0;
  const offset = error.position !== undefined ? positionToOffset(statement.text, statement.start, error.position, prefix) : undefined;
  const extra = [error.detail, error.hint ? `Hint: ${error.hint}` : undefined].filter(Boolean).join(' ');
  const inTransaction = error.code === '25001' ? ' (your statements run inside a transaction that is rolled back afterwards)' : '';
  return { message: `${error.message}${extra ? ` (${extra})` : ''}${inTransaction}`, location: lineColAt(source, offset ?? statement.start) };
}

/**
 * The statements of `source` between `start` and `end`, or why they cannot run: no statement,
 * a psql meta-command, transaction control, or (mode 'query') more than one statement.
 */
function checkStatements(
  source: string,
  start: number,
  end: number,
  mode: 'query' | 'script' | 'selection',
): { statements: SqlStatement[] } | { error: string; location?: { line: number; col: number } } {
  const split = splitSql(source.slice(start, end));
  const shift = (s: SqlStatement): SqlStatement => ({ ...s, start: s.start + start, end: s.end + start, stop: s.stop + start });
  const statements = split.statements.map(shift);
  if (split.metaCommand) {
    const command = split.metaCommand.text.split(/\s+/, 1)[0];
    return { error: `psql meta-commands like ${command} are not SQL; remove them`, location: lineColAt(source, split.metaCommand.offset + start) };
  }
  if (statements.length === 0) return { error: mode === 'selection' || start > 0 || end < source.length ? 'no SQL statement to run here' : 'the file has no SQL statement' };
  if (mode === 'query' && statements.length > 1) {
    const lines = statements.map((s) => lineColAt(source, s.start).line);
    return {
      error:
        start > 0 || end < source.length
          ? `select one statement to run; the selection has ${statements.length} (starting on lines ${lines.join(', ')})`
          : `this exercise expects one statement, a single query (SELECT …) that returns the rows, but the file has ${statements.length} (starting on lines ${lines.join(', ')}); keep only the query`,
      location: lineColAt(source, statements[1].start),
    };
  }
  const control = statements.find((s) => isTransactionControl(s.text));
  if (control) {
    return {
      error: `${firstKeyword(control.text).toUpperCase()} is not allowed here: every case runs in its own transaction, which is rolled back afterwards`,
      location: lineColAt(source, control.start),
    };
  }
  return { statements };
}

/** A statement from the question file without its trailing `;`. */
function trimStatement(text: string): string {
  return text.trim().replace(/;\s*$/, '').trim();
}

function oneLine(text: string): string {
  const line = text.trim().replace(/;\s*$/, '').replace(/\s+/g, ' ');
  return line.length > 100 ? `${line.slice(0, 97)}…` : line;
}

/** `Seq Scan on orders`, `Parallel Seq Scan on "Orders" o`: the table each sequential scan reads. */
const SEQ_SCAN = /\bSeq Scan on ("(?:[^"]|"")+"|[A-Za-z_][\w$]*)(?:\.("(?:[^"]|"")+"|[A-Za-z_][\w$]*))?/;

function scannedTable(line: string): string | undefined {
  const m = SEQ_SCAN.exec(line);
  if (!m) return undefined;
  const name = m[2] ?? m[1];
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase();
}

/** The plan check: no `Seq Scan on` the named tables, in the reference's plan (sanity) and the user's. */
function planVerdict(base: { name: string; ms: number }, check: SqlPlanCheck, reference: SqlResultSet, user: SqlResultSet): CaseVerdict {
  const lines = (set: SqlResultSet): string[] => set.rows.map((row) => row[0] ?? '');
  const banned = new Set(check.noSeqScanOn.map((t) => (t.startsWith('"') ? t.slice(1, -1) : t.toLowerCase())));
  const offending = (plan: string[]): number[] =>
    plan.map((line, i) => (banned.has(scannedTable(line) ?? '') ? i : -1)).filter((i) => i >= 0);
  const refPlan = lines(reference);
  if (offending(refPlan).length > 0) {
    return { ...base, status: 'error', message: `the reference solution's plan still has a sequential scan (a problem in the exercise):\n${refPlan.join('\n')}` };
  }
  const plan = lines(user);
  const bad = offending(plan);
  if (bad.length === 0) return { ...base, status: 'passed' };
  const tables = [...new Set(bad.map((i) => scannedTable(plan[i])))].join(', ');
  const shown = plan.map((line, i) => `${bad.includes(i) ? '>> ' : '   '}${line}`);
  return { ...base, status: 'failed', message: `the plan still reads every row of ${tables} (Seq Scan) for ${oneLine(check.query)}:\n${shown.join('\n')}` };
}

async function rssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await fs.promises.readFile(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : undefined;
  } catch {
    return undefined;
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
