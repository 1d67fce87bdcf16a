import * as assert from 'node:assert/strict';
import type { Question } from '../../src/core/bank/question';
import { renderMissingQuestionHtml, renderQuestionHtml, type PanelHtmlOptions } from '../../src/vscode/panelHtml';

const options: PanelHtmlOptions = {
  cspSource: 'https://webview.test',
  nonce: 'n0nce+abc/123',
  scriptUri: 'https://webview.test/dist/webview.js',
  styleUri: 'https://webview.test/media/panel.css',
};

function question(overrides: Partial<Question> = {}): Question {
  return {
    id: 'duplicate-files',
    title: 'Detect duplicate files',
    kind: 'code',
    difficulty: 'medium',
    tags: ['filesystem', 'hashing'],
    prompt: 'Write `findDuplicates(dir)`.',
    why: 'It shows whether you think about **cost** before hashing.',
    hints: ['Group by size first.', 'Hash only files that share a size.', 'Compare bytes on a hash match.'],
    answer: 'Group by size, then hash.',
    followUps: ['What if the files do not fit in memory?', 'What about hard links?'],
    exercise: {
      languages: ['typescript', 'python'],
      entry: 'findDuplicates',
      starter: { typescript: 'export function findDuplicates() {}', python: 'def find_duplicates(): pass' },
      solution: {},
      cases: [],
    },
    category: 'coding',
    file: '/bank/coding/duplicate-files.yaml',
    origin: 'builtin',
    ...overrides,
  };
}

interface Tag {
  name: string;
  attrs: Record<string, string>;
}

