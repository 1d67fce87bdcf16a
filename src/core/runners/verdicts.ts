// The one place that turns what a harness reported (or what happened to its process) into
// verdicts a user can act on: the comparison against the expected value, errors with their stack
// cut down to the user's own file, and the limits in plain words.
import { pathToFileURL } from 'node:url';
import type { CodeCase, Language } from '../bank/question';
import { compareResult } from '../checks/compare';
import { runComparator } from './comparator';
import type { CaseStatus, CaseVerdict } from '../checks/types';
import type { CaseOutcome, HarnessMessage, ThrownInfo } from './protocol';

export interface VerdictContext {
  language: Language;
  /** The user's answer file, as stacks name it. */
  userFile: string;
  entry: string;
  /** The answer's source, for hints (a function defined but not exported). */
  source: string;
  /** The question's own comparison (body of (expected, actual) => boolean), used by cases without a `compare` rule. */
  comparator?: string;
  /** Exercises with a database: keep the returned value as `actual` on a 'passed' verdict, uncompared (database.ts judges it). */
  rawValues?: boolean;
}

export interface ErrorDetails {
  message: string;
  stack?: string;
  location?: { line: number; col: number };
}

/** Fields every verdict of `c` carries. */
export function baseVerdict(c: CodeCase, status: CaseStatus, ms: number): CaseVerdict {
  return { name: c.name, status, args: c.args, ms: Math.round(ms * 10) / 10 };
}

/** The verdict of a case the harness reported on. */
export function resultVerdict(c: CodeCase, result: Extract<HarnessMessage, { type: 'result' }>, ctx: VerdictContext, memoryMb: number): CaseVerdict {
  const verdict = outcomeVerdict(c, result.outcome, ctx, result.ms, memoryMb);
  if (result.output !== '') verdict.output = result.output;
  return verdict;
}

function outcomeVerdict(c: CodeCase, outcome: CaseOutcome, ctx: VerdictContext, ms: number, memoryMb: number): CaseVerdict {
  switch (outcome.kind) {
    case 'value': {
      let actual: unknown;
      try {
        actual = JSON.parse(outcome.json);
      } catch {
        return { ...baseVerdict(c, 'error', ms), message: 'the harness sent a result that is not JSON (this is a bug in Interview Drills)' };
      }
      if (ctx.rawValues) return { ...baseVerdict(c, 'passed', ms), actual };
      const comparison = c.compare === undefined && ctx.comparator !== undefined
        ? runComparator(ctx.comparator, c.expect, actual)
        : compareResult(c.expect, actual, c.compare ?? 'exact', c.tolerance);
      if ('error' in comparison) return { ...baseVerdict(c, 'error', ms), message: comparison.error, expected: c.expect, actual };
      if (comparison.equal) return { ...baseVerdict(c, 'passed', ms), actual };
      const message = outcome.note ? `${outcome.note}\n${comparison.reason ?? 'wrong answer'}` : comparison.reason ?? 'wrong answer';
      return { ...baseVerdict(c, 'failed', ms), message, expected: c.expect, actual };
    }
    case 'threw':
      return { ...baseVerdict(c, 'error', ms), ...describeError(outcome.error, ctx), expected: c.expect };
    case 'memory':
      return { ...baseVerdict(c, 'memory', ms), message: memoryMessage(memoryMb, outcome.detail) };
    case 'exit':
      return { ...baseVerdict(c, 'error', ms), message: `the program called sys.exit(${outcome.code}) while this case was running: return the result instead of exiting` };
    case 'http-error':
      return { ...baseVerdict(c, 'error', ms), message: outcome.message, expected: c.expect };
    case 'unsettled':
      return {
        ...baseVerdict(c, 'error', ms),
        message: `the promise returned by ${ctx.entry} never settled: nothing was left for it to wait for (is a resolve() or reject() never called?)`,
      };
  }
}

export function memoryMessage(memoryMb: number, detail?: string): string {
  return `memory limit: the program used more than ${memoryMb} MB${detail ? ` (${detail})` : ''}`;
}

/** A thrown error as message, stack (frames in the user's file only) and location. */
export function describeError(info: ThrownInfo, ctx: VerdictContext): ErrorDetails {
  if (!info.isError) {
    return { message: `threw ${info.message}, which is not an Error (throw new Error(...) gives a message and a stack trace)` };
  }
  const headline = info.name && info.message ? `${info.name}: ${info.message}` : info.name || info.message || 'Error';
  const hint = /Maximum call stack size exceeded|maximum recursion depth exceeded/.test(info.message)
    ? ' (recursion too deep: is there a base case?)'
    : '';
  if (info.frames) return { message: headline + hint, ...pythonStack(info, ctx.userFile) };
  return { message: headline + hint, ...nodeStack(info, ctx.userFile) };
}

