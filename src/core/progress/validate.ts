// Turns untrusted JSON (the file on disk, a hand-edited file, an import) into a well-formed
// ProgressFile. File-level problems make the whole text unusable; entry-level problems drop just
// that entry or field and are reported as issues, so one bad line never costs the rest.

import {
  ATTEMPT_EVENTS,
  type Attempt,
  isValidQuestionId,
  PROGRESS_FILE_VERSION,
  type ProgressFile,
  type QuestionProgress,
  RATINGS,
  type ReviewState,
  STATUSES,
} from './model';

export interface ValidationIssue {
  /** Where, in JSON-path-like form: `questions["two-sum"].attempts[3].event`. */
  path: string;
  message: string;
}

export type ParsedProgress =
  | { kind: 'ok'; file: ProgressFile; issues: ValidationIssue[] }
  | { kind: 'invalid'; reason: string }
  | { kind: 'newer'; version: number };

export function parseProgressText(text: string): ParsedProgress {
  let value: unknown;
  try {
    value = JSON.parse(stripBom(text));
  } catch (error) {
    return { kind: 'invalid', reason: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  return validateProgressFile(value);
}

export function validateProgressFile(value: unknown): ParsedProgress {
  if (!isPlainObject(value)) {
    return { kind: 'invalid', reason: `expected a JSON object with "version" and "questions", got ${describe(value)}` };
  }
  const version = value.version;
  if (version === undefined) {
    return { kind: 'invalid', reason: 'missing "version"' };
  }
  if (typeof version === 'number' && Number.isInteger(version) && version > PROGRESS_FILE_VERSION) {
    return { kind: 'newer', version };
  }
  if (version !== PROGRESS_FILE_VERSION) {
    return { kind: 'invalid', reason: `unsupported "version" ${JSON.stringify(version)} (this version reads ${PROGRESS_FILE_VERSION})` };
  }
  if (!isPlainObject(value.questions)) {
    return { kind: 'invalid', reason: `"questions" must be an object keyed by question id, got ${describe(value.questions)}` };
  }
  const issues: ValidationIssue[] = [];
  const questions: Record<string, QuestionProgress> = {};
  for (const [id, raw] of Object.entries(value.questions)) {
    const path = `questions[${JSON.stringify(id)}]`;
    if (!isValidQuestionId(id)) {
      issues.push({ path, message: 'not a valid question id; entry dropped' });
      continue;
    }
    const question = normalizeQuestion(raw, path, issues);
    if (question) questions[id] = question;
  }
  return { kind: 'ok', file: { version: PROGRESS_FILE_VERSION, questions }, issues };
}

/** Returns undefined (and records why) when the entry cannot be kept at all. */
export function normalizeQuestion(raw: unknown, path: string, issues: ValidationIssue[]): QuestionProgress | undefined {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: `expected an object, got ${describe(raw)}; entry dropped` });
    return undefined;
  }
  const status = raw.status;
  if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
    issues.push({ path: `${path}.status`, message: `expected one of ${STATUSES.join(', ')}, got ${describe(status)}; entry dropped` });
    return undefined;
  }

  const attempts: Attempt[] = [];
  if (Array.isArray(raw.attempts)) {
    raw.attempts.forEach((item, index) => {
      const attempt = normalizeAttempt(item, `${path}.attempts[${index}]`, issues);
      if (attempt) attempts.push(attempt);
    });
    sortAttempts(attempts);
  } else if (raw.attempts !== undefined) {
    issues.push({ path: `${path}.attempts`, message: `expected an array, got ${describe(raw.attempts)}; attempts dropped` });
  }

  const firstStartedAt = optionalIso(raw, 'firstStartedAt', path, issues);
  const solvedAt = optionalIso(raw, 'solvedAt', path, issues);
  const resetAt = optionalIso(raw, 'resetAt', path, issues);
  let updatedAt = optionalIso(raw, 'updatedAt', path, issues);
  if (updatedAt === undefined) {
    // A hand-written entry without updatedAt: the newest thing we know about is the best guess.
    updatedAt = maxIso([attempts.at(-1)?.at, solvedAt, firstStartedAt, resetAt]) ?? new Date(0).toISOString();
  }

  const question: QuestionProgress = { status: status as QuestionProgress['status'], attempts, updatedAt };
  if (firstStartedAt !== undefined) question.firstStartedAt = firstStartedAt;
  if (solvedAt !== undefined) question.solvedAt = solvedAt;
  if (resetAt !== undefined) question.resetAt = resetAt;
  const language = optionalString(raw, 'language', path, issues, 100);
  if (language !== undefined) question.language = language;
  if (raw.review !== undefined) {
    const review = normalizeReview(raw.review, `${path}.review`, issues);
    if (review) question.review = review;
  }
  return question;
}

