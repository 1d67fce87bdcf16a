// The "Rate yourself" section of the question panel: a button per FSRS rating with the interval
// it would give, and when the question comes back. Pure (no DOM, no Node) so the host renders it
// at first paint and the panel re-renders it when a `review` message arrives, from the same code.
import { REVIEW_RATINGS, type PanelReview, type ReviewRating } from '../protocol';
import { escapeText } from './resultsHtml';

const RATING_LABELS: Record<ReviewRating, string> = { again: 'Again', hard: 'Hard', good: 'Good', easy: 'Easy' };
const RATING_HELP: Record<ReviewRating, string> = {
  again: 'I could not recall it: show it again tomorrow',
  hard: 'I recalled it with serious effort',
  good: 'I recalled it after a moment',
  easy: 'I recalled it at once',
};

/** The text of a rating button: "Good · 3 days". */
export function ratingButtonText(rating: ReviewRating, interval: string): string {
  return `${RATING_LABELS[rating]} · ${interval}`;
}

/** The Rate yourself section's body: four buttons with the interval each gives, then the next review. */
export function renderReviewBody(review: PanelReview): string {
  const buttons = REVIEW_RATINGS.map((rating) => {
    const interval = review.intervals[rating];
    return `<button type="button" class="secondary rating rating-${rating}" data-action="rate" data-rating="${rating}" title="${escapeText(`${RATING_HELP[rating]} (next review in ${interval})`)}">${escapeText(ratingButtonText(rating, interval))}</button>`;
  }).join('\n');
  const lines = [
    review.ratedToday
      ? `<p class="rate-intro">You have rated this today. Rating again counts as a second review today; the intervals below start from it.</p>`
      : `<p class="rate-intro">How well did you recall the answer?</p>`,
    `<div class="rate-buttons" role="group" aria-label="Rate your recall">\n${buttons}\n</div>`,
    `<p class="next-review" id="next-review" role="status">${escapeText(review.next ?? 'Not scheduled yet: your rating schedules the first review.')}</p>`,
  ];
  if (review.last) lines.push(`<p class="last-rating">${escapeText(review.last)}</p>`);
  return lines.join('\n');
}
