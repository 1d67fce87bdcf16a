import * as assert from 'node:assert/strict';
import type * as TsFsrs from 'ts-fsrs' with { 'resolution-mode': 'import' };
import type { Card } from 'ts-fsrs' with { 'resolution-mode': 'import' };
import type { QuestionProgress, Rating, ReviewState } from '../../src/core/progress/model';
import { cardOf, dueOf, dueQuestions, firstReviewForSolved, FSRS_OPTIONS, isDue, scheduleReview } from '../../src/core/progress/schedule';

// ts-fsrs's typings are ESM-only under Node16 resolution; its CommonJS build is what loads here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createEmptyCard, fsrs, generatorParameters, Rating: FsrsRating } = require('ts-fsrs') as typeof TsFsrs;

const DAY = 86_400_000;
const T0 = new Date('2026-03-01T09:00:00.000Z');

function days(review: ReviewState, from: Date): number {
  return (Date.parse(review.due!) - from.getTime()) / DAY;
}

/** Rates `rating` each time the card comes due, returning the intervals in days. */
function intervals(ratings: Rating[], desiredRetention = 0.9): number[] {
  let now = T0;
  let review: ReviewState | undefined;
  const out: number[] = [];
  for (const r of ratings) {
    review = scheduleReview(review, r, now, desiredRetention);
    out.push(days(review, now));
    now = new Date(review.due!);
  }
  return out;
}

/** Through JSON, as the progress file stores it. */
function roundTrip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('schedule: FSRS through ts-fsrs', () => {
  it('stores the card with ISO dates and mirrors due', () => {
    const r = scheduleReview(undefined, 'good', T0);
    assert.equal(r.updatedAt, T0.toISOString());
    assert.equal(typeof r.due, 'string');
    const card = r.data.card as Record<string, unknown>;
    assert.equal(card.due, r.due);
    assert.equal(card.last_review, T0.toISOString());
    assert.deepEqual(roundTrip(r), r);
    assert.equal(dueOf(r)?.toISOString(), r.due);
  });
  it('matches ts-fsrs itself (no fuzz, whole-day steps)', () => {
    assert.deepEqual(FSRS_OPTIONS, { enable_fuzz: false, enable_short_term: true, learning_steps: [], relearning_steps: ['1d'] });
    const f = fsrs(generatorParameters({ request_retention: 0.9, enable_fuzz: false, enable_short_term: true, learning_steps: [], relearning_steps: ['1d'] }));
    let card: Card = createEmptyCard(T0);
    let review: ReviewState | undefined;
    let now = T0;
    for (const [ours, theirs] of [['good', FsrsRating.Good], ['hard', FsrsRating.Hard], ['again', FsrsRating.Again], ['easy', FsrsRating.Easy]] as const) {
      card = f.next(card, now, theirs).card;
      review = roundTrip(scheduleReview(review, ours, now));
      assert.equal(review.due, card.due.toISOString());
      assert.equal(cardOf(review)?.stability, card.stability);
      now = card.due;
    }
  });
  it('intervals grow with Good', () => {
    const ivs = intervals(['good', 'good', 'good', 'good', 'good']);
    for (let i = 1; i < ivs.length; i++) assert.ok(ivs[i] > ivs[i - 1], `${ivs.join(', ')}`);
    assert.ok(ivs[0] >= 1);
  });
  it('Again brings it back within a day', () => {
    let review = scheduleReview(undefined, 'good', T0);
    review = scheduleReview(review, 'good', new Date(review.due!));
    const at = new Date(review.due!);
    const again = scheduleReview(roundTrip(review), 'again', at);
    assert.ok(days(again, at) <= 1, `${days(again, at)}`);
    assert.ok(days(scheduleReview(undefined, 'again', T0), T0) <= 1);
  });
  it('Easy > Good > Hard', () => {
    for (const previous of [undefined, scheduleReview(undefined, 'good', T0)]) {
      const at = previous ? new Date(previous.due!) : T0;
      const [hard, good, easy] = (['hard', 'good', 'easy'] as const).map((r) => days(scheduleReview(previous, r, at), at));
      assert.ok(easy > good && good > hard, `${hard} < ${good} < ${easy}`);
    }
  });
  it('desired retention 0.95 gives shorter intervals than 0.8', () => {
    const seq: Rating[] = ['good', 'good', 'good'];
    const high = intervals(seq, 0.95);
    const low = intervals(seq, 0.8);
    assert.ok(high[2] < low[2], `${high} vs ${low}`);
    assert.ok(high.every((d, i) => d <= low[i]));
    assert.equal(scheduleReview(undefined, 'good', T0, 0.8).data.desiredRetention, 0.8);
  });
  it('rejects a retention outside (0, 1) and starts fresh from unreadable data', () => {
    assert.throws(() => scheduleReview(undefined, 'good', T0, 1), RangeError);
    const fresh = scheduleReview(undefined, 'good', T0);
    const fromJunk = scheduleReview({ updatedAt: T0.toISOString(), data: { card: { due: 'nope' } } }, 'good', T0);
    assert.deepEqual(fromJunk, fresh);
    assert.equal(cardOf({ updatedAt: T0.toISOString(), data: {} }), undefined);
  });
  it('a solved exercise starts as if rated Good when solved', () => {
    assert.deepEqual(firstReviewForSolved(T0), scheduleReview(undefined, 'good', T0));
    assert.equal(firstReviewForSolved(T0).data.lastRating, 'good');
  });
});

