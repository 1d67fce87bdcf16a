// What every command of the CLI is given and returns. One file per command beside this one.

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface Context {
  /** The installed extension (or repository) root: the folder holding `dist/` and `questions/`. */
  extensionRoot: string;
  /** The built-in bank shipped next to the bundle: `<extension>/questions`. */
  builtinBank: string;
  cwd: string;
  /** Aborted on Ctrl-C or SIGTERM: a command stops its child processes, synchronously. */
  signal?: AbortSignal;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: readonly string[], io: Io, context: Context): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** Prints a usage error and the command's usage; returns the exit code for it. */
export function usageError(command: Command, io: Io, message: string): number {
  io.err(message);
  io.err(command.usage);
  return EXIT_USAGE;
}
