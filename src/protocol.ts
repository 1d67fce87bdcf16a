// The messages between the extension host and the question panel, used by both sides.
// Each side validates what arrives: a message is data from another process, not a typed call.

export const VIEW_TYPE = 'interviewDrills.question';

export type ProgressStatus = 'new' | 'attempted' | 'solved';

/** Languages an answer file can be started in (code, SQL or a written answer). */
export type AnswerLanguageId = 'typescript' | 'javascript' | 'python' | 'sql' | 'markdown';

/** Panel to host. Question-scoped messages name their question, so a click that races a
 *  "show another question" cannot act on the wrong one. */
export type PanelToHost =
  | { type: 'ready'; questionId: string }
  | { type: 'start'; questionId: string; language?: AnswerLanguageId }
  | { type: 'resetStarter'; questionId: string }
  | { type: 'chooseLanguage'; questionId: string }
  | { type: 'revealAnswer'; questionId: string }
  | { type: 'hintShown'; questionId: string; index: number }
  | { type: 'runChecks'; questionId: string }
  /** Opens the answer file the shown results came from, at a line of it (1-based) when given. */
  | { type: 'openAnswer'; questionId: string; line?: number }
  /** Rate yourself: how well the user recalled the answer; FSRS schedules the next review. */
  | { type: 'rate'; questionId: string; rating: ReviewRating }
  /** Compare with model answer: a diff of the user's answer file and the model answer. */
  | { type: 'compare'; questionId: string }
  | { type: 'random' };

/** Host to panel. */
export type HostToPanel =
  | {
      type: 'progress';
      questionId: string;
      status: ProgressStatus;
      /** How many times checks were run or an answer was rated; absent when the host does not know. */
      attempts?: number;
    }
  /** Spaced repetition: what each rating would schedule, and when the question comes back. */
  | { type: 'review'; questionId: string; review: PanelReview }
  /** The last run of the checks; null when there is none (yet, or any more). */
  | { type: 'results'; questionId: string; results: PanelResults | null }
  /** Run query: the result grid of the statement the user ran (or that it is running). */
  | { type: 'queryResult'; questionId: string; result: PanelQueryResult };

/** A case's verdict, as the checks report it. */
export type CaseStatusId = 'passed' | 'failed' | 'error' | 'timeout' | 'memory' | 'output' | 'not-started';

/**
 * One case's verdict as the panel shows it. Values arrive already formatted as text by the host,
 * so the panel never interprets data from the user's program.
 */
export interface PanelCase {
  name: string;
  status: CaseStatusId;
  message?: string;
  /** The call, e.g. `findDuplicates("$FIXTURE")`. */
  call?: string;
  /** The files the case's fixture directory held, one per line. */
  fixture?: string;
  expected?: string;
  actual?: string;
  stack?: string;
  /** 1-based line in the answer file where the error happened. */
  line?: number;
  output?: string;
  ms: number;
  /** A failed SQL case: the expected and the user's rows as tables, what differs marked. */
  rows?: PanelRowDiff;
}

/** One row of a table the panel shows; cells are text formatted by the host, null is SQL NULL. */
export interface PanelTableRow {
  /** 1-based position of the row in the whole result. */
  n: number;
  cells: (string | null)[];
  /** An expected row the user's result lacks, or a row of the user's result that is not expected. */
  mark?: 'missing' | 'unexpected';
  /** 0-based columns whose value differs from the other side. */
  changed?: number[];
}

/** Some rows of a result: the ones worth seeing (what differs first), with the full count. */
export interface PanelRowTable {
  columns: string[];
  rows: PanelTableRow[];
  /** Rows in the whole result; those not in `rows` show as "N more rows". */
  total: number;
}

export interface PanelRowDiff {
  expected: PanelRowTable;
  actual: PanelRowTable;
}

/** What Run query shows: a grid of rows, a command tag, an error at a place in the file, or a run in progress. */
export type PanelQueryOutcome =
  | {
      kind: 'rows';
      columns: { name: string; numeric: boolean }[];
      rows: (string | null)[][];
      /** Rows the query returned, when more than `rows` holds (absent: `rows` is all of them). */
      total?: number;
      /** The result had more rows or bytes than the caps and was cut at `rows.length` rows. */
      cut: boolean;
    }
  /** A statement that returns no rows: PostgreSQL's command tag ("INSERT 0 1"). */
  | { kind: 'command'; command: string }
  /** `at`: where in the file PostgreSQL places the error (1-based). */
  | { kind: 'error'; message: string; at?: { line: number; col: number } }
  | { kind: 'timeout'; message: string }
  | { kind: 'running' };

