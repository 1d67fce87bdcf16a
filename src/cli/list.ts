// interview-drills list: every question in the bank, as a table or JSON.
import { answerLanguages, hasErrors, type Question } from '../core/bank';
import { BANK_OPTIONS, loadCliBank, parseArgs, reportProblems } from './args';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, usageError, type Command } from './command';

export const list: Command = {
  name: 'list',
  summary: 'list the questions in the bank',
  usage: `usage: interview-drills list [--json] [--bank DIR ...] [--no-builtin]

Lists every question: id, kind, difficulty, category and title.
  --json         print a JSON array instead of a table
${BANK_OPTIONS}

Broken question files are reported on stderr as file:line:col: message, and the exit code is 1.`,
  async run(args, io, context) {
    const parsed = parseArgs(args, ['--json', '--no-builtin'], ['--bank']);
    if (typeof parsed === 'string') return usageError(list, io, parsed);
    if (parsed.positionals.length > 0) return usageError(list, io, `unexpected argument ${parsed.positionals[0]}`);
    const bank = await loadCliBank(parsed, context);
    if ('error' in bank) {
      io.err(bank.error);
      return EXIT_USAGE;
    }
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
