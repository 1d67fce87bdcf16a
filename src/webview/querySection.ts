// The panel's "Query" section in the page: made on the first Run query result, right after the
// Results section, and filled with the grid (queryGrid.ts) of each new result.
import type { PanelQueryResult } from '../protocol';
import { renderQueryResult } from './queryGrid';

/**
 * Shows a result in the panel's Query section, which is made on the first result and sits right
 * after the Results section; a new result replaces the previous one.
 */
export function showQueryResult(doc: Document, result: PanelQueryResult): void {
  let section = doc.getElementById('query');
  if (!section) {
    section = doc.createElement('section');
    section.id = 'query';
    section.className = 'query';
    section.setAttribute('aria-labelledby', 'query-heading');
    const heading = doc.createElement('h2');
    heading.id = 'query-heading';
    heading.textContent = 'Query';
    const body = doc.createElement('div');
    body.id = 'query-body';
    body.setAttribute('aria-live', 'polite');
    section.append(heading, body);
    const anchor = doc.getElementById('results') ?? doc.querySelector('.actions');
    if (anchor) anchor.after(section);
    else doc.querySelector('main')?.prepend(section);
  }
  const body = doc.getElementById('query-body');
  if (!body) return;
  // Markup from the renderer above: every value in it is escaped, and the CSP allows no inline script.
  body.innerHTML = renderQueryResult(result);
  if (result.kind !== 'running') {
    const top = section.getBoundingClientRect().top;
    if (top < 0 || top > (doc.defaultView?.innerHeight ?? 0) - 80) section.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }
}
