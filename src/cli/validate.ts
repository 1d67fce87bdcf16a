// interview-drills validate [PATH...]: proves a question bank: schema, unique ids, every reference
// passes every case in every language, every starter fails one, seeds covered; then a summary.
import * as os from 'node:os';
import * as path from 'node:path';
import { formatProblem } from '../core/bank';
import { builtinSeedList, readSeedList, summarize, validateBank, type SeedRow, type ValidateTarget, type ValidationResult, type ValidationSummary } from '../core/validate';
import { displayPath, parseArgs, singleValue } from './args';
import { EXIT_OK, EXIT_PROBLEMS, usageError, type Command } from './command';

/** Exit code after Ctrl-C, as shells report a SIGINT. */
const EXIT_INTERRUPTED = 130;

export const validate: Command = {
  name: 'validate',
  summary: 'prove a question bank: schema, references pass, starters fail, seeds covered',
  usage: `usage: interview-drills validate [PATH ...] [--json] [--allow-missing-seeds]
                                 [--seeds FILE] [--python PATH] [--jobs N]

Checks every question in PATH (bank folders laid out as <folder>/<category>/<id>.yaml, category
folders, or single question files; by default the built-in bank):
  - the schema and unique ids, as the extension loads them
  - 2-4 hints, an answer, follow-ups, tags; at least 6 cases per exercise
  - every reference solution passes every case in every language it offers (TypeScript,
    JavaScript, Python; SQL on the embedded PostgreSQL), and every starter loads and fails one
  - a written question's model answer covers its own key points
  - every seed id in the seed list is covered, in every kind its row names
Then prints a summary: questions by kind, category, difficulty and language, and the runs made.
  --json                 print the result as one JSON document
  --allow-missing-seeds  report seeds no question covers, but do not fail for them
  --seeds FILE           the seed list (default: the one shipped, data/seed-ids.json);
                         'none' skips the coverage check
  --python PATH          the Python interpreter (default: python3 on PATH)
  --jobs N               code runs at once (default: 2, at most the number of CPUs)

Problems are printed on stderr as file:line:col: message. Exit code: 0 when nothing is wrong,
1 when anything is, 2 for a usage error.`,
  async run(args, io, context) {
    const parsed = parseArgs(args, ['--json', '--allow-missing-seeds'], ['--seeds', '--python', '--jobs']);
    if (typeof parsed === 'string') return usageError(validate, io, parsed);
    const options = ['--seeds', '--python', '--jobs'].map((name) => singleValue(parsed, name));
    const repeated = options.find((o) => o.error);
    if (repeated?.error) return usageError(validate, io, repeated.error);
    const [seedsFile, python, jobsText] = options.map((o) => o.value);

    const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
    const jobs = jobsText === undefined ? Math.max(1, Math.min(2, cpus)) : Number(jobsText);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) return usageError(validate, io, `--jobs needs a whole number from 1 to 64 (got '${jobsText}')`);

    let seeds: SeedRow[] | undefined;
    try {
      seeds = seedsFile === 'none' ? undefined : seedsFile ? readSeedList(path.resolve(context.cwd, seedsFile)) : builtinSeedList();
    } catch (error) {
      return usageError(validate, io, (error as Error).message);
    }

    const targets: ValidateTarget[] = parsed.positionals.length === 0
      ? [{ path: context.builtinBank, origin: 'builtin' }]
      : parsed.positionals.map((p) => ({ path: path.resolve(context.cwd, p), origin: 'user' }));
    const pythonPath = python !== undefined && /[\\/]/.test(python) ? path.resolve(context.cwd, python) : python;

    const result = await validateBank({ targets, extensionRoot: context.extensionRoot, seeds, pythonPath, jobs, signal: context.signal });
    if (context.signal?.aborted) return EXIT_INTERRUPTED;
    const summary = summarize(result);
    const allowMissing = parsed.flags.has('--allow-missing-seeds');
    const seedFailures = allowMissing ? 0 : result.missingSeeds.length;
    const errors = result.problems.filter((p) => p.severity === 'error').length;

    if (parsed.flags.has('--json')) {
      io.out(JSON.stringify(toJson(result, summary, seeds !== undefined, seedFailures), null, 2));
    } else {
      for (const p of result.problems) io.err(formatProblem(p, displayPath(p.file, context)));
      io.out(formatSummary(result, summary, seeds !== undefined, allowMissing));
      io.out(`validate: ${summary.passed} passed, ${summary.failed + seedFailures} failed`);
    }
    return errors > 0 || seedFailures > 0 ? EXIT_PROBLEMS : EXIT_OK;
  },
};