/** Node: the source-mapped stack, keeping the headline and the frames in the user's file. */
function nodeStack(info: ThrownInfo, userFile: string): { stack?: string; location?: { line: number; col: number } } {
  // Some Node versions print source-mapped frames as file: URLs; show them as the path.
  const stack = (info.stack ?? '').split(pathToFileURL(userFile).href).join(userFile);
  const lines = stack.split('\n');
  const firstFrame = lines.findIndex((line) => /^\s+at /.test(line));
  const head = firstFrame === -1 ? lines : lines.slice(0, firstFrame);
  const frames = firstFrame === -1 ? [] : lines.slice(firstFrame).filter((line) => line.includes(userFile));
  let location: { line: number; col: number } | undefined;
  const where = new RegExp(`${escapeRegExp(userFile)}:(\\d+)(?::(\\d+))?`);
  const first = frames.length > 0 ? where.exec(frames[0]) : undefined;
  if (first) location = { line: Number(first[1]), col: Number(first[2] ?? 1) };
  if (frames.length === 0) return location ? { location } : {};
  return { stack: [...head, ...frames].join('\n'), location };
}

/** Python: the traceback's frames in the user's file, innermost last, as Python prints them. */
function pythonStack(info: ThrownInfo, userFile: string): { stack?: string; location?: { line: number; col: number } } {
  const frames = (info.frames ?? []).filter((f) => f.file === userFile);
  const last = frames[frames.length - 1];
  const headline = info.name && info.message ? `${info.name}: ${info.message}` : info.name ?? info.message;
  if (frames.length === 0) return {};
  const text = frames.map((f) => `  File "${f.file}", line ${f.line}, in ${f.name}${f.code ? `\n    ${f.code}` : ''}`);
  return {
    stack: ['Traceback (most recent call last):', ...text, headline].join('\n'),
    location: { line: last.line, col: last.col ?? 1 },
  };
}

/** What a load failure says: a syntax error, an import that failed, a missing function. */
export function loadErrorDetails(message: Extract<HarnessMessage, { type: 'load-error' }>, ctx: VerdictContext): ErrorDetails {
  const { error } = message;
  if (message.missingEntry) return { message: missingEntryMessage(ctx, message.exports ?? []) };
  if (message.exitCode !== undefined) {
    return { message: `your file called sys.exit(${message.exitCode}) while it was being loaded: remove it, the checks call ${ctx.entry} themselves` };
  }
  if (error.name === 'SyntaxError' || error.name === 'IndentationError' || error.name === 'TabError') {
    const syntax = syntaxDetails(error, ctx);
    if (syntax) return syntax;
  }
  const details = describeError(error, ctx);
  return { ...details, message: `${details.message} (while loading your file)` };
}

/** Where a syntax error is: Python says so directly; V8 puts "file:line\ncode\n   ^" above the stack. */
function syntaxDetails(error: ThrownInfo, ctx: VerdictContext): ErrorDetails | undefined {
  if (error.line !== undefined && error.line !== null) {
    const location = { line: error.line, col: error.col ?? 1 };
    return {
      message: `${error.name}: ${error.message} (line ${location.line})`,
      stack: `  File "${error.file ?? ctx.userFile}", line ${location.line}`,
      location,
    };
  }
  const header = new RegExp(`^${escapeRegExp(ctx.userFile)}:(\\d+)\\n(.*)\\n(\\s*)\\^`).exec(error.stack ?? '');
  if (!header) return undefined;
  const location = { line: Number(header[1]), col: header[3].length + 1 };
  return {
    message: `${error.name}: ${error.message} (line ${location.line})`,
    stack: `${ctx.userFile}:${location.line}:${location.col}\n${header[2]}\n${header[3]}^`,
    location,
  };
}

/** A sucrase syntax error, found before anything was started. */
export function transpileErrorDetails(compiled: { message: string; line?: number; col?: number }, ctx: VerdictContext): ErrorDetails {
  const location = compiled.line !== undefined ? { line: compiled.line, col: compiled.col ?? 1 } : undefined;
  return {
    message: `SyntaxError: ${compiled.message}${location ? ` (line ${location.line})` : ''}`,
    stack: location ? `${ctx.userFile}:${location.line}:${location.col}` : undefined,
    location,
  };
}

function missingEntryMessage(ctx: VerdictContext, exports: string[]): string {
  const { entry, language } = ctx;
  if (language === 'python') {
    const has = exports.length > 0 ? `Your file defines: ${exports.join(', ')}.` : 'Your file defines nothing at the top level.';
    return `no function named ${entry} in your file. ${has} Define it at the top level: def ${entry}(...):`;
  }
  const has = exports.length > 0 ? `Your file exports: ${exports.join(', ')}.` : 'Your file exports nothing.';
  const defined = new RegExp(`(function\\s*\\*?\\s*${escapeRegExp(entry)}\\b|(const|let|var)\\s+${escapeRegExp(entry)}\\s*=)`).test(ctx.source);
  const how = language === 'typescript'
    ? `Write export function ${entry}(...).`
    : `Add module.exports = { ${entry} }; or write export function ${entry}(...).`;
  return `no function named ${entry} is exported from your file. ${has}${defined ? ` ${entry} is defined but not exported.` : ''} ${how}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
