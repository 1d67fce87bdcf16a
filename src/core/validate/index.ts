// `interview-drills validate`: proves a bank is fit to ship. Loads it (schema, unique ids), checks
// what each question must have, runs every reference and starter, checks seed coverage, and
// sums it up. Plain data in and out; the CLI prints it.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { loadBank, readQuestionFile } from '../bank/loader';
import { compareProblems, problem, START, type Problem } from '../bank/problem';
import { answerLanguages, type Origin, type Question } from '../bank/question';
import { Locator, questionProblems } from './questionChecks';
import { runQuestionChecks, type RunRecord } from './runs';
import { typeCheck } from './typecheck';
import { missingSeeds, unknownSeeds, type MissingSeed, type SeedRow } from './seeds';

export { builtinSeedList, missingSeeds, parseSeedMarkdown, readSeedList, type MissingSeed, type SeedRow } from './seeds';
export type { RunRecord } from './runs';

export interface ValidateTarget {
  /** A bank folder (`<dir>/<category>/<id>.yaml`), a category folder, or one question file. */
  path: string;
  origin: Origin;
}

export interface ValidateOptions {
  targets: readonly ValidateTarget[];
  extensionRoot: string;
  /** The promised seeds; coverage is checked when given. */
  seeds?: readonly SeedRow[];
  pythonPath?: string;
  /** Code runs at once; default 2. */
  jobs?: number;
  signal?: AbortSignal;
}

export interface ValidationResult {
  questions: Question[];
  /** Question files seen (valid or not). */
  files: string[];
  /** Everything wrong, sorted by file and position. */
  problems: Problem[];
  missingSeeds: MissingSeed[];
  runs: RunRecord[];
  /** Why some checks did not run (no Python), not counted as problems. */
  notes: string[];
  /** TypeScript starters and references type-checked together, and how long it took. */
  typeCheck: { files: number; ms: number };
  ms: number;
}

export async function validateBank(options: ValidateOptions): Promise<ValidationResult> {
  const started = performance.now();
  const { questions, files, problems } = await loadTargets(options.targets);
  const where = new Locator();
  for (const q of questions) problems.push(...questionProblems(q, where));

  let missing: MissingSeed[] = [];
  if (options.seeds) {
    missing = missingSeeds(options.seeds, questions);
    for (const q of unknownSeeds(options.seeds, questions)) {
      problems.push(where.problem(q as Question, ['seed'], `seed: '${q.seed}' is not in the seed list (a typo?)`));
    }
  }

  // Before the runs: the compiler holds this process for a few seconds, and timed cases should
  // not be waiting on it.
  const typed = typeCheck(questions, where, options.extensionRoot);
  problems.push(...typed.problems);

  const runs = await runQuestionChecks(questions, where, {
    extensionRoot: options.extensionRoot,
    pythonPath: options.pythonPath,
    jobs: options.jobs ?? 2,
    signal: options.signal,
  });
  problems.push(...runs.problems);
  return {
    questions,
    files,
    problems: dedupe(problems).sort(compareProblems),
    missingSeeds: missing,
    runs: runs.runs,
    notes: typed.note ? [typed.note, ...runs.notes] : runs.notes,
    typeCheck: { files: typed.files, ms: typed.ms },
    ms: Math.round(performance.now() - started),
  };
}

/** Folders through the bank loader (schema, duplicate ids), single files beside them. */
async function loadTargets(targets: readonly ValidateTarget[]): Promise<{ questions: Question[]; files: string[]; problems: Problem[] }> {
  const folders: ValidateTarget[] = [];
  const singles: ValidateTarget[] = [];
  const problems: Problem[] = [];
  for (const target of targets) {
    try {
      const stat = await fs.stat(target.path);
      if (!stat.isDirectory()) {
        singles.push(target);
        continue;
      }
      // A category folder (questions/coding) holds question files itself: take them one by one.
      const entries = await fs.readdir(target.path, { withFileTypes: true });
      const own = entries.filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name));
      if (own.length > 0) singles.push(...own.map((e) => ({ path: path.join(target.path, e.name), origin: target.origin })));
      else folders.push(target);
    } catch (error) {
      problems.push(problem(target.path, START, `cannot read: ${(error as Error).message}`));
    }
  }
  const bank = folders.length > 0 ? await loadBank(folders.map((f) => ({ dir: f.path, origin: f.origin }))) : undefined;
  const questions = [...(bank?.questions ?? [])];
  problems.push(...(bank?.problems ?? []));
  const files = new Set<string>(questions.map((q) => q.file));
  for (const p of bank?.problems ?? []) if (/\.ya?ml$/i.test(p.file)) files.add(p.file);

  const owners = new Map(questions.map((q) => [q.id, q.file]));
  for (const target of singles) {
    const file = path.resolve(target.path);
    if (files.has(file)) continue;
    files.add(file);
    const result = await readQuestionFile(file, path.basename(path.dirname(file)), target.origin);
    problems.push(...result.problems);
    const q = result.question;
    if (!q) continue;
    const owner = owners.get(q.id);
    if (owner) {
      problems.push(problem(file, result.idPosition ?? START, `duplicate id '${q.id}': already used by ${owner}; ids must be unique`));
      continue;
    }
    owners.set(q.id, file);
    questions.push(q);
  }
  return { questions, files: [...files].sort(), problems };
}

function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}\0${p.line}\0${p.col}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------- the summary ----------

export interface ValidationSummary {
  questions: number;
  byKind: Record<string, number>;
  byCategory: Record<string, number>;
  byDifficulty: Record<string, number>;
  byLanguage: Record<string, number>;
  /** Per language: exercises run, runs made, their summed time. */
  runs: Record<string, { exercises: number; runs: number; ms: number; skipped: number }>;
  /** Files with no problem, files with at least one. */
  passed: number;
  failed: number;
}

export function summarize(result: ValidationResult): ValidationSummary {
  const count = (values: readonly string[]): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
    return counts;
  };
  const runs: ValidationSummary['runs'] = {};
  const exercises = new Map<string, Set<string>>();
  for (const r of result.runs) {
    const entry = (runs[r.language] ??= { exercises: 0, runs: 0, ms: 0, skipped: 0 });
    if (r.outcome === 'skipped') {
      entry.skipped++;
      continue;
    }
    entry.runs++;
    entry.ms += r.ms;
    const set = exercises.get(r.language) ?? new Set<string>();
    set.add(r.question);
    exercises.set(r.language, set);
    entry.exercises = set.size;
  }
  const failing = new Set(result.problems.filter((p) => p.severity === 'error').map((p) => p.file));
  return {
    questions: result.questions.length,
    byKind: count(result.questions.map((q) => q.kind)),
    byCategory: count(result.questions.map((q) => q.category)),
    byDifficulty: count(result.questions.map((q) => q.difficulty)),
    byLanguage: count(result.questions.flatMap((q) => [...answerLanguages(q)])),
    runs,
    passed: result.files.filter((f) => !failing.has(f)).length,
    failed: failing.size,
  };
}
