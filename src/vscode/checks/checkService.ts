// Runs the checks on answer files: one run per file at a time (a new request cancels the one in
// flight), the window's progress indicator meanwhile, progress recorded afterwards, and the last
// run of each question kept for the panel, the status bar and the CodeLens.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Language, Question } from '../../core/bank/question';
import type { CaseVerdict, RunReport } from '../../core/checks/types';
import { checkWrittenAnswer } from '../../core/rubric';
import type { SqlRunOptions, SqlRunReport } from '../../core/sql/engine';
import type { SqlQueryOptions, SqlQueryResult } from '../../core/sql/query';
import type { PanelResults } from '../../protocol';
import { Disposable } from '../dispose';
import type { RunRequest } from '../../core/runners/engine';
import type { SqlExecutor } from '../../core/runners/database';
import type { ProgressService } from '../progressService';
import { ranAnything, toPanelResults } from './display';
import { pythonPath, runLimits, sqlIdleMs, sqlLimits } from './settings';

/** What this service needs of the engine (the real one is CheckEngine). */
export interface Engine {
  run(request: RunRequest): Promise<RunReport>;
  /** Starts a child for the language ahead of the first run. */
  warmUp?(language: Language, options?: { memoryMb?: number; pythonPath?: string }): void;
  dispose(): void;
}

/** The SQL engine, as this service uses it (the real one is SqlEngine, created on the first SQL run). */
export interface SqlChecker {
  run(options: SqlRunOptions): Promise<SqlRunReport>;
  /** Run query: one statement against the exercise's seed state. */
  query(options: SqlQueryOptions): Promise<SqlQueryResult>;
  /** How long the worker may stay idle before it is ended (the setting, applied at each run). */
  setIdleMs(ms: number): void;
  /** Code exercises with a database: runs the query the answer built. */
  runBuiltQuery?: SqlExecutor['runBuiltQuery'];
  /** The worker's process id while one is running: none means the next run starts PostgreSQL. */
  readonly workerPid?: number;
  dispose(): void;
}

/** What a run can be in: a code language, SQL, or a written answer (markdown). */
export type CheckLanguage = Language | 'sql' | 'markdown';

/** A run's report, whatever checked it: the code engine, the SQL engine or the rubric. */
export interface CheckReport extends Omit<RunReport, 'language'> {
  language: CheckLanguage;
  /** The rubric's reminder that it is not a grade (written answers only). */
  note?: string;
}

export function isCodeLanguage(language: CheckLanguage): language is Language {
  return language !== 'sql' && language !== 'markdown';
}

/** One run: a question's answer file, with the editor's text when it is open. */
export interface CheckTarget {
  question: Question;
  language: CheckLanguage;
  uri: vscode.Uri;
  /** The editor's current text (unsaved edits count); absent: the file on disk. */
  source?: string;
}

export interface RunOptions {
  /** Stops the run (Test Explorer's stop button). */
  token?: vscode.CancellationToken;
  /** Each case's verdict as soon as it is known. */
  onCase?: (verdict: CaseVerdict, index: number) => void;
}

export interface LastRun {
  report: CheckReport;
  uri: vscode.Uri;
  question: Question;
  finishedAt: number;
}

