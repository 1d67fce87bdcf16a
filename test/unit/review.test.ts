// Spaced repetition around ts-fsrs: what "due today" means, how dates read, the test clock, the
// first review of a solved question, and ratings recorded through the store under its lock.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Clock } from '../../src/core/progress/clock';
import {
  calendarDaysBetween,
  describeInterval,
  describeNextReview,
  dueToday,
  isDueToday,
  nextLocalMidnight,
  startOfLocalDay,
} from '../../src/core/progress/due';
import type { QuestionProgress } from '../../src/core/progress/model';
import { cardOf, firstReviewForSolved, previewRatings, scheduleReview, validDesiredRetention } from '../../src/core/progress/schedule';
import { ProgressStore } from '../../src/core/progress/store';
import { applyCheck, applyReset, applyStart } from '../../src/core/progress/transitions';
import { makeTempDir, removeDir } from './fixtures/progress-helpers';

/** Local times, so the day arithmetic is tested in whatever zone the machine is in. */
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);
const MORNING = local(2026, 3, 10, 9, 0);

describe('review: days and due today', () => {
  it('midnights and calendar days are local', () => {
    assert.equal(startOfLocalDay(MORNING).getTime(), local(2026, 3, 10).getTime());
    assert.equal(nextLocalMidnight(MORNING).getTime(), local(2026, 3, 11).getTime());
    assert.equal(nextLocalMidnight(local(2026, 12, 31, 23, 59)).getTime(), local(2027, 1, 1).getTime());
    assert.equal(calendarDaysBetween(local(2026, 3, 10, 23, 59), local(2026, 3, 11, 0, 1)), 1);
    assert.equal(calendarDaysBetween(MORNING, local(2026, 3, 10, 23, 0)), 0);
    // Across the month of a DST change in many zones: still whole days.
    assert.equal(calendarDaysBetween(local(2026, 3, 20, 12), local(2026, 4, 3, 12)), 14);
  });

  it('a question due later today is due now; one due at midnight tonight is not', () => {
    const laterToday = { review: { updatedAt: MORNING.toISOString(), due: local(2026, 3, 10, 18).toISOString(), data: {} } };
    const tonight = { review: { updatedAt: MORNING.toISOString(), due: local(2026, 3, 11).toISOString(), data: {} } };
    const overdue = { review: { updatedAt: MORNING.toISOString(), due: local(2026, 3, 1).toISOString(), data: {} } };
    const progress = { later: laterToday, tonight, overdue, none: {} };
    assert.deepEqual(dueToday(progress, MORNING), ['overdue', 'later']);
    assert.equal(isDueToday(tonight.review, MORNING), false);
    assert.equal(isDueToday(tonight.review, local(2026, 3, 11, 0, 0)), true);
    assert.equal(isDueToday(undefined, MORNING), false);
  });

  it('rated Good today: not due today, due on the day it names, and every day after', () => {
    const review = scheduleReview(undefined, 'good', MORNING);
    const due = new Date(review.due!);
    const progress = { q: { review } };
    const days = calendarDaysBetween(MORNING, due);
    assert.ok(days >= 1, `Good schedules at least a day ahead (${days})`);
    for (let d = 0; d < days; d++) assert.deepEqual(dueToday(progress, local(2026, 3, 10 + d, 7)), [], `day ${d}`);
    assert.deepEqual(dueToday(progress, local(2026, 3, 10 + days, 0, 0)), ['q'], 'from midnight of the due day');
    assert.deepEqual(dueToday(progress, local(2026, 3, 10 + days + 5, 12)), ['q'], 'and while it stays unreviewed');
  });

  it('due counts over a simulated 30 days: each day at 08:00 everything due today is rated Good', () => {
    let progress: Record<string, Pick<QuestionProgress, 'review'>> = {};
    const counts: number[] = [];
    for (let day = 0; day < 30; day++) {
      const now = local(2026, 3, 1 + day, 8);
      progress = JSON.parse(JSON.stringify(progress)) as typeof progress;
      const due = dueToday(progress, now);
      counts.push(due.length);
      for (const id of due) progress[id] = { review: scheduleReview(progress[id].review, 'good', now) };
      if (day < 5) progress[`q${day}`] = { review: scheduleReview(undefined, day % 2 ? 'hard' : 'good', now) };
    }
    // Nothing is due twice on one day, and reviews thin out as intervals grow.
    assert.equal(counts[0], 0);
    const firstWeek = counts.slice(0, 10).reduce((a, b) => a + b, 0);
    const lastWeek = counts.slice(20).reduce((a, b) => a + b, 0);
    assert.ok(firstWeek > lastWeek, `${counts.join(' ')}`);
  });
});

