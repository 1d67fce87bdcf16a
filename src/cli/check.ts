// interview-drills check FILE: runs a coding exercise's cases on a solution file with the same
// engine as the extension, and prints the verdicts (text or JSON). Exit 0 only when all passed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../core/bank';
import type { Question } from '../core/bank/question';
import { formatReportText } from '../core/checks/format';
import { DEFAULT_LIMITS, type RunReport } from '../core/checks/types';
import { checkWrittenAnswer } from '../core/rubric';
import { CheckEngine } from '../core/runners/engine';
import { SqlEngine } from '../core/sql/engine';
import { BANK_OPTIONS, bankRoots, loadCliBank, parseArgs, reportProblems, singleValue } from './args';
import { resolveTarget } from './checkTarget';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, usageError, type Command, type Context } from './command';

/** Exit code after Ctrl-C, as shells report a SIGINT (the entry point sets 143 for SIGTERM). */
const EXIT_INTERRUPTED = 130;

/** How much of the file is read to find the header comment (questionIdFromHeader looks at 2,000 chars). */
const HEAD_BYTES = 8192;

export const check: Command = {
  name: 'check',
  summary: 'run the checks of a coding or SQL exercise, or the rubric of a written answer, on a file',
  usage: `usage: interview-drills check FILE [--question ID] [--lang ts|js|py] [--json]
                              [--bank DIR ...] [--no-builtin] [--python PATH] [--timeout MS]

Runs the cases of a coding exercise (or a SQL exercise, on an embedded PostgreSQL) on FILE and
prints a verdict per case. For a concept or
behavioral question, FILE is your Markdown answer and the verdicts are the rubric's (key points,
STAR structure, speaking time, fillers): heuristics, not a grade.
  --question ID  the question FILE answers; by default taken from the file name (<id>.ts,
                 <id>.js, <id>.py) or from its "Interview Drills question: <id>" header comment
  --lang L       ts, js or py; by default from the file extension
  --json         print the verdicts as one JSON document:
                 {"passed": bool, "cases": [{"name", "status", "message"?, "expected"?, "actual"?, "ms"}]}
  --python PATH  the Python interpreter (default: python3 on PATH)
  --timeout MS   wall-clock limit for the whole run (default ${DEFAULT_LIMITS.timeMs})
${BANK_OPTIONS}

Exit code: 0 when every case passed, 1 when any did not, 2 for a usage error.`,
  async run(args, io, context) {
    const parsed = parseArgs(args, ['--json', '--no-builtin'], ['--question', '--lang', '--bank', '--python', '--timeout']);
    if (typeof parsed === 'string') return usageError(check, io, parsed);
    if (parsed.positionals.length !== 1) {
      return usageError(check, io, parsed.positionals.length === 0 ? 'which file? give the solution file to check' : `unexpected argument ${parsed.positionals[1]}`);
    }
    const options = ['--question', '--lang', '--python', '--timeout'].map((name) => singleValue(parsed, name));
    const repeated = options.find((o) => o.error);
    if (repeated?.error) return usageError(check, io, repeated.error);
    const [questionId, lang, python, timeout] = options.map((o) => o.value);

    const timeMs = timeout === undefined ? DEFAULT_LIMITS.timeMs : Number(timeout);
    if (!Number.isInteger(timeMs) || timeMs <= 0) return usageError(check, io, `--timeout needs a whole number of milliseconds (got '${timeout}')`);

    const file = path.resolve(context.cwd, parsed.positionals[0]);
    const head = readHead(file);
    if (typeof head !== 'string') {
      io.err(head.error);
      return EXIT_USAGE;
    }

    const bank = await loadCliBank(parsed, context);
    if ('error' in bank) {
      io.err(bank.error);
      return EXIT_USAGE;
    }
    const resolved = resolveTarget({ file, head, questionId, lang }, new Map(bank.questions.map((q) => [q.id, q])));
    if ('error' in resolved) {
      io.err(resolved.error);
      // The question may be missing because its file is broken: show why.
      reportProblems(relevantProblems(bank.problems, resolved.id, bankRoots(parsed, context).map((r) => r.dir)), io, context);
      return EXIT_USAGE;
    }
    if ('written' in resolved) {
      // Written answers are checked against the question's rubric: no process to run.
      const rubric = checkWrittenAnswer(resolved.written, fs.readFileSync(file, 'utf8')) as unknown as RunReport;
      io.out(parsed.flags.has('--json') ? JSON.stringify(toJson(rubric), null, 2) : formatReportText(rubric));
      return allPassed(rubric) ? EXIT_OK : EXIT_PROBLEMS;
    }
    if ('sql' in resolved) {
      const report = await runSql(context, resolved.sql, file, timeout === undefined ? undefined : timeMs);
      if (report === 'interrupted') return EXIT_INTERRUPTED;
      io.out(parsed.flags.has('--json') ? JSON.stringify(toJson(report), null, 2) : formatReportText(report));
      return allPassed(report) ? EXIT_OK : EXIT_PROBLEMS;
    }
    const { question, language } = resolved.target;

    // Python may be a command looked up on PATH ("python3.12") or a path relative to here.
    const pythonPath = python !== undefined && /[\\/]/.test(python) ? path.resolve(context.cwd, python) : python;
    const report = await runChecks(context, { question, language, file, pythonPath, limits: { timeMs } });
    if (report === 'interrupted') return EXIT_INTERRUPTED;

    io.out(parsed.flags.has('--json') ? JSON.stringify(toJson(report), null, 2) : formatReportText(report));
    return allPassed(report) ? EXIT_OK : EXIT_PROBLEMS;
  },
};

