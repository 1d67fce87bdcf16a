// Small helpers shared by the rubric's checks: a verdict in the RunReport shape, and wording.
import type { CaseVerdict } from '../checks/types';

/** One check's verdict; `line` (1-based) points the panel and the Test Explorer at the problem. */
export function verdict(name: string, passed: boolean, message: string, line?: number): CaseVerdict {
  const v: CaseVerdict = { name, status: passed ? 'passed' : 'failed', message, ms: 0 };
  if (line !== undefined && line >= 1) v.location = { line, col: 1 };
  return v;
}

export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

export function capitalise(text: string): string {
  return text.length > 0 ? text[0].toUpperCase() + text.slice(1) : text;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A quoted excerpt for a message: one line, at most `max` characters. */
export function excerpt(text: string, max = 70): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `"${flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat}"`;
}

/** "a, b and c" */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
