// What "due today" means, and how review dates read to a user. A question due at any time today
// (local time) is due now: reviews are a once-a-day habit, so the list changes at midnight, not at
// the minute a question was rated a few days ago.
import type { QuestionProgress, Rating, ReviewState } from './model';
import { dueOf, dueQuestions } from './schedule';

const DAY_MS = 86_400_000;

/** Local midnight at the start of the day of `at`. */
export function startOfLocalDay(at: Date): Date {
  return new Date(at.getFullYear(), at.getMonth(), at.getDate());
}

/** Local midnight at the end of the day of `at` (the start of the next day). */
export function nextLocalMidnight(at: Date): Date {
  return new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1);
}

/** Whole calendar days from the day of `from` to the day of `to` (local time; DST-proof). */
export function calendarDaysBetween(from: Date, to: Date): number {
  return Math.round((startOfLocalDay(to).getTime() - startOfLocalDay(from).getTime()) / DAY_MS);
}

/** Ids of the questions due at any time today (local), the longest overdue first. */
export function dueToday(progressAll: Readonly<Record<string, Pick<QuestionProgress, 'review'>>>, now: Date): string[] {
  return dueQuestions(progressAll, new Date(nextLocalMidnight(now).getTime() - 1));
}

/** True when the review falls due today or earlier. */
export function isDueToday(review: ReviewState | undefined, now: Date): boolean {
  const due = dueOf(review);
  return due !== undefined && due.getTime() < nextLocalMidnight(now).getTime();
}

/** An interval as a rating button shows it: "1 day", "3 days", "2 months", "1.5 years". */
export function describeInterval(from: Date, to: Date): string {
  const days = calendarDaysBetween(from, to);
  if (days <= 0) return 'today';
  if (days === 1) return '1 day';
  if (days < 45) return `${days} days`;
  if (days < 365) {
    const months = Math.round(days / 30.4);
    return `${months} months`;
  }
  const years = Math.round((days / 365) * 10) / 10;
  return `${years} ${years === 1 ? 'year' : 'years'}`;
}

/** A date as the panel shows it: "Thu 26 Nov". */
export function shortDate(at: Date): string {
  return at.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
}

/** "Next review in 3 days (Thu 26 Nov)", "Due for review today", or undefined when never scheduled. */
export function describeNextReview(review: ReviewState | undefined, now: Date): string | undefined {
  const due = dueOf(review);
  if (!due) return undefined;
  const days = calendarDaysBetween(now, due);
  if (days < 0) return `Due for review since ${shortDate(due)}`;
  if (days === 0) return 'Due for review today';
  if (days === 1) return `Next review tomorrow (${shortDate(due)})`;
  return `Next review in ${describeInterval(now, due)} (${shortDate(due)})`;
}

const RATING_LABELS: Readonly<Record<Rating, string>> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };

export function ratingLabel(rating: Rating): string {
  return RATING_LABELS[rating];
}
