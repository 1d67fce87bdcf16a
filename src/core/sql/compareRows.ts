// The comparison rules for SQL exercises, in one place: the user's rows against the reference's
// rows on the same data. Values come in PostgreSQL's text form together with their column type.
import type { SqlResultSet } from './protocol';

/** A table as a verdict shows it. */
export interface RowTable {
  columns: string[];
  rows: unknown[][];
}

export interface CompareOptions {
  ordered: boolean;
  checkColumnNames: boolean;
}

export interface RowDiff {
  /** Indices (0-based) of expected rows that the user's result lacks. */
  missing: number[];
  /** Indices (0-based) of the user's rows that are not expected. */
  unexpected: number[];
  /** Cells that differ, as [row, column] in the user's result (ordered comparison). */
  cells: [number, number][];
}

export interface CompareResult {
  equal: boolean;
  message?: string;
  expected: RowTable;
  actual: RowTable;
  diff?: RowDiff;
}

/** Most rows a verdict carries for display; the message counts the rest. */
export const DISPLAY_ROWS = 200;

// PostgreSQL type OIDs.
const NUMERIC_TYPES = new Set([20, 21, 23, 26, 700, 701, 790, 1700]);
const FLOAT_TYPES = new Set([700, 701]);
const BOOL = 16;
const DATE = 1082;
const TIME = 1083;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const TIMETZ = 1266;

type Normal = null | { t: 'n'; v: string } | { t: 'b'; v: boolean } | { t: 's'; v: string } | { t: 'd'; v: string };

/** A canonical decimal string: 2, 2.0 and 2.00 are the same number. */
export function canonicalNumber(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^(NaN|[+-]?Infinity)$/.test(trimmed)) return trimmed.replace(/^\+/, '');
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(trimmed);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  if (m[4] !== undefined) {
    const n = Number(trimmed);
    return Number.isFinite(n) ? canonicalNumber(String(n).includes('e') ? n.toFixed(20) : String(n)) : undefined;
  }
  const intPart = m[2].replace(/^0+(?=\d)/, '') || '0';
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const body = frac === '' ? intPart : `${intPart}.${frac}`;
  return body === '0' ? '0' : `${m[1] === '-' ? '-' : ''}${body}`;
}

/** Timestamps and dates normalised to ISO 8601 (a timestamptz to UTC). */
export function canonicalTemporal(text: string, typeId: number): string {
  const trimmed = text.trim();
  if (typeId === DATE) return trimmed;
  if (typeId === TIMESTAMPTZ) {
    const withT = trimmed.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
    const date = new Date(withT);
    if (!Number.isNaN(date.getTime())) {
      const fraction = /\.(\d+)/.exec(trimmed)?.[1] ?? '';
      const iso = date.toISOString().replace(/\.\d{3}Z$/, '');
      return `${iso}${fraction.replace(/0+$/, '') ? `.${fraction.replace(/0+$/, '')}` : ''}Z`;
    }
    return trimmed;
  }
  // timestamp without time zone, time: drop a zero fraction, use the T separator.
  return trimmed.replace(' ', 'T').replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1');
}

function normalise(value: unknown, typeId: number | undefined): Normal {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return { t: 'b', v: value };
  if (typeof value === 'number' || typeof value === 'bigint') return { t: 'n', v: canonicalNumber(String(value)) ?? String(value) };
  if (value instanceof Date) return { t: 'd', v: value.toISOString().replace(/\.000Z$/, 'Z') };
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (typeId !== undefined && NUMERIC_TYPES.has(typeId)) {
    const canonical = canonicalNumber(text);
    if (canonical !== undefined) return { t: 'n', v: FLOAT_TYPES.has(typeId) ? String(Number(canonical)) : canonical };
  }
  if (typeId === BOOL) {
    if (text === 't' || text === 'true') return { t: 'b', v: true };
    if (text === 'f' || text === 'false') return { t: 'b', v: false };
  }
  if (typeId === DATE || typeId === TIMESTAMP || typeId === TIMESTAMPTZ || typeId === TIME || typeId === TIMETZ) {
    return { t: 'd', v: canonicalTemporal(text, typeId) };
  }
  return { t: 's', v: text };
}

function sameValue(a: Normal, b: Normal): boolean {
  if (a === null || b === null) return a === b;
  if (a.t === 'n' && b.t === 'n') {
    if (a.v === b.v) return true;
    // A float column against a numeric one: equal when they agree to 1e-9 relative.
    const x = Number(a.v);
    const y = Number(b.v);
    return Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  }
  return a.t === b.t && a.v === b.v;
}

/** How a value appears to the user: numbers and dates as PostgreSQL printed them, booleans as true/false. */
function display(value: unknown, typeId: number | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return value;
  if (typeId === BOOL && (value === 't' || value === 'f')) return value === 't';
  return value;
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return value === '' ? "'' (empty text)" : value;
  return String(value);
}

function rowText(row: unknown[]): string {
  return `(${row.map(shown).join(', ')})`;
}

