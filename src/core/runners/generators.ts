// Generated cases: a case whose arguments and expected value are too big to write into YAML says
// how to make them instead. `generate.code` is the body of a JavaScript function
// `(seed, random) => ({ args, expect })`; `random()` is a seeded generator of numbers in [0, 1)
// (Math.random is replaced by it too), so the same seed always gives the same case.
//
// Why the generator returns `expect` too, instead of the engine computing it with the reference
// solution: a case stays a fact of its own. The reference solutions (all of them, JavaScript too)
// are then checked against it like against any written case, it works for exercises that offer no
// JavaScript, and a user's run never needs the hidden reference. The generator may compute
// `expect` the slow, obviously correct way; its result is cached.
//
// A generator is question-file code, so it runs where answers run: in a harness child with a time
// and a memory limit (through the engine's own `run`, so every bound and every kill applies), one
// child per generated case so a broken generator is reported against its own case. Results are
// kept by content hash (code + seed) in memory and, when a folder is given, on disk.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CaseGeneratorSpec, CodeCase, Question } from '../bank/question';
import type { CaseVerdict, RunLimits } from '../checks/types';

/** How long a generator may run unless its `generate.timeLimitMs` says otherwise. */
export const DEFAULT_GENERATOR_TIME_MS = 5000;
/** Bumped when the wrapper below changes what a generator sees: older cached results are then ignored. */
const GENERATOR_FORMAT = 1;
const ENTRY = 'generateCase';
/** Generated cases kept in memory, least recently made dropped first. */
const MEMORY_ENTRIES = 32;
/** The generator's first line is line 2 of the module the harness loads. */
const CODE_LINE_OFFSET = 1;

export type Generation =
  | { ok: true; args: unknown[]; expect: unknown; ms: number; cached: boolean }
  | {
      ok: false;
      /** What went wrong, for the case's verdict and for `validate`. */
      message: string;
      /** 1-based line inside `generate.code`, when the error points there. */
      line?: number;
      timedOut?: boolean;
    };

/** Runs JavaScript `source` as an exercise with one case; the engine's `run`, narrowed. */
export type RunGeneratorCode = (request: {
  question: Question;
  file: string;
  source: string;
  limits: Partial<RunLimits>;
  signal?: AbortSignal;
}) => Promise<{ cases: CaseVerdict[] }>;

export interface GeneratorOptions {
  run: RunGeneratorCode;
  /** Keep generated cases here between processes (a folder only this user can write). */
  cacheDir?: string;
}

/**
 * The default folder for generated cases: one per user under the temporary folder (its own mode
 * 0700, so another user cannot plant results in it).
 */
export function defaultCaseCacheDir(tmpDir: string): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(tmpDir, `interview-drills-cases-${user}`);
}

/** The content hash a generated case is cached under. */
export function generatorKey(spec: CaseGeneratorSpec): string {
  return createHash('sha256').update(JSON.stringify([GENERATOR_FORMAT, spec.code, spec.seed])).digest('hex');
}

/** The module the harness loads for one generator: the author's code at line 2, then the wrapper. */
export function generatorModule(spec: CaseGeneratorSpec): string {
  return [
    '"use strict";function generate(seed, random) {',
    spec.code,
    '}',
    // mulberry32: small, fast and good enough for test data; the same seed gives the same numbers.
    'function seeded(seed) {',
    '  let a = seed >>> 0;',
    '  return function random() {',
    '    a = (a + 0x6d2b79f5) >>> 0;',
    '    let t = Math.imul(a ^ (a >>> 15), a | 1);',
    '    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);',
    '    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;',
    '  };',
    '}',
    `exports.${ENTRY} = function (seed) {`,
    '  const random = seeded(seed);',
    '  Math.random = random;',
    '  const made = generate(seed, random);',
    '  const shape = made === null ? "null" : Array.isArray(made) ? "a list" : typeof made;',
    '  if (shape !== "object") throw new TypeError("the generator must return { args: [...], expect: ... }, not " + shape);',
    '  if (!Array.isArray(made.args)) throw new TypeError("the generator\'s result needs args: a list of the entry\'s arguments");',
    '  if (made.expect === undefined) throw new TypeError("the generator\'s result needs expect: the value the entry must return");',
    '  return { args: made.args, expect: made.expect };',
    '};',
    '',
  ].join('\n');
}

export class CaseGenerators {
  private readonly memory = new Map<string, Promise<Generation>>();
  private folder: Promise<string | undefined> | undefined;

  constructor(private readonly options: GeneratorOptions) {}

  /**
   * The case with its `args` and `expect` filled in (a case without `generate` as it is), or why it
   * could not be made. Failures are not cached: a timeout may be a busy machine.
   */
  async generate(question: Question, index: number, c: CodeCase, signal?: AbortSignal): Promise<Generation> {
    const spec = c.generate;
    if (!spec) return { ok: true, args: c.args ?? [], expect: c.expect, ms: 0, cached: true };
    const key = generatorKey(spec);
    const known = this.memory.get(key);
    if (known) {
      const result = await known;
      if (result.ok) return { ...result, ms: 0, cached: true };
    }
    const pending = this.make(question, index, spec, key, signal);
    this.memory.delete(key);
    this.memory.set(key, pending);
    // A few cases of a few hundred kB each at most: an author editing a generator makes new ones.
    if (this.memory.size > MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value as string);
    const result = await pending;
    if (!result.ok && this.memory.get(key) === pending) this.memory.delete(key);
    return result;
  }

