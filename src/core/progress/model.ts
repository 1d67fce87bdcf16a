// The progress model: what the user has done with each question. Plain JSON-serialisable data,
// versioned, so it can be written to disk, exported, imported and merged across windows.

export type Status = 'new' | 'attempted' | 'solved';
export const STATUSES: readonly Status[] = ['new', 'attempted', 'solved'];

/** How far a status is along; merging keeps the most advanced one. */
export const STATUS_RANK: Readonly<Record<Status, number>> = { new: 0, attempted: 1, solved: 2 };

export type AttemptEvent = 'started' | 'checked' | 'rated' | 'reset';
export const ATTEMPT_EVENTS: readonly AttemptEvent[] = ['started', 'checked', 'rated', 'reset'];

/** A recall rating given after answering (the four FSRS grades). */
export type Rating = 'again' | 'hard' | 'good' | 'easy';
export const RATINGS: readonly Rating[] = ['again', 'hard', 'good', 'easy'];

export interface Attempt {
  /** ISO 8601, always normalised to `Date.prototype.toISOString()` form. */
  at: string;
  event: AttemptEvent;
  language?: string;
  passed?: boolean;
  durationMs?: number;
  rating?: Rating;
  note?: string;
}

/**
 * Spaced-repetition state. `data` belongs to the scheduler (an FSRS card, say) and is stored
 * opaquely; the store only knows that the newest `updatedAt` wins when two copies meet.
 */
export interface ReviewState {
  updatedAt: string;
  due?: string;
  data: { [key: string]: unknown };
}

export interface QuestionProgress {
  status: Status;
  /** Oldest first, capped to the most recent `maxAttempts` entries. */
  attempts: Attempt[];
  updatedAt: string;
  firstStartedAt?: string;
  solvedAt?: string;
  /** Set by a per-question reset; anything older no longer counts towards the status. */
  resetAt?: string;
  /** The language last used for this question. */
  language?: string;
  review?: ReviewState;
}

export const PROGRESS_FILE_VERSION = 1;

export interface ProgressFile {
  version: typeof PROGRESS_FILE_VERSION;
  questions: Record<string, QuestionProgress>;
}

export const EXPORT_FORMAT = 'interview-drills-progress';

export interface ProgressExport extends ProgressFile {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
}

export const DEFAULT_MAX_ATTEMPTS = 200;

export function emptyProgressFile(): ProgressFile {
  return { version: PROGRESS_FILE_VERSION, questions: {} };
}

export function newQuestionProgress(at: string): QuestionProgress {
  return { status: 'new', attempts: [], updatedAt: at };
}

/** Question ids are file names: anything printable, not absurdly long. */
export function isValidQuestionId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= 200 && !/[\u0000-\u001f\u007f]/.test(id);
}
