// The "Query" section of the question panel: what Run query returned for the statement the user
// ran: a grid of rows, a command tag ("INSERT 0 1"), or PostgreSQL's error with a button to its
// line. The renderer is pure (unit-tested in Node); every value is escaped, since the rows are
// whatever the user's query selected.
import type { PanelQueryResult } from '../protocol';
import { cellHtml, escapeText, formatMs } from './resultsHtml';

function rowsText(n: number): string {
  return `${n} row${n === 1 ? '' : 's'}`;
}

/** The statement that ran (one shortened line), with where it is in the file. */
function caption(result: PanelQueryResult): string {
  const where = `${result.file}:${result.line}`;
  return `<p class="query-caption"><span class="results-where">${escapeText(where)}</span> <code class="query-statement" title="The statement that ran">${escapeText(result.statement)}</code></p>`;
}

function grid(result: Extract<PanelQueryResult, { kind: 'rows' }>): string {
  const numeric = result.columns.map((c) => c.numeric);
  const head = `<tr>${result.columns.map((c, i) => `<th scope="col"${numeric[i] ? ' class="num"' : ''}>${escapeText(c.name)}</th>`).join('')}</tr>`;
  const body = result.rows
    .map((row) => `<tr>${row.map((cell, i) => cellHtml(cell, false, numeric[i] ? 'num' : '')).join('')}</tr>`)
    .join('');
  const empty = result.rows.length === 0 ? `<tr class="row-none"><td colspan="${Math.max(1, result.columns.length)}">(no rows)</td></tr>` : '';
  return `<div class="rows-scroll query-scroll"><table class="rows-table query-grid"><thead>${head}</thead><tbody>${body}${empty}</tbody></table></div>`;
}

/** "3 rows in 4 ms", "results cut at 1000 rows". */
export function querySummary(result: PanelQueryResult): string {
  const time = result.ms !== undefined ? ` in ${formatMs(result.ms)}` : '';
  switch (result.kind) {
    case 'rows': {
      const total = result.total ?? result.rows.length;
      if (result.cut) return `${result.rows.length}+ rows${time}: results cut at ${result.rows.length} rows`;
      if (total > result.rows.length) return `${rowsText(total)}${time}: the first ${result.rows.length} shown`;
      return `${rowsText(total)}${time}`;
    }
    case 'command':
      return `${result.command}${time}`;
    case 'error':
      return `Error${time}`;
    case 'timeout':
      return `Stopped${time}`;
    case 'running':
      return 'Running query…';
  }
}

/** The inside of the Query section for one result. */
export function renderQueryResult(result: PanelQueryResult): string {
  const head = caption(result);
  switch (result.kind) {
    case 'running':
      return `${head}<p class="query-summary running"><span class="spinner" aria-hidden="true"></span>Running query…</p>`;
    case 'rows': {
      const cut = result.cut
        ? `<p class="rows-more">Results cut at ${escapeText(rowsText(result.rows.length))}: add a LIMIT or a WHERE to see the rest.</p>`
        : '';
      return `${head}<p class="query-summary">${escapeText(querySummary(result))}</p>${grid(result)}${cut}`;
    }
    case 'command':
      return `${head}<p class="query-summary query-command"><code>${escapeText(result.command)}</code>${result.ms !== undefined ? ` in ${escapeText(formatMs(result.ms))}` : ''}</p><p class="query-note">Nothing is kept: the next run starts again from the exercise's tables and rows.</p>`;
    case 'error': {
      const where = result.at ? ` at line ${result.at.line}, column ${result.at.col}` : '';
      const go = result.at ? `<p><button type="button" class="link" data-action="openAnswer" data-line="${result.at.line}">Go to line ${result.at.line}</button></p>` : '';
      return `${head}<div class="query-error" role="alert"><strong>ERROR${escapeText(where)}:</strong> ${escapeText(result.message)}</div>${go}`;
    }
    case 'timeout':
      return `${head}<div class="query-error" role="alert"><strong>Stopped:</strong> ${escapeText(result.message)}</div>`;
  }
}
