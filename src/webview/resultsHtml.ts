// The "Results" section of the question panel: the last run of the checks, case by case. Pure
// (no DOM, no Node) so the host renders it at first paint and the panel re-renders it when a
// `results` message arrives, from the same code. Every value is escaped: what a case printed or
// returned is the user's program's output, never markup.
import { resultCounts, type CaseStatusId, type PanelCase, type PanelResults, type PanelRowDiff, type PanelRowTable } from '../protocol';

const STATUS_LABELS: Record<CaseStatusId, string> = {
  passed: 'Passed',
  failed: 'Failed',
  error: 'Error',
  timeout: 'Time limit',
  memory: 'Memory limit',
  output: 'Output limit',
  'not-started': 'Could not start',
};

const LANGUAGE_NAMES: Record<string, string> = { typescript: 'TypeScript', javascript: 'JavaScript', python: 'Python', sql: 'SQL', markdown: 'Written answer' };

/** Above this many cells the line diff is not computed; lines are compared by position instead. */
const MAX_DIFF_CELLS = 250_000;

export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export function statusLabel(status: CaseStatusId): string {
  return STATUS_LABELS[status];
}

export function formatMs(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "7/8 passed in 83 ms". */
export function summaryText(results: PanelResults): string {
  const { passed, total } = resultCounts(results);
  return `${passed}/${total} passed${results.ms !== undefined ? ` in ${formatMs(results.ms)}` : ''}`;
}

/**
 * Which lines of `a` and `b` are not part of their longest common subsequence of lines: those
 * are the lines to highlight on each side.
 */
export function changedLines(a: readonly string[], b: readonly string[]): { a: boolean[]; b: boolean[] } {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_DIFF_CELLS) {
    return { a: a.map((line, i) => line !== b[i]), b: b.map((line, i) => line !== a[i]) };
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], in one flat array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const changedA = new Array<boolean>(n).fill(true);
  const changedB = new Array<boolean>(m).fill(true);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      changedA[i++] = false;
      changedB[j++] = false;
    } else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
      i++;
    } else {
      j++;
    }
  }
  return { a: changedA, b: changedB };
}

function diffSide(title: string, lines: readonly string[], changed: readonly boolean[], kind: 'expected' | 'actual'): string {
  const mark = kind === 'expected' ? 'del' : 'ins';
  const body = lines
    .map((line, i) => `<span class="diff-line${changed[i] ? ` diff-${mark}` : ''}">${escapeText(line) || ' '}</span>`)
    // Block spans, no newline between them: in a <pre> that newline would show as a blank line.
    .join('');
  return `<div class="diff-side diff-${kind}"><h4>${escapeText(title)}</h4><pre><code>${body}</code></pre></div>`;
}

/** Expected and actual side by side, the lines that differ highlighted (with a +/− marker, not only colour). */
export function renderDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const changed = changedLines(a, b);
  return `<div class="diff" role="group" aria-label="Expected and actual">${diffSide('Expected', a, changed.a, 'expected')}${diffSide('Actual', b, changed.b, 'actual')}</div>`;
}

function rowsText(n: number): string {
  return `${n} row${n === 1 ? '' : 's'}`;
}

/** A cell: NULL in its own style (so it never reads as the text 'NULL'), else the escaped text. */
export function cellHtml(value: string | null, changed = false, className = ''): string {
  const classes = [className, changed ? 'cell-changed' : ''].filter(Boolean).join(' ');
  const mark = `${classes ? ` class="${classes}"` : ''}${changed ? ' title="This value differs"' : ''}`;
  const hidden = changed ? '<span class="visually-hidden"> (differs)</span>' : '';
  if (value === null) return `<td${mark}><span class="sql-null">NULL</span>${hidden}</td>`;
  if (value === '') return `<td${mark}><span class="sql-empty" title="empty text">''</span>${hidden}</td>`;
  return `<td${mark}>${escapeText(value)}${hidden}</td>`;
}

const ROW_MARKS = {
  missing: { symbol: '−', title: 'Missing from your result' },
  unexpected: { symbol: '+', title: 'Not expected' },
} as const;

