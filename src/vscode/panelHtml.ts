// The question panel's HTML, rendered on the host so the content is there at first paint.
// Pure (no `vscode` import) so it is unit-tested in plain Node. Every interpolated value goes
// through escapeHtml or renderMarkdown; nothing from a question file reaches the page raw.
import type { Question, QuestionKind } from '../core/bank/question';
import { escapeHtml, renderMarkdown } from '../core/markdown';
import { LANGUAGE_LABELS } from '../core/scratch';
import { hintButtonText, statusText, type PanelResults, type PanelReview, type PanelViewState, type ProgressStatus } from '../protocol';
import { renderResultsBody } from '../webview/resultsHtml';
import { renderReviewBody } from '../webview/reviewHtml';

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random value per render. */
  nonce: string;
  /** `asWebviewUri` of dist/webview.js, as a string. */
  scriptUri: string;
  /** `asWebviewUri` of media/panel.css, as a string. */
  styleUri: string;
  /** What was revealed before a reload, so it shows at first paint. */
  state?: Pick<PanelViewState, 'hintsShown' | 'answerRevealed'>;
  attempts?: number;
  /** The last run of the checks (or the run in progress), for code questions. */
  results?: PanelResults;
  /** Rate yourself: what each rating would schedule and when the question comes back. */
  review?: PanelReview;
}

const KIND_LABELS: Record<QuestionKind, string> = {
  concept: 'Concept',
  code: 'Coding',
  sql: 'SQL',
  behavioral: 'Behavioral',
};

/** The CSP. Only host-provided values go in; they are escaped one by one so the quotes stay readable. */
function contentSecurityPolicy(cspSource: string, nonce: string): string {
  const source = escapeHtml(cspSource);
  return [
    `default-src 'none'`,
    `img-src ${source} https:`,
    `style-src ${source}`,
    `script-src 'nonce-${escapeHtml(nonce)}'`,
    `font-src ${source}`,
  ].join('; ');
}

