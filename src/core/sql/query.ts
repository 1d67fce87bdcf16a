// The contract of "Run query": one statement from the user's .sql file run against the
// exercise's seed state (schema + seed data) in a transaction that is rolled back, so nothing
// persists between runs. Implemented by SqlEngine.query (engine.ts); shown as a grid in the panel.
import type { Question } from '../bank/question';
import type { SqlLimits } from './engine';

export interface SqlQueryOptions {
  question: Question;
  /** The whole text of the user's file (for line/column of errors). */
  source: string;
  /**
   * Offsets into `source` of the text to run: the statement under the cursor or the selection
   * (see statementAt / statementRanges in statements.ts). One statement; in a script exercise
   * (sql.mode: script) a selection may hold several, run in order, and the last one's result is
   * shown.
   */
  start: number;
  end: number;
  limits?: Partial<SqlLimits>;
  signal?: AbortSignal;
}

/** A value as PostgreSQL prints it (text form), or null. */
export type SqlCell = string | null;

export type SqlQueryResult =
  | {
      kind: 'rows';
      columns: { name: string; typeId: number }[];
      rows: SqlCell[][];
      /** True when the result had more rows (or bytes) than the caps and was cut. */
      truncated: boolean;
      ms: number;
    }
  /** A statement that returns no rows (INSERT, CREATE TABLE …): PostgreSQL's command tag. */
  | { kind: 'no-rows'; command: string; ms: number }
  /** PostgreSQL's error (or a refusal: empty text, several statements, psql meta-commands). */
  | { kind: 'error'; message: string; location?: { line: number; col: number }; ms: number }
  | { kind: 'timeout'; message: string; ms: number }
  | { kind: 'cancelled'; ms: number };
