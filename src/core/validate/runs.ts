// The checks that run code: every reference solution must pass every case in every language its
// exercise offers, every starter must load and fail at least one case, SQL references pass on the
// SQL engine, and a written question's model answer covers its own key points.
import * as path from 'node:path';
import type { Problem } from '../bank/problem';
import type { Language, Question } from '../bank/question';
import type { CaseVerdict } from '../checks/types';
import { DEFAULT_LIMITS } from '../checks/types';
import { checkWrittenAnswer } from '../rubric';
import { CheckEngine } from '../runners/engine';
import { starterText } from '../scratch';
import { SqlEngine } from '../sql/engine';
import type { Locator } from './questionChecks';

export type RunRole = 'reference' | 'starter' | 'model answer';

/** One run of one piece of a question's code (or text), for the summary. */
export interface RunRecord {
  question: string;
  language: Language | 'sql' | 'markdown';
  role: RunRole;
  ms: number;
  outcome: 'ok' | 'problem' | 'skipped';
}

export interface RunOptions {
  extensionRoot: string;
  pythonPath?: string;
  /** Runs at once (each a child process; SQL runs take a slot too, one at a time). */
  jobs: number;
  signal?: AbortSignal;
  /** Wall-clock limit of one run (the cases' own limits still apply). */
  timeMs?: number;
}

export interface RunResults {
  problems: Problem[];
  runs: RunRecord[];
  /** Things that kept checks from running that are not the bank's fault (no Python). */
  notes: string[];
}

const EXTENSIONS: Readonly<Record<Language, string>> = { typescript: 'ts', javascript: 'js', python: 'py' };