function page(title: string, body: string, bodyAttributes: string, options: PanelHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(options.cspSource, options.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>${escapeHtml(title)}</title>
</head>
<body ${bodyAttributes}>
${body}
<script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}

function hasStarter(question: Question): boolean {
  if (question.kind === 'code') {
    return Object.values(question.exercise?.starter ?? {}).some((text) => typeof text === 'string' && text.length > 0);
  }
  // SQL answer files start from the schema; written answers from a template.
  return true;
}

function header(question: Question, status: ProgressStatus, attempts: number | undefined, due: boolean): string {
  const tags = (question.tags ?? []).map((tag) => `<li class="tag">${escapeHtml(tag)}</li>`).join('');
  return `<header class="question-header">
<h1>${escapeHtml(question.title)}</h1>
<div class="meta">
<span class="badge difficulty difficulty-${escapeHtml(question.difficulty)}" title="Difficulty">${escapeHtml(question.difficulty)}</span>
<span class="badge kind" title="Kind">${escapeHtml(KIND_LABELS[question.kind] ?? question.kind)}</span>
<span class="badge status status-${escapeHtml(status)}" id="status" title="Your progress" role="status">${escapeHtml(statusText(status, attempts))}</span>
${due ? `<span class="badge due" id="due-badge" title="Recall the answer, then rate yourself at the end of the page">Due for review</span>` : ''}
${tags ? `<ul class="tags" aria-label="Tags">${tags}</ul>` : ''}
</div>
</header>`;
}

function actions(question: Question, results: PanelResults | undefined): string {
  const running = results?.state === 'running';
  const buttons = [
    `<button type="button" class="primary" data-action="start">Start</button>`,
    `<button type="button" class="primary" id="run-checks" data-action="runChecks" title="Run the checks on your answer file (Ctrl+Alt+Enter in the file)"${running ? ' disabled' : ''}>${running ? 'Running…' : 'Run checks'}</button>`,
  ];
  if (hasStarter(question)) buttons.push(`<button type="button" class="secondary" data-action="resetStarter">Reset to starter</button>`);
  if (question.kind === 'code') buttons.push(`<button type="button" class="secondary" data-action="chooseLanguage">Choose language…</button>`);
  buttons.push(`<button type="button" class="secondary" data-action="random">Random question</button>`);
  return `<div class="actions" role="toolbar" aria-label="Question actions">${buttons.join('\n')}</div>`;
}

function details(question: Question): string {
  const lines: string[] = [];
  const languages = question.kind === 'code' ? question.exercise?.languages ?? [] : [];
  if (languages.length > 0) {
    const names = languages.map((l) => escapeHtml(LANGUAGE_LABELS[l] ?? l)).join(', ');
    lines.push(`<p class="languages"><span class="label">Answer in</span> ${names}${question.exercise?.entry ? ` · implement <code>${escapeHtml(question.exercise.entry)}</code>` : ''}</p>`);
  }
  const time = question.speakingTime;
  if (time && (time.minSeconds || time.maxSeconds)) {
    const range = [time.minSeconds, time.maxSeconds].filter((s): s is number => typeof s === 'number').map(formatSeconds).join('–');
    lines.push(`<p class="speaking-time"><span class="label">Speaking time</span> ${escapeHtml(range)}</p>`);
  }
  return lines.join('\n');
}

function formatSeconds(seconds: number): string {
  if (seconds < 60 || seconds % 60 !== 0) return `${seconds} s`;
  return `${seconds / 60} min`;
}

function section(className: string, heading: string, content: string): string {
  return `<section class="${className}" aria-labelledby="${className}-heading">
<h2 id="${className}-heading">${escapeHtml(heading)}</h2>
${content}
</section>`;
}

/** The checks' verdicts; hidden until the first run, then kept up to date by the panel script. */
function results(last: PanelResults | undefined): string {
  return `<section class="results" id="results" aria-labelledby="results-heading"${last ? '' : ' hidden'}>
<h2 id="results-heading">Results</h2>
<div id="results-body" aria-live="polite">
${renderResultsBody(last)}
</div>
</section>`;
}

function schema(question: Question): string {
  if (question.kind !== 'sql' || !question.sql?.schema.trim()) return '';
  return section('schema', 'Tables', `<pre><code class="language-sql">${escapeHtml(question.sql.schema.trim())}</code></pre>`);
}

function hints(question: Question, shown: number): string {
  const items = question.hints ?? [];
  if (items.length === 0) return '';
  const visible = Math.min(shown, items.length);
  const list = items
    .map((hint, i) => `<li class="hint"${i < visible ? '' : ' hidden'}>${renderMarkdown(hint)}</li>`)
    .join('\n');
  const next = visible < items.length
    ? `<button type="button" class="secondary" id="show-hint" data-action="showHint">${escapeHtml(hintButtonText(visible + 1, items.length))}</button>`
    : `<button type="button" class="secondary" id="show-hint" data-action="showHint" hidden>${escapeHtml(hintButtonText(items.length, items.length))}</button>`;
  return section('hints', 'Hints', `<ol id="hints" data-count="${items.length}">\n${list}\n</ol>\n${next}`);
}

function answer(question: Question, revealed: boolean): string {
  const keyPoints = (question.keyPoints ?? []).map((k) => `<li>${escapeHtml(k.point)}</li>`).join('\n');
  const body = `${renderMarkdown(question.answer)}${keyPoints ? `\n<h3>Key points</h3>\n<ul class="key-points">\n${keyPoints}\n</ul>` : ''}`;
  return section(
    'answer',
    'Model answer',
    `<button type="button" class="secondary" id="reveal-answer" data-action="revealAnswer"${revealed ? ' hidden' : ''}>Reveal answer</button>
<div id="answer" class="answer-body markdown"${revealed ? '' : ' hidden'}>
${body}
<div class="answer-actions"><button type="button" class="secondary" id="compare" data-action="compare" title="Open a diff of the model answer and your answer file">Compare with model answer</button></div>
</div>`,
  );
}

/**
 * Rate yourself: shown after the answer is revealed or the checks ran, and at once when the
 * question is due for review. The page shows it on reveal without asking the host.
 */
function rate(review: PanelReview | undefined, shown: boolean): string {
  if (!review) return '';
  return `<section class="rate" id="rate" aria-labelledby="rate-heading"${shown || review.due ? '' : ' hidden'}>
<h2 id="rate-heading">Rate yourself</h2>
<div id="rate-body">
${renderReviewBody(review)}
</div>
</section>`;
}

function followUps(question: Question): string {
  const items = question.followUps ?? [];
  if (items.length === 0) return '';
  return section('follow-ups', 'Follow-up questions', `<ul>\n${items.map((f) => `<li>${renderMarkdown(f)}</li>`).join('\n')}\n</ul>`);
}

/** The whole panel page for one question. */
export function renderQuestionHtml(question: Question, status: ProgressStatus, options: PanelHtmlOptions): string {
  const state = options.state ?? { hintsShown: 0, answerRevealed: false };
  const body = `<main class="question">
${header(question, status, options.attempts, options.review?.due === true)}
${actions(question, options.results)}
${details(question)}
${results(options.results)}
<section class="prompt markdown" aria-label="Question">
${renderMarkdown(question.prompt)}
</section>
${schema(question)}
${question.why?.trim() ? section('why', 'Why interviewers ask this', `<div class="markdown">${renderMarkdown(question.why)}</div>`) : ''}
${hints(question, state.hintsShown)}
${answer(question, state.answerRevealed)}
${rate(options.review, state.answerRevealed || options.results?.state === 'done')}
${followUps(question)}
</main>`;
  return page(question.title, body, `data-question-id="${escapeHtml(question.id)}"`, options);
}

/** Shown when a restored or open panel names a question that is no longer in the bank. */
export function renderMissingQuestionHtml(questionId: string, options: PanelHtmlOptions): string {
  const body = `<main class="question missing">
<h1>This question is no longer available</h1>
<p>The question <code>${escapeHtml(questionId)}</code> is not in the question bank any more: its file may have been renamed, moved or deleted, or it has an error (see the Problems panel).</p>
<div class="actions" role="toolbar"><button type="button" class="primary" data-action="random">Random question</button></div>
</main>`;
  return page('Question not found', body, `data-question-id="${escapeHtml(questionId)}" data-missing="true"`, options);
}
