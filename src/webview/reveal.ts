// Progressive disclosure in the page: hints one at a time, then the model answer. The host
// rendered every hint and the answer already, hidden; this only flips `hidden` and labels.
import { hintButtonText } from '../protocol';

export class Reveal {
  private readonly hints: HTMLElement[];
  private readonly hintButton: HTMLButtonElement | null;
  private readonly answer: HTMLElement | null;
  private readonly answerButton: HTMLButtonElement | null;

  constructor(root: Document) {
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
