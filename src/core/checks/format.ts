// Values and verdicts as text: compact JSON for reasons and the panel, and the terminal report the
// CLI prints. Plain strings only, no colour: the caller decides where they go.
import type { CaseStatus, CaseVerdict, RunReport } from './types';

/**
 * The key of the marker a harness writes for a value JSON cannot carry (`{"$nonJson": "NaN"}`,
 * `"Infinity"`, `"-Infinity"`, `"undefined"`, or a description such as `"[Circular]"`).
 */
export const NON_JSON_KEY = '$nonJson';

/** The marker's text when `value` is a `{"$nonJson": "..."}` marker. */
export function nonJsonMarker(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const text = (value as Record<string, unknown>)[NON_JSON_KEY];
  return typeof text === 'string' && Object.keys(value).length === 1 ? text : undefined;
}

/**
 * Compact JSON (`[1,"a",{"k":null}]`), except that what JSON cannot say is said the way a
 * programmer would read it: `undefined`, `NaN`, `Infinity`, a marker as its text, `[Circular]`.
 * Longer than `maxChars`: cut, with "… (N more chars)".
 */
export function formatValue(value: unknown, maxChars = 2000): string {
  const parts: string[] = [];
  write(value, parts, new Set());
  return truncate(parts.join(''), maxChars);
}

function write(value: unknown, parts: string[], ancestors: Set<object>): void {
  switch (typeof value) {
    case 'undefined':
      parts.push('undefined');
      return;
    case 'number':
      parts.push(Number.isFinite(value) ? JSON.stringify(value) : String(value));
      return;
    case 'string':
      parts.push(JSON.stringify(value));
      return;
    case 'boolean':
      parts.push(String(value));
      return;
    case 'bigint':
      parts.push(`${value}n`);
      return;
    case 'symbol':
      parts.push(value.toString());
      return;
    case 'function':
      parts.push(`[Function${value.name ? ` ${value.name}` : ''}]`);
      return;
    case 'object':
      break;
  }
  if (value === null) {
    parts.push('null');
    return;
  }
  const marker = nonJsonMarker(value);
  if (marker !== undefined) {
    parts.push(marker);
    return;
  }
  if (ancestors.has(value)) {
    parts.push('[Circular]');
    return;
  }
  ancestors.add(value);
  if (Array.isArray(value)) {
    parts.push('[');
    value.forEach((item, i) => {
      if (i > 0) parts.push(',');
      write(item, parts, ancestors);
    });
    parts.push(']');
  } else {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      write(toJSON.call(value), parts, ancestors);
    } else {
      parts.push('{');
      Object.entries(value).forEach(([key, item], i) => {
        if (i > 0) parts.push(',');
        parts.push(JSON.stringify(key), ':');
        write(item, parts, ancestors);
      });
      parts.push('}');
    }
  }
  ancestors.delete(value);
}

function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let cut = Math.max(0, maxChars);
  // Do not leave half of a surrogate pair at the end.
  if (cut > 0 && /[\uD800-\uDBFF]/.test(text[cut - 1])) cut--;
  return `${text.slice(0, cut)}… (${text.length - cut} more chars)`;
}

/** What a verdict without a message says, per status. */
const STATUS_TEXT: Record<CaseStatus, string> = {
  passed: 'passed',
  failed: 'wrong answer',
  error: 'error',
  timeout: 'time limit exceeded',
  memory: 'memory limit exceeded',
  output: 'output limit exceeded',
  'not-started': 'could not start',
};

const INDENT = '    ';

function indent(text: string, prefix: string): string {
  return text
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

function formatArgs(args: unknown): string {
  return Array.isArray(args) ? args.map((arg) => formatValue(arg, 500)).join(', ') : formatValue(args, 500);
}

function formatVerdict(verdict: CaseVerdict): string {
  if (verdict.status === 'passed') return `✔ ${verdict.name} (${Math.round(verdict.ms)} ms)`;
  const [first, ...rest] = (verdict.message?.trim() || STATUS_TEXT[verdict.status]).split('\n');
  const lines = [`✘ ${verdict.name} — ${first}`];
  if (rest.length > 0) lines.push(indent(rest.join('\n'), INDENT));
  if (verdict.args !== undefined) lines.push(`${INDENT}args: ${formatArgs(verdict.args)}`);
  if (verdict.expected !== undefined) lines.push(`${INDENT}expected: ${formatValue(verdict.expected)}`);
  if (verdict.actual !== undefined) lines.push(`${INDENT}actual: ${formatValue(verdict.actual)}`);
  if (verdict.stack?.trim()) lines.push(`${INDENT}stack:`, indent(verdict.stack, INDENT + '  '));
  else if (verdict.location) lines.push(`${INDENT}at line ${verdict.location.line}, column ${verdict.location.col}`);
  if (verdict.output?.trim()) lines.push(`${INDENT}output:`, indent(verdict.output, INDENT + '  '));
  return lines.join('\n');
}

/** The report for a terminal: one line per case, details under each failure, then the counts. */
export function formatReportText(report: RunReport): string {
  const passed = report.cases.filter((c) => c.status === 'passed').length;
  const failed = report.cases.length - passed;
  return [...report.cases.map(formatVerdict), '', `${passed} passed, ${failed} failed`].join('\n');
}
