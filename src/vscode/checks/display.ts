// A run's verdicts as the editor shows them: values as readable text, the fixture a case ran on,
// the call it made. Pure (no `vscode` import), so the panel's and the Test Explorer's texts are
// unit-tested in plain Node.
import type { CodeCase, CompareRule, FixtureFile, Question } from '../../core/bank/question';
import { formatValue, nonJsonMarker } from '../../core/checks/format';
import type { CaseVerdict, RunReport } from '../../core/checks/types';
import { MAX_CASE_TEXT, MAX_CASES, type AnswerLanguageId, type PanelCase, type PanelResults } from '../../protocol';
import { rowDiffTables } from '../sql/rowDiff';

/** A report from any of the checkers: code, SQL (`sql`) or the written-answer rubric (`markdown`, with a note). */
export type ShownReport = Omit<RunReport, 'language'> & { language: string; note?: string };

/** Values that fit on a line this long stay on one line; longer ones are broken up, one item a line. */
const INLINE_WIDTH = 72;
const MAX_VALUE_CHARS = 20_000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && nonJsonMarker(value) === undefined;
}

function inline(value: unknown, ancestors: Set<object>): string {
  if (Array.isArray(value)) {
    if (ancestors.has(value)) return '[Circular]';
    ancestors.add(value);
    const text = `[${value.map((v) => inline(v, ancestors)).join(', ')}]`;
    ancestors.delete(value);
    return text;
  }
  if (isPlainObject(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    if (ancestors.has(value)) return '[Circular]';
    ancestors.add(value);
    const entries = Object.entries(value);
    const text = entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v, ancestors)}`).join(', ')} }`;
    ancestors.delete(value);
    return text;
  }
  return formatValue(value, MAX_VALUE_CHARS);
}

function pretty(value: unknown, indent: string, ancestors: Set<object>): string {
  const flat = inline(value, new Set(ancestors));
  if (flat.length + indent.length <= INLINE_WIDTH) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value) && !ancestors.has(value) && value.length > 0) {
    ancestors.add(value);
    const items = value.map((v) => `${inner}${pretty(v, inner, ancestors)}`);
    ancestors.delete(value);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (isPlainObject(value) && !ancestors.has(value) && Object.keys(value).length > 0 && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
    ancestors.add(value);
    const items = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pretty(v, inner, ancestors)}`);
    ancestors.delete(value);
    return `{\n${items.join(',\n')}\n${indent}}`;
  }
  return flat;
}

/** A SQL result set, as the SQL engine reports expected and actual rows. */
function isRowSet(value: unknown): value is { columns: string[]; rows: unknown[][] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { columns, rows } = value as { columns?: unknown; rows?: unknown };
  return (
    Array.isArray(columns) && columns.every((c) => typeof c === 'string') && Array.isArray(rows) && rows.every((r) => Array.isArray(r)) && Object.keys(value).length === 2
  );
}

function cellText(value: unknown): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return value.replace(/\r?\n/g, '\\n');
  return inline(value, new Set());
}

/** Rows as a plain text table: a header, a rule, one line per row, the row count. */
export function rowTable(set: { columns: string[]; rows: unknown[][] }): string {
  const header = set.columns;
  const body = set.rows.map((row) => header.map((_, i) => cellText(row[i])));
  const widths = header.map((name, i) => Math.max(name.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  const count = `(${set.rows.length} row${set.rows.length === 1 ? '' : 's'})`;
  return [line(header), rule, ...body.map(line), count].join('\n');
}

/** A value as readable text: JSON-like, short values on one line, long ones one item per line (rows as a table). */
export function displayValue(value: unknown, maxChars = MAX_VALUE_CHARS): string {
  const text = isRowSet(value) ? rowTable(value) : pretty(value, '', new Set());
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}… (${text.length - maxChars} more chars)`;
}

function sortKey(value: unknown): string {
  return formatValue(value, Number.MAX_SAFE_INTEGER);
}

