// Question Markdown to HTML for the panel. A question file is data, never code for the panel:
// raw HTML is escaped, only web and mail links survive, and images load only over https.
import MarkdownIt from 'markdown-it';

const LINK_SCHEMES = /^(?:https?:|mailto:|#)/i;
const IMAGE_SCHEMES = /^https:/i;
const ALIGNMENT = /^text-align:\s*(left|center|right)$/;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Whitelist, not blacklist: `javascript:`, `command:`, `vscode:`, `file:`, `data:` and relative
 * paths (which would resolve against the webview's own origin) all fail this test.
 */
function isAllowedLink(url: string): boolean {
  return LINK_SCHEMES.test(url.trim());
}

function createRenderer(): MarkdownIt {
  const md = new MarkdownIt('default', { html: false, linkify: true, typographer: false, langPrefix: 'language-' });
  // Fuzzy links would turn `main.py` and `README.md` into links to Paraguay and Moldova.
  md.linkify.set({ fuzzyLink: false, fuzzyIP: false });
  md.validateLink = isAllowedLink;

  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    tokens[idx].attrSet('rel', 'noopener noreferrer');
    return self.renderToken(tokens, idx, options);
  };

  const defaultImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const src = token.attrGet('src') ?? '';
    if (!IMAGE_SCHEMES.test(src.trim()) || !defaultImage) {
      // Keep what the author meant to say, as text.
      return escapeHtml(token.content);
    }
    token.attrSet('referrerpolicy', 'no-referrer');
    token.attrSet('loading', 'lazy');
    return defaultImage(tokens, idx, options, env, self);
  };

  // Table alignment comes as an inline style, which the panel's CSP blocks; use a class instead.
  for (const rule of ['th_open', 'td_open'] as const) {
    md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
      const token = tokens[idx];
      const style = token.attrGet('style');
      if (style !== null) {
        token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
        const match = ALIGNMENT.exec(style);
        if (match) token.attrJoin('class', `align-${match[1]}`);
      }
      return self.renderToken(tokens, idx, options);
    };
  }
  return md;
}

const renderer = createRenderer();

/** Renders question Markdown to HTML that is safe to put into the panel. */
export function renderMarkdown(text: string): string {
  return renderer.render(text);
}