/** Every start tag with its attributes; text is escaped, so every `<` in the page starts a tag. */
function tags(html: string): Tag[] {
  return [...html.matchAll(/<([a-zA-Z!][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>/g)].map(([, name, rest]) => {
    const attrs: Record<string, string> = {};
    for (const [, attr, value] of rest.matchAll(/\s([^\s=/>]+)(?:="([^"]*)")?/g)) attrs[attr.toLowerCase()] = value ?? '';
    return { name: name.toLowerCase(), attrs };
  });
}

function byId(html: string, id: string): Tag | undefined {
  return tags(html).find((t) => t.attrs.id === id);
}

function buttonLabels(html: string): string[] {
  return [...html.matchAll(/<button\b[^>]*>([^<]*)<\/button>/g)].map((m) => m[1]);
}

const ALLOWED_TAGS = new Set([
  '!doctype', 'html', 'head', 'meta', 'link', 'title', 'body', 'script', 'main', 'header', 'section', 'div', 'span',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'code', 'pre', 'a', 'em', 'strong', 'blockquote', 'hr', 'br',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'button', 's', 'img',
]);

describe('renderQuestionHtml', () => {
  it('sets a strict Content-Security-Policy with the nonce', () => {
    const html = renderQuestionHtml(question(), 'new', options);
    const csp = tags(html).find((t) => t.name === 'meta' && t.attrs['http-equiv'] === 'Content-Security-Policy');
    assert.ok(csp, 'CSP meta tag');
    const directives = csp.attrs.content.split(';').map((d) => d.trim());
    assert.equal(directives[0], "default-src 'none'");
    assert.ok(directives.includes("script-src 'nonce-n0nce+abc/123'"), csp.attrs.content);
    assert.ok(directives.includes('style-src https://webview.test'), csp.attrs.content);
    assert.doesNotMatch(csp.attrs.content, /unsafe-inline|unsafe-eval/);
  });

  it('loads exactly one script, with the nonce, and no inline styles', () => {
    const html = renderQuestionHtml(question(), 'new', options);
    const scripts = tags(html).filter((t) => t.name === 'script');
    assert.deepEqual(scripts.map((s) => s.attrs), [{ nonce: options.nonce, src: options.scriptUri }]);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.ok(tags(html).some((t) => t.name === 'link' && t.attrs.rel === 'stylesheet' && t.attrs.href === options.styleUri));
    assert.doesNotMatch(html, /<style|\sstyle=/);
  });

  it('shows title, badges, tags, status, prompt, why and follow-ups', () => {
    const html = renderQuestionHtml(question(), 'attempted', { ...options, attempts: 2 });
    assert.match(html, /<h1>Detect duplicate files<\/h1>/);
    assert.match(html, /<title>Detect duplicate files<\/title>/);
    assert.match(html, /class="badge difficulty difficulty-medium"[^>]*>medium</);
    assert.match(html, /class="badge kind"[^>]*>Coding</);
    assert.match(html, /id="status"[^>]*>Attempted · 2 attempts</);
    assert.match(html, /<li class="tag">filesystem<\/li><li class="tag">hashing<\/li>/);
    assert.match(html, /<code>findDuplicates\(dir\)<\/code>/);
    assert.match(html, /Why interviewers ask this[\s\S]*<strong>cost<\/strong>/);
    assert.match(html, /Follow-up questions[\s\S]*What if the files do not fit in memory\?[\s\S]*What about hard links\?/);
    assert.match(html, /Answer in<\/span> TypeScript, Python/);
    assert.match(html, /data-question-id="duplicate-files"/);
  });

  it('renders every hint hidden, with a button for the first', () => {
    const html = renderQuestionHtml(question(), 'new', options);
    const hints = tags(html).filter((t) => t.name === 'li' && t.attrs.class === 'hint');
    assert.equal(hints.length, 3);
    assert.ok(hints.every((h) => 'hidden' in h.attrs));
    assert.ok(buttonLabels(html).includes('Show hint (1 of 3)'));
    assert.ok(!('hidden' in (byId(html, 'show-hint')?.attrs ?? { hidden: '' })));
  });

  it('renders the model answer hidden behind "Reveal answer"', () => {
    const html = renderQuestionHtml(question({ keyPoints: [{ point: 'Group by size', evidence: ['size'] }] }), 'new', options);
    assert.ok('hidden' in (byId(html, 'answer')?.attrs ?? {}));
    assert.ok(!('hidden' in (byId(html, 'reveal-answer')?.attrs ?? { hidden: '' })));
    assert.ok(buttonLabels(html).includes('Reveal answer'));
    // The key points are part of the answer, so they are hidden with it.
    assert.match(html, /<div id="answer"[^>]*hidden>[\s\S]*Group by size, then hash[\s\S]*Key points[\s\S]*Group by size<\/li>[\s\S]*<\/div>/);
  });

  it('renders what was revealed before a reload already revealed', () => {
    const html = renderQuestionHtml(question(), 'new', { ...options, state: { hintsShown: 2, answerRevealed: true } });
    const hints = tags(html).filter((t) => t.name === 'li' && t.attrs.class === 'hint');
    assert.deepEqual(hints.map((h) => 'hidden' in h.attrs), [false, false, true]);
    assert.ok(buttonLabels(html).includes('Show hint (3 of 3)'));
    assert.ok(!('hidden' in (byId(html, 'answer')?.attrs ?? { hidden: '' })));
    assert.ok('hidden' in (byId(html, 'reveal-answer')?.attrs ?? {}));
  });

  it('offers the buttons that fit the kind of question', () => {
    assert.deepEqual(buttonLabels(renderQuestionHtml(question(), 'new', options)).slice(0, 5), [
      'Start',
      'Run checks',
      'Reset to starter',
      'Choose language…',
      'Random question',
    ]);
    const concept = question({ kind: 'concept', exercise: undefined });
    assert.deepEqual(buttonLabels(renderQuestionHtml(concept, 'solved', options)).slice(0, 4), ['Start', 'Run checks', 'Reset to starter', 'Random question']);
    const noStarter = question({ exercise: { ...question().exercise!, starter: {} } });
    assert.ok(!buttonLabels(renderQuestionHtml(noStarter, 'new', options)).includes('Reset to starter'));
  });

  it('leaves out the sections a question does not have', () => {
    const html = renderQuestionHtml(question({ why: undefined, hints: [], followUps: undefined, tags: undefined }), 'new', options);
    assert.doesNotMatch(html, /Why interviewers ask this|Show hint|Follow-up questions|class="tags"/);
    assert.match(html, /Reveal answer/);
  });

  it('shows the tables of an SQL question', () => {
    const sql = question({ kind: 'sql', exercise: undefined, sql: { schema: 'CREATE TABLE orders (id int, total numeric CHECK (total > 0));', solution: 'SELECT 1', cases: [] } });
    const html = renderQuestionHtml(sql, 'new', options);
    assert.match(html, /<code class="language-sql">CREATE TABLE orders \(id int, total numeric CHECK \(total &gt; 0\)\);<\/code>/);
  });

  it('turns a malicious question into inert text', () => {
    const evil = question({
      id: 'evil',
      title: '<img src=x onerror=alert(1)>',
      tags: [`"><script>alert(1)</script>`, `' onmouseover='alert(1)`],
      difficulty: 'easy" onclick="alert(1)' as Question['difficulty'],
      prompt: '<script>alert(1)</script>\n\n[run me](command:workbench.action.terminal.new) and [me](javascript:alert(1))\n\n<iframe src="https://evil.example"></iframe>',
      why: '<style>body{display:none}</style>',
      hints: ['<a href="command:x">hint</a>', '![x](data:image/svg+xml,<svg onload=alert(1)>)'],
      answer: '[answer](vscode:extension/evil) <object data=x>',
      followUps: ['<img src=x onerror=alert(2)>'],
      keyPoints: [{ point: '<b onmouseover=alert(3)>', evidence: ['x'] }],
      exercise: { ...question().exercise!, entry: '</code><script>alert(4)</script>' },
    });
    const html = renderQuestionHtml(evil, 'new', options);
    const all = tags(html);
    assert.deepEqual(all.filter((t) => !ALLOWED_TAGS.has(t.name)).map((t) => t.name), []);
    assert.deepEqual(all.filter((t) => t.name === 'img'), []);
    assert.equal(all.filter((t) => t.name === 'script').length, 1);
    for (const tag of all) {
      for (const attr of Object.keys(tag.attrs)) assert.ok(!attr.startsWith('on'), `${tag.name} has ${attr}`);
      if (tag.name === 'a') assert.match(tag.attrs.href, /^(https?:|mailto:|#)/);
    }
    // The escaped <iframe src="https://…"> shows its URL as text, which linkify makes a plain web link.
    assert.deepEqual(all.filter((t) => t.name === 'a').map((a) => a.attrs.href), ['https://evil.example']);
    assert.doesNotMatch(html, /command:workbench[^<]*<\/a>/);
    assert.match(html, /<h1>&lt;img src=x onerror=alert\(1\)&gt;<\/h1>/);
    assert.match(html, /<title>&lt;img src=x onerror=alert\(1\)&gt;<\/title>/);
  });
});

describe('renderMissingQuestionHtml', () => {
  it('says the question is gone and offers a random one, with the same CSP', () => {
    const html = renderMissingQuestionHtml('old-question', options);
    assert.match(html, /no longer available/);
    assert.match(html, /<code>old-question<\/code>/);
    assert.ok(buttonLabels(html).includes('Random question'));
    assert.match(html, /default-src 'none'/);
    assert.equal(tags(html).filter((t) => t.name === 'script' && t.attrs.nonce === options.nonce).length, 1);
  });

  it('escapes the id it is given', () => {
    const html = renderMissingQuestionHtml('"><script>alert(1)</script>', options);
    assert.equal(html.match(/<script/g)?.length, 1);
  });
});
