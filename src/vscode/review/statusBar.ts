// "$(history) 3 due" in the status bar: the questions due for review today. Click = Review due
// questions. Hidden when nothing is due.
import * as vscode from 'vscode';
import { CommandId } from '../commands/ids';
import { Disposable } from '../dispose';
import type { ReviewService } from './reviewService';

export class DueStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('interviewDrills.due', vscode.StatusBarAlignment.Left, 9));
  private shown = false;

  constructor(private readonly review: ReviewService) {
    super();
    this.item.name = 'Interview Drills: due for review';
    this.item.command = { command: CommandId.ReviewDue, title: 'Review Due Questions' };
    this._register(review.onDidChangeDue(() => this.update()));
    this.update();
  }

  /** The text shown, or undefined while hidden (for tests). */
  get text(): string | undefined {
    return this.shown ? this.item.text : undefined;
  }

  private update(): void {
    const count = this.review.dueIds().length;
    this.shown = count > 0;
    if (!this.shown) {
      this.item.hide();
      return;
    }
    this.item.text = `$(history) ${count} due`;
    this.item.tooltip = `${count} question${count === 1 ? '' : 's'} due for review today. Click to review them one by one.`;
    this.item.accessibilityInformation = { label: `Interview Drills: ${count} question${count === 1 ? '' : 's'} due for review` };
    this.item.show();
  }
}
