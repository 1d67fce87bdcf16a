// The check engine: runs a code question's cases against a user's answer in a bounded child
// process and returns one verdict per case. The extension, the CLI and the bench all use it.
//
// Where the time goes, and what is done about it: a Node or Python process takes 25–90 ms to
// start, so one child per language is started ahead of time and waits on stdin for its job (a
// child runs one job only, then dies: no state leaks between runs). TypeScript is transpiled here,
// in the long-lived process, where it takes a few milliseconds (nothing when the text is unchanged).
// Fixture folders are made once and handed to later runs only while provably untouched
// (fixturePool.ts): making and removing 24 MB of files on a disk costs more than the answer's own
// work. Results are compared here, never in the child.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeCase, Language, Question } from '../bank/question';
import { FixtureError, removeTree, removeTreeSync } from '../checks/fixtures';
import { CASE_OUTPUT_CAP, DEFAULT_LIMITS, type CaseVerdict, type RunLimits, type RunReport } from '../checks/types';
import { HarnessChild, type SpawnSpec } from './child';
import type { HarnessJob } from './protocol';
import { FixturePool, type PooledFixture } from './fixturePool';
import { CaseGenerators, defaultCaseCacheDir } from './generators';
import { judgeBuiltQuery, type SqlExecutor } from './database';
import { defaultPython, PythonLocator, pythonMissingMessage } from './python';
import { engineDirFor, makeRunDir, removeStaleDirs } from './runDirs';
import { supervise, VerdictBoard } from './session';
import { Transpiler } from './transpile';
import { baseVerdict, transpileErrorDetails, type VerdictContext } from './verdicts';

export interface RunRequest {
  question: Question;
  language: Language;
  /** Absolute path of the user's answer file (stacks point here). */
  file: string;
  /** Run this text instead of reading `file` (unsaved editor contents). */
  source?: string;
  limits?: Partial<RunLimits>;
  /** Default: python3 from PATH. */
  pythonPath?: string;
  /** Cancels the run: the child is killed, cases without a verdict get 'error' "cancelled". */
  signal?: AbortSignal;
  /** Each case's verdict as soon as it is known. */
  onCase?: (verdict: CaseVerdict, index: number) => void;
  /** Runs the queries of an exercise with a `database` (the SQL engine); without it such cases are errors. */
  sql?: SqlExecutor;
}

export interface EngineOptions {
  /** Where dist/runners/node-harness.js and runners/harness.py are. */
  extensionRoot: string;
  /** Default process.execPath, started with ELECTRON_RUN_AS_NODE=1 (VS Code's own Node). */
  nodePath?: string;
  /** Parent of the per-run temporary folders; default os.tmpdir(). */
  tmpDir?: string;
  /** Default true: keep one started, idle child per language. */
  keepWarm?: boolean;
  /** Where generated cases are kept between processes; default a per-user folder under tmpDir, '' for none. */
  caseCacheDir?: string;
  /** Runs the queries of exercises with a `database`, when a run does not bring its own `sql`. */
  sql?: SqlExecutor;
}

const NODE_HARNESS = ['dist', 'runners', 'node-harness.js'];
const PYTHON_HARNESS = ['runners', 'harness.py'];

/** Options that matter to how a child is started; a warm child serves requests with the same. */
interface ChildPlan {
  language: Language;
  spec: SpawnSpec;
  /** Python: what the user configured (or the default), for messages and the locator. */
  configured?: string;
  fromSetting?: boolean;
}

export class CheckEngine {
  private readonly extensionRoot: string;
  private readonly nodePath: string;
  private readonly tmpDir: string;
  private readonly keepWarm: boolean;
  private readonly fixtures: FixturePool;
  private readonly transpiler = new Transpiler();
  private readonly generators: CaseGenerators;
  private readonly python = new PythonLocator();
  /** One started child per language, waiting for a job. */
  private readonly idle = new Map<Language, HarnessChild>();
  /** Runs in progress, so dispose() can stop them. */
  private readonly running = new Set<AbortController>();
  private readonly nodeEnv: NodeJS.ProcessEnv;
  private readonly engineDir: string;
  private readonly sql: SqlExecutor | undefined;
  private disposed = false;

  constructor(options: EngineOptions) {
    this.extensionRoot = options.extensionRoot;
    this.nodePath = options.nodePath ?? process.execPath;
    this.tmpDir = options.tmpDir ?? os.tmpdir();
    this.keepWarm = options.keepWarm ?? true;
    this.sql = options.sql;
    const engineDir = engineDirFor(this.tmpDir, process.pid, randomBytes(4).toString('hex'));
    this.fixtures = new FixturePool(path.join(engineDir, 'fixtures'), path.join(engineDir, 'bytes'));
    this.engineDir = engineDir;
    this.generators = new CaseGenerators({
      run: (r) => this.run({ ...r, language: 'javascript' }),
      cacheDir: options.caseCacheDir === undefined ? defaultCaseCacheDir(this.tmpDir) : options.caseCacheDir || undefined,
    });
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
    // The editor's debugger and the like hook child Node processes through these.
    delete env.NODE_OPTIONS;
    delete env.VSCODE_INSPECTOR_OPTIONS;
    this.nodeEnv = env;
    void removeStaleDirs(this.tmpDir);
  }