function table(set: SqlResultSet): RowTable {
  return {
    columns: set.columns.map((c) => c.name),
    rows: set.rows.slice(0, DISPLAY_ROWS).map((row) => row.map((v, i) => display(v, set.columns[i]?.typeId))),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Expected rows given as records in the question file (`expect:`), as a result set typed like
 * the user's columns so the same rules apply.
 */
export function expectedFromRecords(records: Record<string, unknown>[], like: SqlResultSet | undefined): SqlResultSet {
  const names = records.length > 0 ? Object.keys(records[0]) : (like?.columns.map((c) => c.name) ?? []);
  const typeOf = new Map(like?.columns.map((c) => [c.name, c.typeId]) ?? []);
  return {
    columns: names.map((name) => ({ name, typeId: typeOf.get(name) ?? 0 })),
    rows: records.map((record) =>
      names.map((name) => {
        const v = record[name];
        if (v === null || v === undefined) return null;
        if (typeof v === 'boolean') return v ? 't' : 'f';
        if (v instanceof Date) return v.toISOString();
        return typeof v === 'string' ? v : JSON.stringify(v);
      }),
    ),
  };
}

/** Compares the user's result with the expected one under the exercise's rules. */
export function compareRows(expected: SqlResultSet, actual: SqlResultSet, options: CompareOptions): CompareResult {
  const out = (equal: boolean, message?: string, diff?: RowDiff): CompareResult => ({
    equal,
    ...(message !== undefined ? { message } : {}),
    expected: table(expected),
    actual: table(actual),
    ...(diff ? { diff } : {}),
  });
  const expectedNames = expected.columns.map((c) => c.name);
  const actualNames = actual.columns.map((c) => c.name);
  if (expectedNames.length !== actualNames.length) {
    return out(
      false,
      `expected ${plural(expectedNames.length, 'column')} (${expectedNames.join(', ')}), got ${actualNames.length} (${actualNames.join(', ')})`,
    );
  }
  if (options.checkColumnNames) {
    for (let i = 0; i < expectedNames.length; i++) {
      if (expectedNames[i] !== actualNames[i]) {
        return out(false, `column ${i + 1} should be named ${expectedNames[i]}, got ${actualNames[i]}`);
      }
    }
  }
  // Each side is read by its own column types; a value equals another if their normal forms agree.
  const norm = (set: SqlResultSet): Normal[][] => set.rows.map((row) => row.map((v, i) => normalise(v, set.columns[i]?.typeId || actual.columns[i]?.typeId)));
  const want = norm(expected);
  const got = norm(actual);
  const rowsEqual = (a: Normal[], b: Normal[]): boolean => a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const name = (i: number): string => expectedNames[i] ?? `#${i + 1}`;
  const displayed = (set: SqlResultSet, r: number, c: number): string => shown(display(set.rows[r][c], set.columns[c]?.typeId));

  if (options.ordered) {
    const cells: [number, number][] = [];
    let first: string | undefined;
    for (let r = 0; r < Math.min(want.length, got.length); r++) {
      for (let c = 0; c < want[r].length; c++) {
        if (!sameValue(want[r][c], got[r][c])) {
          cells.push([r, c]);
          first ??= `row ${r + 1} differs in column ${name(c)}: expected ${displayed(expected, r, c)}, got ${displayed(actual, r, c)}`;
        }
      }
    }
    const missing = want.length > got.length ? range(got.length, want.length) : [];
    const unexpected = got.length > want.length ? range(want.length, got.length) : [];
    if (!first && missing.length === 0 && unexpected.length === 0) return out(true);
    const counts = want.length !== got.length ? `expected ${plural(want.length, 'row')}, got ${got.length}` : undefined;
    let message = [counts, first].filter(Boolean).join('; ');
    if (first && want.length === got.length && sameMultiset(want, got, rowsEqual)) {
      message = `the rows are right but in the wrong order; ${first}`;
    }
    return out(false, message, { missing, unexpected, cells });
  }

  // Unordered: match rows as a multiset.
  const used = new Array<boolean>(got.length).fill(false);
  const missing: number[] = [];
  for (let r = 0; r < want.length; r++) {
    const match = got.findIndex((row, i) => !used[i] && rowsEqual(want[r], row));
    if (match >= 0) used[match] = true;
    else missing.push(r);
  }
  const unexpected = range(0, got.length).filter((i) => !used[i]);
  if (missing.length === 0 && unexpected.length === 0) return out(true);
  const diff: RowDiff = { missing, unexpected, cells: [] };
  if (missing.length === 1 && unexpected.length === 1) {
    // One row changed: name the first differing column.
    const [m] = missing;
    const [u] = unexpected;
    const c = want[m].findIndex((v, i) => !sameValue(v, got[u][i]));
    diff.cells.push([u, c]);
    return out(
      false,
      `row ${rowText(display0(expected, m))} differs in column ${name(c)}: expected ${displayed(expected, m, c)}, got ${displayed(actual, u, c)}`,
      diff,
    );
  }
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`${plural(missing.length, 'row')} missing`);
  if (unexpected.length > 0) parts.push(`${unexpected.length} unexpected`);
  const examples: string[] = [];
  if (missing.length > 0) examples.push(`missing ${rowText(display0(expected, missing[0]))}`);
  if (unexpected.length > 0) examples.push(`unexpected ${rowText(display0(actual, unexpected[0]))}`);
  return out(false, `${parts.join(', ')} (expected ${plural(want.length, 'row')}, got ${got.length}): ${examples.join('; ')}`, diff);
}

function display0(set: SqlResultSet, r: number): unknown[] {
  return set.rows[r].map((v, c) => display(v, set.columns[c]?.typeId));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function sameMultiset<T>(a: T[], b: T[], eq: (x: T, y: T) => boolean): boolean {
  const used = new Array<boolean>(b.length).fill(false);
  return a.every((x) => {
    const i = b.findIndex((y, j) => !used[j] && eq(x, y));
    if (i < 0) return false;
    used[i] = true;
    return true;
  });
}
