// Which part of a .sql answer Run query runs: the selection when there is one, else the
// statement under the cursor (or the one a CodeLens stands above). Pure, no `vscode`.
import { statementAt } from '../../core/sql/statements';

export type QueryTarget = { start: number; end: number } | { error: string };

/**
 * The range to run. `selection` (offsets) wins when it holds more than white space; else the
 * statement at `offset`.
 */
export function queryTarget(source: string, offset: number, selection?: { start: number; end: number }): QueryTarget {
  if (selection && selection.end > selection.start) {
    const start = Math.max(0, Math.min(selection.start, source.length));
    const end = Math.max(start, Math.min(selection.end, source.length));
    if (source.slice(start, end).trim() !== '') return { start, end };
  }
  const statement = statementAt(source, Math.max(0, Math.min(offset, source.length)));
  if (!statement || statement.text.trim() === '') {
    return { error: 'there is no SQL statement under the cursor. Put the cursor in a statement, or select the SQL to run.' };
  }
  return { start: statement.start, end: statement.end };
}
