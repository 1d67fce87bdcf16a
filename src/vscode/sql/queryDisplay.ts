// What Run query posts to the panel: the engine's result as text the panel shows as it is
// (cells shortened to one line, NULL kept apart, rows capped), with the statement it ran and
// where. Pure, no `vscode`.
import type { SqlQueryResult } from '../../core/sql/query';
import { lineColAt } from '../../core/sql/statements';
import { MAX_CASE_TEXT, MAX_GRID_ROWS, MAX_TABLE_COLUMNS, type PanelQueryResult } from '../../protocol';
import { cellText } from './rowDiff';

/** Rows the grid shows; the engine is asked for no more than this, so "cut" means cut here. */
export const GRID_ROWS = Math.min(500, MAX_GRID_ROWS);
/** Characters of a cell in the grid before it is shortened. */
export const GRID_CELL_CHARS = 300;
/** Characters of the statement in the grid's caption. */
const CAPTION_CHARS = 120;

// PostgreSQL type OIDs of numbers (right-aligned in the grid).
const NUMERIC_TYPES = new Set([20, 21, 23, 26, 700, 701, 790, 1700]);

/** The statement as one short line: `SELECT c.id, c.name FROM customers c JOIN …`. */
export function statementCaption(text: string): string {
  const line = text
    .replace(/--[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length <= CAPTION_CHARS ? line : `${line.slice(0, CAPTION_CHARS - 1)}…`;
}

export interface QueryRan {
  /** The answer file's name. */
  file: string;
  /** The whole text of the file, and the offsets of what ran. */
  source: string;
  start: number;
  end: number;
}

function where(ran: QueryRan): Pick<PanelQueryResult, 'file' | 'statement' | 'line'> {
  // The statement's line is that of its first significant character, not of blank lines before it.
  const text = ran.source.slice(ran.start, ran.end);
  const lead = text.length - text.trimStart().length;
  return { file: ran.file.slice(0, 500), statement: statementCaption(text) || '(empty)', line: lineColAt(ran.source, ran.start + lead).line };
}

/** The panel's "running" state for a statement. */
export function runningQuery(ran: QueryRan): PanelQueryResult {
  return { kind: 'running', ...where(ran) };
}

function ms(value: number): number {
  return Number.isFinite(value) && value >= 0 ? value : 0;
}

/** The engine's result as the panel shows it; undefined for a cancelled run (a newer one replaces it). */
export function toPanelQueryResult(result: SqlQueryResult, ran: QueryRan): PanelQueryResult | undefined {
  const common = where(ran);
  switch (result.kind) {
    case 'rows': {
      const columns = result.columns.slice(0, MAX_TABLE_COLUMNS).map((c) => ({ name: c.name.slice(0, 500), numeric: NUMERIC_TYPES.has(c.typeId) }));
      const rows = result.rows.slice(0, GRID_ROWS).map((row) => columns.map((_, i) => cellText(row[i] ?? null, GRID_CELL_CHARS)));
      const cut = result.truncated || result.rows.length > GRID_ROWS;
      return { kind: 'rows', columns, rows, cut, ...common, ms: ms(result.ms) };
    }
    case 'no-rows':
      return { kind: 'command', command: result.command.slice(0, 500) || 'OK', ...common, ms: ms(result.ms) };
    case 'error': {
      const at = result.location && Number.isInteger(result.location.line) && result.location.line >= 1 && Number.isInteger(result.location.col) && result.location.col >= 1
        ? { at: { line: result.location.line, col: result.location.col } }
        : {};
      return { kind: 'error', message: result.message.slice(0, MAX_CASE_TEXT), ...at, ...common, ms: ms(result.ms) };
    }
    case 'timeout':
      return { kind: 'timeout', message: result.message.slice(0, MAX_CASE_TEXT), ...common, ms: ms(result.ms) };
    case 'cancelled':
      return undefined;
  }
}
