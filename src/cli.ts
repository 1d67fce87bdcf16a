// The command line: the same core as the extension, for question authors and CI.
//   interview-drills list [--json] [--bank DIR ...] [--no-builtin]
//   interview-drills check FILE [--question ID] [--lang ts|js|py] [--json] [--bank DIR ...] ...
//   interview-drills validate [PATH ...] [--json] [--allow-missing-seeds]
// Bundled to dist/cli.js (esbuild adds the shebang). Exit codes: 0 fine, 1 problems found, 2 usage.
// One file per command in src/cli/.

import * as path from 'node:path';
import { check } from './cli/check';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, type Command, type Context, type Io } from './cli/command';
import { list } from './cli/list';
import { validate } from './cli/validate';

export type { Context, Io };

/** Every command. */
const COMMANDS: readonly Command[] = [list, check, validate];

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
  // Runs are child processes in their own process groups, out of reach of the terminal's Ctrl-C:
  // the first signal cancels the run (the engine kills the child and removes its folder), then
  // we exit; a second signal, or a run that does not stop within 3 s, exits at once.
  const interrupt = new AbortController();
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      if (interrupt.signal.aborted) process.exit(code);
      interrupt.abort();
      process.exitCode = code;
      setTimeout(() => process.exit(code), 3000).unref();
    });
  }
  const io: Io = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  };
  const extensionRoot = path.join(__dirname, '..');
  const context: Context = {
    extensionRoot,
    builtinBank: path.join(extensionRoot, 'questions'),
    cwd: process.cwd(),
    signal: interrupt.signal,
  };
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
