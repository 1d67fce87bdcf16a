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
  | { kind: 'rows'; result: SqlResultSet; bytes: number }
  | { kind: 'no-rows'; command: string }
  | { kind: 'too-large'; rows: number; bytes: number; moreRows: boolean }
  | { kind: 'error'; error: SqlError; stage: 'setup' | 'statement' };

export interface WorkerCase {
  name: string;
  setup?: string;
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
}

export type WorkerRequest = WorkerRunRequest;

export type WorkerMessage =
  | { type: 'ready'; pid: number; startMs: number }
  | { type: 'phase'; id: number; phase: 'prepare' | 'reference' | 'case'; index?: number }
  | { type: 'prepared'; id: number; ms: number; fresh: boolean; pgliteStartMs?: number }
  | { type: 'case'; id: number; index: number; reference: SqlOutcome; user: SqlOutcome | null; ms: number }
  | { type: 'done'; id: number }
  | { type: 'fatal'; id: number; error: SqlError };

/** Prefix put before a cursor query; PostgreSQL's positions are shifted by its length. */
export const CURSOR_PREFIX = 'DECLARE interview_drills_cursor NO SCROLL CURSOR FOR ';
export const CURSOR_NAME = 'interview_drills_cursor';
