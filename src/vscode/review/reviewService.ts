// Spaced repetition in the editor: what is due today, what each rating would give, recording a
// rating, and the "Review due questions" walk. The due list changes when progress changes (a
// rating, a solved exercise, another window) and when the local day rolls over, for which one
// timer waits until the next midnight (no polling).
import * as vscode from 'vscode';
import { calendarDaysBetween, describeInterval, describeNextReview, isDueToday, nextLocalMidnight, ratingLabel, shortDate } from '../../core/progress/due';
import { RATINGS, type Rating } from '../../core/progress/model';
import { previewRatings } from '../../core/progress/schedule';
import type { PanelReview } from '../../protocol';
import { Disposable } from '../dispose';
import type { ProgressService } from '../progressService';
import type { ReviewSettings } from './settings';
import { DueStatusBar } from './statusBar';

export interface ReviewDependencies {
  progress: ProgressService;
  settings: ReviewSettings;
  /** True when the bank has the question (progress may name questions no longer in it). */
  hasQuestion(id: string): boolean;
  /** Fires when the bank reloaded. */
  onDidChangeBank: vscode.Event<unknown>;
  /** Shows a question in the panel. */
  show(id: string): Thenable<unknown> | Promise<unknown>;
  log: Pick<vscode.LogOutputChannel, 'info' | 'warn'>;
}

/** What a rating did. */
export interface RateOutcome {
  rating: Rating;
  /** When the question comes back (ISO). */
  due?: string;
  /** During "Review due questions": the question shown next. */
  next?: string;
  /** This rating ended a "Review due questions" walk: nothing else is due today. */
  caughtUp?: boolean;
}

/** What "Review due questions" did. */
export interface WalkStart {
  /** Questions due today when it started. */
  count: number;
  /** The question it showed first. */
  shown?: string;
}

interface Walk {
  current: string;
  rated: Set<string>;
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class ReviewService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the questions due today may have changed. */
  readonly onDidChangeDue = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private day: number;
  private walk: Walk | undefined;
  /** "$(history) N due", hidden at 0. */
  readonly statusBar: DueStatusBar;

  constructor(private readonly deps: ReviewDependencies) {
    super();
    const { progress } = deps;
    this.day = this.dayNumber();
    this._register(progress.onDidChange(() => this.changed.fire()));
    this._register(deps.onDidChangeBank(() => this.changed.fire()));
    this._register(progress.clock.onDidJump(() => this.dayChanged()));
    // A machine asleep over midnight fires the timer late; coming back to the window catches up.
    this._register(vscode.window.onDidChangeWindowState((state) => {
      if (state.focused && this.dayNumber() !== this.day) this.dayChanged();
    }));
    this._register({ dispose: () => clearTimeout(this.timer) });
    this.planMidnight();
    this.statusBar = this._register(new DueStatusBar(this));
  }

  get clock() {
    return this.deps.progress.clock;
  }

  /** Questions due today (local) that are in the bank, the longest overdue first. */
  dueIds(): string[] {
    return this.deps.progress.dueToday().filter((id) => this.deps.hasQuestion(id));
  }

  /** The question "Review due questions" is on, if a walk is under way. */
  get walkingAt(): string | undefined {
    return this.walk?.current;
  }

  /** "Next review in 3 days (Thu 26 Nov)" for a scheduled question, else undefined. Cheap: no FSRS. */
  nextReviewText(id: string): string | undefined {
    const review = this.deps.progress.get(id)?.review;
    return review ? describeNextReview(review, this.clock.now()) : undefined;
  }

  /** The panel's Rate yourself section for a question. */
  panelReview(id: string): PanelReview {
    const now = this.clock.now();
    const progress = this.deps.progress.get(id);
    const review = progress?.review;
    const previews = previewRatings(review, now, this.deps.settings.desiredRetention());
    const intervals = {} as PanelReview['intervals'];
    for (const rating of RATINGS) intervals[rating] = describeInterval(now, previews[rating]);
    const result: PanelReview = { intervals, due: isDueToday(review, now) };
    const next = describeNextReview(review, now);
    if (next) result.next = next;
    const lastRated = progress?.attempts.filter((a) => a.event === 'rated' && a.rating).at(-1);
    if (lastRated?.rating) {
      result.last = `You rated ${ratingLabel(lastRated.rating)} ${whenText(new Date(lastRated.at), now)}.`;
      if (calendarDaysBetween(new Date(lastRated.at), now) === 0) result.ratedToday = true;
    }
    else if (review && progress?.solvedAt) result.last = `Scheduled when you solved it ${whenText(new Date(progress.solvedAt), now)}.`;
    return result;
  }

  /**
   * Records a rating (FSRS through the progress store, under its file lock). During "Review due
   * questions", rating the question on screen moves on to the next one due.
   */
  async rate(id: string, rating: Rating): Promise<RateOutcome | undefined> {
    const stored = await this.deps.progress.rate(id, rating);
    if (!stored) return undefined;
    const outcome: RateOutcome = { rating, due: stored.review?.due };
    const when = describeNextReview(stored.review, this.clock.now());
    this.deps.log.info(`rated ${id} ${rating}: ${when ?? 'not scheduled'}`);
    const walk = this.walk;
    if (!walk || walk.current !== id) return outcome;
    walk.rated.add(id);
    const next = this.dueIds().find((q) => !walk.rated.has(q));
    if (next) {
      walk.current = next;
      outcome.next = next;
      if (when) vscode.window.setStatusBarMessage(`$(check) ${ratingLabel(rating)}: ${when.charAt(0).toLowerCase()}${when.slice(1)}`, 5000);
      await this.deps.show(next);
      return outcome;
    }
    this.walk = undefined;
    outcome.caughtUp = true;
    const count = walk.rated.size;
    void vscode.window.showInformationMessage(
      `Interview Drills: All caught up. You reviewed ${count} question${count === 1 ? '' : 's'}; nothing else is due today.`,
    );
    return outcome;
  }

  /** "Review due questions": shows the first question due; each rating moves on to the next. */
  async reviewDue(): Promise<WalkStart> {
    const due = this.dueIds();
    if (due.length === 0) {
      this.walk = undefined;
      void vscode.window.showInformationMessage(
        'Interview Drills: Nothing is due for review today. Questions you rate, and exercises you solve, come back here when they are due.',
      );
      return { count: 0 };
    }
    this.walk = { current: due[0], rated: new Set() };
    await this.deps.show(due[0]);
    return { count: due.length, shown: due[0] };
  }

  private dayNumber(): number {
    const now = this.clock.now();
    return calendarDaysBetween(new Date(2000, 0, 1), now);
  }

  private dayChanged(): void {
    this.day = this.dayNumber();
    this.changed.fire();
    this.planMidnight();
  }

  /** One timer, to just after the next local midnight by the clock. */
  private planMidnight(): void {
    clearTimeout(this.timer);
    if (this.isDisposed) return;
    const now = this.clock.now();
    const wait = Math.min(nextLocalMidnight(now).getTime() - now.getTime() + 1000, MAX_TIMEOUT_MS);
    this.timer = setTimeout(() => this.dayChanged(), wait);
    this.timer.unref?.();
  }
}

/** "today", "yesterday", "on Thu 26 Nov". */
function whenText(at: Date, now: Date): string {
  const days = calendarDaysBetween(at, now);
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  return `on ${shortDate(at)}`;
}
