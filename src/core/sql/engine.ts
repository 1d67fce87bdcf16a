// The SQL check engine: runs a SQL exercise's cases on PostgreSQL (PGlite) in a worker process
// and turns the results into the same verdicts as the code engine. The worker is kept warm
// between runs, restarted lazily when it dies or is killed, and ended after a while idle.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Question } from '../bank/question';
import type { CaseVerdict, RunReport } from '../checks/types';
import { compareRows, expectedFromRecords } from './compareRows';
import type { SqlOutcome, SqlResultSet, WorkerMessage, WorkerRunRequest } from './protocol';
import { CURSOR_PREFIX } from './protocol';
import { isCursorQuery, isTransactionControl, firstKeyword, lineColAt, positionToOffset, splitSql } from './statements';

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

export interface SqlEngineOptions {
  extensionRoot: string;
  /** End the worker after this long without a run (default 5 minutes). */
  idleMs?: number;
  /** The worker script; default `<extensionRoot>/dist/runners/sql-worker.js`. */
  workerPath?: string;
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

  constructor(script: string) {
    this.child = fork(script, [], {
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
  private readonly idleMs: number;
  private worker: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private disposed = false;

  constructor(options: SqlEngineOptions) {
    this.script = options.workerPath ?? path.join(options.extensionRoot, 'dist', 'runners', 'sql-worker.js');
    this.idleMs = options.idleMs ?? 5 * 60_000;
  }

  /** Runs the exercise's cases on the user's file; one run at a time, in order. */
  run(options: SqlRunOptions): Promise<SqlRunReport> {
    const result = this.queue.then(() => this.runNow(options));
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
    const worker = new Worker(this.script);
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
    const split = splitSql(source);
    if (split.metaCommand) {
      const command = split.metaCommand.text.split(/\s+/, 1)[0];
      return allError(`psql meta-commands like ${command} are not SQL; remove them`, lineColAt(source, split.metaCommand.offset));
    }
    if (split.statements.length === 0) return allError('the file has no SQL statement');
    if (split.statements.length > 1) {
      const lines = split.statements.map((s) => lineColAt(source, s.start).line);
      return allError(
        `this exercise expects one statement, a single query (SELECT …) that returns the rows, but the file has ${split.statements.length} (starting on lines ${lines.join(', ')}); keep only the query`,
        lineColAt(source, split.statements[1].start),
      );
    }
    const statement = split.statements[0];
    if (isTransactionControl(statement.text)) {
      return allError(
        `${firstKeyword(statement.text).toUpperCase()} is not allowed here: every case runs in its own transaction, which is rolled back afterwards`,
        lineColAt(source, statement.start),
      );
    }
    const solution = splitSql(exercise.solution).statements;
    if (solution.length === 0) return allError(`question ${question.id} has no reference solution`);
    const solutionQuery = solution[solution.length - 1].text;
    const prelude = solution.slice(0, -1).map((s) => s.text).join(';\n');
    const cursor = isCursorQuery(statement.text);

    const request: WorkerRunRequest = {
      type: 'run',
      id: this.nextId++,
      questionId: question.id,
      schema: exercise.schema,
      ...(exercise.seed ? { seed: exercise.seed } : {}),
      ...(prelude ? { solutionPrelude: prelude } : {}),
      solution: solutionQuery,
      solutionCursor: isCursorQuery(solutionQuery),
      cases: exercise.cases.map((c) => ({ name: c.name, ...(c.setup ? { setup: c.setup } : {}) })),
      statement: statement.text,
      cursor,
      limits: { statementTimeoutMs: limits.statementTimeoutMs, maxRows: limits.maxRows, maxBytes: limits.maxBytes },
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
        const what = reference.stage === 'setup' ? "the case's setup" : 'the reference solution';
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
          const offset =
            user.error.position !== undefined
              ? positionToOffset(statement.text, statement.start, user.error.position, cursor ? Array.from(CURSOR_PREFIX).length : 0)
              : undefined;
          const extra = [user.error.detail, user.error.hint ? `Hint: ${user.error.hint}` : undefined].filter(Boolean).join(' ');
          return {
            ...base,
            status: 'error',
            message: `${user.error.message}${extra ? ` (${extra})` : ''}`,
            location: lineColAt(source, offset ?? statement.start),
          };
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
          const expected: SqlResultSet | undefined = testCase.expect
            ? expectedFromRecords(testCase.expect, user.result)
            : reference.kind === 'rows'
              ? reference.result
              : undefined;
          if (!expected) return { ...base, status: 'error', message: 'nothing to compare with' };
          const compared = compareRows(expected, user.result, {
            ordered: exercise.ordered === true,
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

    return await new Promise<SqlRunReport>((resolve) => {
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
        options.signal?.removeEventListener('abort', onAbort);
      };
      const settle = (value: SqlRunReport): void => {
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
        const current = phase.name === 'prepare' ? 0 : phase.index;
        if (why === 'abort') return settle(finish(current, 'not-started', 'cancelled'));
        if (why === 'memory') {
          return settle(finish(current, 'memory', `the database used more than ${limits.memoryMb} MB (${mb ?? '?'} MB) and was stopped`));
        }
        if (why === 'time') {
          if (phase.name === 'case') {
            return settle(finish(current, 'timeout', `the query ran longer than ${seconds(limits.statementTimeoutMs)} and was stopped`));
          }
          if (phase.name === 'reference') return settle(finish(current, 'error', 'the reference solution ran out of time (a problem in the exercise)'));
          return settle(finish(current, 'error', 'the SQL engine did not start in time'));
        }
        const exit = worker.exitInfo;
        return settle(
          finish(current, 'error', `the SQL engine stopped unexpectedly (${exit?.signal ?? `exit code ${exit?.code}`})${worker.stderr ? `: ${worker.stderr.trim().slice(-500)}` : ''}`),
        );
      };
      const onAbort = (): void => void stop('abort');
      options.signal?.addEventListener('abort', onAbort);
      void worker.exited.then(() => void stop('exit'));
      const caseBudget = limits.statementTimeoutMs + KILL_MARGIN_MS;
      worker.onMessage = (message) => {
        if (settled || !('id' in message) || message.id !== request.id) return;
        switch (message.type) {
          case 'phase':
            phase = { name: message.phase, index: message.index ?? 0 };
            arm(message.phase === 'prepare' ? PREPARE_TIMEOUT_MS : caseBudget);
            break;
          case 'prepared':
            if (message.pgliteStartMs !== undefined) this.stats.pgliteStartMs = message.pgliteStartMs;
            break;
          case 'case':
            verdicts[message.index] = toVerdict(message.index, message.reference, message.user, message.ms);
            arm(caseBudget);
            break;
          case 'fatal':
            settle(allError(`the exercise's tables could not be created: ${message.error.message}`));
            break;
          case 'done':
            settle(finish(-1, 'not-started', ''));
            break;
        }
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
      if (options.signal?.aborted) onAbort();
    });
  }
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