  /**
   * Starts the idle child for `language` now (and loads the transpiler), so the next run does not
   * wait for either. Optional: runs warm the pool themselves.
   */
  warmUp(language: Language, options: { memoryMb?: number; pythonPath?: string } = {}): void {
    if (this.disposed || !this.keepWarm) return;
    if (language !== 'python') this.transpiler.warm();
    this.replenish(this.plan(language, normalizeLimits({ memoryMb: options.memoryMb }), options.pythonPath));
  }

  async run(request: RunRequest): Promise<RunReport> {
    const { question, language } = request;
    const exercise = question.exercise;
    if (question.kind !== 'code' || !exercise) throw new Error(`${question.id} is not a code question`);
    if (this.disposed) throw new Error('the check engine has been disposed');
    // Generated cases are made first (or taken from the cache): their time is not the answer's.
    const generated = exercise.cases.some((c) => c.generate) ? await this.generators.resolve(question, request.signal) : undefined;
    const startedAt = performance.now();
    const cases = generated?.cases ?? exercise.cases;
    const limits = normalizeLimits(request.limits ?? {});
    const board = new VerdictBoard(cases, request.onCase);
    const report = (): RunReport => {
      const verdicts = board.all();
      return {
        passed: verdicts.length > 0 && verdicts.every((v) => v.status === 'passed'),
        cases: verdicts,
        ms: Math.round((performance.now() - startedAt) * 10) / 10,
        language,
        questionId: question.id,
      };
    };
    const failAll = (status: CaseVerdict['status'], message: string, extra: Partial<CaseVerdict> = {}): RunReport => {
      board.fill((c) => ({ ...baseVerdict(c, status, 0), message, ...extra }));
      return report();
    };
    if (generated && generated.failures.size > 0) {
      // The question is broken, not the answer: say which case's generator failed, run nothing.
      for (const [index, failure] of generated.failures) board.set(index, { ...baseVerdict(cases[index], 'error', 0), message: failure.message });
      const first = cases[[...generated.failures.keys()][0]].name;
      return failAll('error', `not run: the generator of the case "${first}" failed (a problem in the question file, not in your answer)`);
    }

    // One controller per run: the caller's signal and dispose() both end it.
    const controller = new AbortController();
    const onCallerAbort = (): void => controller.abort();
    if (request.signal?.aborted) return failAll('error', 'cancelled');
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    this.running.add(controller);

    const file = path.resolve(request.file);
    let child: HarnessChild | undefined;
    let runDir: string | undefined;
    const checkedOut: PooledFixture[] = [];
    let jobStarted = false;
    try {
      const plan = this.plan(language, limits, request.pythonPath);
      const missing = await this.missingHarness(language);
      if (missing) return failAll('not-started', missing);
      child = this.takeIdle(plan) ?? new HarnessChild(plan.spec);
      if (language === 'python' && plan.configured) this.python.resolveInBackground(plan.configured, plan.spec.env);

      // While the child starts (or waits): the code and the fixtures.
      let source: string | undefined = request.source;
      if (source === undefined && language !== 'python') {
        try {
          source = await fs.readFile(file, 'utf8');
        } catch (error) {
          return failAll('error', `could not read your file ${file}: ${(error as Error).message}`);
        }
      }
      const database = exercise.database !== undefined;
      const ctx: VerdictContext = { language, userFile: file, entry: exercise.entry, source: source ?? '', comparator: exercise.comparator, ...(database ? { rawValues: true } : {}) };
      runDir = await makeRunDir(this.tmpDir);
      const [codeFile, args] = await Promise.all([
        this.writeCode(language, source, file, runDir, ctx),
        this.makeFixtures(cases, checkedOut),
      ]);
      if (typeof codeFile !== 'string') {
        const details = codeFile;
        return failAll('error', details.message, definedOnly({ stack: details.stack, location: details.location }));
      }
      if (!Array.isArray(args)) return failAll('error', args.message);
      if (controller.signal.aborted) return failAll('error', 'cancelled');

      const cwd = path.join(runDir, 'work');
      await fs.mkdir(cwd);
      const job: HarnessJob = {
        token: randomBytes(24).toString('base64url'),
        codeFile,
        userFile: file,
        entry: exercise.entry,
        cwd,
        memoryMb: limits.memoryMb,
        outputCap: CASE_OUTPUT_CAP,
        cases: args.map((a, i) => {
          const http = cases[i].http;
          if (!http) return { args: a };
          const timeoutMs = httpRequestTimeout(cases[i], limits);
          if (!http.headers) return { args: a, http: { requests: http.requests, timeoutMs } };
          return { args: a, http: { requests: http.requests, headers: http.headers, timeoutMs } };
        }),
      };
      // A database exercise: the harness's values are queries, run (and judged) once the child is done.
      const harnessBoard = database ? new VerdictBoard(cases) : board;
      const session = supervise({
        child,
        job,
        board: harnessBoard,
        ctx,
        limits,
        startedAt,
        signal: controller.signal,
        notStarted: (c) => this.notStartedMessage(plan, c),
        // The next run's child starts while this one works, but not while this one is starting.
        onReady: () => this.replenish(this.plan(language, limits, request.pythonPath)),
      });
      jobStarted = true;
      await session;
      if (database) {
        const raw = harnessBoard.all();
        for (let i = 0; i < cases.length; i++) {
          board.set(i, await judgeBuiltQuery(question, cases[i], raw[i], ctx, request.sql ?? this.sql, controller.signal));
        }
      }
      return report();
    } catch (error) {
      // Not the user's doing (a full disk, a folder we cannot write): still a verdict per case.
      return failAll('error', `the checks could not be run: ${(error as Error).message}`);
    } finally {
      request.signal?.removeEventListener('abort', onCallerAbort);
      this.running.delete(controller);
      if (child && !jobStarted && child.alive && !this.disposed) this.offerIdle(language, child);
      else if (child) await child.kill();
      // Only now that nothing of the run is alive: fixtures back to the pool (or removed if touched).
      await Promise.all([
        ...checkedOut.map((f) => this.fixtures.checkin(f)),
        runDir ? removeTree(runDir).catch(() => undefined) : undefined,
      ]);
    }
  }

