// The command line: the same core as the extension, for question authors and CI.
//   interview-drills list [--json] [--bank DIR ...] [--no-builtin]
// Bundled to dist/cli.js (esbuild adds the shebang). Exit codes: 0 fine, 1 problems found, 2 usage.

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  answerLanguages,
  formatProblem,
  hasErrors,
  loadBank,
  type BankRoot,
  type Problem,
  type Question,
} from './core/bank';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: readonly string[], io: Io, context: Context): Promise<number>;
}

export interface Context {
  /** The built-in bank shipped next to the bundle: `<extension>/questions`. */
  builtinBank: string;
  cwd: string;
}

const EXIT_OK = 0;
const EXIT_PROBLEMS = 1;
const EXIT_USAGE = 2;

// ---- options shared by every command that loads the bank ----------------------------------

const BANK_OPTIONS = `  --bank DIR     also load questions from DIR (<DIR>/<category>/<id>.yaml); repeatable
  --no-builtin   leave out the built-in bank`;

interface ParsedArgs {
  flags: Set<string>;
  values: Map<string, string[]>;
  positionals: string[];
}

/** Parses `--flag`, `--name value` and `--name=value`; unknown options are a usage error. */
function parseArgs(args: readonly string[], flags: readonly string[], valued: readonly string[]): ParsedArgs | string {
  const parsed: ParsedArgs = { flags: new Set(), values: new Map(), positionals: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (valued.includes(name)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') return `${name} needs a value`;
      parsed.values.set(name, [...(parsed.values.get(name) ?? []), value]);
    } else if (flags.includes(name) && eq === -1) {
      parsed.flags.add(name);
    } else {
      return `unknown option ${arg}`;
    }
  }
  return parsed;
}

function bankRoots(args: ParsedArgs, context: Context): BankRoot[] {
  const roots: BankRoot[] = [];
  if (!args.flags.has('--no-builtin')) roots.push({ dir: context.builtinBank, origin: 'builtin' });
  for (const dir of args.values.get('--bank') ?? []) roots.push({ dir: path.resolve(context.cwd, dir), origin: 'user' });
  return roots;
}

/** Prints problems as `file:line:col: message`, paths relative to the working directory when inside it. */
function reportProblems(problems: readonly Problem[], io: Io, context: Context): void {
  for (const p of problems) {
    const relative = path.relative(context.cwd, p.file);
    const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : p.file;
    io.err(formatProblem(p, shown));
  }
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const files = new Set(errors.map((p) => p.file)).size;
    io.err(`${errors.length} problem${errors.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}; those files were skipped`);
  }
}

// ---- list ----------------------------------------------------------------------------------

const list: Command = {
  name: 'list',
  summary: 'list the questions in the bank',
  usage: `usage: interview-drills list [--json] [--bank DIR ...] [--no-builtin]

Lists every question: id, kind, difficulty, category and title.
  --json         print a JSON array instead of a table
${BANK_OPTIONS}

Broken question files are reported on stderr as file:line:col: message, and the exit code is 1.`,
  async run(args, io, context) {
    const parsed = parseArgs(args, ['--json', '--no-builtin'], ['--bank']);
    if (typeof parsed === 'string' || parsed.positionals.length > 0) {
      io.err(typeof parsed === 'string' ? parsed : `unexpected argument ${parsed.positionals[0]}`);
      io.err(list.usage);
      return EXIT_USAGE;
    }
    const roots = bankRoots(parsed, context);
    const missing = roots.find((r) => r.origin !== 'builtin' && !fs.existsSync(r.dir));
    if (missing) {
      io.err(`no such folder: ${missing.dir}`);
      return EXIT_USAGE;
    }
    const bank = await loadBank(roots);
    if (parsed.flags.has('--json')) {
      io.out(JSON.stringify(bank.questions.map(summary), null, 2));
    } else {
      io.out(table(bank.questions));
    }
    reportProblems(bank.problems, io, context);
    return hasErrors(bank.problems) ? EXIT_PROBLEMS : EXIT_OK;
  },
};

function summary(q: Question) {
  return {
    id: q.id,
    title: q.title,
    kind: q.kind,
    category: q.category,
    difficulty: q.difficulty,
    seed: q.seed ?? null,
    languages: answerLanguages(q),
    tags: q.tags ?? [],
    origin: q.origin,
    file: q.file,
  };
}

function table(questions: readonly Question[]): string {
  const header = ['ID', 'KIND', 'DIFFICULTY', 'CATEGORY', 'TITLE'];
  const rows = questions.map((q) => [q.id, q.kind, q.difficulty, q.category, q.title]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const count = `${questions.length} question${questions.length === 1 ? '' : 's'}`;
  return [line(header), ...rows.map(line), '', count].join('\n');
}

// ---- dispatch ------------------------------------------------------------------------------

/** Every command; `check` and `validate` join this table. */
const COMMANDS: readonly Command[] = [list];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: interview-drills <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'interview-drills <command> --help' for a command's options.",
  ].join('\n');
}

export async function main(argv: readonly string[], io: Io, context: Context): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(usage());
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.out(topic ? topic.usage : usage());
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command '${name}'`);
    io.err(usage());
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return EXIT_OK;
  }
  return command.run(rest, io, context);
}

if (require.main === module) {
  // `interview-drills list | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    throw error;
  });
  const io: Io = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
  const context: Context = { builtinBank: path.join(__dirname, '..', 'questions'), cwd: process.cwd() };
  main(process.argv.slice(2), io, context).then(
    (code) => {
      // exitCode rather than exit(): stdout to a pipe must drain first.
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`interview-drills: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = EXIT_PROBLEMS;
    },
  );
}
