// The editor's view of the durable progress store: cached statuses for the tree, a change event,
// the store's warnings shown to the user, and the clock progress goes by (the integration tests
// move it to simulate later days).
import * as vscode from 'vscode';
import { Clock } from '../core/progress/clock';
import { dueToday } from '../core/progress/due';
import type { QuestionProgress, Rating, Status } from '../core/progress/model';
import { ProgressStore } from '../core/progress/store';
import type { CheckOutcome } from '../core/progress/transitions';
import { Disposable } from './dispose';

export class ProgressService extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    readonly store: ProgressStore,
    private readonly log: vscode.LogOutputChannel,
    /** The store must read the same clock (its `now` option), so timestamps and due dates agree. */
    readonly clock: Clock = new Clock(),
  ) {
    super();
    this._register(store.onDidChange(() => this.changed.fire()));
    // Warnings can come at any time (another window's write is re-read), so they are pushed.
    this._register(
      store.onDidWarn((warning) => {
        this.log.warn(warning.message);
        void vscode.window.showWarningMessage(`Interview Drills: ${warning.message}`);
      }),
    );
    this._register(store.watch());
  }

  async load(): Promise<void> {
    await this.store.load();
  }

  get(id: string): QuestionProgress | undefined {
    return this.store.get(id);
  }

  statusOf(id: string): Status {
    return this.store.get(id)?.status ?? 'new';
  }

  async recordStart(id: string, language: string): Promise<void> {
    await this.guard(() => this.store.recordStart(id, language));
  }

  /** A run of the checks: every case passed solves the question; a failure never un-solves it. */
  async recordCheck(id: string, outcome: CheckOutcome): Promise<void> {
    await this.guard(() => this.store.recordCheck(id, outcome));
  }

  /**
   * Records a Rate yourself rating; ts-fsrs schedules the next review from the card on disk.
   * Returns the stored progress, or undefined when it could not be saved (the user was told).
   */
  async rate(id: string, rating: Rating): Promise<QuestionProgress | undefined> {
    let stored: QuestionProgress | undefined;
    await this.guard(async () => {
      stored = await this.store.rate(id, rating);
    });
    return stored;
  }

  /** Ids of the questions with progress that are due for review today (local), longest overdue first. */
  dueToday(): string[] {
    return dueToday(this.store.all(), this.clock.now());
  }

  exportJson(): Promise<string> {
    return this.store.exportJson();
  }

  /** Merges an export into the store; returns a short summary for the user. */
  async importJson(text: string): Promise<string> {
    const result = await this.store.importJson(text);
    return `${result.questions} question${result.questions === 1 ? '' : 's'}`;
  }

  /** Clears all progress; returns where the previous progress was saved, if there was any. */
  async reset(): Promise<string | undefined> {
    return (await this.store.reset()).backupPath;
  }

  private async guard(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`progress not saved: ${message}`);
      void vscode.window.showErrorMessage(`Interview Drills could not save your progress: ${message}`);
    }
  }
}
