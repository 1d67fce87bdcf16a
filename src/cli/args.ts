// Options shared by the commands: parsing, the bank folders, and how problems are printed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatProblem, loadBank, type Bank, type BankRoot, type Problem } from '../core/bank';
import type { Context, Io } from './command';

export const BANK_OPTIONS = `  --bank DIR     also load questions from DIR (<DIR>/<category>/<id>.yaml); repeatable
  --no-builtin   leave out the built-in bank`;

export interface ParsedArgs {
  flags: Set<string>;
  values: Map<string, string[]>;
  positionals: string[];
}

/** Parses `--flag`, `--name value` and `--name=value`; unknown options are a usage error. */
export function parseArgs(args: readonly string[], flags: readonly string[], valued: readonly string[]): ParsedArgs | string {
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

/** The value of an option that may be given once; an error when it is repeated. */
export function singleValue(parsed: ParsedArgs, name: string): { value?: string; error?: string } {
  const values = parsed.values.get(name) ?? [];
  if (values.length > 1) return { error: `${name} given more than once` };
  return { value: values[0] };
}

export function bankRoots(args: ParsedArgs, context: Context): BankRoot[] {
  const roots: BankRoot[] = [];
  if (!args.flags.has('--no-builtin')) roots.push({ dir: context.builtinBank, origin: 'builtin' });
  for (const dir of args.values.get('--bank') ?? []) roots.push({ dir: path.resolve(context.cwd, dir), origin: 'user' });
  return roots;
}

/**
 * Loads the bank the options name (built-in unless --no-builtin, plus each --bank DIR); a --bank
 * folder that does not exist is a usage error, returned as its message.
 */
export async function loadCliBank(args: ParsedArgs, context: Context): Promise<Bank | { error: string }> {
  const roots = bankRoots(args, context);
  const missing = roots.find((r) => r.origin !== 'builtin' && !fs.existsSync(r.dir));
  if (missing) return { error: `no such folder: ${missing.dir}` };
  return loadBank(roots);
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(file: string, context: Context): string {
  const relative = path.relative(context.cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** Prints problems as `file:line:col: message`, paths relative to the working directory when inside it. */
export function reportProblems(problems: readonly Problem[], io: Io, context: Context): void {
  for (const p of problems) io.err(formatProblem(p, displayPath(p.file, context)));
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    const files = new Set(errors.map((p) => p.file)).size;
    io.err(`${errors.length} problem${errors.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}; those files were skipped`);
  }
}