function normalizeAttempt(raw: unknown, path: string, issues: ValidationIssue[]): Attempt | undefined {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: `expected an object, got ${describe(raw)}; attempt dropped` });
    return undefined;
  }
  const at = toIso(raw.at);
  if (at === undefined) {
    issues.push({ path: `${path}.at`, message: `expected an ISO date-time, got ${describe(raw.at)}; attempt dropped` });
    return undefined;
  }
  const event = raw.event;
  if (typeof event !== 'string' || !(ATTEMPT_EVENTS as readonly string[]).includes(event)) {
    issues.push({ path: `${path}.event`, message: `expected one of ${ATTEMPT_EVENTS.join(', ')}, got ${describe(event)}; attempt dropped` });
    return undefined;
  }
  const attempt: Attempt = { at, event: event as Attempt['event'] };
  const language = optionalString(raw, 'language', path, issues, 100);
  if (language !== undefined) attempt.language = language;
  if (raw.passed !== undefined) {
    if (typeof raw.passed === 'boolean') attempt.passed = raw.passed;
    else issues.push({ path: `${path}.passed`, message: `expected true or false, got ${describe(raw.passed)}; field dropped` });
  }
  if (raw.durationMs !== undefined) {
    if (typeof raw.durationMs === 'number' && Number.isFinite(raw.durationMs) && raw.durationMs >= 0) attempt.durationMs = raw.durationMs;
    else issues.push({ path: `${path}.durationMs`, message: `expected a non-negative number, got ${describe(raw.durationMs)}; field dropped` });
  }
  if (raw.rating !== undefined) {
    if (typeof raw.rating === 'string' && (RATINGS as readonly string[]).includes(raw.rating)) attempt.rating = raw.rating as Attempt['rating'];
    else issues.push({ path: `${path}.rating`, message: `expected one of ${RATINGS.join(', ')}, got ${describe(raw.rating)}; field dropped` });
  }
  const note = optionalString(raw, 'note', path, issues, 2000);
  if (note !== undefined) attempt.note = note;
  return attempt;
}

function normalizeReview(raw: unknown, path: string, issues: ValidationIssue[]): ReviewState | undefined {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: `expected an object, got ${describe(raw)}; field dropped` });
    return undefined;
  }
  const updatedAt = toIso(raw.updatedAt);
  if (updatedAt === undefined) {
    issues.push({ path: `${path}.updatedAt`, message: `expected an ISO date-time, got ${describe(raw.updatedAt)}; review dropped` });
    return undefined;
  }
  if (!isPlainObject(raw.data)) {
    issues.push({ path: `${path}.data`, message: `expected an object, got ${describe(raw.data)}; review dropped` });
    return undefined;
  }
  const review: ReviewState = { updatedAt, data: raw.data };
  const due = optionalIso(raw, 'due', path, issues);
  if (due !== undefined) review.due = due;
  return review;
}

function optionalIso(raw: Record<string, unknown>, key: string, path: string, issues: ValidationIssue[]): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  const iso = toIso(value);
  if (iso === undefined) issues.push({ path: `${path}.${key}`, message: `expected an ISO date-time, got ${describe(value)}; field dropped` });
  return iso;
}

function optionalString(raw: Record<string, unknown>, key: string, path: string, issues: ValidationIssue[], maxLength: number): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.length <= maxLength) return value;
  issues.push({ path: `${path}.${key}`, message: `expected a string of at most ${maxLength} characters, got ${describe(value)}; field dropped` });
  return undefined;
}

/** Normalises a date-time string to `toISOString()` form so equal instants compare equal as text. */
export function toIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  // Most values were written by us and are canonical already: skip building a Date for them.
  return CANONICAL_ISO.test(value) ? value : new Date(ms).toISOString();
}

const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function maxIso(values: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const value of values) if (value !== undefined && (best === undefined || Date.parse(value) > Date.parse(best))) best = value;
  return best;
}

export function minIso(values: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  for (const value of values) if (value !== undefined && (best === undefined || Date.parse(value) < Date.parse(best))) best = value;
  return best;
}

/** Oldest first; stable for equal instants. */
export function sortAttempts(attempts: Attempt[]): void {
  attempts.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
