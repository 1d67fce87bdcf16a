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
  | { type: 'random' };

/** Host to panel. */
export type HostToPanel = {
  type: 'progress';
  questionId: string;
  status: ProgressStatus;
  /** How many times checks were run or an answer was rated; absent when the host does not know. */
  attempts?: number;
};

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
const QUESTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ID_LENGTH = 80;
const STATUSES: readonly string[] = ['new', 'attempted', 'solved'] satisfies ProgressStatus[];
const ANSWER_LANGUAGES: readonly string[] = ['typescript', 'javascript', 'python', 'sql', 'markdown'] satisfies AnswerLanguageId[];

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
    default:
      return undefined;
  }
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
