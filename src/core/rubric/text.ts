// Text helpers for the written-answer rubric: Markdown to checkable prose (line by line), words,
// and a small suffix-stripping stemmer. Heuristics by design: simple, predictable, tested.

/** What one line of the answer is, for the checks. */
export type LineKind = 'blank' | 'code' | 'comment' | 'scaffold' | 'placeholder' | 'heading' | 'text';

export interface AnswerLine {
  /** 1-based line number in the file. */
  line: number;
  kind: LineKind;
  /** The raw line. */
  raw: string;
  /** The prose left to check: inline code removed, link text kept, URLs removed, heading marks removed. */
  text: string;
  /** For headings: the level (1–6). */
  level?: number;
}

/** Template lines, normalised: `scaffold` (title, quoted prompt) and `placeholder` (prompts to replace). */
export interface TemplateLines {
  scaffold: ReadonlySet<string>;
  placeholder: ReadonlySet<string>;
}

export function normaliseLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
/** Generic leftovers that are never an answer. */
const GENERIC_PLACEHOLDER = /^(?:[-*]\s*)?(?:todo|tbd|tba|fixme|xxx|lorem ipsum\b.*|\.\.\.|…|<[^>]*your [^>]*>|\[[^\]]*your [^\]]*\])[.:!]?$/i;

/** Inline code, link URLs, autolinks and bare URLs out; link and image text kept. */
export function cleanInline(line: string): string {
  return line
    .replace(/(`+)[^`]*?\1/g, ' ') // inline code (matching backtick runs)
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // [text](url), ![alt](url)
    .replace(/^\s*\[[^\]]+\]:\s*\S+.*$/, ' ') // [ref]: url "title"
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1') // [text][ref]
    .replace(/<(?:https?|mailto|ftp):[^>\s]*>/gi, ' ') // <https://…>
    .replace(/\b(?:https?|ftp):\/\/\S+/gi, ' ') // bare URLs
    .replace(/\bwww\.\S+/gi, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, ' '); // inline HTML tags
}

/**
 * Splits the answer into classified lines. Fenced code blocks (``` and ~~~) and HTML comments are
 * out; lines equal to the template's are `scaffold` or `placeholder`. Indented code blocks are not
 * recognised (they clash with nested lists): fence code to keep it out of the checks.
 */
export function classifyLines(markdown: string, template: TemplateLines): AnswerLine[] {
  const rawLines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const lines: AnswerLine[] = [];
  let fence: string | undefined;
  let inComment = false;
  for (let i = 0; i < rawLines.length; i++) {
    const raw = rawLines[i];
    const line = i + 1;
    if (fence !== undefined) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(raw);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length) fence = undefined;
      lines.push({ line, kind: 'code', raw, text: '' });
      continue;
    }
    const open = FENCE.exec(raw);
    if (open) {
      fence = open[1];
      lines.push({ line, kind: 'code', raw, text: '' });
      continue;
    }
    // HTML comments, possibly spanning lines.
    let rest = raw;
    let visible = '';
    let sawComment = inComment;
    while (rest.length > 0) {
      if (inComment) {
        const end = rest.indexOf('-->');
        if (end < 0) {
          rest = '';
        } else {
          rest = rest.slice(end + 3);
          inComment = false;
        }
      } else {
        const start = rest.indexOf('<!--');
        if (start < 0) {
          visible += rest;
          rest = '';
        } else {
          visible += rest.slice(0, start);
          rest = rest.slice(start + 4);
          inComment = true;
          sawComment = true;
        }
      }
    }
    const normalised = normaliseLine(visible);
    if (normalised === '') {
      lines.push({ line, kind: sawComment ? 'comment' : 'blank', raw, text: '' });
      continue;
    }
    if (template.placeholder.has(normalised) || GENERIC_PLACEHOLDER.test(normalised)) {
      lines.push({ line, kind: 'placeholder', raw, text: '' });
      continue;
    }
    if (template.scaffold.has(normalised)) {
      lines.push({ line, kind: 'scaffold', raw, text: '' });
      continue;
    }
    const heading = HEADING.exec(visible);
    if (heading) {
      lines.push({ line, kind: 'heading', raw, text: cleanInline(heading[2] ?? ''), level: heading[1].length });
      continue;
    }
    lines.push({ line, kind: 'text', raw, text: cleanInline(visible) });
  }
  return lines;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The words of a piece of prose, lower-cased, apostrophes normalised. */
export function words(text: string): string[] {
  const found = text.match(WORD);
  return found ? found.map((w) => w.toLowerCase().replace(/’/g, "'")) : [];
}

const VOWEL = /[aeiouy]/;

/** Suffixes tried longest first; `to` replaces the suffix. */
const SUFFIXES: readonly (readonly [string, string])[] = [
  ['izations', 'ize'],
  ['ization', 'ize'],
  ['ational', 'ate'],
  ['fulness', 'ful'],
  ['iveness', 'ive'],
  ['ability', 'able'],
  ['ations', 'ate'],
  ['ation', 'ate'],
  ['ingly', ''],
  ['ments', ''],
  ['ities', ''],
  ['ness', ''],
  ['ment', ''],
  ['edly', ''],
  ['ably', ''],
  ['able', ''],
  ['ible', ''],
  ['ency', 'ent'],
  ['ence', 'ent'],
  ['ancy', 'ant'],
  ['ance', 'ant'],
  ['ings', ''],
  ['ity', ''],
  ['ing', ''],
  ['ies', 'y'],
  ['ied', 'y'],
  ['ers', ''],
  ['er', ''],
  ['ly', ''],
  ['ed', ''],
  ['es', ''],
  ['s', ''],
];

function stripOnce(word: string): string {
  for (const [suffix, to] of SUFFIXES) {
    if (!word.endsWith(suffix)) continue;
    if (suffix === 's' && /(?:ss|us|is)$/.test(word)) return word;
    const stem = word.slice(0, word.length - suffix.length) + to;
    if (stem.length >= 3 && VOWEL.test(stem)) return stem;
  }
  return word;
}

/**
 * A small suffix-stripping stemmer so "caches", "cached", "caching" and "cache" meet, as do
 * "idempotent", "idempotency" and "idempotence", and "optimise"/"optimize". Not Porter: it only
 * has to map the inflections of one word to the same key, not produce a real root.
 */
export function stem(input: string): string {
  let word = input.toLowerCase().replace(/’/g, "'").replace(/'s$/, '');
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  // British and American spellings.
  word = word.replace(/is(e|ed|es|ing|ation|ations|er|ers)$/, 'iz$1');
  if (word.length > 5) word = word.replace(/our$/, 'or').replace(/ours$/, 'ors');
  word = stripOnce(stripOnce(word));
  // Undouble a final consonant left by -ed/-ing ("stopped" -> "stop"), except l, s, z.
  if (/([b-df-hj-km-np-rtv-xz])\1$/.test(word) && !/(?:ll|ss|zz)$/.test(word) && word.length > 3) word = word.slice(0, -1);
  // Final silent e ("cache" and "caching" meet at "cach").
  if (word.length > 3 && word.endsWith('e') && !word.endsWith('ee')) word = word.slice(0, -1);
  return word;
}
