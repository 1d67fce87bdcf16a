// Turning the text of a YAML file into plain data, with every failure reported at a line and
// column, and bounded in memory and time whatever the file holds.
//
// This is `yaml.parseDocument` taken apart (Lexer → Parser → Composer) so that nesting depth can
// be checked while the concrete syntax tree is built. The parser keeps its own explicit stack
// and survives any depth, but on 1 MB of `[[[[` it takes seconds and ~400 MB; the composer
// recurses and relies on catching a stack overflow, which in our tests crashed Node outright
// (V8 "RegExpCompiler Allocation failed - process out of memory") when the overflow happened
// to land inside a regular expression compile. So the depth is stopped before either happens.

import {
  Composer,
  Lexer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type CST,
  type Document,
  type Node,
  type YAMLError,
} from 'yaml';
import { MAX_ALIAS_COUNT, MAX_DEPTH, MAX_EXPANDED_SIZE, MAX_TOKENS } from './limits';
import { START, problem, type Position, type Problem } from './problem';

export interface YamlSource {
  /** The composed document; absent when the file was rejected before composing it. */
  doc?: Document.Parsed;
  /** The file's data, present only when there were no errors. */
  value?: unknown;
  problems: Problem[];
  positionOf(offset: number): Position;
}

/** A step into the data: a mapping key or a list index. */
export type PathSegment = string | number;

// The parser's stack holds the document and one entry per open collection (at times also a
// scalar, which makes the limit a little stricter for block mappings; none come near it).
const MAX_PARSER_STACK = MAX_DEPTH + 1;

export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const positionOf = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return line === 0 ? START : { line, col };
  };
  const problems: Problem[] = [];
  const source: YamlSource = { problems, positionOf };

  const tokens = parseTokens(text, lineCounter);
  if ('stoppedAt' in tokens) {
    const message = tokens.reason === 'depth'
      ? `nested more than ${MAX_DEPTH} levels deep; a question needs far fewer, so the file was not read further`
      : `more than ${MAX_TOKENS.toLocaleString('en')} YAML tokens (keys, values, punctuation); `
        + 'put long text in block scalars (|) and generate large inputs (e.g. fixture files with size and seed)';
    problems.push(problem(file, positionOf(tokens.stoppedAt), message));
    return source;
  }

  let doc: Document.Parsed;
  try {
    // yaml's own duplicate-key check compares every key with every other (80,000 keys took 95 s),
    // so it is off and duplicateKeys() does the same in linear time.
    const docs = [...new Composer({ uniqueKeys: false }).compose(tokens, true, text.length)];
    doc = docs[0];
    if (docs.length > 1) {
      problems.push(problem(file, positionOf(docs[1].range[0]),
        'more than one YAML document (a second `---`); a question file holds exactly one'));
    }
  } catch (error) {
    // Not expected after the depth check; kept so that no input can throw out of the loader.
    problems.push(problem(file, START, `could not parse: ${errorMessage(error)}`));
    return source;
  }
  source.doc = doc;

  for (const { offset, key } of duplicateKeys(doc)) {
    problems.push(problem(file, positionOf(offset), `duplicate key '${key}': each key may appear only once in a mapping`));
  }
  for (const error of doc.errors) problems.push(yamlProblem(error, file, positionOf, 'error'));
  for (const warning of doc.warnings) problems.push(yamlProblem(warning, file, positionOf, 'warning'));
  if (problems.some((p) => p.severity === 'error')) return source;

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const at = firstAlias(doc);
    const message = /excessive alias count/i.test(errorMessage(error))
      ? `aliases (*name) expand to too much data (more than ${MAX_ALIAS_COUNT} copies of an anchor); is this a "billion laughs" file?`
      : errorMessage(error);
    problems.push(problem(file, at === undefined ? START : positionOf(at), message));
    return source;
  }

  const shape = measure(value);
  if (shape !== 'ok') {
    problems.push(shapeProblem(shape, doc, file, positionOf));
    return source;
  }
  source.value = value;
  return source;
}

type Stopped = { stoppedAt: number; reason: 'depth' | 'tokens' };

/** Lexes and parses to CST tokens, giving up as soon as the nesting gets too deep or too long. */
function parseTokens(text: string, lineCounter: LineCounter): CST.Token[] | Stopped {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  let count = 0;
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_PARSER_STACK) {
      const innermost = parser.stack[parser.stack.length - 1] as { offset?: number };
      return { stoppedAt: innermost.offset ?? parser.offset, reason: 'depth' };
    }
    if (++count > MAX_TOKENS) return { stoppedAt: parser.offset, reason: 'tokens' };
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

