// The review settings, read when they are needed (a change applies to the next rating).
import * as vscode from 'vscode';
import { validDesiredRetention } from '../../core/progress/schedule';

export class ReviewSettings {
  /** The last problem reported, so a bad value is reported once, not at every rating. */
  private reported: string | undefined;

  constructor(private readonly log: Pick<vscode.LogOutputChannel, 'warn'>) {}

  /** `interviewDrills.review.desiredRetention`, validated; a bad value falls back to the default. */
  desiredRetention(): number {
    const raw = vscode.workspace.getConfiguration('interviewDrills').get<unknown>('review.desiredRetention');
    const { value, problem } = validDesiredRetention(raw);
    if (problem && problem !== this.reported) {
      this.reported = problem;
      this.log.warn(`setting interviewDrills.review.desiredRetention: ${problem}`);
      void vscode.window.showWarningMessage(`Interview Drills: the setting "Review: Desired Retention" is not valid: ${problem}.`);
    }
    return value;
  }
}