  /** Every case of the exercise, generated ones filled in; the failures by case index. */
  async resolve(question: Question, signal?: AbortSignal): Promise<{ cases: CodeCase[]; failures: Map<number, Generation & { ok: false }> }> {
    const cases = question.exercise?.cases ?? [];
    const failures = new Map<number, Generation & { ok: false }>();
    const made = await Promise.all(cases.map((c, i) => this.generate(question, i, c, signal)));
    const resolved = cases.map((c, i): CodeCase => {
      const result = made[i];
      if (!c.generate) return c;
      if (!result.ok) {
        failures.set(i, result);
        return c;
      }
      const { generate: _spec, ...rest } = c;
      return { ...rest, args: result.args, expect: result.expect };
    });
    return { cases: resolved, failures };
  }

  private async make(question: Question, index: number, spec: CaseGeneratorSpec, key: string, signal?: AbortSignal): Promise<Generation> {
    const fromDisk = await this.readCache(key);
    if (fromDisk) return fromDisk;
    const started = performance.now();
    const timeLimitMs = spec.timeLimitMs ?? DEFAULT_GENERATOR_TIME_MS;
    const file = path.join(path.dirname(question.file), `${question.id}.case-${index + 1}.generator.js`);
    const synthetic: Question = {
      ...question,
      id: `${question.id}#case-${index + 1}-generator`,
      kind: 'code',
      exercise: {
        languages: ['javascript'],
        entry: ENTRY,
        starter: {},
        solution: {},
        // Whatever it returns is the result we want; the comparison is not the point here.
        comparator: 'return true;',
        cases: [{ name: 'generate', args: [spec.seed], expect: null, timeLimitMs }],
      },
    };
    let verdicts: CaseVerdict[];
    try {
      ({ cases: verdicts } = await this.options.run({
        question: synthetic,
        file,
        source: generatorModule(spec),
        limits: { timeMs: timeLimitMs + 5000 },
        signal,
      }));
    } catch (error) {
      return { ok: false, message: `the case generator could not be run: ${(error as Error).message}` };
    }
    const verdict = verdicts[0];
    const ms = Math.round(performance.now() - started);
    if (verdict?.status === 'passed') {
      const actual = verdict.actual as { args?: unknown; expect?: unknown } | undefined;
      if (!actual || !Array.isArray(actual.args) || actual.expect === undefined) {
        return { ok: false, message: 'the case generator returned something other than { args: [...], expect: ... }' };
      }
      const generation: Generation = { ok: true, args: actual.args, expect: actual.expect, ms, cached: false };
      await this.writeCache(key, actual.args, actual.expect);
      return generation;
    }
    return describeFailure(verdict, timeLimitMs);
  }

  /** The cache folder, made if needed, when it is ours alone; undefined otherwise (no disk cache then). */
  private cacheFolder(): Promise<string | undefined> {
    const dir = this.options.cacheDir;
    if (!dir) return Promise.resolve(undefined);
    this.folder ??= (async () => {
      try {
        await fs.mkdir(dir, { recursive: true, mode: 0o700 });
        const stat = await fs.lstat(dir);
        const mine = typeof process.getuid !== 'function' || stat.uid === process.getuid();
        return stat.isDirectory() && mine && (stat.mode & 0o022) === 0 ? dir : undefined;
      } catch {
        return undefined;
      }
    })();
    return this.folder;
  }

  private async readCache(key: string): Promise<Generation | undefined> {
    const dir = await this.cacheFolder();
    if (!dir) return undefined;
    try {
      const data = JSON.parse(await fs.readFile(path.join(dir, `${key}.json`), 'utf8')) as { args?: unknown; expect?: unknown };
      if (!Array.isArray(data.args) || data.expect === undefined) return undefined;
      return { ok: true, args: data.args, expect: data.expect, ms: 0, cached: true };
    } catch {
      return undefined;
    }
  }

  private async writeCache(key: string, args: unknown[], expect: unknown): Promise<void> {
    const dir = await this.cacheFolder();
    if (!dir) return;
    try {
      // Written aside and renamed: a reader sees the whole file or none.
      const temp = path.join(dir, `${key}.${process.pid}.${Date.now()}.tmp`);
      await fs.writeFile(temp, JSON.stringify({ args, expect }), { mode: 0o600 });
      await fs.rename(temp, path.join(dir, `${key}.json`));
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
}

function describeFailure(verdict: CaseVerdict | undefined, timeLimitMs: number): Generation & { ok: false } {
  if (!verdict) return { ok: false, message: 'the case generator produced no result' };
  if (verdict.status === 'timeout') {
    return { ok: false, timedOut: true, message: `the case generator did not finish within its time limit of ${timeLimitMs / 1000} s (an endless loop?)` };
  }
  const line = verdict.location ? verdict.location.line - CODE_LINE_OFFSET : undefined;
  const where = line !== undefined && line >= 1 ? ` (line ${line} of generate.code)` : '';
  // The message names the line of the wrapper module; ours above names the author's line.
  const message = (verdict.message ?? verdict.status).replace(/ \(line \d+\)$/, '');
  return { ok: false, message: `the case generator failed: ${message}${where}`, ...(line !== undefined && line >= 1 ? { line } : {}) };
}