function sorted(items: readonly unknown[]): unknown[] {
  return [...items].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

/**
 * For rules that ignore order, both sides are shown sorted, so the diff highlights what really
 * differs instead of the order the user's code happened to produce.
 */
export function forDisplay(value: unknown, rule: CompareRule | undefined): unknown {
  if (!Array.isArray(value)) return value;
  if (rule === 'unordered') return sorted(value);
  if (rule === 'unordered-groups') return sorted(value.map((group) => (Array.isArray(group) ? sorted(group) : group)));
  return value;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

function base64Length(base64: string): number {
  const clean = base64.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line per fixture entry: `docs/readme.md  (23 bytes) "# Project\n…"`, `link -> target`, `cache/`. */
export function fixtureListing(files: readonly FixtureFile[]): string {
  if (files.length === 0) return '(empty directory)';
  return files
    .map((file) => {
      if (file.symlink !== undefined) return `${file.path} -> ${file.symlink}  (symbolic link)`;
      if (file.directory) return `${file.path}/`;
      if (file.text !== undefined) {
        const preview = JSON.stringify(file.text.length > 40 ? `${file.text.slice(0, 40)}…` : file.text);
        return `${file.path}  (${plural(byteLength(file.text), 'byte')}) ${preview}`;
      }
      if (file.base64 !== undefined) return `${file.path}  (${plural(base64Length(file.base64), 'byte')}, binary)`;
      if (file.size !== undefined) return `${file.path}  (${plural(file.size, 'byte')}, generated${file.seed !== undefined ? ` from seed ${file.seed}` : ''})`;
      return file.path;
    })
    .join('\n');
}

/** The call a case made: `findDuplicates("$FIXTURE")`. */
export function callText(entry: string | undefined, args: unknown): string | undefined {
  if (args === undefined) return undefined;
  const list = Array.isArray(args) ? args : [args];
  const text = list.map((a) => formatValue(a, 500)).join(', ');
  return entry ? `${entry}(${text})` : text;
}

function cap(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.length <= MAX_CASE_TEXT ? text : `${text.slice(0, MAX_CASE_TEXT - 40)}\n… (${text.length - MAX_CASE_TEXT + 40} more chars)`;
}

/** The spec of the case a verdict is about: by position, checked by name. */
export function caseSpec(question: Question, verdict: CaseVerdict, index: number): CodeCase | undefined {
  const cases = question.exercise?.cases ?? [];
  const byIndex = cases[index];
  if (byIndex && byIndex.name === verdict.name) return byIndex;
  return cases.find((c) => c.name === verdict.name) ?? byIndex;
}

/** Expected and actual as the diff shows them (sorted when order does not count), or undefined. */
export function diffTexts(verdict: CaseVerdict, spec: CodeCase | undefined): { expected: string; actual: string } | undefined {
  if (!('expected' in verdict) || !('actual' in verdict)) return undefined;
  if (verdict.expected === undefined && verdict.actual === undefined) return undefined;
  return {
    expected: displayValue(forDisplay(verdict.expected, spec?.compare)),
    actual: displayValue(forDisplay(verdict.actual, spec?.compare)),
  };
}

export function toPanelCase(verdict: CaseVerdict, spec: CodeCase | undefined, entry: string | undefined): PanelCase {
  const item: PanelCase = { name: verdict.name.slice(0, 500), status: verdict.status, ms: Number.isFinite(verdict.ms) && verdict.ms >= 0 ? verdict.ms : 0 };
  const set = <K extends 'message' | 'call' | 'fixture' | 'expected' | 'actual' | 'stack' | 'output'>(key: K, text: string | undefined) => {
    const capped = cap(text);
    if (capped !== undefined && capped.length > 0) item[key] = capped;
  };
  set('output', verdict.output);
  // A passed check may still say something (the rubric's "about 1:10 out loud").
  set('message', verdict.message);
  if (verdict.status === 'passed') return item;
  set('call', callText(entry, verdict.args ?? spec?.args));
  if (spec?.fixture) set('fixture', fixtureListing(spec.fixture.files));
  if (verdict.status === 'failed') {
    const diff = diffTexts(verdict, spec);
    if (diff) {
      set('expected', diff.expected);
      set('actual', diff.actual);
    }
    const rows = rowDiffTables(verdict);
    if (rows) item.rows = rows;
  }
  set('stack', verdict.stack);
  if (verdict.location && Number.isInteger(verdict.location.line) && verdict.location.line >= 1) item.line = verdict.location.line;
  return item;
}

/** What the panel shows for a finished run. */
export function toPanelResults(report: ShownReport, question: Question, file: string): PanelResults {
  const entry = question.exercise?.entry;
  const results: PanelResults = {
    state: 'done',
    file,
    language: report.language as AnswerLanguageId,
    ms: Number.isFinite(report.ms) && report.ms >= 0 ? report.ms : 0,
    cases: report.cases.slice(0, MAX_CASES).map((verdict, i) => toPanelCase(verdict, caseSpec(question, verdict, i), entry)),
  };
  if (report.note) results.note = cap(report.note);
  return results;
}

/** "8/8" or "5/8": how many cases passed out of how many. */
export function passCount(report: Pick<RunReport, 'cases'>): string {
  return `${report.cases.filter((c) => c.status === 'passed').length}/${report.cases.length}`;
}

/** True when the run says something about the answer: at least one case really ran. */
export function ranAnything(report: Pick<RunReport, 'cases'>): boolean {
  return report.cases.some((c) => c.status !== 'not-started');
}