describe('review: how dates read', () => {
  it('intervals in days, then months, then years', () => {
    assert.equal(describeInterval(MORNING, local(2026, 3, 10, 20)), 'today');
    assert.equal(describeInterval(MORNING, local(2026, 3, 11, 9)), '1 day');
    assert.equal(describeInterval(MORNING, local(2026, 3, 13, 9)), '3 days');
    assert.equal(describeInterval(MORNING, local(2026, 4, 20, 9)), '41 days');
    assert.equal(describeInterval(MORNING, local(2026, 6, 10, 9)), '3 months');
    assert.equal(describeInterval(MORNING, local(2027, 3, 10, 9)), '1 year');
    assert.equal(describeInterval(MORNING, local(2027, 9, 10, 9)), '1.5 years');
  });

  it('the next review: today, tomorrow, in N days with the date, or overdue', () => {
    const at = (d: Date) => ({ updatedAt: MORNING.toISOString(), due: d.toISOString(), data: {} });
    assert.equal(describeNextReview(undefined, MORNING), undefined);
    assert.equal(describeNextReview(at(local(2026, 3, 10, 21)), MORNING), 'Due for review today');
    assert.match(describeNextReview(at(local(2026, 3, 11, 9)), MORNING)!, /^Next review tomorrow \(Wed 11 Mar\)$/);
    assert.match(describeNextReview(at(local(2026, 3, 13, 9)), MORNING)!, /^Next review in 3 days \(Fri 13 Mar\)$/);
    assert.match(describeNextReview(at(local(2026, 3, 2, 9)), MORNING)!, /^Due for review since Mon 2 Mar$/);
  });

  it('previews what each rating would schedule, without changing anything', () => {
    const previous = scheduleReview(undefined, 'good', MORNING);
    const later = new Date(previous.due!);
    const copy = structuredClone(previous);
    const preview = previewRatings(previous, later);
    for (const rating of ['again', 'hard', 'good', 'easy'] as const) {
      assert.equal(preview[rating].toISOString(), scheduleReview(previous, rating, later).due);
    }
    assert.deepEqual(previous, copy);
    assert.equal(calendarDaysBetween(later, preview.again), 1, 'Again means tomorrow');
    assert.ok(preview.again < preview.hard && preview.hard < preview.good && preview.good < preview.easy);
  });

  it('a clock that went back does not break scheduling: the rating counts as made at the last review', () => {
    const rated = scheduleReview(undefined, 'good', MORNING);
    const earlier = local(2026, 3, 8, 9);
    const preview = previewRatings(rated, earlier);
    assert.equal(preview.good.toISOString(), scheduleReview(rated, 'good', MORNING).due);
    const again = scheduleReview(rated, 'again', earlier);
    assert.equal(again.updatedAt, MORNING.toISOString());
    assert.equal(cardOf(again)?.reps, 2);
  });

  it('desired retention from a setting: 0.7 to 0.99, anything else falls back to 0.9 with a reason', () => {
    assert.deepEqual(validDesiredRetention(undefined), { value: 0.9 });
    assert.deepEqual(validDesiredRetention(0.85), { value: 0.85 });
    assert.deepEqual(validDesiredRetention(0.99), { value: 0.99 });
    for (const bad of [1, 0.5, -1, Number.NaN, '0.9', 95]) {
      const result = validDesiredRetention(bad);
      assert.equal(result.value, 0.9);
      assert.match(result.problem ?? '', /from 0\.7 to 0\.99/);
    }
  });
});

