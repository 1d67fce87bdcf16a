// A failed SQL case as two small tables: the expected rows and the user's, with the missing and
// unexpected rows and the differing cells marked. Only a few rows of each side are kept (those
// that differ first, then the rest in order), the others counted. Pure, no `vscode`.
import type { CaseVerdict } from '../../core/checks/types';
import { canonicalNumber, type RowDiff, type RowTable } from '../../core/sql/compareRows';
import { MAX_CELL_TEXT, MAX_DIFF_TABLE_ROWS, MAX_TABLE_COLUMNS, type PanelRowDiff, type PanelRowTable, type PanelTableRow } from '../../protocol';

/** Rows shown per side; the rest are "N more rows". */
export const DIFF_ROWS_SHOWN = 12;
/** Characters of one cell before it is shortened. */
export const DIFF_CELL_CHARS = 200;

function isRowTable(value: unknown): value is RowTable {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { columns, rows } = value as { columns?: unknown; rows?: unknown };
  return Array.isArray(columns) && columns.every((c) => typeof c === 'string') && Array.isArray(rows) && rows.every((r) => Array.isArray(r));
}

function isIndexList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((i) => Number.isInteger(i) && i >= 0);
}

function isRowDiff(value: unknown): value is RowDiff {
  if (typeof value !== 'object' || value === null) return false;
  const { missing, unexpected, cells } = value as Partial<Record<keyof RowDiff, unknown>>;
  return (
    isIndexList(missing) &&
    isIndexList(unexpected) &&
    Array.isArray(cells) &&
    cells.every((cell) => Array.isArray(cell) && cell.length === 2 && isIndexList(cell))
  );
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A value as one line of text for a table cell: NULL stays null (the panel shows it apart from
 * the text 'NULL'), line breaks become ↵, long values are shortened.
 */
export function cellText(value: unknown, max = DIFF_CELL_CHARS): string | null {
  if (value === null || value === undefined) return null;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return shorten(text.replace(/\r?\n/g, '↵').replace(/\t/g, ' '), Math.min(max, MAX_CELL_TEXT));
}

/**
 * Which rows of a side to show: the marked ones first (up to `limit`), then the others in order
 * until `limit`; returned in their order in the result.
 */
export function rowsToShow(count: number, marked: ReadonlySet<number>, limit = DIFF_ROWS_SHOWN): number[] {
  const chosen = new Set<number>();
  for (const i of [...marked].sort((a, b) => a - b)) {
    if (chosen.size >= limit) break;
    if (i < count) chosen.add(i);
  }
  for (let i = 0; i < count && chosen.size < limit; i++) chosen.add(i);
  return [...chosen].sort((a, b) => a - b);
}

function side(table: RowTable, marks: Map<number, 'missing' | 'unexpected'>, changed: Map<number, Set<number>>): PanelRowTable {
  // A result wider than the panel's bound keeps its first columns (the message names the rest).
  const width = Math.min(table.columns.length, MAX_TABLE_COLUMNS);
  const marked = new Set<number>([...marks.keys(), ...changed.keys()]);
  const shown = rowsToShow(table.rows.length, marked, Math.min(DIFF_ROWS_SHOWN, MAX_DIFF_TABLE_ROWS));
  const rows = shown.map((i): PanelTableRow => {
    const source = table.rows[i];
    const row: PanelTableRow = { n: i + 1, cells: Array.from({ length: width }, (_, c) => cellText(source[c])) };
    const mark = marks.get(i);
    if (mark) row.mark = mark;
    const columns = changed.get(i);
    if (columns && columns.size > 0) row.changed = [...columns].filter((c) => c < width).sort((a, b) => a - b);
    return row;
  });
  return { columns: table.columns.slice(0, width).map((name) => shorten(name, 500)), rows, total: table.rows.length };
}

function sameCell(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (a === b) return true;
  const x = canonicalNumber(String(a));
  return x !== undefined && x === canonicalNumber(String(b));
}

/**
 * Pairs missing rows with unexpected ones that agree on most columns (the same customer with a
 * wrong total), so the cells that differ can be marked. Greedy, in order; a pair must share at
 * least one value and differ in at least one. Display only: the verdict itself is compareRows'.
 */
export function pairChangedRows(expected: unknown[][], actual: unknown[][], missing: number[], unexpected: number[], width: number): [number, number, number[]][] {
  const pairs: [number, number, number[]][] = [];
  const used = new Set<number>();
  for (const m of missing.slice(0, 200)) {
    let best: { u: number; differing: number[] } | undefined;
    for (const u of unexpected.slice(0, 200)) {
      if (used.has(u) || !expected[m] || !actual[u]) continue;
      const differing = Array.from({ length: width }, (_, c) => c).filter((c) => !sameCell(expected[m][c], actual[u][c]));
      if (differing.length === 0 || differing.length === width) continue;
      if (!best || differing.length < best.differing.length) best = { u, differing };
    }
    if (best) {
      used.add(best.u);
      pairs.push([m, best.u, best.differing]);
    }
  }
  return pairs;
}

/**
 * The tables for a failed SQL verdict (one whose expected and actual are row tables), or
 * undefined for any other verdict.
 */
export function rowDiffTables(verdict: CaseVerdict): PanelRowDiff | undefined {
  if (verdict.status !== 'failed' || !isRowTable(verdict.expected) || !isRowTable(verdict.actual)) return undefined;
  const rawDiff = (verdict as { diff?: unknown }).diff;
  const diff: RowDiff = isRowDiff(rawDiff) ? rawDiff : { missing: [], unexpected: [], cells: [] };
  const expectedMarks = new Map(diff.missing.map((i) => [i, 'missing' as const]));
  const actualMarks = new Map(diff.unexpected.map((i) => [i, 'unexpected' as const]));
  const expectedChanged = new Map<number, Set<number>>();
  const actualChanged = new Map<number, Set<number>>();
  const add = (map: Map<number, Set<number>>, row: number, column: number) => {
    const set = map.get(row) ?? new Set<number>();
    set.add(column);
    map.set(row, set);
  };
  // One changed row of an unordered result pairs the only missing row with the only unexpected one.
  const paired = diff.missing.length === 1 && diff.unexpected.length === 1;
  for (const [row, column] of diff.cells) {
    add(actualChanged, row, column);
    add(expectedChanged, paired && row === diff.unexpected[0] ? diff.missing[0] : row, column);
  }
  if (diff.cells.length === 0 && verdict.expected.columns.length === verdict.actual.columns.length) {
    for (const [m, u, columns] of pairChangedRows(verdict.expected.rows, verdict.actual.rows, diff.missing, diff.unexpected, verdict.expected.columns.length)) {
      for (const c of columns) {
        add(expectedChanged, m, c);
        add(actualChanged, u, c);
      }
    }
  }
  return {
    expected: side(verdict.expected, expectedMarks, expectedChanged),
    actual: side(verdict.actual, actualMarks, actualChanged),
  };
}