/** The first bytes of the file as text, or what is wrong with the path. */
function readHead(file: string): string | { error: string } {
  let fd: number | undefined;
  try {
    if (!fs.statSync(file).isFile()) return { error: `not a file: ${file}` };
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(HEAD_BYTES);
    const read = fs.readSync(fd, buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${(error as Error).message}` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function relevantProblems(problems: readonly Problem[], id: string | undefined, roots: readonly string[]): Problem[] {
  return problems.filter(
    (p) => p.severity === 'error' && ((id !== undefined && path.basename(p.file, path.extname(p.file)) === id) || roots.includes(p.file)),
  );
}

type RunRequest = Parameters<CheckEngine['run']>[0];

/** One run in a fresh engine (a one-shot CLI keeps no warm child); Ctrl-C cancels it cleanly. */
async function runChecks(context: Context, request: RunRequest): Promise<RunReport | 'interrupted'> {
  const engine = new CheckEngine({ extensionRoot: context.extensionRoot, keepWarm: false });
  // An exercise with a database runs the queries the answer builds on PostgreSQL.
  const sql = request.question.exercise?.database ? new SqlEngine({ extensionRoot: context.extensionRoot }) : undefined;
  try {
    const report = await engine.run({ ...request, signal: context.signal, ...(sql ? { sql } : {}) });
    return context.signal?.aborted ? 'interrupted' : report;
  } finally {
    engine.dispose();
    sql?.dispose();
  }
}

/** One SQL run in a fresh worker (PostgreSQL in WebAssembly; the first start takes a few seconds). */
async function runSql(context: Context, question: Question, file: string, statementTimeoutMs: number | undefined): Promise<RunReport | 'interrupted'> {
  const engine = new SqlEngine({ extensionRoot: context.extensionRoot });
  try {
    const report = await engine.run({ question, file, signal: context.signal, limits: statementTimeoutMs ? { statementTimeoutMs } : undefined });
    // The report's shape is RunReport's, with 'sql' as its language.
    return context.signal?.aborted ? 'interrupted' : (report as unknown as RunReport);
  } finally {
    engine.dispose();
  }
}

function allPassed(report: RunReport): boolean {
  return report.passed && report.cases.every((c) => c.status === 'passed');
}

/** The documented JSON shape: stable for scripts and CI, so only these fields. */
function toJson(report: RunReport) {
  return {
    question: report.questionId,
    language: report.language,
    passed: allPassed(report),
    cases: report.cases.map((c) => ({
      name: c.name,
      status: c.status,
      ...(c.message !== undefined ? { message: c.message } : {}),
      ...(c.expected !== undefined ? { expected: c.expected } : {}),
      ...(c.actual !== undefined ? { actual: c.actual } : {}),
      ms: c.ms,
    })),
  };
}