describe('review: the clock', () => {
  it('moves to a simulated date, keeps running, tells listeners, and goes back', async () => {
    const clock = new Clock();
    let jumps = 0;
    const listener = clock.onDidJump(() => jumps++);
    const target = local(2030, 1, 15, 10);
    clock.set(target);
    assert.ok(clock.simulated);
    const read = clock.now().getTime();
    assert.ok(read >= target.getTime() && read < target.getTime() + 1000);
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(clock.now().getTime() >= read + 15, 'it keeps running');
    clock.reset();
    assert.ok(!clock.simulated);
    assert.ok(Math.abs(clock.now().getTime() - Date.now()) < 50);
    assert.equal(jumps, 2);
    listener.dispose();
    clock.set(target);
    assert.equal(jumps, 2);
    assert.throws(() => clock.set(new Date(Number.NaN)), RangeError);
  });
});

describe('review: solved questions join the reviews', () => {
  const at = MORNING.toISOString();
  it('the first pass schedules a first review as if rated Good then', () => {
    const solved = applyCheck(applyStart(undefined, at), at, { passed: true });
    assert.deepEqual(solved.review, firstReviewForSolved(MORNING));
    assert.equal(isDueToday(solved.review, MORNING), false);
  });

  it('a failed run schedules nothing; a later pass keeps the card it got first', () => {
    const failed = applyCheck(undefined, at, { passed: false });
    assert.equal(failed.review, undefined);
    const solved = applyCheck(failed, at, { passed: true });
    const later = new Date(MORNING.getTime() + 5 * 86_400_000).toISOString();
    assert.deepEqual(applyCheck(solved, later, { passed: true }).review, solved.review);
  });

  it('a question rated before it was solved keeps its card', () => {
    const rated = { status: 'attempted' as const, attempts: [], updatedAt: at, review: scheduleReview(undefined, 'hard', MORNING) };
    const solved = applyCheck(rated, new Date(MORNING.getTime() + 60_000).toISOString(), { passed: true });
    assert.deepEqual(solved.review, rated.review);
  });

  it('after a reset, solving it again schedules afresh; the retention given is used', () => {
    const solved = applyCheck(undefined, at, { passed: true });
    const reset = applyReset(solved, at);
    assert.equal(reset.review, undefined);
    const again = applyCheck(reset, at, { passed: true }, 0.8);
    assert.equal(again.review?.data.desiredRetention, 0.8);
    assert.ok(cardOf(again.review));
  });
});

describe('review: ratings through the store', () => {
  let dir: string;
  const stores: ProgressStore[] = [];
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) store.dispose();
    await removeDir(dir);
  });
  async function open(now: () => Date, desiredRetention?: () => number): Promise<ProgressStore> {
    const store = new ProgressStore(path.join(dir, 'progress.json'), { now, desiredRetention });
    stores.push(store);
    await store.load();
    return store;
  }

  it('rate() schedules from the card on disk, also when another window rated meanwhile', async () => {
    let now = MORNING;
    const a = await open(() => now);
    const b = await open(() => now);
    const first = await a.rate('q', 'good');
    assert.equal(first.status, 'attempted');
    assert.deepEqual(first.review, scheduleReview(undefined, 'good', MORNING));
    now = new Date(first.review!.due!);
    // b never re-read the file, yet its rating builds on a's card (read under the lock).
    const second = await b.rate('q', 'good');
    assert.equal(cardOf(second.review)?.reps, 2);
    assert.deepEqual(second.review, scheduleReview(first.review, 'good', now));
    assert.deepEqual(second.attempts.map((x) => x.rating), ['good', 'good']);
    await a.refresh();
    assert.deepEqual(a.get('q')?.review, second.review);
  });

  it('Again brings it back tomorrow; a solved check schedules with the configured retention', async () => {
    let now = MORNING;
    const store = await open(() => now, () => 0.8);
    const good = await store.rate('q', 'good');
    now = new Date(good.review!.due!);
    const again = await store.rate('q', 'again');
    assert.equal(calendarDaysBetween(now, new Date(again.review!.due!)), 1);
    assert.equal(again.review?.data.desiredRetention, 0.8);
    const solved = await store.recordCheck('exercise', { passed: true });
    assert.equal(solved.review?.data.desiredRetention, 0.8);
    assert.equal(solved.review?.updatedAt, now.toISOString());
    assert.deepEqual(dueToday(store.all(), now), []);
    assert.deepEqual(dueToday(store.all(), new Date(again.review!.due!)), ['q']);
  });
});
