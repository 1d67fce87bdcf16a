// Spaced repetition over ts-fsrs. The FSRS card lives in `ReviewState.data.card` with its dates as
// ISO strings (so it survives JSON and the progress file), and `ReviewState.due` mirrors the card's
// due date so the store and the tree can count due questions without knowing about FSRS.
//
// Choices: no fuzz (the same ratings always give the same dates, which tests and users can rely
// on); no learning steps for new cards and one relearning step of a day after Again: a question
// comes back in whole days, never in ten minutes, because an interview drill is reviewed at most
// once a day. Again therefore means "tomorrow".
import type * as TsFsrs from 'ts-fsrs' with { 'resolution-mode': 'import' };
import type { Card, Grade } from 'ts-fsrs' with { 'resolution-mode': 'import' };
import { RATINGS, type QuestionProgress, type Rating, type ReviewState } from './model';

/**
 * ts-fsrs, loaded on first use: the progress store (and every process that writes progress) loads
 * this file, and most writes never schedule anything. ts-fsrs is an ES module whose typings
 * TypeScript reads as ESM-only under Node16 resolution, but it ships a CommonJS build (its
 * `require` export), which is what this CommonJS code loads; require caches it.
 */
function tsFsrs(): typeof TsFsrs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ts-fsrs') as typeof TsFsrs;
}

export const DEFAULT_DESIRED_RETENTION = 0.9;

/** The card as stored in `ReviewState.data.card`: a ts-fsrs Card with ISO strings for dates. */
export interface StoredCard {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review?: string;
}

function grade(rating: Rating): Grade | undefined {
  const { Rating: FsrsRating } = tsFsrs();
  const grades: Readonly<Record<Rating, Grade>> = { again: FsrsRating.Again, hard: FsrsRating.Hard, good: FsrsRating.Good, easy: FsrsRating.Easy };
  return Object.prototype.hasOwnProperty.call(grades, rating) ? grades[rating] : undefined;
}

/** The ts-fsrs parameters used, apart from `request_retention`. */
export const FSRS_OPTIONS = { enable_fuzz: false, enable_short_term: true, learning_steps: [], relearning_steps: ['1d'] } as const satisfies Partial<TsFsrs.FSRSParameters>;

function scheduler(desiredRetention: number) {
  if (!(desiredRetention > 0 && desiredRetention < 1)) throw new RangeError(`desiredRetention must be between 0 and 1, got ${desiredRetention}`);
  const { fsrs, generatorParameters } = tsFsrs();
  return fsrs(generatorParameters({ ...FSRS_OPTIONS, learning_steps: [...FSRS_OPTIONS.learning_steps], relearning_steps: [...FSRS_OPTIONS.relearning_steps], request_retention: desiredRetention }));
}

function toStored(card: Card): StoredCard {
  const stored: StoredCard = {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
  };
  if (card.last_review) stored.last_review = card.last_review.toISOString();
  return stored;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function parseDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** The ts-fsrs Card inside a review state, or undefined when the data is not one of ours. */
export function cardOf(review: ReviewState | undefined): Card | undefined {
  const raw = review?.data?.card as Partial<Record<keyof StoredCard, unknown>> | undefined;
  if (!raw || typeof raw !== 'object') return undefined;
  const due = parseDate(raw.due);
  const numbers = [raw.stability, raw.difficulty, raw.elapsed_days, raw.scheduled_days, raw.reps, raw.lapses, raw.state];
  if (!due || !numbers.every(isFiniteNumber)) return undefined;
  const state = raw.state as number;
  if (tsFsrs().State[state] === undefined) return undefined;
  const card: Card = {
    due,
    stability: raw.stability as number,
    difficulty: raw.difficulty as number,
    elapsed_days: raw.elapsed_days as number,
    scheduled_days: raw.scheduled_days as number,
    learning_steps: isFiniteNumber(raw.learning_steps) ? raw.learning_steps : 0,
    reps: raw.reps as number,
    lapses: raw.lapses as number,
    state: state as Card['state'],
  };
  const lastReview = parseDate(raw.last_review);
  if (lastReview) card.last_review = lastReview;
  return card;
}

/**
 * The next review state after the user rates themselves. A missing or unreadable previous state
 * starts a new card. Pure: `now` is passed in.
 */
export function scheduleReview(previous: ReviewState | undefined, rating: Rating, now: Date, desiredRetention = DEFAULT_DESIRED_RETENTION): ReviewState {
  const fsrsGrade = grade(rating);
  if (fsrsGrade === undefined) throw new RangeError(`unknown rating ${String(rating)}`);
  const card: Card = cardOf(previous) ?? tsFsrs().createEmptyCard<Card>(now);
  // A clock that went back (another machine's progress, a corrected clock) must not break ratings:
  // ts-fsrs refuses a review dated before the last one, so such a rating counts as made then.
  const at = card.last_review && card.last_review.getTime() > now.getTime() ? card.last_review : now;
  const next = scheduler(desiredRetention).next(card, at, fsrsGrade).card;
  const stored = toStored(next);
  return {
    updatedAt: at.toISOString(),
    due: stored.due,
    data: { scheduler: 'fsrs', card: stored, lastRating: rating, desiredRetention },
  };
}

/** A solved code or SQL exercise joins the reviews as if rated Good when it was solved. */
export function firstReviewForSolved(now: Date, desiredRetention = DEFAULT_DESIRED_RETENTION): ReviewState {
  return scheduleReview(undefined, 'good', now, desiredRetention);
}

/** When the review is due: `review.due`, else the card's own due date. */
export function dueOf(review: ReviewState | undefined): Date | undefined {
  return parseDate(review?.due) ?? cardOf(review)?.due;
}

/** Due at or before `now` (to the millisecond). */
export function isDue(review: ReviewState | undefined, now: Date): boolean {
  const due = dueOf(review);
  return due !== undefined && due.getTime() <= now.getTime();
}

/** Ids of the questions due at `now`, the longest overdue first (ties by id). */
export function dueQuestions(progressAll: Readonly<Record<string, Pick<QuestionProgress, 'review'>>>, now: Date): string[] {
  const due: { id: string; at: number }[] = [];
  for (const [id, progress] of Object.entries(progressAll)) {
    const at = dueOf(progress?.review);
    if (at && at.getTime() <= now.getTime()) due.push({ id, at: at.getTime() });
  }
  due.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return due.map((d) => d.id);
}

/** When the question would come back for each rating given at `now`, without recording anything. */
export function previewRatings(previous: ReviewState | undefined, now: Date, desiredRetention = DEFAULT_DESIRED_RETENTION): Record<Rating, Date> {
  const out = {} as Record<Rating, Date>;
  for (const rating of RATINGS) out[rating] = new Date(scheduleReview(previous, rating, now, desiredRetention).due!);
  return out;
}

/** The desired retention a setting asks for, or the default when the value is not usable. */
export const MIN_DESIRED_RETENTION = 0.7;
export const MAX_DESIRED_RETENTION = 0.99;
export function validDesiredRetention(value: unknown): { value: number; problem?: string } {
  if (value === undefined || value === null) return { value: DEFAULT_DESIRED_RETENTION };
  if (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_DESIRED_RETENTION || value > MAX_DESIRED_RETENTION) {
    return {
      value: DEFAULT_DESIRED_RETENTION,
      problem: `desired retention must be a number from ${MIN_DESIRED_RETENTION} to ${MAX_DESIRED_RETENTION}, got ${JSON.stringify(value)}; using ${DEFAULT_DESIRED_RETENTION}`,
    };
  }
  return { value };
}