function rowTableHtml(table: PanelRowTable, title: string, kind: 'expected' | 'actual'): string {
  const head = `<tr><th scope="col" class="row-n" title="Row number">#</th>${table.columns.map((c) => `<th scope="col">${escapeText(c)}</th>`).join('')}</tr>`;
  const width = table.columns.length + 1;
  const body: string[] = [];
  let previous = 0;
  for (const row of table.rows) {
    // Rows left out between two shown ones: a gap, so the numbers are not read as consecutive.
    if (row.n > previous + 1) body.push(`<tr class="row-gap"><td colspan="${width}">⋯ ${escapeText(rowsText(row.n - previous - 1))}</td></tr>`);
    previous = row.n;
    const mark = row.mark ? ROW_MARKS[row.mark] : undefined;
    const changed = new Set(row.changed ?? []);
    const attrs = mark ? ` class="row-${row.mark}" title="${escapeText(mark.title)}"` : changed.size > 0 ? ' class="row-changed"' : '';
    const marker = mark ? `<span class="row-mark" aria-hidden="true">${mark.symbol}</span><span class="visually-hidden">${escapeText(mark.title)}: </span>` : '';
    body.push(`<tr${attrs}><td class="row-n">${marker}${row.n}</td>${row.cells.map((cell, c) => cellHtml(cell, changed.has(c))).join('')}</tr>`);
  }
  if (table.total === 0) body.push(`<tr class="row-none"><td colspan="${width}">(no rows)</td></tr>`);
  const more = table.total - table.rows.length;
  const moreText = more > 0 ? `<p class="rows-more">${escapeText(`${more} more ${more === 1 ? 'row' : 'rows'}`)}</p>` : '';
  return `<div class="rows-side rows-${kind}"><h4>${escapeText(title)} <span class="rows-count">(${escapeText(rowsText(table.total))})</span></h4><div class="rows-scroll"><table class="rows-table"><thead>${head}</thead><tbody>${body.join('')}</tbody></table></div>${moreText}</div>`;
}

/**
 * A failed SQL case: the expected rows and the user's as two tables. Missing and unexpected rows
 * carry a −/+ marker and a title, differing cells a class, a title and hidden text, so the
 * difference does not rest on colour alone.
 */
export function renderRowDiff(diff: PanelRowDiff): string {
  const rows = [...diff.expected.rows, ...diff.actual.rows];
  const keys: string[] = [];
  if (rows.some((r) => r.mark === 'missing')) keys.push('<span class="row-mark" aria-hidden="true">−</span> missing from your result');
  if (rows.some((r) => r.mark === 'unexpected')) keys.push('<span class="row-mark" aria-hidden="true">+</span> not expected');
  if (rows.some((r) => (r.changed?.length ?? 0) > 0)) keys.push('<span class="legend-cell" aria-hidden="true">value</span> differs');
  const legend = keys.length > 0 ? `<p class="rows-legend">${keys.join(' · ')}</p>` : '';
  return `<div class="row-diff" role="group" aria-label="Expected and actual rows">${rowTableHtml(diff.expected, 'Expected', 'expected')}${rowTableHtml(diff.actual, 'Your result', 'actual')}</div>${legend}`;
}

function lineCount(text: string): string {
  const n = text.replace(/\n$/, '').split('\n').length;
  return `${n} line${n === 1 ? '' : 's'}`;
}

function caseBody(item: PanelCase, sharedMessage: boolean): string {
  const parts: string[] = [];
  if (item.message && !sharedMessage) parts.push(`<p class="case-message">${escapeText(item.message)}</p>`);
  if (item.call) parts.push(`<p class="case-call"><span class="label">Call</span> <code>${escapeText(item.call)}</code></p>`);
  if (item.fixture) {
    parts.push(`<details class="case-fixture"><summary>Files in the directory (${escapeText(lineCount(item.fixture))})</summary><pre><code>${escapeText(item.fixture)}</code></pre></details>`);
  }
  if (item.status === 'failed' && item.rows) {
    parts.push(renderRowDiff(item.rows));
  } else if (item.status === 'failed' && item.expected !== undefined && item.actual !== undefined) {
    parts.push(renderDiff(item.expected, item.actual));
  } else {
    if (item.expected !== undefined) parts.push(`<p class="label">Expected</p><pre><code>${escapeText(item.expected)}</code></pre>`);
    if (item.actual !== undefined) parts.push(`<p class="label">Actual</p><pre><code>${escapeText(item.actual)}</code></pre>`);
  }
  if (item.stack) parts.push(`<pre class="stack"><code>${escapeText(item.stack)}</code></pre>`);
  if (item.line !== undefined) {
    parts.push(`<p><button type="button" class="link" data-action="openAnswer" data-line="${item.line}">Go to line ${item.line}</button></p>`);
  }
  if (item.output) parts.push(outputBlock(item.output));
  return parts.join('\n');
}