  /** Kills the idle children, stops the runs in progress and removes the engine's folder. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const child of this.idle.values()) void child.kill();
    this.idle.clear();
    for (const controller of this.running) controller.abort();
    this.fixtures.dispose();
    // Synchronously: a CLI disposes the engine right before it exits.
    removeTreeSync(this.engineDir);
  }

  private plan(language: Language, limits: RunLimits, pythonPath: string | undefined): ChildPlan {
    if (language === 'python') {
      const fromSetting = pythonPath !== undefined && pythonPath.trim() !== '';
      const configured = fromSetting ? (pythonPath as string).trim() : defaultPython();
      const harness = path.join(this.extensionRoot, ...PYTHON_HARNESS);
      return {
        language,
        configured,
        fromSetting,
        spec: {
          command: this.python.commandFor(configured),
          // -I: no user site, no PYTHON* variables, no script folder on sys.path; -B: no .pyc
          // files next to the answer; -u: output reaches the engine as it is printed.
          args: ['-I', '-B', '-u', '-X', 'utf8', harness],
          env: process.env,
          cwd: this.tmpDir,
          key: `python\0${configured}`,
        },
      };
    }
    const harness = path.join(this.extensionRoot, ...NODE_HARNESS);
    return {
      language,
      spec: {
        command: this.nodePath,
        args: [`--max-old-space-size=${Math.max(16, Math.round(limits.memoryMb))}`, '--enable-source-maps', harness],
        env: this.nodeEnv,
        cwd: this.tmpDir,
        key: `node\0${this.nodePath}\0${limits.memoryMb}`,
      },
    };
  }

  /** Why the harness file is not there, or undefined when it is. */
  private async missingHarness(language: Language): Promise<string | undefined> {
    const harness = path.join(this.extensionRoot, ...(language === 'python' ? PYTHON_HARNESS : NODE_HARNESS));
    try {
      await fs.access(harness);
      return undefined;
    } catch {
      const fix = language === 'python' ? 'reinstall the extension' : 'reinstall the extension (or build it: node esbuild.js)';
      return `the ${language === 'python' ? 'Python' : 'Node'} check harness is missing (${harness}): ${fix}`;
    }
  }

  private notStartedMessage(plan: ChildPlan, child: HarnessChild): string {
    if (plan.language === 'python') {
      if (child.spawnError) return pythonMissingMessage(plan.configured ?? defaultPython(), plan.fromSetting ?? false, child.spawnError);
      return `${plan.configured} could not run the check harness: Interview Drills needs Python 3.8 or later`;
    }
    const why = child.spawnError ? `could not be started (${child.spawnError.code ?? child.spawnError.message})` : 'stopped before it was ready';
    return `Node (${plan.spec.command}) ${why}`;
  }

  private takeIdle(plan: ChildPlan): HarnessChild | undefined {
    const child = this.idle.get(plan.language);
    if (!child) return undefined;
    this.idle.delete(plan.language);
    if (child.alive && child.spec.key === plan.spec.key) return child;
    void child.kill();
    return undefined;
  }