function yamlProblem(
  error: YAMLError,
  file: string,
  positionOf: (offset: number) => Position,
  severity: 'error' | 'warning',
): Problem {
  const at = positionOf(error.pos[0]);
  let message = error.message;
  switch (error.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      message += ": if a value contains ': ', quote it (title: \"Sorting: a primer\") or use a block scalar (|)";
      break;
    case 'MULTILINE_IMPLICIT_KEY':
      message += ': a line here must be `key: value` or a list item `- ...`; put running text in a block scalar (|)';
      break;
    case 'BAD_DQ_ESCAPE':
      message += ': in double quotes a backslash starts an escape; use single quotes or a block scalar (|) for code';
      break;
    case 'TAB_AS_INDENT':
      message = 'tab used for indentation; YAML indents with spaces only';
      break;
    case 'MULTIPLE_DOCS':
      message = 'more than one YAML document (a second `---`); a question file holds exactly one';
      break;
  }
  return problem(file, at, message, severity);
}

/** Keys that repeat an earlier key of the same mapping. */
function duplicateKeys(doc: Document.Parsed): { offset: number; key: string }[] {
  const found: { offset: number; key: string }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const value = pair.key.value;
        const id = `${typeof value}:${String(value)}`;
        if (seen.has(id) && pair.key.range) found.push({ offset: pair.key.range[0], key: String(value) });
        seen.add(id);
      }
    },
  });
  return found;
}

function firstAlias(doc: Document.Parsed): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, alias) {
      offset = alias.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

type Shape = 'ok' | 'too-deep' | 'too-big' | 'not-json';

/**
 * Walks the data as validation, the cache and the panel will, following aliases, without
 * recursion: bounded depth and size, and only JSON values (no `.nan`, `.inf`, `!!binary`), so
 * that what the cache stores as JSON is exactly what was parsed.
 */
function measure(root: unknown): Shape {
  const values: unknown[] = [root];
  const depths: number[] = [0];
  let size = 0;
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() as number;
    size += 1;
    if (typeof value === 'string') {
      size += value.length;
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return 'not-json';
    } else if (Array.isArray(value)) {
      if (depth + 1 > MAX_DEPTH) return 'too-deep';
      for (const item of value) {
        values.push(item);
        depths.push(depth + 1);
      }
    } else if (value !== null && typeof value === 'object') {
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return 'not-json';
      if (depth + 1 > MAX_DEPTH) return 'too-deep';
      for (const [key, item] of Object.entries(value)) {
        size += key.length;
        values.push(item);
        depths.push(depth + 1);
      }
    } else if (value !== null && typeof value !== 'boolean') {
      return 'not-json';
    }
    if (size > MAX_EXPANDED_SIZE) return 'too-big';
  }
  return 'ok';
}

function shapeProblem(
  shape: Exclude<Shape, 'ok'>,
  doc: Document.Parsed,
  file: string,
  positionOf: (offset: number) => Position,
): Problem {
  const alias = firstAlias(doc);
  const aliasAt = alias === undefined ? START : positionOf(alias);
  switch (shape) {
    case 'too-deep':
      return problem(file, aliasAt, `aliases (*name) expand to data nested more than ${MAX_DEPTH} levels deep`);
    case 'too-big':
      return problem(file, aliasAt,
        `aliases (*name) expand to more than ${MAX_EXPANDED_SIZE / (1024 * 1024)} MB of data; a question must stay small once aliases are expanded`);
    case 'not-json': {
      const at = firstNonJsonScalar(doc);
      return problem(file, at === undefined ? START : positionOf(at),
        'not a JSON value (e.g. .nan, .inf or a !!binary tag); question data must be plain JSON');
    }
  }
}

function firstNonJsonScalar(doc: Document.Parsed): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Scalar(_, scalar) {
      const v = scalar.value;
      const plain = v === null || typeof v === 'string' || typeof v === 'boolean'
        || (typeof v === 'number' && Number.isFinite(v));
      if (!plain) {
        offset = scalar.range?.[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Where the node at `path` is; for `key`, where its key is. Falls back to the nearest parent. */
export function locate(
  source: YamlSource,
  path: readonly PathSegment[],
  target: 'key' | 'value' = 'value',
): Position {
  const doc = source.doc;
  if (!doc) return START;
  let node: unknown = doc.contents;
  let key: Node | undefined;
  let reached = 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let nextKey: Node | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
      if (pair) {
        next = pair.value;
        nextKey = isScalar(pair.key) || isMap(pair.key) || isSeq(pair.key) ? pair.key : undefined;
        if (next === null || next === undefined) next = nextKey;
      }
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (next === undefined) break;
    node = next;
    key = nextKey;
    reached += 1;
  }
  const complete = reached === path.length;
  const offset = (complete && target === 'key') || (key && !isScalar(node))
    ? key?.range?.[0] ?? nodeStart(node)
    : nodeStart(node);
  return offset === undefined ? START : source.positionOf(offset);
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function nodeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range?.[0];
  }
  return undefined;
}
