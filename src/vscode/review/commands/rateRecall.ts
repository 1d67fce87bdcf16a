import * as vscode from 'vscode';
import { ratingLabel } from '../../../core/progress/due';
import { RATINGS, type Rating } from '../../../core/progress/model';
import { resolveQuestion } from '../../commands/resolveQuestion';
import type { Services } from '../../services';
import type { RateOutcome } from '../reviewService';

/**
 * Rate Recall: the panel's Again / Hard / Good / Easy from the palette or a keybinding. Arguments
 * (question id, rating) are optional; without a rating a quick pick shows what each would schedule.
 */
export function rateRecall(services: Services) {
  return async (arg?: unknown, rating?: unknown): Promise<RateOutcome | undefined> => {
    if (rating !== undefined && !(RATINGS as readonly unknown[]).includes(rating)) {
      throw new Error(`"${String(rating)}" is not a rating: use again, hard, good or easy.`);
    }
    const question = await resolveQuestion(services, arg);
    if (!question) return undefined;
    let chosen = rating as Rating | undefined;
    if (!chosen) {
      const { intervals, next } = services.review.panelReview(question.id);
      const picked = await vscode.window.showQuickPick(
        RATINGS.map((r) => ({ label: ratingLabel(r), description: `next review in ${intervals[r]}`, rating: r })),
        { title: `How well did you recall "${question.title}"?`, placeHolder: next },
      );
      if (!picked) return undefined;
      chosen = picked.rating;
    }
    return services.review.rate(question.id, chosen);
  };
}