export class CheckService extends Disposable {
  private readonly inFlight = new Map<string, AbortController>();
  private readonly running = new Map<string, { uri: vscode.Uri; language: CheckLanguage; count: number }>();
  private sql: SqlChecker | undefined;
  private sqlStarted = false;
  private readonly last = new Map<string, LastRun>();
  private latest: string | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<string>());
  /** Fires with a question id when a run of it starts or ends. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly engine: Engine,
    private readonly progress: ProgressService,
    private readonly log: vscode.LogOutputChannel,
    /** Makes the SQL engine; called on the first SQL run (PGlite takes a couple of seconds to start). */
    private readonly createSqlEngine?: () => SqlChecker,
  ) {
    super();
    this._register({ dispose: () => this.cancelAll() });
    this._register({ dispose: () => this.sql?.dispose() });
  }

  /**
   * Runs the checks. Resolves to the report, or undefined when the run was cancelled (by the
   * token, or by a newer run of the same file). Rejects when the engine itself failed.
   */
  async run(target: CheckTarget, options: RunOptions = {}): Promise<CheckReport | undefined> {
    const { question, language, uri } = target;
    const key = uri.toString();
    this.inFlight.get(key)?.abort();
    const controller = new AbortController();
    this.inFlight.set(key, controller);
    const cancel = options.token?.onCancellationRequested(() => controller.abort());
    this.markRunning(question.id, uri, language, +1);
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Running checks: ${question.title}` },
        () => this.check(target, controller.signal, options),
      );
      if (controller.signal.aborted) return undefined;
      this.last.set(question.id, { report, uri, question, finishedAt: Date.now() });
      this.latest = question.id;
      const passed = report.cases.filter((c) => c.status === 'passed').length;
      this.log.info(`checks ${question.id} (${language}): ${passed}/${report.cases.length} passed in ${Math.round(report.ms)} ms`);
      // A run that could not start says nothing about the answer, so it is not an attempt.
      if (ranAnything(report)) {
        await this.progress.recordCheck(question.id, { passed: report.passed && report.cases.length > 0, durationMs: Math.round(report.ms), language });
      }
      return report;
    } catch (error) {
      if (controller.signal.aborted) return undefined;
      throw error;
    } finally {
      cancel?.dispose();
      if (this.inFlight.get(key) === controller) this.inFlight.delete(key);
      this.markRunning(question.id, uri, language, -1);
    }
  }

  /** Runs the engine that fits the answer: the code engine, the SQL engine or the rubric. */
  private async check(target: CheckTarget, signal: AbortSignal, options: RunOptions): Promise<CheckReport> {
    const { question, language, uri } = target;
    if (language === 'markdown') {
      const text = target.source ?? (await fs.promises.readFile(uri.fsPath, 'utf8'));
      return checkWrittenAnswer(question, text);
    }
    if (language === 'sql') {
      const engine = this.sqlEngine();
      return this.startingSql(engine, () => engine.run({ question, file: uri.fsPath, source: target.source, limits: sqlLimits(), signal }));
    }
    return this.engine.run({
      question,
      language,
      file: uri.fsPath,
      source: target.source,
      limits: runLimits(),
      pythonPath: language === 'python' ? pythonPath() : undefined,
      signal,
      ...(question.exercise?.database && this.createSqlEngine ? { sql: this.sqlExecutor() } : {}),
      onCase: (verdict, index) => {
        if (!signal.aborted) options.onCase?.(verdict, index);
      },
    });
  }

  /**
   * Run query: runs one statement of a SQL answer (offsets into `source`) against the exercise's
   * seed state, with the SQL settings of the moment (`options.limits` adds to them). Starts
   * PostgreSQL if needed, saying so.
   */
  async runQuery(options: SqlQueryOptions): Promise<SqlQueryResult> {
    const engine = this.sqlEngine();
    return this.startingSql(engine, () => engine.query({ ...options, limits: { ...sqlLimits(), ...options.limits } }));
  }

  /** Applies the idle setting, and shows a notification while PostgreSQL (PGlite) starts (a couple of seconds). */
  private startingSql<T>(engine: SqlChecker, run: () => Promise<T>): Promise<T> {
    engine.setIdleMs(sqlIdleMs());
    const cold = !this.sqlStarted || ('workerPid' in engine && engine.workerPid === undefined);
    this.sqlStarted = true;
    if (!cold) return run();
    return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Interview Drills: Starting PostgreSQL…' }, run));
  }

  /** The SQL engine as the code engine's executor for exercises with a database (started on the first query). */
  private sqlExecutor(): SqlExecutor {
    return {
      runBuiltQuery: (request) => {
        const engine = this.sqlEngine();
        if (!engine.runBuiltQuery) throw new Error('this SQL engine cannot run built queries');
        const run = engine.runBuiltQuery.bind(engine);
        return this.startingSql(engine, () => run({ ...request, limits: sqlLimits() } as typeof request));
      },
    };
  }

  private sqlEngine(): SqlChecker {
    if (this.sql) return this.sql;
    if (!this.createSqlEngine) throw new Error('SQL checks are not available here');
    this.sql = this.createSqlEngine();
    return this.sql;
  }

  /**
   * An answer file is in front of the user: have a process ready for its language, so the first
   * run is as quick as the next ones. Nothing is started before an answer file is opened.
   */
  warmUp(language: Language): void {
    try {
      this.engine.warmUp?.(language, { memoryMb: runLimits().memoryMb, pythonPath: language === 'python' ? pythonPath() : undefined });
    } catch (error) {
      this.log.warn(`could not prepare a ${language} process: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  isRunning(questionId: string): boolean {
    return this.running.has(questionId);
  }

  lastRun(questionId: string): LastRun | undefined {
    return this.last.get(questionId);
  }

  /** The question whose run finished last, in this window. */
  latestRun(): LastRun | undefined {
    return this.latest ? this.last.get(this.latest) : undefined;
  }

  /** The question being run right now, if any (the most recently started). */
  runningQuestionIds(): string[] {
    return [...this.running.keys()];
  }

  /** What the panel shows for a question: the run in progress (over the previous cases), or the last run. */
  resultsFor(questionId: string): PanelResults | undefined {
    const last = this.last.get(questionId);
    const done = last ? toPanelResults(last.report, last.question, path.basename(last.uri.fsPath)) : undefined;
    const running = this.running.get(questionId);
    if (!running) return done;
    return {
      state: 'running',
      file: path.basename(running.uri.fsPath),
      language: running.language,
      cases: done?.cases ?? [],
    };
  }

  private markRunning(questionId: string, uri: vscode.Uri, language: CheckLanguage, delta: number): void {
    const current = this.running.get(questionId);
    const count = (current?.count ?? 0) + delta;
    if (count > 0) this.running.set(questionId, { uri: delta > 0 ? uri : current!.uri, language: delta > 0 ? language : current!.language, count });
    else this.running.delete(questionId);
    if (!this.isDisposed) this.changed.fire(questionId);
  }

  private cancelAll(): void {
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
  }
}