/** A counting semaphore: at most `limit` holders at once. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.free = Math.max(1, limit);
  }

  async use<T>(job: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

export async function runQuestionChecks(questions: readonly Question[], where: Locator, options: RunOptions): Promise<RunResults> {
  const results: RunResults = { problems: [], runs: [], notes: [] };
  let sql: SqlEngine | undefined;
  // Exercises with a database run the queries their answers build on PostgreSQL (started when first needed).
  const engine = new CheckEngine({
    extensionRoot: options.extensionRoot,
    keepWarm: true,
    sql: { runBuiltQuery: (request) => (sql ??= new SqlEngine({ extensionRoot: options.extensionRoot })).runBuiltQuery(request) },
  });
  const slots = new Slots(options.jobs);
  const later: (() => Promise<unknown>)[] = [];
  try {
    await Promise.all(questions.map(async (q) => {
      if (options.signal?.aborted) return;
      if (q.kind === 'code' && q.exercise) await checkCode(q, engine, slots, where, options, results, later);
      else if (q.kind === 'sql' && q.sql) await checkSql(q, (sql ??= new SqlEngine({ extensionRoot: options.extensionRoot })), slots, where, options, results);
      else checkWritten(q, where, results);
    }));
    // References that only went over a time limit run again, one at a time: a busy machine is
    // not a broken question, but a limit that needs a quiet machine is worth knowing about.
    for (const again of later) {
      if (options.signal?.aborted) break;
      await again();
    }
  } finally {
    engine.dispose();
    sql?.dispose();
  }
  return results;
}

// ---------- code ----------

interface CodeTask {
  language: Language;
  role: 'reference' | 'starter';
}

async function checkCode(
  q: Question,
  engine: CheckEngine,
  slots: Slots,
  where: Locator,
  options: RunOptions,
  results: RunResults,
  later: (() => Promise<unknown>)[],
): Promise<void> {
  const exercise = q.exercise!;
  const tasks: CodeTask[] = [];
  for (const language of exercise.languages) {
    if (exercise.solution[language]?.trim()) tasks.push({ language, role: 'reference' });
    if (exercise.starter[language] !== undefined) tasks.push({ language, role: 'starter' });
  }
  if (tasks.length === 0) return;
  // The first run makes the generated cases (the engine caches them); when a generator is
  // broken the other runs would only fail the same way, after the same wait.
  const first = await slots.use(() => runCode(q, tasks[0], engine, where, options, results, later));
  if (first === 'generator-failed') {
    for (const task of tasks.slice(1)) results.runs.push({ question: q.id, language: task.language, role: task.role, ms: 0, outcome: 'skipped' });
    return;
  }
  await Promise.all(tasks.slice(1).map((task) => slots.use(() => runCode(q, task, engine, where, options, results, later))));
}

/** `later` is given on the first pass: a reference that only went over a time limit is queued there to run again. */
async function runCode(
  q: Question,
  task: CodeTask,
  engine: CheckEngine,
  where: Locator,
  options: RunOptions,
  results: RunResults,
  later?: (() => Promise<unknown>)[],
): Promise<'ok' | 'problem' | 'skipped' | 'generator-failed' | 'again'> {
  const exercise = q.exercise!;
  const { language, role } = task;
  const source = role === 'reference' ? exercise.solution[language]! : starterText(q, language);
  // Not a file on disk: the name stacks and messages use.
  const file = path.join(path.dirname(q.file), `${q.id}.${role}.${EXTENSIONS[language]}`);
  // A starter has made its point at its first failing case: the rest (big inputs, requests that
  // wait for a handler that never answers) would only cost time.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let report: Awaited<ReturnType<CheckEngine['run']>>;
  try {
    report = await engine.run({
      question: q,
      language,
      file,
      source,
      pythonPath: options.pythonPath,
      signal: stop.signal,
      limits: { timeMs: options.timeMs ?? DEFAULT_LIMITS.timeMs },
      // Aborted once the engine has finished handling this verdict, not from inside its handler
      // (which would re-arm its run timer after the run was stopped and keep this process alive).
      onCase: role === 'starter' ? (v) => {
        if (ranAndFailed(v)) setImmediate(() => stop.abort());
      } : undefined,
    });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  const record = (outcome: RunRecord['outcome']): void => {
    results.runs.push({ question: q.id, language, role, ms: report.ms, outcome });
  };
  const label = `${role === 'reference' ? 'the reference solution' : 'the starter'} (${language})`;
  const verdicts = report.cases;

  if (verdicts.length > 0 && verdicts.every((v) => v.status === 'not-started')) {
    const message = verdicts[0].message ?? 'could not be started';
    if (language === 'python') {
      const note = `Python runs were skipped: ${message}`;
      if (!results.notes.includes(note)) results.notes.push(note);
      record('skipped');
      return 'skipped';
    }
    results.problems.push(where.problem(q, ['exercise'], `${label} could not be run: ${message}`, 'key'));
    record('problem');
    return 'problem';
  }

  const generatorFailures = verdicts
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => v.status === 'error' && v.message?.startsWith('the case generator'));
  if (generatorFailures.length > 0) {
    for (const { v, i } of generatorFailures) {
      const line = /\(line (\d+) of generate\.code\)$/.exec(v.message ?? '');
      const at = line
        ? where.inBlock(q.file, ['exercise', 'cases', i, 'generate', 'code'], Number(line[1]))
        : where.at(q.file, ['exercise', 'cases', i, 'generate'], 'key');
      results.problems.push({ file: q.file, line: at.line, col: at.col, severity: 'error', message: `exercise.cases[${i}] "${exercise.cases[i].name}": ${v.message}` });
    }
    record('problem');
    return 'generator-failed';
  }

  const load = loadFailure(verdicts);
  if (load) {
    const block = role === 'reference' ? 'solution' : 'starter';
    const offset = role === 'starter' ? linesBefore(source, exercise.starter[language] ?? '') : 0;
    const at = load.location && load.location.line - offset >= 1
      ? where.inBlock(q.file, ['exercise', block, language], load.location.line - offset)
      : where.at(q.file, ['exercise', block, language], 'key');
    results.problems.push({ file: q.file, line: at.line, col: at.col, severity: 'error', message: `${label} does not load: ${load.message}` });
    record('problem');
    return 'problem';
  }

  if (role === 'reference') {
    const failing = verdicts.map((v, i) => ({ v, i })).filter(({ v }) => v.status !== 'passed');
    const onlyTime = failing.some(({ v }) => v.status === 'timeout')
      && failing.every(({ v }) => v.status === 'timeout' || (v.status === 'error' && v.message?.startsWith('not run:')));
    if (onlyTime && later) {
      later.push(async () => {
        if (await runCode(q, task, engine, where, options, results) === 'ok') {
          const slow = failing.filter(({ v }) => v.status === 'timeout').map(({ v }) => `"${v.name}"`).join(', ');
          results.notes.push(`${q.id}: ${label} went over the time limit of ${slow} while other checks ran, and passed when run alone; the limit leaves little room`);
        }
      });
      return 'again';
    }
    for (const { v, i } of failing) {
      const detail = v.status === 'failed' ? `${v.message ?? 'wrong answer'}${v.actual !== undefined ? ` (returned ${preview(v.actual)})` : ''}` : `${v.status}: ${v.message ?? ''}`;
      results.problems.push(where.problem(q, ['exercise', 'cases', i], `${label} fails case "${v.name}": ${detail}`));
    }
    record(failing.length > 0 ? 'problem' : 'ok');
    return failing.length > 0 ? 'problem' : 'ok';
  }
  if (verdicts.length > 0 && verdicts.every((v) => v.status === 'passed')) {
    results.problems.push(where.problem(q, ['exercise', 'starter', language], `${label} passes every case; a starter must fail at least one, or there is nothing to do`, 'key'));
    record('problem');
    return 'problem';
  }
  record('ok');
  return 'ok';
}

