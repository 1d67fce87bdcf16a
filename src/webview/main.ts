// The question panel's script: a ready handshake, buttons that post typed messages, hints and
// answer revealed in place, and state kept with setState so a reload restores what was shown.
import {
  isQuestionId,
  isReviewRating,
  parseHostMessage,
  parseViewState,
  statusText,
  type HostToPanel,
  type PanelResults,
  type PanelViewState,
} from '../protocol';
import { showQueryResult } from './querySection';
import { renderResultsBody } from './resultsHtml';
import { markRating, Reveal, showRating, updateReview } from './reveal';
import { connectToHost, type Host } from './vscodeApi';

function initialState(host: Host, questionId: string): PanelViewState {
  const saved = parseViewState(host.getState());
  // A reused panel keeps the state of the question it showed before; start that one afresh.
  if (saved && saved.questionId === questionId) return saved;
  return { questionId, hintsShown: 0, answerRevealed: false, scrollY: 0 };
}

function main(): void {
  const host = connectToHost();
  const questionId = document.body.dataset.questionId ?? '';
  if (!isQuestionId(questionId)) {
    console.error('Interview Drills: the panel has no valid question id');
    return;
  }
  const reveal = new Reveal(document);
  const state = initialState(host, questionId);
  reveal.showHints(state.hintsShown);
  if (state.answerRevealed) reveal.revealAnswer(false);

  const save = () => {
    state.hintsShown = reveal.hintsShown;
    state.answerRevealed = reveal.answerRevealed;
    state.scrollY = window.scrollY;
    host.setState(state);
  };
  save();

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-action]') : null;
    if (!target || target.disabled) return;
    switch (target.dataset.action) {
      case 'start':
        host.post({ type: 'start', questionId });
        break;
      case 'resetStarter':
        host.post({ type: 'resetStarter', questionId });
        break;
      case 'chooseLanguage':
        host.post({ type: 'chooseLanguage', questionId });
        break;
      case 'random':
        host.post({ type: 'random' });
        break;
      case 'runChecks':
        setRunning(true);
        document.querySelector('#results-body .cases')?.classList.add('stale');
        host.post({ type: 'runChecks', questionId });
        break;
      case 'openAnswer': {
        const line = Number(target.dataset.line);
        host.post(Number.isInteger(line) && line >= 1 ? { type: 'openAnswer', questionId, line } : { type: 'openAnswer', questionId });
        break;
      }
      case 'showHint': {
        const index = reveal.showNextHint();
        if (index !== undefined) host.post({ type: 'hintShown', questionId, index });
        save();
        break;
      }
      case 'revealAnswer':
        reveal.revealAnswer(true);
        host.post({ type: 'revealAnswer', questionId });
        save();
        break;
      case 'rate': {
        const rating = target.dataset.rating;
        if (!isReviewRating(rating)) break;
        markRating(target);
        host.post({ type: 'rate', questionId, rating });
        break;
      }
      case 'compare':
        host.post({ type: 'compare', questionId });
        break;
    }
  });

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = parseHostMessage(event.data);
    if (!message) return;
    handle(message, questionId);
  });

  let scrollTimer: number | undefined;
  window.addEventListener('scroll', () => {
    window.clearTimeout(scrollTimer);
    scrollTimer = window.setTimeout(save, 150);
  }, { passive: true });

  if (state.scrollY > 0) window.requestAnimationFrame(() => window.scrollTo(0, state.scrollY));

  host.post({ type: 'ready', questionId });
}

function handle(message: HostToPanel, questionId: string): void {
  switch (message.type) {
    case 'progress': {
      if (message.questionId !== questionId) return;
      const badge = document.getElementById('status');
      if (!badge) return;
      badge.textContent = statusText(message.status, message.attempts);
      badge.classList.remove('status-new', 'status-attempted', 'status-solved');
      badge.classList.add(`status-${message.status}`);
      break;
    }
    case 'results':
      if (message.questionId !== questionId) return;
      showResults(message.results);
      // Rate yourself follows a finished run of the checks, as it follows a reveal.
      if (message.results?.state === 'done') showRating(document);
      break;
    case 'review':
      if (message.questionId !== questionId) return;
      updateReview(document, message.review);
      break;
    case 'queryResult':
      if (message.questionId !== questionId) return;
      showQueryResult(document, message.result);
      break;
  }
}

/** The Run checks button while a run is in flight (also right after its own click, before the host answers). */
function setRunning(running: boolean): void {
  const button = document.getElementById('run-checks');
  if (!(button instanceof HTMLButtonElement)) return;
  button.disabled = running;
  button.textContent = running ? 'Running…' : 'Run checks';
}

/** Shows a run in the Results section; `null` means there is none (hidden). */
function showResults(results: PanelResults | null): void {
  const button = document.getElementById('run-checks');
  const wasRunning = button instanceof HTMLButtonElement && button.disabled;
  setRunning(results?.state === 'running');
  const section = document.getElementById('results');
  const body = document.getElementById('results-body');
  if (!section || !body) return;
  if (!results) {
    section.hidden = true;
    return;
  }
  // Markup from the shared renderer: every value in it is escaped, and the CSP allows no inline script.
  body.innerHTML = renderResultsBody(results);
  section.hidden = false;
  // A run the user is waiting for just finished: make sure its verdicts are on screen.
  if (results.state === 'done' && wasRunning) {
    const top = section.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 80) section.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }
}

main();