export type PanelQueryResult = PanelQueryOutcome & {
  /** The answer file's name. */
  file: string;
  /** The start of the statement that ran, for the caption (one line, shortened). */
  statement: string;
  /** 1-based line of the file where the statement starts. */
  line: number;
  /** How long it took (absent while running). */
  ms?: number;
};

/** The last run of the checks for a question, or the run in progress. */
export interface PanelResults {
  state: 'running' | 'done';
  /** The answer file's name, e.g. `find-duplicate-files.py`. */
  file?: string;
  language?: AnswerLanguageId;
  /** Wall time of the whole run (done only). */
  ms?: number;
  /** The cases of the last finished run; while running, those of the run before (or none). */
  cases: PanelCase[];
  /** A word about what the checks are (the written-answer rubric: "a rubric, not a grade"). */
  note?: string;
}

/** What the panel keeps with getState/setState, and what the serializer gets back after a reload. */
export interface PanelViewState {
  questionId: string;
  hintsShown: number;
  answerRevealed: boolean;
  scrollY: number;
}

/** Labels both sides show: the host at first paint, the panel when progress changes. */
const STATUS_LABELS: Record<ProgressStatus, string> = { new: 'New', attempted: 'Attempted', solved: 'Solved' };

export function statusText(status: ProgressStatus, attempts?: number): string {
  const label = STATUS_LABELS[status];
  if (!attempts) return label;
  return `${label} · ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
}

export function hintButtonText(next: number, total: number): string {
  return `Show hint (${next} of ${total})`;
}

export const MAX_HINTS = 100;
/** Bounds on what a results message may carry, so a runaway program cannot flood the panel. */
export const MAX_CASES = 500;
export const MAX_CASE_TEXT = 64_000;
const MAX_NAME = 500;
const MAX_LINE = 10_000_000;
const QUESTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ID_LENGTH = 80;
const STATUSES: readonly string[] = ['new', 'attempted', 'solved'] satisfies ProgressStatus[];
const ANSWER_LANGUAGES: readonly string[] = ['typescript', 'javascript', 'python', 'sql', 'markdown'] satisfies AnswerLanguageId[];
export const CASE_STATUSES: readonly CaseStatusId[] = ['passed', 'failed', 'error', 'timeout', 'memory', 'output', 'not-started'];

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `value` has exactly the required keys, plus any of the optional ones, and no others. */
function hasKeys(value: Fields, required: readonly string[], optional: readonly string[] = []): boolean {
  const keys = Object.keys(value);
  return required.every((k) => keys.includes(k)) && keys.every((k) => required.includes(k) || optional.includes(k));
}

export function isQuestionId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ID_LENGTH && QUESTION_ID.test(value);
}

function isCount(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

function isAnswerLanguage(value: unknown): value is AnswerLanguageId {
  return typeof value === 'string' && ANSWER_LANGUAGES.includes(value);
}

/** A message from the panel, or undefined when it is not exactly one of the known shapes. */
export function parsePanelMessage(value: unknown): PanelToHost | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  const questionId = value.questionId;
  switch (value.type) {
    case 'random':
      return hasKeys(value, ['type']) ? { type: 'random' } : undefined;
    case 'ready':
    case 'resetStarter':
    case 'chooseLanguage':
    case 'revealAnswer':
    case 'runChecks':
      return hasKeys(value, ['type', 'questionId']) && isQuestionId(questionId)
        ? { type: value.type, questionId }
        : undefined;
    case 'start': {
      if (!hasKeys(value, ['type', 'questionId'], ['language']) || !isQuestionId(questionId)) return undefined;
      if (value.language === undefined) return { type: 'start', questionId };
      return isAnswerLanguage(value.language) ? { type: 'start', questionId, language: value.language } : undefined;
    }
    case 'hintShown':
      return hasKeys(value, ['type', 'questionId', 'index']) && isQuestionId(questionId) && isCount(value.index, MAX_HINTS - 1)
        ? { type: 'hintShown', questionId, index: value.index }
        : undefined;
    case 'openAnswer': {
      if (!hasKeys(value, ['type', 'questionId'], ['line']) || !isQuestionId(questionId)) return undefined;
      if (value.line === undefined) return { type: 'openAnswer', questionId };
      return isLine(value.line) ? { type: 'openAnswer', questionId, line: value.line } : undefined;
    }
    case 'compare':
      return hasKeys(value, ['type', 'questionId']) && isQuestionId(questionId) ? { type: 'compare', questionId } : undefined;
    case 'rate':
      return hasKeys(value, ['type', 'questionId', 'rating']) && isQuestionId(questionId) && isReviewRating(value.rating)
        ? { type: 'rate', questionId, rating: value.rating }
        : undefined;
    default:
      return undefined;
  }
}

/** A message from the host, or undefined when it is not exactly one of the known shapes. */
export function parseHostMessage(value: unknown): HostToPanel | undefined {
  if (!isRecord(value)) return undefined;
  switch (value.type) {
    case 'progress': {
      const { questionId, status, attempts } = value;
      if (!hasKeys(value, ['type', 'questionId', 'status'], ['attempts']) || !isQuestionId(questionId)) return undefined;
      if (typeof status !== 'string' || !STATUSES.includes(status)) return undefined;
      if (attempts !== undefined && !isCount(attempts, Number.MAX_SAFE_INTEGER)) return undefined;
      const message: HostToPanel = { type: 'progress', questionId, status: status as ProgressStatus };
      if (attempts !== undefined) message.attempts = attempts;
      return message;
    }
    case 'review': {
      const { questionId } = value;
      if (!hasKeys(value, ['type', 'questionId', 'review']) || !isQuestionId(questionId)) return undefined;
      const review = parseReview(value.review);
      return review ? { type: 'review', questionId, review } : undefined;
    }
    case 'results': {
      const { questionId } = value;
      if (!hasKeys(value, ['type', 'questionId', 'results']) || !isQuestionId(questionId)) return undefined;
      if (value.results === null) return { type: 'results', questionId, results: null };
      const results = parseResults(value.results);
      return results ? { type: 'results', questionId, results } : undefined;
    }
    case 'queryResult': {
      const { questionId } = value;
      if (!hasKeys(value, ['type', 'questionId', 'result']) || !isQuestionId(questionId)) return undefined;
      const result = parseQueryResult(value.result);
      return result ? { type: 'queryResult', questionId, result } : undefined;
    }
    default:
      return undefined;
  }
}

function isLine(value: unknown): value is number {
  return isCount(value, MAX_LINE) && value >= 1;
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

const CASE_TEXT_FIELDS = ['message', 'call', 'fixture', 'expected', 'actual', 'stack', 'output'] as const;

function parseCase(value: unknown): PanelCase | undefined {
  if (!isRecord(value) || !hasKeys(value, ['name', 'status', 'ms'], [...CASE_TEXT_FIELDS, 'line', 'rows'])) return undefined;
  const { name, status, ms, line } = value;
  if (!isText(name, MAX_NAME) || typeof status !== 'string' || !(CASE_STATUSES as readonly string[]).includes(status)) return undefined;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return undefined;
  const parsed: PanelCase = { name, status: status as CaseStatusId, ms };
  for (const field of CASE_TEXT_FIELDS) {
    const text = value[field];
    if (text === undefined) continue;
    if (!isText(text, MAX_CASE_TEXT)) return undefined;
    parsed[field] = text;
  }
  if (line !== undefined) {
    if (!isLine(line)) return undefined;
    parsed.line = line;
  }
  if (value.rows !== undefined) {
    const rows = parseRowDiff(value.rows);
    if (!rows) return undefined;
    parsed.rows = rows;
  }
  return parsed;
}

/** A results payload, or undefined when any part of it is not in the protocol. */
export function parseResults(value: unknown): PanelResults | undefined {
  if (!isRecord(value) || !hasKeys(value, ['state', 'cases'], ['file', 'language', 'ms', 'note'])) return undefined;
  const { state, file, language, ms, cases, note } = value;
  if (state !== 'running' && state !== 'done') return undefined;
  if (!Array.isArray(cases) || cases.length > MAX_CASES) return undefined;
  const parsedCases: PanelCase[] = [];
  for (const item of cases) {
    const parsed = parseCase(item);
    if (!parsed) return undefined;
    parsedCases.push(parsed);
  }
  const results: PanelResults = { state, cases: parsedCases };
  if (file !== undefined) {
    if (!isText(file, MAX_NAME)) return undefined;
    results.file = file;
  }
  if (language !== undefined) {
    if (!isAnswerLanguage(language)) return undefined;
    results.language = language;
  }
  if (ms !== undefined) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return undefined;
    results.ms = ms;
  }
  if (note !== undefined) {
    if (!isText(note, MAX_CASE_TEXT)) return undefined;
    results.note = note;
  }
  return results;
}

/** Counts for a summary line: how many cases passed out of how many. */
export function resultCounts(results: Pick<PanelResults, 'cases'>): { passed: number; total: number } {
  return { passed: results.cases.filter((c) => c.status === 'passed').length, total: results.cases.length };
}

/** The panel's saved state, or undefined when it is missing or malformed (e.g. from an older version). */
export function parseViewState(value: unknown): PanelViewState | undefined {
  if (!isRecord(value) || !isQuestionId(value.questionId)) return undefined;
  const { hintsShown, answerRevealed, scrollY } = value;
  return {
    questionId: value.questionId,
    hintsShown: isCount(hintsShown, MAX_HINTS) ? hintsShown : 0,
    answerRevealed: answerRevealed === true,
    scrollY: typeof scrollY === 'number' && Number.isFinite(scrollY) && scrollY >= 0 ? scrollY : 0,
  };
}

/** Bounds on the tables a results or query message may carry. */
export const MAX_TABLE_COLUMNS = 200;
export const MAX_DIFF_TABLE_ROWS = 50;
export const MAX_GRID_ROWS = 1000;
export const MAX_CELL_TEXT = 2_000;
const MAX_ROW_COUNT = Number.MAX_SAFE_INTEGER;

function isCell(value: unknown): value is string | null {
  return value === null || isText(value, MAX_CELL_TEXT);
}

function isCells(value: unknown, width: number): value is (string | null)[] {
  return Array.isArray(value) && value.length === width && value.every(isCell);
}

function isColumnIndexes(value: unknown, width: number): value is number[] {
  return Array.isArray(value) && value.length <= width && value.every((c) => isCount(c, width - 1));
}

function parseTableRow(value: unknown, width: number): PanelTableRow | undefined {
  if (!isRecord(value) || !hasKeys(value, ['n', 'cells'], ['mark', 'changed'])) return undefined;
  const { n, cells, mark, changed } = value;
  if (!isLine(n) || !isCells(cells, width)) return undefined;
  const row: PanelTableRow = { n, cells };
  if (mark !== undefined) {
    if (mark !== 'missing' && mark !== 'unexpected') return undefined;
    row.mark = mark;
  }
  if (changed !== undefined) {
    if (!isColumnIndexes(changed, width)) return undefined;
    row.changed = changed;
  }
  return row;
}

function parseRowTable(value: unknown): PanelRowTable | undefined {
  if (!isRecord(value) || !hasKeys(value, ['columns', 'rows', 'total'])) return undefined;
  const { columns, rows, total } = value;
  if (!Array.isArray(columns) || columns.length > MAX_TABLE_COLUMNS || !columns.every((c) => isText(c, MAX_NAME))) return undefined;
  if (!Array.isArray(rows) || rows.length > MAX_DIFF_TABLE_ROWS || !isCount(total, MAX_ROW_COUNT) || total < rows.length) return undefined;
  const parsed: PanelTableRow[] = [];
  for (const row of rows) {
    const item = parseTableRow(row, columns.length);
    if (!item) return undefined;
    parsed.push(item);
  }
  return { columns: columns as string[], rows: parsed, total };
}

/** The rows of a failed SQL case, or undefined when any part is not in the protocol. */
export function parseRowDiff(value: unknown): PanelRowDiff | undefined {
  if (!isRecord(value) || !hasKeys(value, ['expected', 'actual'])) return undefined;
  const expected = parseRowTable(value.expected);
  const actual = parseRowTable(value.actual);
  return expected && actual ? { expected, actual } : undefined;
}

function parseQueryOutcome(value: Fields): PanelQueryOutcome | undefined {
  const common = ['kind', 'file', 'statement', 'line', 'ms'];
  switch (value.kind) {
    case 'rows': {
      if (!hasKeys(value, [...common.slice(0, 4), 'columns', 'rows', 'cut'], ['ms', 'total'])) return undefined;
      const { columns, rows, total, cut } = value;
      if (!Array.isArray(columns) || columns.length > MAX_TABLE_COLUMNS || typeof cut !== 'boolean') return undefined;
      const parsedColumns: { name: string; numeric: boolean }[] = [];
      for (const column of columns) {
        if (!isRecord(column) || !hasKeys(column, ['name', 'numeric']) || !isText(column.name, MAX_NAME) || typeof column.numeric !== 'boolean') return undefined;
        parsedColumns.push({ name: column.name, numeric: column.numeric });
      }
      if (!Array.isArray(rows) || rows.length > MAX_GRID_ROWS || !rows.every((row) => isCells(row, parsedColumns.length))) return undefined;
      const outcome: PanelQueryOutcome = { kind: 'rows', columns: parsedColumns, rows: rows as (string | null)[][], cut };
      if (total !== undefined) {
        if (!isCount(total, MAX_ROW_COUNT) || total < rows.length) return undefined;
        outcome.total = total;
      }
      return outcome;
    }
    case 'command':
      return hasKeys(value, [...common.slice(0, 4), 'command'], ['ms']) && isText(value.command, MAX_NAME) ? { kind: 'command', command: value.command } : undefined;
    case 'error': {
      if (!hasKeys(value, [...common.slice(0, 4), 'message'], ['ms', 'at']) || !isText(value.message, MAX_CASE_TEXT)) return undefined;
      const outcome: PanelQueryOutcome = { kind: 'error', message: value.message };
      if (value.at !== undefined) {
        const at = value.at;
        if (!isRecord(at) || !hasKeys(at, ['line', 'col']) || !isLine(at.line) || !isLine(at.col)) return undefined;
        outcome.at = { line: at.line, col: at.col };
      }
      return outcome;
    }
    case 'timeout':
      return hasKeys(value, [...common.slice(0, 4), 'message'], ['ms']) && isText(value.message, MAX_CASE_TEXT) ? { kind: 'timeout', message: value.message } : undefined;
    case 'running':
      return hasKeys(value, common.slice(0, 4)) ? { kind: 'running' } : undefined;
    default:
      return undefined;
  }
}

/** A Run query result, or undefined when any part of it is not in the protocol. */
export function parseQueryResult(value: unknown): PanelQueryResult | undefined {
  if (!isRecord(value)) return undefined;
  const { file, statement, line, ms } = value;
  if (!isText(file, MAX_NAME) || !isText(statement, MAX_NAME) || !isLine(line)) return undefined;
  if (ms !== undefined && (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)) return undefined;
  const outcome = parseQueryOutcome(value);
  if (!outcome) return undefined;
  return { ...outcome, file, statement, line, ...(ms !== undefined ? { ms } : {}) };
}

// ---- spaced repetition (Rate yourself) ------------------------------------------------------

export type ReviewRating = 'again' | 'hard' | 'good' | 'easy';
export const REVIEW_RATINGS: readonly ReviewRating[] = ['again', 'hard', 'good', 'easy'];

/** What the Rate yourself section shows. Texts are made by the host (dates in the user's terms). */
export interface PanelReview {
  /** What each rating would schedule if given now: "1 day", "3 days", "2 months". */
  intervals: Record<ReviewRating, string>;
  /** "Next review in 3 days (Thu 26 Nov)"; absent when the question was never scheduled. */
  next?: string;
  /** The last rating, e.g. "You rated Good today"; absent when never rated. */
  last?: string;
  /** Due for review today: the rating buttons show without waiting for a reveal or a run. */
  due: boolean;
  /** Rated already today: the buttons' intervals are those of a second rating today. */
  ratedToday?: boolean;
}

const MAX_REVIEW_TEXT = 200;

export function isReviewRating(value: unknown): value is ReviewRating {
  return typeof value === 'string' && (REVIEW_RATINGS as readonly string[]).includes(value);
}

/** A review payload, or undefined when any part of it is not in the protocol. */
export function parseReview(value: unknown): PanelReview | undefined {
  if (!isRecord(value) || !hasKeys(value, ['intervals', 'due'], ['next', 'last', 'ratedToday'])) return undefined;
  const { intervals, due, next, last, ratedToday } = value;
  if (ratedToday !== undefined && typeof ratedToday !== 'boolean') return undefined;
  if (typeof due !== 'boolean' || !isRecord(intervals) || !hasKeys(intervals, REVIEW_RATINGS)) return undefined;
  const parsedIntervals = {} as Record<ReviewRating, string>;
  for (const rating of REVIEW_RATINGS) {
    const text = intervals[rating];
    if (!isText(text, MAX_REVIEW_TEXT)) return undefined;
    parsedIntervals[rating] = text;
  }
  const review: PanelReview = { intervals: parsedIntervals, due };
  if (ratedToday) review.ratedToday = true;
  if (next !== undefined) {
    if (!isText(next, MAX_REVIEW_TEXT)) return undefined;
    review.next = next;
  }
  if (last !== undefined) {
    if (!isText(last, MAX_REVIEW_TEXT)) return undefined;
    review.last = last;
  }
  return review;
}