/** The code loaded and this case ran and did not pass: a wrong result, or an error of its own. */
function ranAndFailed(v: CaseVerdict): boolean {
  return v.status === 'failed' || (v.status === 'error' && v.expected !== undefined);
}

/**
 * The code did not load (syntax error, no such function, an error at the top level): every case
 * has the same error and none got as far as a result or a thrown error of its own.
 */
function loadFailure(verdicts: readonly CaseVerdict[]): CaseVerdict | undefined {
  if (verdicts.length === 0) return undefined;
  const first = verdicts[0];
  const same = verdicts.every((v) => v.status === 'error' && v.message === first.message && v.expected === undefined && v.actual === undefined);
  return same && first.message !== 'cancelled' ? first : undefined;
}

function linesBefore(text: string, part: string): number {
  const at = part.trim() === '' ? -1 : text.indexOf(part.trimEnd());
  return at <= 0 ? 0 : text.slice(0, at).split('\n').length - 1;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

// ---------- SQL ----------

async function checkSql(q: Question, engine: SqlEngine, slots: Slots, where: Locator, options: RunOptions, results: RunResults): Promise<void> {
  const exercise = q.sql!;
  for (const role of ['reference', 'starter'] as const) {
    if (options.signal?.aborted) return;
    const source = role === 'reference' ? exercise.solution : starterText(q, 'sql');
    const file = path.join(path.dirname(q.file), `${q.id}.${role}.sql`);
    let started = performance.now();
    let verdicts: CaseVerdict[];
    try {
      // PostgreSQL in WebAssembly is as hungry as any answer: it takes a slot like a code run, so
      // timed cases elsewhere are not squeezed off the CPU.
      verdicts = await slots.use(() => {
        started = performance.now();
        return engine.run({ question: q, file, source, signal: options.signal });
      }).then((r) => r.cases);
    } catch (error) {
      results.problems.push(where.problem(q, ['sql'], `the SQL ${role} could not be run: ${(error as Error).message}`, 'key'));
      results.runs.push({ question: q.id, language: 'sql', role, ms: Math.round(performance.now() - started), outcome: 'problem' });
      return;
    }
    const ms = Math.round(performance.now() - started);
    const failing = verdicts.map((v, i) => ({ v, i })).filter(({ v }) => v.status !== 'passed');
    let outcome: RunRecord['outcome'] = 'ok';
    if (role === 'reference' && failing.length > 0) {
      outcome = 'problem';
      for (const { v, i } of failing) {
        const path = i < exercise.cases.length ? ['sql', 'cases', i] : ['sql', 'solution'];
        results.problems.push(where.problem(q, path, `the reference query fails case "${v.name}": ${v.status}: ${v.message ?? ''}`));
      }
    }
    if (role === 'starter' && verdicts.length > 0 && failing.length === 0) {
      outcome = 'problem';
      results.problems.push(where.problem(q, exercise.starter !== undefined ? ['sql', 'starter'] : ['sql'], 'the starter query passes every case; a starter must fail at least one', 'key'));
    }
    results.runs.push({ question: q.id, language: 'sql', role, ms, outcome });
  }
}

// ---------- written answers ----------

function checkWritten(q: Question, where: Locator, results: RunResults): void {
  const points = q.keyPoints ?? [];
  if (points.length === 0) return;
  const started = performance.now();
  const report = checkWrittenAnswer(q, q.answer);
  let outcome: RunRecord['outcome'] = 'ok';
  points.forEach((kp, i) => {
    const verdict = report.cases.find((c) => c.name === `Key point: ${kp.point}`);
    if (verdict && verdict.status !== 'passed') {
      outcome = 'problem';
      results.problems.push(where.problem(q, ['keyPoints', i, 'evidence'],
        `the model answer does not cover its own key point "${kp.point}": none of its evidence (${kp.evidence.map((e) => `'${e}'`).join(', ')}) appears in the answer's prose`));
    }
  });
  results.runs.push({ question: q.id, language: 'markdown', role: 'model answer', ms: Math.round(performance.now() - started), outcome });
}