function formatCounts(counts: Record<string, number>, order?: readonly string[]): string {
  const keys = Object.keys(counts).sort((a, b) => {
    const ia = order?.indexOf(a) ?? -1;
    const ib = order?.indexOf(b) ?? -1;
    if (ia !== ib) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return keys.length === 0 ? '(none)' : keys.map((k) => `${k} ${counts[k]}`).join(', ');
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function formatSummary(result: ValidationResult, summary: ValidationSummary, seedsChecked: boolean, allowMissing: boolean): string {
  const lines = [
    `${summary.questions} question${summary.questions === 1 ? '' : 's'} in ${result.files.length} file${result.files.length === 1 ? '' : 's'}`,
    `  by kind:        ${formatCounts(summary.byKind, ['concept', 'code', 'sql', 'behavioral'])}`,
    `  by category:    ${formatCounts(summary.byCategory, ['concepts', 'coding', 'sql', 'behavioral', 'interview-day'])}`,
    `  by difficulty:  ${formatCounts(summary.byDifficulty, ['easy', 'medium', 'hard'])}`,
    `  by language:    ${formatCounts(summary.byLanguage, ['typescript', 'javascript', 'python', 'sql', 'markdown'])}`,
    'runs (references and starters; model answers against their key points):',
  ];
  const order = ['typescript', 'javascript', 'python', 'sql', 'markdown'];
  const languages = Object.keys(summary.runs).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  if (languages.length === 0) lines.push('  (none)');
  for (const language of languages) {
    const r = summary.runs[language];
    const skipped = r.skipped > 0 ? `, ${r.skipped} skipped` : '';
    lines.push(`  ${language.padEnd(11)} ${String(r.exercises).padStart(4)} question${r.exercises === 1 ? ' ' : 's'} ${String(r.runs).padStart(4)} runs  ${seconds(r.ms).padStart(7)}${skipped}`);
  }
  if (result.typeCheck.files > 0) lines.push(`  type-check  ${String(result.typeCheck.files).padStart(4)} TypeScript starters and references ${seconds(result.typeCheck.ms).padStart(7)}`);
  for (const note of result.notes) lines.push(`  note: ${note}`);
  if (seedsChecked) {
    if (result.missingSeeds.length === 0) {
      lines.push('seeds: every seed is covered in every kind it names');
    } else {
      lines.push(`seeds: ${result.missingSeeds.length} missing${allowMissing ? ' (allowed for now: --allow-missing-seeds)' : ''}:`);
      for (const m of result.missingSeeds) {
        lines.push(`  ${m.id} ${m.kind}${m.have.length > 0 ? `  (has: ${m.have.join(', ')})` : ''}`);
      }
    }
  }
  const errors = result.problems.filter((p) => p.severity === 'error');
  lines.push(errors.length === 0
    ? `no problems; took ${seconds(result.ms)}`
    : `${errors.length} problem${errors.length === 1 ? '' : 's'} in ${new Set(errors.map((p) => p.file)).size} file(s), listed above; took ${seconds(result.ms)}`);
  return lines.join('\n');
}

function toJson(result: ValidationResult, summary: ValidationSummary, seedsChecked: boolean, seedFailures: number) {
  return {
    ok: summary.failed === 0 && seedFailures === 0,
    passed: summary.passed,
    failed: summary.failed + seedFailures,
    ms: result.ms,
    summary,
    problems: result.problems.map((p) => ({ file: p.file, line: p.line, col: p.col, severity: p.severity, message: p.message })),
    missingSeeds: seedsChecked ? result.missingSeeds : null,
    notes: result.notes,
    runs: result.runs,
  };
}
