// What each user action does to a question's progress. Pure functions of (current value, time),
// so the store can re-apply them to whatever is on disk at the moment it holds the lock.

import { type Attempt, newQuestionProgress, type QuestionProgress, type Rating, type ReviewState } from './model';
import { cardOf, DEFAULT_DESIRED_RETENTION, firstReviewForSolved } from './schedule';

export interface CheckOutcome {
  passed: boolean;
  durationMs?: number;
  language?: string;
  note?: string;
}

/** Opening a question's scratch file: new becomes attempted; attempted and solved stay. */
export function applyStart(current: QuestionProgress | undefined, at: string, language?: string): QuestionProgress {
  const next = copy(current, at);
  if (next.status === 'new') next.status = 'attempted';
  next.firstStartedAt ??= at;
  if (language !== undefined) next.language = language;
  next.attempts.push(withOptional({ at, event: 'started' }, { language }));
  next.updatedAt = at;
  return next;
}

/**
 * A run of the checks: a pass solves the question; a failure never takes "solved" away. The first
 * pass also schedules the question's first review (as if rated Good then), unless it already has a
 * card: every solved exercise, code, SQL or written, comes back later.
 */
export function applyCheck(current: QuestionProgress | undefined, at: string, outcome: CheckOutcome, desiredRetention = DEFAULT_DESIRED_RETENTION): QuestionProgress {
  const next = copy(current, at);
  if (outcome.passed) {
    if (next.status !== 'solved') {
      next.solvedAt = at;
      if (!cardOf(next.review)) next.review = firstReviewForSolved(new Date(at), desiredRetention);
    }
    next.status = 'solved';
  } else if (next.status === 'new') {
    next.status = 'attempted';
  }
  next.firstStartedAt ??= at;
  if (outcome.language !== undefined) next.language = outcome.language;
  next.attempts.push(
    withOptional({ at, event: 'checked', passed: outcome.passed }, { language: outcome.language, durationMs: outcome.durationMs, note: outcome.note }),
  );
  next.updatedAt = at;
  return next;
}

/** A recall rating; the scheduler's new state (if any) replaces the old one. */
export function applyRating(current: QuestionProgress | undefined, at: string, rating: Rating, review?: ReviewState): QuestionProgress {
  const next = copy(current, at);
  if (next.status === 'new') next.status = 'attempted';
  next.firstStartedAt ??= at;
  next.attempts.push({ at, event: 'rated', rating });
  if (review !== undefined) next.review = { ...review };
  next.updatedAt = at;
  return next;
}

/** Start the question over: history is kept, status and schedule are not. */
export function applyReset(current: QuestionProgress | undefined, at: string): QuestionProgress {
  const next = copy(current, at);
  next.status = 'new';
  delete next.firstStartedAt;
  delete next.solvedAt;
  delete next.review;
  next.resetAt = at;
  next.attempts.push({ at, event: 'reset' });
  next.updatedAt = at;
  return next;
}

function copy(current: QuestionProgress | undefined, at: string): QuestionProgress {
  if (!current) return newQuestionProgress(at);
  return { ...current, attempts: current.attempts.map((a) => ({ ...a })), ...(current.review ? { review: { ...current.review } } : {}) };
}

function withOptional(attempt: Attempt, extra: Partial<Pick<Attempt, 'language' | 'durationMs' | 'note'>>): Attempt {
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) (attempt as unknown as Record<string, unknown>)[key] = value;
  }
  return attempt;
}
