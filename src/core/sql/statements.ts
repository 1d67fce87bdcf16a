// Splits a .sql file into its statements the way PostgreSQL's lexer would see them (quotes,
// dollar quotes, comments), and maps positions in a statement back to the user's file.

export interface SqlStatement {
  /** The statement's text, from its first significant character to before its `;`. */
  text: string;
  /** Offset of `text` in the file (UTF-16 code units). */
  start: number;
  /** Offset just after `text` (its `;` and trailing comments are not part of it). */
  end: number;
  /** Offset just after the statement's `;` (equal to `end` when it has none). */
  stop: number;
}

export interface SplitResult {
  statements: SqlStatement[];
  /** A psql meta-command (`\d`, `\dt`, ...) found outside quotes, if any. */
  metaCommand?: { text: string; offset: number };
}

export function splitSql(source: string): SplitResult {
  const statements: SqlStatement[] = [];
  let metaCommand: SplitResult['metaCommand'];
  let start = -1; // first significant character of the current statement
  let i = 0;
  const n = source.length;
  let lastEnd = -1; // just after the last significant character of the current statement
  const flush = (stop: number): void => {
    if (start >= 0) {
      const text = source.slice(start, lastEnd);
      if (text !== '') statements.push({ text, start, end: lastEnd, stop });
    }
    start = -1;
  };
  while (i < n) {
    const ch = source[i];
    const next = source[i + 1];
    if (ch === '-' && next === '-') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (ch === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (source[i] === '/' && source[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (source[i] === '*' && source[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === ';') {
      flush(i + 1);
      i++;
      continue;
    }
    if (ch === '\\') {
      if (!metaCommand) {
        const lineEnd = source.indexOf('\n', i);
        metaCommand = { text: source.slice(i, lineEnd < 0 ? n : lineEnd).trim(), offset: i };
      }
      const end = source.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (start < 0) start = i;
    if (ch === "'") {
      // E'...' strings allow backslash escapes.
      const escapes = i > 0 && /[eE]/.test(source[i - 1]) && (i < 2 || !/[\w$]/.test(source[i - 2]));
      i = lastEnd = skipQuoted(source, i, "'", escapes);
      continue;
    }
    if (ch === '"') {
      i = lastEnd = skipQuoted(source, i, '"', false);
      continue;
    }
    if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(source.slice(i, i + 64));
      if (tag && (i === 0 || !/[\w$]/.test(source[i - 1]))) {
        const close = source.indexOf(tag[0], i + tag[0].length);
        i = lastEnd = close < 0 ? n : close + tag[0].length;
        continue;
      }
    }
    i++;
    lastEnd = i;
  }
  flush(lastEnd);
  return metaCommand ? { statements, metaCommand } : { statements };
}

function skipQuoted(source: string, open: number, quote: string, escapes: boolean): number {
  let i = open + 1;
  while (i < source.length) {
    const ch = source[i];
    if (escapes && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (source[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return source.length;
}

/** 1-based line and column of an offset in `source`. */
export function lineColAt(source: string, offset: number): { line: number; col: number } {
  const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
  const lines = before.split('\n');
  return { line: lines.length, col: lines[lines.length - 1].length + 1 };
}

/**
 * Converts PostgreSQL's error `position` (1-based, in characters of the text it was sent) into
 * an offset in the user's file; `prefix` is how many characters were sent before the statement.
 */
export function positionToOffset(statementText: string, statementStart: number, position: number, prefix = 0): number | undefined {
  if (!Number.isFinite(position) || position < 1) return undefined;
  // PostgreSQL counts characters (code points); JavaScript strings count UTF-16 units.
  const chars = Array.from(statementText);
  const index = position - 1 - prefix;
  if (index < 0 || index > chars.length) return undefined;
  return statementStart + chars.slice(0, index).join('').length;
}

const TRANSACTION_CONTROL = new Set(['begin', 'start', 'commit', 'end', 'rollback', 'abort', 'savepoint', 'release', 'prepare']);
const QUERY_KEYWORDS = new Set(['select', 'with', 'values', 'table']);

/** The statement's first keyword, lower case ('' when it starts with something else, e.g. `(`). */
export function firstKeyword(text: string): string {
  return /^[A-Za-z_]+/.exec(text)?.[0].toLowerCase() ?? '';
}

export function isTransactionControl(text: string): boolean {
  return TRANSACTION_CONTROL.has(firstKeyword(text));
}

/** A query whose rows can be read through a cursor (so a huge result is never materialised). */
export function isCursorQuery(text: string): boolean {
  const keyword = firstKeyword(text);
  if (keyword === '' && text.startsWith('(')) return true;
  return QUERY_KEYWORDS.has(keyword);
}

export interface StatementRange {
  /** Offset of the statement's first character in the file. */
  start: number;
  /** Offset just after its last character (before its `;`; comments after it are not included). */
  end: number;
  text: string;
}

/** Every statement of a .sql file with its offsets (comments between statements are left out). */
export function statementRanges(source: string): StatementRange[] {
  return splitSql(source).statements.map((s) => ({ start: s.start, end: s.end, text: s.text }));
}

/**
 * The statement "under the cursor" at `offset`: the one whose text or `;` the offset touches;
 * otherwise, between statements, the one ending on the cursor's line, else the next one below,
 * else the last one above. Undefined when the file has no statement.
 */
export function statementAt(source: string, offset: number): StatementRange | undefined {
  const all = splitSql(source).statements;
  if (all.length === 0) return undefined;
  const range = (s: SqlStatement): StatementRange => ({ start: s.start, end: s.end, text: s.text });
  const inside = all.find((s) => offset >= s.start && offset <= s.stop);
  if (inside) return range(inside);
  const before = [...all].reverse().find((s) => s.stop <= offset);
  if (before && !source.slice(before.stop, offset).includes('\n')) return range(before);
  const after = all.find((s) => s.start >= offset);
  return range(after ?? before ?? all[all.length - 1]);
}