describe('schedule: due questions', () => {
  it('isDue is exact at the due instant', () => {
    const r = roundTrip(scheduleReview(undefined, 'good', T0));
    const due = Date.parse(r.due!);
    assert.equal(isDue(r, new Date(due - 1)), false);
    assert.equal(isDue(r, new Date(due)), true);
    assert.equal(isDue(undefined, new Date(due)), false);
    // Without the mirrored field, the card's own date counts.
    const { due: _due, ...noDue } = r;
    assert.equal(isDue(noDue as ReviewState, new Date(due)), true);
  });
  it('due counts across a simulated 30 days match ts-fsrs, through JSON, at day boundaries', () => {
    // Eight questions first rated on different days with different ratings; each day at 09:00 UTC
    // the user reviews every due question and rates it by a fixed pattern.
    const plan: { id: string; day: number; rating: Rating }[] = [
      { id: 'q1', day: 0, rating: 'good' },
      { id: 'q2', day: 0, rating: 'again' },
      { id: 'q3', day: 1, rating: 'hard' },
      { id: 'q4', day: 2, rating: 'easy' },
      { id: 'q5', day: 3, rating: 'good' },
      { id: 'q6', day: 5, rating: 'again' },
      { id: 'q7', day: 8, rating: 'hard' },
      { id: 's1', day: 4, rating: 'good' }, // a solved exercise
    ];
    const pattern: Rating[] = ['good', 'hard', 'good', 'again', 'easy'];
    const at = (day: number) => new Date(T0.getTime() + day * DAY);

    // Expected: the same scenario straight on ts-fsrs cards, no JSON.
    const f = fsrs(generatorParameters({ request_retention: 0.9, enable_fuzz: false, enable_short_term: true, learning_steps: [], relearning_steps: ['1d'] }));
    const grade = { again: FsrsRating.Again, hard: FsrsRating.Hard, good: FsrsRating.Good, easy: FsrsRating.Easy } as const;
    const cards = new Map<string, Card>();
    const expected: number[] = [];
    let turn = 0;
    for (let day = 0; day < 30; day++) {
      const now = at(day);
      const due = [...cards.entries()].filter(([, c]) => c.due.getTime() <= now.getTime()).map(([id]) => id).sort();
      expected.push(due.length);
      for (const id of due) cards.set(id, f.next(cards.get(id)!, now, grade[pattern[turn++ % pattern.length]]).card);
      for (const p of plan.filter((p) => p.day === day)) cards.set(p.id, f.next(createEmptyCard(now), now, grade[p.rating]).card);
    }

    // Actual: our functions, with the progress going through JSON every day.
    let progress: Record<string, QuestionProgress> = {};
    const actual: number[] = [];
    const boundaryChecks: string[] = [];
    turn = 0;
    for (let day = 0; day < 30; day++) {
      const now = at(day);
      progress = roundTrip(progress);
      const due = [...dueQuestions(progress, now)].sort();
      actual.push(due.length);
      // One millisecond earlier, anything due exactly now is not yet due.
      for (const id of due) if (Date.parse(progress[id].review!.due!) === now.getTime()) boundaryChecks.push(id);
      for (const id of due) progress[id].review = scheduleReview(progress[id].review, pattern[turn++ % pattern.length], now);
      for (const p of plan.filter((p) => p.day === day)) {
        const review = p.id.startsWith('s') ? firstReviewForSolved(now) : scheduleReview(undefined, p.rating, now);
        progress[p.id] = { status: 'attempted', attempts: [], updatedAt: now.toISOString(), review };
      }
    }
    assert.deepEqual(actual, expected);
    // Pinned, so a change of scheduler parameters shows up here.
    assert.deepEqual(actual, [0, 1, 2, 1, 1, 1, 2, 3, 1, 2, 4, 0, 2, 1, 0, 1, 2, 3, 1, 0, 1, 2, 0, 1, 0, 1, 0, 0, 2, 1]);
    console.log(`      due per day: ${actual.join(' ')}`);
    assert.ok(expected.reduce((a, b) => a + b, 0) > 10, `a non-trivial scenario: ${expected}`);
    // Whole-day intervals land exactly on 09:00, so the boundary case is exercised.
    assert.ok(boundaryChecks.length > 0);
  });
  it('counts at day boundaries: a card due at 09:00 is not due at 08:59:59.999', () => {
    const r = scheduleReview(undefined, 'good', T0);
    const dueAt = Date.parse(r.due!);
    const progress = roundTrip({ a: { review: r }, b: {}, c: { review: scheduleReview(undefined, 'easy', T0) } });
    assert.deepEqual(dueQuestions(progress, new Date(dueAt - 1)), []);
    assert.deepEqual(dueQuestions(progress, new Date(dueAt)), ['a']);
  });
  it('orders the longest overdue first, ties by id', () => {
    const early = scheduleReview(undefined, 'again', T0);
    const late = scheduleReview(undefined, 'good', T0);
    const far = new Date(T0.getTime() + 365 * DAY);
    assert.deepEqual(dueQuestions({ z: { review: early }, b: { review: late }, a: { review: late } }, far), ['z', 'a', 'b']);
  });
});