function outputBlock(output: string): string {
  return `<details class="case-output"><summary>Output (${escapeText(lineCount(output))})</summary><pre><code>${escapeText(output)}</code></pre></details>`;
}

function caseItem(item: PanelCase, open: boolean, sharedMessage: boolean): string {
  const head = `<span class="case-icon" aria-hidden="true"></span><span class="case-name">${escapeText(item.name)}</span><span class="case-status">${escapeText(statusLabel(item.status))}</span><span class="case-ms">${escapeText(formatMs(item.ms))}</span>`;
  const cls = `case case-${item.status}`;
  if (item.status === 'passed') {
    const message = item.message ? `<p class="case-message">${escapeText(item.message)}</p>` : '';
    return `<li class="${cls}"><div class="case-head">${head}</div>${message}${item.output ? outputBlock(item.output) : ''}</li>`;
  }
  const body = caseBody(item, sharedMessage);
  if (!body) return `<li class="${cls}"><div class="case-head">${head}</div></li>`;
  return `<li class="${cls}"><details class="case-details"${open ? ' open' : ''}><summary class="case-head">${head}</summary><div class="case-body">${body}</div></details></li>`;
}

/** "Rubric, not a grade: …" (the note as the rubric writes it starts "This is a rubric, not a grade: …"). */
export function rubricNote(note: string): string {
  return note.replace(/^This is a rubric, not a grade:\s*/i, 'Rubric, not a grade: ');
}

/** The inside of the Results section: empty state, running state, or the last run. */
export function renderResultsBody(results: PanelResults | undefined): string {
  if (!results) {
    return `<p class="results-empty">Write your answer in the editor, then press <strong>Run checks</strong> (here, above the file, or Ctrl+Alt+Enter).</p>`;
  }
  const running = results.state === 'running';
  const { passed, total } = resultCounts(results);
  const where = [results.language ? LANGUAGE_NAMES[results.language] ?? results.language : '', results.file ?? ''].filter(Boolean).map(escapeText).join(' · ');
  let summary: string;
  if (running) {
    summary = `<p class="results-summary running"><span class="spinner" aria-hidden="true"></span>Running checks…${where ? ` <span class="results-where">${where}</span>` : ''}</p>`;
  } else {
    const outcome = total > 0 && passed === total ? 'all-passed' : 'some-failed';
    summary = `<p class="results-summary ${outcome}"><span class="summary-icon" aria-hidden="true"></span><strong>${escapeText(summaryText(results))}</strong>${where ? ` <span class="results-where">· ${where}</span>` : ''}</p>`;
  }
  if (results.note) summary += `\n<p class="results-note">${escapeText(rubricNote(results.note))}</p>`;
  if (results.cases.length === 0) return summary;
  // One reason for every case (e.g. Python is not installed) is said once, above the list.
  const first = results.cases[0];
  const shared =
    !running && first.status === 'not-started' && first.message !== undefined && results.cases.every((c) => c.status === 'not-started' && c.message === first.message);
  const notice = shared ? `<div class="results-notice" role="alert">${escapeText(first.message ?? '')}</div>` : '';
  const firstFailing = results.cases.findIndex((c) => c.status !== 'passed');
  const items = results.cases.map((c, i) => caseItem(c, i === firstFailing && !shared, shared)).join('\n');
  return `${summary}\n${notice}<ol class="cases${running ? ' stale' : ''}">\n${items}\n</ol>`;
}
