// Merging two records of the same question (an import into the store, or two machines' exports).
// The result never loses work: attempts are unioned and the most advanced status wins, except that
// a per-question reset newer than a side's progress cancels that progress.
// mergeQuestion is commutative and idempotent, so the order imports happen in does not matter.

import {
  type Attempt,
  DEFAULT_MAX_ATTEMPTS,
  type QuestionProgress,
  type Status,
  STATUS_RANK,
} from './model';
import { maxIso, minIso, sortAttempts } from './validate';

export function mergeQuestion(a: QuestionProgress, b: QuestionProgress, maxAttempts = DEFAULT_MAX_ATTEMPTS): QuestionProgress {
  const resetAt = maxIso([a.resetAt, b.resetAt]);
  const after = (iso: string | undefined): boolean => iso !== undefined && (resetAt === undefined || Date.parse(iso) > Date.parse(resetAt));

  // A side's claim counts only for what happened after the newest reset either side knows about.
  const effectiveStatus = (q: QuestionProgress): Status => {
    if (resetAt === undefined) return q.status;
    if (q.status === 'solved' && after(q.solvedAt)) return 'solved';
    if (q.status !== 'new' && after(q.updatedAt)) return 'attempted';
    return 'new';
  };
  const statusA = effectiveStatus(a);
  const statusB = effectiveStatus(b);
  const status = STATUS_RANK[statusA] >= STATUS_RANK[statusB] ? statusA : statusB;

  const merged: QuestionProgress = {
    status,
    attempts: unionAttempts(a.attempts, b.attempts, maxAttempts),
    updatedAt: maxIso([a.updatedAt, b.updatedAt]) ?? a.updatedAt,
  };
  const firstStartedAt = minIso([a.firstStartedAt, b.firstStartedAt].filter((t) => resetAt === undefined || after(t)));
  if (firstStartedAt !== undefined && status !== 'new') merged.firstStartedAt = firstStartedAt;
  if (status === 'solved') {
    const solvedAt = minIso([statusA === 'solved' ? a.solvedAt : undefined, statusB === 'solved' ? b.solvedAt : undefined]);
    if (solvedAt !== undefined) merged.solvedAt = solvedAt;
  }
  if (resetAt !== undefined) merged.resetAt = resetAt;

  const [older, newer] = newerLast(a, b);
  const language = newer.language ?? older.language;
  if (language !== undefined) merged.language = language;

  const review = pickReview(a, b);
  if (review !== undefined && (resetAt === undefined || after(review.updatedAt))) merged.review = review;
  return merged;
}

/** Union by (at, event), oldest first, keeping the newest `maxAttempts`. */
export function unionAttempts(a: readonly Attempt[], b: readonly Attempt[], maxAttempts = DEFAULT_MAX_ATTEMPTS): Attempt[] {
  const byKey = new Map<string, { attempt: Attempt; text: string }>();
  for (const attempt of [...a, ...b]) {
    const key = `${attempt.at}\u0000${attempt.event}`;
    const text = JSON.stringify(attempt);
    const existing = byKey.get(key);
    // Two different attempts with the same key: keep a deterministic one so merge stays commutative.
    if (!existing || text < existing.text) byKey.set(key, { attempt: { ...attempt }, text });
  }
  const attempts = [...byKey.values()]
    .sort((x, y) => Date.parse(x.attempt.at) - Date.parse(y.attempt.at) || (x.text < y.text ? -1 : x.text > y.text ? 1 : 0))
    .map((entry) => entry.attempt);
  return capAttempts(attempts, maxAttempts);
}

export function capAttempts(attempts: Attempt[], maxAttempts = DEFAULT_MAX_ATTEMPTS): Attempt[] {
  sortAttempts(attempts);
  return attempts.length > maxAttempts ? attempts.slice(attempts.length - maxAttempts) : attempts;
}

function newerLast(a: QuestionProgress, b: QuestionProgress): [QuestionProgress, QuestionProgress] {
  const diff = Date.parse(a.updatedAt) - Date.parse(b.updatedAt);
  if (diff !== 0) return diff < 0 ? [a, b] : [b, a];
  // Equal times: any fixed rule will do, as long as it does not depend on argument order.
  return JSON.stringify(a) <= JSON.stringify(b) ? [a, b] : [b, a];
}

function pickReview(a: QuestionProgress, b: QuestionProgress): QuestionProgress['review'] {
  if (!a.review) return b.review && { ...b.review };
  if (!b.review) return { ...a.review };
  const diff = Date.parse(a.review.updatedAt) - Date.parse(b.review.updatedAt);
  if (diff !== 0) return { ...(diff > 0 ? a.review : b.review) };
  return { ...(JSON.stringify(a.review) >= JSON.stringify(b.review) ? a.review : b.review) };
}
