import * as assert from 'node:assert/strict';
import { escapeHtml, renderMarkdown } from '../../src/core/markdown';

/** Every start tag in the output, with its attributes. Escaped text has no `<`, so a `<` is a tag. */
function tags(html: string): { name: string; attrs: Record<string, string> }[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>/g)].map(([, name, rest]) => {
    const attrs: Record<string, string> = {};
    for (const [, attr, value] of rest.matchAll(/\s([^\s=/>]+)(?:="([^"]*)")?/g)) attrs[attr.toLowerCase()] = value ?? '';
    return { name: name.toLowerCase(), attrs };
  });
}

function links(html: string) {
  return tags(html).filter((t) => t.name === 'a');
}

describe('renderMarkdown', () => {
  it('escapes a script tag instead of passing it through', () => {
    const html = renderMarkdown('Before <script>alert(1)</script> after');
    assert.doesNotMatch(html, /<script/i);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('escapes raw HTML with event handlers, inline and as a block', () => {
    for (const source of ['<img src=x onerror=alert(1)>', 'text <img src=x onerror=alert(1)> text', '<div onclick="x()">hi</div>']) {
      const html = renderMarkdown(source);
      assert.ok(tags(html).every((t) => ['p'].includes(t.name)), html);
      assert.ok(tags(html).every((t) => Object.keys(t.attrs).every((a) => !a.startsWith('on'))), html);
    }
  });

  const notLinks = [
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](<javascript:alert(1)>)',
    '<javascript:alert(1)>',
    '[x](command:workbench.action.terminal.new)',
    '[x](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)',
    '[x](vscode:extension/evil.publisher)',
    '[x](vscode-insiders://file/etc/passwd)',
    '[x](file:///etc/passwd)',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](//evil.example/path)',
    '[x](relative/page.html)',
    '[x][ref]\n\n[ref]: command:workbench.action.terminal.new',
  ];
  for (const source of notLinks) {
    it(`renders ${JSON.stringify(source)} as text, not a link`, () => {
      const html = renderMarkdown(source);
      assert.deepEqual(links(html), [], html);
      assert.ok(tags(html).every((t) => !('href' in t.attrs) && !('src' in t.attrs)), html);
    });
  }

  it('renders data: and http: images as their alt text only', () => {
    for (const source of ['![pic](data:image/png;base64,iVBORw0KGgo=)', '![pic](data:image/svg+xml,<svg onload=alert(1)>)', '![pic](http://example.com/a.png)', '![pic](file:///tmp/a.png)']) {
      const html = renderMarkdown(source);
      assert.deepEqual(tags(html).filter((t) => t.name === 'img'), [], html);
      assert.match(html, /pic/);
    }
  });

  it('keeps https images, without a referrer', () => {
    const [img] = tags(renderMarkdown('![diagram](https://example.com/a.png)')).filter((t) => t.name === 'img');
    assert.equal(img.attrs.src, 'https://example.com/a.png');
    assert.equal(img.attrs.alt, 'diagram');
    assert.equal(img.attrs.referrerpolicy, 'no-referrer');
  });

  it('makes https, mailto and in-page links links, each with rel="noopener noreferrer"', () => {
    const html = renderMarkdown('[docs](https://www.postgresql.org/docs/) [mail](mailto:me@example.com) [up](#top)');
    assert.deepEqual(
      links(html).map((a) => [a.attrs.href, a.attrs.rel]),
      [
        ['https://www.postgresql.org/docs/', 'noopener noreferrer'],
        ['mailto:me@example.com', 'noopener noreferrer'],
        ['#top', 'noopener noreferrer'],
      ],
    );
  });

  it('links bare URLs but not file names that look like domains', () => {
    const html = renderMarkdown('See https://example.com/x for more; edit main.py and README.md.');
    assert.deepEqual(links(html).map((a) => a.attrs.href), ['https://example.com/x']);
  });

  it('renders fenced code escaped, with a language class', () => {
    const html = renderMarkdown('```typescript\nif (a < b && c > d) { return "<b>"; }\n```');
    assert.match(html, /^<pre><code class="language-typescript">/);
    assert.match(html, /if \(a &lt; b &amp;&amp; c &gt; d\) \{ return &quot;&lt;b&gt;&quot;; \}/);
    assert.doesNotMatch(html, /<b>/);
  });

  it('escapes a hostile fence info string', () => {
    const html = renderMarkdown('```"><script>alert(1)</script>\ncode\n```');
    assert.doesNotMatch(html, /<script/);
    assert.deepEqual(tags(html).map((t) => t.name), ['pre', 'code']);
  });

  it('renders tables, with alignment as a class rather than an inline style', () => {
    const html = renderMarkdown('| name | total |\n|:-----|------:|\n| ann  | 3 |');
    assert.deepEqual(
      tags(html).map((t) => t.name),
      ['table', 'thead', 'tr', 'th', 'th', 'tbody', 'tr', 'td', 'td'],
    );
    assert.doesNotMatch(html, /style=/);
    assert.match(html, /<td class="align-right">3<\/td>/);
  });

  it('renders lists and inline code', () => {
    const html = renderMarkdown('- group by `size`\n- then hash\n\n1. first\n2. second');
    assert.deepEqual(tags(html).map((t) => t.name), ['ul', 'li', 'code', 'li', 'ol', 'li', 'li']);
    assert.match(html, /<code>size<\/code>/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
