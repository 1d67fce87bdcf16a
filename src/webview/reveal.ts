// Progressive disclosure in the page: hints one at a time, then the model answer, then Rate
// yourself. The host rendered every hint, the answer and the rating buttons already, hidden; this
// only flips `hidden` and labels, and swaps in a new Rate yourself body when the host sends one.
import { hintButtonText, type PanelReview } from '../protocol';
import { renderReviewBody } from './reviewHtml';

export class Reveal {
  private readonly hints: HTMLElement[];
  private readonly hintButton: HTMLButtonElement | null;
  private readonly answer: HTMLElement | null;
  private readonly answerButton: HTMLButtonElement | null;

  constructor(private readonly root: Document) {
    this.hints = Array.from(root.querySelectorAll<HTMLElement>('#hints > li'));
    this.hintButton = root.querySelector<HTMLButtonElement>('#show-hint');
    this.answer = root.querySelector<HTMLElement>('#answer');
    this.answerButton = root.querySelector<HTMLButtonElement>('#reveal-answer');
  }

  get hintsShown(): number {
    return this.hints.filter((hint) => !hint.hidden).length;
  }

  get answerRevealed(): boolean {
    return this.answer !== null && !this.answer.hidden;
  }

  /** Shows hints until `count` are visible (used when restoring after a reload). */
  showHints(count: number): void {
    const target = Math.min(count, this.hints.length);
    this.hints.forEach((hint, i) => {
      hint.hidden = i >= target;
    });
    this.updateHintButton();
  }

  /** Shows the next hint and returns its index, or undefined when all are shown. */
  showNextHint(): number | undefined {
    const index = this.hintsShown;
    const hint = this.hints[index];
    if (!hint) return undefined;
    hint.hidden = false;
    this.updateHintButton();
    if (this.hintButton?.hidden) focus(hint);
    return index;
  }

  revealAnswer(moveFocus: boolean): void {
    if (!this.answer) return;
    this.answer.hidden = false;
    if (this.answerButton) this.answerButton.hidden = true;
    showRating(this.root);
    if (moveFocus) focus(this.answer);
  }


  private updateHintButton(): void {
    if (!this.hintButton) return;
    const shown = this.hintsShown;
    this.hintButton.hidden = shown >= this.hints.length;
    if (!this.hintButton.hidden) this.hintButton.textContent = hintButtonText(shown + 1, this.hints.length);
  }
}

/** Moves keyboard focus to content that just appeared, so a screen reader reads it. */
function focus(element: HTMLElement): void {
  element.tabIndex = -1;
  element.focus({ preventScroll: false });
}

/** Shows the Rate yourself section (after a reveal, or after a run of the checks). */
export function showRating(root: Document): void {
  const section = root.getElementById('rate');
  if (section) section.hidden = false;
}

/** Replaces the Rate yourself body with what the host says now; shows it when the question is due. */
export function updateReview(root: Document, review: PanelReview): void {
  const body = root.getElementById('rate-body');
  // Markup from the shared renderer: every value in it is escaped, and the CSP allows no inline script.
  if (body) body.innerHTML = renderReviewBody(review);
  if (review.due) showRating(root);
  // Rated (or no longer due): the header's "Due for review" badge goes.
  const badge = root.getElementById('due-badge');
  if (badge) badge.hidden = !review.due;
}

/** A rating was clicked: mark it until the host's answer replaces the buttons. */
export function markRating(button: HTMLButtonElement): void {
  for (const other of Array.from(button.parentElement?.querySelectorAll<HTMLButtonElement>('button[data-action="rate"]') ?? [])) {
    other.disabled = true;
    other.setAttribute('aria-pressed', String(other === button));
  }
}