  private offerIdle(language: Language, child: HarnessChild): void {
    const previous = this.idle.get(language);
    if (previous === child) return;
    if (previous) void previous.kill();
    child.setIdle(true);
    this.idle.set(language, child);
    void child.exited.then(() => {
      if (this.idle.get(language) === child) this.idle.delete(language);
    });
  }

  /** Starts the idle child for the next run of `plan`'s language, if there is none. */
  private replenish(plan: ChildPlan): void {
    if (!this.keepWarm || this.disposed) return;
    const existing = this.idle.get(plan.language);
    if (existing && existing.alive && existing.spec.key === plan.spec.key) return;
    const child = new HarnessChild(plan.spec);
    // A child that cannot start (no Python) is not kept: the next run reports it.
    void child.exited.then(() => {
      if (this.idle.get(plan.language) === child) this.idle.delete(plan.language);
    });
    this.offerIdle(plan.language, child);
  }

  /** Writes the code the harness loads; the error details when it does not compile. */
  private async writeCode(
    language: Language,
    source: string | undefined,
    file: string,
    runDir: string,
    ctx: VerdictContext,
  ): Promise<string | ReturnType<typeof transpileErrorDetails>> {
    if (language === 'python') {
      if (source === undefined) return file; // the harness reads the answer file itself
      const codeFile = path.join(runDir, 'answer.py');
      await fs.writeFile(codeFile, source, 'utf8');
      return codeFile;
    }
    const compiled = await this.transpiler.compile(language, source ?? '', file);
    if (!compiled.ok) return transpileErrorDetails(compiled, ctx);
    const codeFile = path.join(runDir, 'answer.js');
    await fs.writeFile(codeFile, compiled.code, 'utf8');
    return codeFile;
  }

  /**
   * A fixture folder of its own per case that has one (or mentions "$FIXTURE"); each case's
   * arguments with "$FIXTURE" replaced by its folder. The folders taken are added to `checkedOut`.
   */
  private async makeFixtures(cases: readonly CodeCase[], checkedOut: PooledFixture[]): Promise<unknown[][] | { message: string }> {
    try {
      return await Promise.all(
        cases.map(async (c) => {
          const caseArgs = c.args ?? [];
          if (!c.fixture && !mentionsFixture(caseArgs)) return caseArgs;
          const fixture = await this.fixtures.checkout(c.fixture?.files ?? []);
          checkedOut.push(fixture);
          return fillFixture(caseArgs, fixture.dir) as unknown[];
        }),
      );
    } catch (error) {
      const what = error instanceof FixtureError ? "the question's fixture is invalid" : 'the fixture files could not be made';
      return { message: `${what}: ${(error as Error).message}` };
    }
  }
}

/** How long an `http` case waits for each response: 2 s, less when the case's or run's limit is short. */
const HTTP_REQUEST_TIMEOUT_MS = 2000;

function httpRequestTimeout(c: CodeCase, limits: RunLimits): number {
  // A third of the time there is, so a handler that never answers is reported as such, in time.
  const budget = c.timeLimitMs ?? limits.timeMs;
  return Math.max(50, Math.min(HTTP_REQUEST_TIMEOUT_MS, Math.floor(budget / 3)));
}

const FIXTURE = '$FIXTURE';

function mentionsFixture(value: unknown): boolean {
  if (typeof value === 'string') return value === FIXTURE || value.startsWith(`${FIXTURE}/`);
  if (Array.isArray(value)) return value.some(mentionsFixture);
  if (value !== null && typeof value === 'object') return Object.values(value).some(mentionsFixture);
  return false;
}

/** `value` with "$FIXTURE" (and "$FIXTURE/sub/path") strings pointing into `dir`. */
function fillFixture(value: unknown, dir: string): unknown {
  if (typeof value === 'string') {
    if (value === FIXTURE) return dir;
    if (value.startsWith(`${FIXTURE}/`)) return path.join(dir, ...value.slice(FIXTURE.length + 1).split('/'));
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => fillFixture(item, dir));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillFixture(v, dir)]));
  }
  return value;
}

/** The limits to apply: each one given as a positive number, or else the default. */
export function normalizeLimits(partial: Partial<RunLimits>): RunLimits {
  const pick = (value: number | undefined, fallback: number): number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
  return {
    timeMs: pick(partial.timeMs, DEFAULT_LIMITS.timeMs),
    memoryMb: pick(partial.memoryMb, DEFAULT_LIMITS.memoryMb),
    outputBytes: pick(partial.outputBytes, DEFAULT_LIMITS.outputBytes),
  };
}

/** `partial` without its undefined fields, so spreading it over defaults keeps the defaults. */
function definedOnly<T extends object>(partial: T): Partial<T> {
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<T>;
}
