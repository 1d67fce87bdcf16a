// Rate yourself and Compare in the panel: the markup the host renders at first paint, the body the
// page re-renders from `review` messages, and the messages both ways validated like the others.
import * as assert from 'node:assert/strict';
import type { Question } from '../../src/core/bank/question';
import { parseHostMessage, parsePanelMessage, parseReview, type PanelReview } from '../../src/protocol';
import { renderQuestionHtml, type PanelHtmlOptions } from '../../src/vscode/panelHtml';
import { ratingButtonText, renderReviewBody } from '../../src/webview/reviewHtml';

const options: PanelHtmlOptions = {
  cspSource: 'https://webview.test',
  nonce: 'n0nce',
  scriptUri: 'https://webview.test/dist/webview.js',
  styleUri: 'https://webview.test/media/panel.css',
};

const question: Question = {
  id: 'what-is-rest',
  title: 'What is a RESTful API?',
  kind: 'concept',
  difficulty: 'easy',
  prompt: 'Explain REST.',
  answer: 'Resources, representations, stateless requests.',
  category: 'concepts',
  file: '/bank/concepts/what-is-rest.yaml',
  origin: 'builtin',
};

const review: PanelReview = {
  intervals: { again: '1 day', hard: '1 day', good: '2 days', easy: '8 days' },
  next: 'Next review in 3 days (Thu 26 Nov)',
  due: false,
};

/** The opening tag of the element with this id. */
function openTag(html: string, id: string): string {
  const match = new RegExp(`<[a-z0-9]+ [^>]*id="${id}"[^>]*>`).exec(html);
  assert.ok(match, `an element with id ${id}`);
  return match[0];
}

function ratingButtons(html: string): string[] {
  return [...html.matchAll(/<button [^>]*data-action="rate"[^>]*>([^<]*)<\/button>/g)].map((m) => m[1]);
}

describe('panel: Rate yourself', () => {
  it('four buttons with the interval each rating gives, then the next review', () => {
    const body = renderReviewBody(review);
    assert.deepEqual(ratingButtons(body), ['Again · 1 day', 'Hard · 1 day', 'Good · 2 days', 'Easy · 8 days']);
    assert.match(body, /data-rating="good"/);
    assert.match(body, /<p class="next-review" id="next-review" role="status">Next review in 3 days \(Thu 26 Nov\)<\/p>/);
    assert.equal(ratingButtonText('good', '3 days'), 'Good · 3 days');
  });

  it('never rated: says the rating schedules the first review; the last rating shows when known', () => {
    const fresh = renderReviewBody({ intervals: review.intervals, due: false });
    assert.match(fresh, /Not scheduled yet/);
    const rated = renderReviewBody({ ...review, last: 'You rated Good today.' });
    assert.match(rated, /<p class="last-rating">You rated Good today\.<\/p>/);
  });

  it('rated already today: says a second rating counts as another review', () => {
    const again = renderReviewBody({ ...review, last: 'You rated Good today.', ratedToday: true });
    assert.match(again, /You have rated this today\. Rating again counts as a second review today/);
    assert.doesNotMatch(again, /How well did you recall/);
    assert.doesNotMatch(renderReviewBody(review), /You have rated this today/);
  });

  it('escapes every text it is given', () => {
    const body = renderReviewBody({ intervals: { ...review.intervals, good: '<img src=x onerror=alert(1)>' }, next: '"><script>', due: false });
    assert.doesNotMatch(body, /<img|<script/);
    assert.match(body, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('is hidden until the answer is revealed or the checks ran, and shown at once when due', () => {
    const before = renderQuestionHtml(question, 'attempted', { ...options, review });
    assert.match(openTag(before, 'rate'), /\shidden/);
    const revealed = renderQuestionHtml(question, 'attempted', { ...options, review, state: { hintsShown: 0, answerRevealed: true } });
    assert.doesNotMatch(openTag(revealed, 'rate'), /\shidden/);
    const checked = renderQuestionHtml(question, 'attempted', { ...options, review, results: { state: 'done', cases: [], ms: 3 } });
    assert.doesNotMatch(openTag(checked, 'rate'), /\shidden/);
    const due = renderQuestionHtml(question, 'solved', { ...options, review: { ...review, due: true } });
    assert.doesNotMatch(openTag(due, 'rate'), /\shidden/);
    assert.deepEqual(ratingButtons(due).length, 4);
    assert.match(openTag(due, 'due-badge'), /class="badge due"/, 'the header says it is due');
    assert.doesNotMatch(before, /id="due-badge"/);
    // Without review data (an older host) there is no section at all.
    assert.doesNotMatch(renderQuestionHtml(question, 'new', options), /id="rate"/);
  });

  it('Compare with model answer sits with the revealed answer', () => {
    const html = renderQuestionHtml(question, 'attempted', { ...options, review });
    assert.match(openTag(html, 'compare'), /data-action="compare"/);
    const answerStart = html.indexOf('id="answer"');
    const compareAt = html.indexOf('id="compare"');
    assert.ok(answerStart > 0 && compareAt > answerStart, 'inside the hidden answer');
  });
});

describe('protocol: rate, compare, review', () => {
  it('accepts rate with each rating and compare', () => {
    for (const rating of ['again', 'hard', 'good', 'easy']) {
      assert.deepEqual(parsePanelMessage({ type: 'rate', questionId: 'what-is-rest', rating }), { type: 'rate', questionId: 'what-is-rest', rating });
    }
    assert.deepEqual(parsePanelMessage({ type: 'compare', questionId: 'what-is-rest' }), { type: 'compare', questionId: 'what-is-rest' });
  });

  it('rejects unknown ratings, missing or extra fields, bad ids', () => {
    for (const bad of [
      { type: 'rate', questionId: 'what-is-rest', rating: 'perfect' },
      { type: 'rate', questionId: 'what-is-rest', rating: 3 },
      { type: 'rate', questionId: 'what-is-rest' },
      { type: 'rate', questionId: 'what-is-rest', rating: 'good', due: '2030-01-01' },
      { type: 'rate', questionId: '../x', rating: 'good' },
      { type: 'compare', questionId: 'what-is-rest', file: '/etc/passwd' },
      { type: 'compare' },
    ]) {
      assert.equal(parsePanelMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('accepts a review message and rejects malformed ones', () => {
    assert.deepEqual(parseHostMessage({ type: 'review', questionId: 'what-is-rest', review }), { type: 'review', questionId: 'what-is-rest', review });
    const withLast = { ...review, last: 'You rated Hard yesterday.' };
    assert.deepEqual(parseReview(withLast), withLast);
    const today = { ...review, last: 'You rated Good today.', ratedToday: true };
    assert.deepEqual(parseReview(today), today);
    for (const bad of [
      { ...review, due: 'yes' },
      { ...review, intervals: { again: '1 day', hard: '1 day', good: '2 days' } },
      { ...review, intervals: { ...review.intervals, perfect: '1 year' } },
      { ...review, intervals: { ...review.intervals, good: 3 } },
      { ...review, next: 'x'.repeat(201) },
      { ...review, extra: true },
      { ...review, ratedToday: 'yes' },
      null,
    ]) {
      assert.equal(parseReview(bad), undefined, JSON.stringify(bad));
      assert.equal(parseHostMessage({ type: 'review', questionId: 'what-is-rest', review: bad }), undefined);
    }
  });
});
