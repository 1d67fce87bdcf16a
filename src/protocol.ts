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
  /** The last run of the checks; null when there is none (yet, or any more). */
  | { type: 'results'; questionId: string; results: PanelResults | null };

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
}

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
    case 'results': {
      const { questionId } = value;
      if (!hasKeys(value, ['type', 'questionId', 'results']) || !isQuestionId(questionId)) return undefined;
      if (value.results === null) return { type: 'results', questionId, results: null };
      const results = parseResults(value.results);
      return results ? { type: 'results', questionId, results } : undefined;
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
  if (!isRecord(value) || !hasKeys(value, ['name', 'status', 'ms'], [...CASE_TEXT_FIELDS, 'line'])) return undefined;
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
