// Messages between the SQL engine (parent) and its PGlite worker process, over Node IPC.

/** A result set as the worker returns it: every value in PostgreSQL's text form (or null). */
export interface SqlResultSet {
  columns: { name: string; typeId: number }[];
  rows: (string | null)[][];
}

export interface SqlError {
  message: string;
  code?: string;
  /** PostgreSQL's 1-based character position in the text sent, when it gave one. */
  position?: number;
  detail?: string;
  hint?: string;
}

/** What running one statement gave. */
export type SqlOutcome =
  /** `truncated`: only when the caps were asked to cut the rows rather than fail (Run query). */
  | { kind: 'rows'; result: SqlResultSet; bytes: number; truncated?: boolean }
  | { kind: 'no-rows'; command: string }
  | { kind: 'too-large'; rows: number; bytes: number; moreRows: boolean }
  /**
   * `statementIndex`: which of several statements failed (script mode, Run query of a selection).
   * Stage 'inspect': the case's inspection query or EXPLAIN failed after the statements ran.
   */
  | { kind: 'error'; error: SqlError; stage: 'setup' | 'statement' | 'inspect'; statementIndex?: number };

/** One statement to run, with how to read its rows. */
export interface WorkerStatement {
  text: string;
  /** Read it through a cursor (a SELECT / WITH / VALUES / TABLE query). */
  cursor: boolean;
}

export interface WorkerCase {
  name: string;
  setup?: string;
  /** Script mode: a query run after the statements; its rows are what the case compares. */
  inspect?: WorkerStatement;
  /** Script mode: a query whose EXPLAIN (one row per plan line) is what the case looks at. */
  explain?: string;
  /** ANALYZE before the EXPLAIN (after the statements ran). */
  analyze?: boolean;
}

export interface WorkerRunRequest {
  type: 'run';
  id: number;
  questionId: string;
  schema: string;
  seed?: string;
  /** Statements of the reference that come before its query (run like a case's setup). */
  solutionPrelude?: string;
  /** The reference's query (without its `;`). */
  solution: string;
  solutionCursor: boolean;
  cases: WorkerCase[];
  /** The user's one statement (without its `;`); null when only the reference is wanted. */
  statement: string | null;
  /** Read it through a cursor (a SELECT / WITH / VALUES / TABLE query). */
  cursor: boolean;
  limits: { statementTimeoutMs: number; maxRows: number; maxBytes: number };
  /**
   * Script mode: the user's statements (`statementList`) and the reference's (`solutionList`) run
   * in order inside each case's transaction, then the case's `inspect` or `explain` gives the rows.
   */
  mode?: 'query' | 'script';
  statementList?: WorkerStatement[];
  solutionList?: WorkerStatement[];
}

/** Run query: statements on the seed state, in a transaction rolled back; the last one's rows. */
export interface WorkerQueryRequest {
  type: 'query';
  id: number;
  questionId: string;
  schema: string;
  seed?: string;
  statements: WorkerStatement[];
  limits: { statementTimeoutMs: number; maxRows: number; maxBytes: number };
}

/** A parameter value bound to a built query's `$n` placeholder. */
export type BuiltQueryParam = string | number | boolean | null | BuiltQueryParam[];

/**
 * A query a code exercise's answer built (text with `$1`-style placeholders, and the values):
 * run on the exercise's seed state in a transaction rolled back, the values bound by PostgreSQL's
 * extended protocol (one statement only). `setup` runs before it, `inspect` after it (its rows are
 * then the outcome).
 */
export interface WorkerBuiltRequest {
  type: 'built';
  id: number;
  questionId: string;
  schema: string;
  seed?: string;
  text: string;
  params: BuiltQueryParam[];
  cursor: boolean;
  setup?: string;
  inspect?: WorkerStatement;
  limits: { statementTimeoutMs: number; maxRows: number; maxBytes: number };
}

export type WorkerRequest = WorkerRunRequest | WorkerQueryRequest | WorkerBuiltRequest;

export type WorkerMessage =
  | { type: 'ready'; pid: number; startMs: number }
  | { type: 'phase'; id: number; phase: 'prepare' | 'reference' | 'case'; index?: number }
  | {
      type: 'prepared';
      id: number;
      ms: number;
      fresh: boolean;
      pgliteStartMs?: number;
      /** How PostgreSQL started: from the prepared data directory, or a new one (initdb). */
      startMode?: 'dump' | 'new';
      /** Why the prepared data directory was not used. */
      dumpProblem?: string;
      /** Part of pgliteStartMs: reading, checking and unpacking the prepared data directory. */
      dumpReadMs?: number;
    }
  | { type: 'query-result'; id: number; outcome: SqlOutcome; ms: number }
  | { type: 'case'; id: number; index: number; reference: SqlOutcome; user: SqlOutcome | null; ms: number }
  | { type: 'done'; id: number }
  | { type: 'fatal'; id: number; error: SqlError };

/** Prefix put before a cursor query; PostgreSQL's positions are shifted by its length. */
export const CURSOR_PREFIX = 'DECLARE interview_drills_cursor NO SCROLL CURSOR FOR ';
export const CURSOR_NAME = 'interview_drills_cursor';
