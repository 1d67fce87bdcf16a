// The one place that decides whether a case's result is right: the comparison rules a question
// declares, applied to JSON values (what a harness sends back), with a short reason when not.
//
// Values JSON cannot carry arrive as `{"$nonJson": "..."}` markers. NaN (as a marker or a raw
// number) equals nothing, not even NaN: a solution that produces NaN has gone wrong. Infinity
// and -Infinity equal themselves, so a marker matches an expected `.inf` from YAML.
import type { CompareRule } from '../bank/question';
import { formatValue, nonJsonMarker } from './format';

export interface Comparison {
  equal: boolean;
  /** Why not, in a line a user can act on (absent when equal). */
  reason?: string;
}

export const DEFAULT_TOLERANCE = 1e-6;

/** Values shown inside a reason are cut to this length. */
const SHOWN_CHARS = 200;
/** How many missing/unexpected elements a reason lists. */
const SHOWN_ITEMS = 5;

const EQUAL: Comparison = { equal: true };

export function compareResult(expected: unknown, actual: unknown, rule: CompareRule = 'exact', tolerance?: number): Comparison {
  let reason: string | undefined;
  try {
    switch (rule) {
      case 'exact':
        reason = diff(expected, actual, undefined, sameNumber);
        break;
      case 'float': {
        const tol = tolerance !== undefined && Number.isFinite(tolerance) && tolerance >= 0 ? tolerance : DEFAULT_TOLERANCE;
        reason = diff(expected, actual, undefined, (a, b) => closeNumber(a, b, tol), tol);
        break;
      }
      case 'unordered':
        reason = diffUnordered(expected, actual);
        break;
      case 'unordered-groups':
        reason = diffGroups(expected, actual);
        break;
      default: {
        const unknown: never = rule;
        throw new Error(`unknown comparison rule '${String(unknown)}'`);
      }
    }
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    reason = 'the result is nested too deeply to compare';
  }
  return reason === undefined ? EQUAL : { equal: false, reason };
}

// ---- values --------------------------------------------------------------------------------

type Kind = 'list' | 'object' | 'string' | 'number' | 'boolean' | 'null' | 'undefined' | 'marker' | 'other';

/** A value with markers resolved: NaN/±Infinity markers become numbers, "undefined" undefined. */
function resolve(value: unknown): unknown {
  const marker = nonJsonMarker(value);
  switch (marker) {
    case undefined:
      return value;
    case 'NaN':
      return NaN;
    case 'Infinity':
      return Infinity;
    case '-Infinity':
      return -Infinity;
    case 'undefined':
      return undefined;
    default:
      return value;
  }
}

/** The kind of a resolved value. */
function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return typeof value as Kind;
    case 'object':
      return nonJsonMarker(value) !== undefined ? 'marker' : 'object';
    default:
      return 'other';
  }
}

const KIND_NAMES: Record<Kind, string> = {
  list: 'a list',
  object: 'an object',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
  undefined: 'undefined',
  marker: 'a value JSON cannot represent',
  other: 'a value JSON cannot represent',
};

function show(value: unknown): string {
  return formatValue(value, SHOWN_CHARS);
}

function sameNumber(a: number, b: number): boolean {
  return a === b; // -0 === 0; NaN !== NaN
}

function closeNumber(a: number, b: number, tol: number): boolean {
  if (a === b) return true; // also Infinity === Infinity
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

// ---- exact and float -----------------------------------------------------------------------

/** Where in the value a comparison is; a linked list so the text is built only on failure. */
interface Path {
  parent: Path | undefined;
  key: string | number;
}

type NumbersEqual = (a: number, b: number) => boolean;

/** `[2]`, `[0].name`, `.items[3]`: the path as an accessor. */
function pathText(path: Path | undefined): string {
  const keys: (string | number)[] = [];
  for (let p = path; p; p = p.parent) keys.push(p.key);
  return keys
    .reverse()
    .map((key) => (typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`))
    .join('');
}

function at(path: Path | undefined, what: string): string {
  const text = pathText(path);
  if (text === '') return what;
  return /^\[\d/.test(text) ? `element ${text} differs: ${what}` : `key ${text.replace(/^\./, '')} differs: ${what}`;
}

/** Why `actual` is not `expected` (undefined when it is), element by element in order. */
function diff(expectedRaw: unknown, actualRaw: unknown, path: Path | undefined, numbersEqual: NumbersEqual, tol?: number): string | undefined {
  const expected = resolve(expectedRaw);
  const actual = resolve(actualRaw);
  const ek = kindOf(expected);
  const ak = kindOf(actual);
  if (ek !== ak) {
    const containers = ek === 'list' || ek === 'object' || ak === 'list' || ak === 'object';
    return at(path, containers ? `expected ${KIND_NAMES[ek]}, got ${describe(actual, ak)}` : `expected ${show(expected)}, got ${show(actual)}`);
  }
  switch (ek) {
    case 'number':
      if (numbersEqual(expected as number, actual as number)) return undefined;
      return at(path, `expected ${show(expected)}, got ${show(actual)}${tol !== undefined ? ` (tolerance ${tol})` : ''}`);
    case 'list':
      return diffLists(expected as unknown[], actual as unknown[], path, numbersEqual, tol);
    case 'object':
      return diffObjects(expected as Record<string, unknown>, actual as Record<string, unknown>, path, numbersEqual, tol);
    case 'marker':
      return nonJsonMarker(expected) === nonJsonMarker(actual) ? undefined : at(path, `expected ${show(expected)}, got ${show(actual)}`);
    default:
      return expected === actual ? undefined : at(path, `expected ${show(expected)}, got ${show(actual)}`);
  }
}

function describe(value: unknown, kind: Kind): string {
  return kind === 'list' || kind === 'object' ? KIND_NAMES[kind] : show(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function diffLists(expected: unknown[], actual: unknown[], path: Path | undefined, numbersEqual: NumbersEqual, tol?: number): string | undefined {
  const common = Math.min(expected.length, actual.length);
  for (let i = 0; i < common; i++) {
    const reason = diff(expected[i], actual[i], { parent: path, key: i }, numbersEqual, tol);
    if (reason !== undefined) {
      return expected.length === actual.length ? reason : `${lengthReason(expected, actual, path)}; ${reason}`;
    }
  }
  if (expected.length === actual.length) return undefined;
  const next = pathText({ parent: path, key: common });
  const extra = expected.length > actual.length ? `missing ${next}: ${show(expected[common])}` : `unexpected ${next}: ${show(actual[common])}`;
  return `${lengthReason(expected, actual, path)}: ${extra}`;
}

function lengthReason(expected: unknown[], actual: unknown[], path: Path | undefined): string {
  const where = path ? ` at ${pathText(path)}` : '';
  return `expected ${plural(expected.length, 'element')}${where}, got ${actual.length}`;
}

function diffObjects(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  path: Path | undefined,
  numbersEqual: NumbersEqual,
  tol?: number,
): string | undefined {
  const expectedKeys = Object.keys(expected);
  const missing = expectedKeys.filter((k) => !Object.prototype.hasOwnProperty.call(actual, k));
  const unexpected = Object.keys(actual).filter((k) => !Object.prototype.hasOwnProperty.call(expected, k));
  if (missing.length > 0 || unexpected.length > 0) {
    const where = path ? ` at ${pathText(path)}` : '';
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing ${missing.length === 1 ? 'key' : 'keys'} ${listKeys(missing)}`);
    if (unexpected.length > 0) parts.push(`unexpected ${unexpected.length === 1 ? 'key' : 'keys'} ${listKeys(unexpected)}`);
    return `${parts.join('; ')}${where}`;
  }
  for (const key of expectedKeys) {
    const reason = diff(expected[key], actual[key], { parent: path, key }, numbersEqual, tol);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

function listKeys(keys: string[]): string {
  const shown = keys.slice(0, SHOWN_ITEMS).map((k) => JSON.stringify(k));
  return keys.length > SHOWN_ITEMS ? `${shown.join(', ')} and ${keys.length - SHOWN_ITEMS} more` : shown.join(', ');
}

// ---- unordered -----------------------------------------------------------------------------

/**
 * Strings that are the same for two values exactly when they are deep-equal under `exact`
 * (object keys sorted, -0 as 0). NaN gets a key of its own each time, so it matches nothing.
 * Written for 100k-element lists: one parts buffer reused per key, object keys quoted once.
 */
class CanonicalKeys {
  private nanCount = 0;
  private readonly parts: string[] = [];
  /** Object keys as JSON strings: the same few keys recur in every element. */
  private readonly quotedKeys = new Map<string, string>();

  of(value: unknown): string {
    // Fast paths for the common flat lists: no parts array at all.
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number' && value === value) return value === 0 ? 'd0' : `d${value}`;
    this.parts.length = 0;
    this.write(value);
    return this.parts.join('');
  }

  /** The key of a list whose order does not matter. */
  ofGroup(group: readonly unknown[]): string {
    const keys = group.map((item) => this.of(item)).sort();
    return `[${keys.join(',')}]`;
  }

  private write(value: unknown): void {
    const parts = this.parts;
    switch (typeof value) {
      case 'string':
        parts.push(JSON.stringify(value));
        return;
      case 'number':
        if (value !== value) parts.push(`NaN#${this.nanCount++}`);
        else parts.push(value === 0 ? 'd0' : `d${value}`);
        return;
      case 'boolean':
        parts.push(value ? 't' : 'f');
        return;
      case 'undefined':
        parts.push('u');
        return;
      case 'object':
        break;
      default:
        parts.push(`x${this.nanCount++}`); // functions and the like: equal to nothing
        return;
    }
    if (value === null) {
      parts.push('n');
    } else if (Array.isArray(value)) {
      parts.push('[');
      for (let i = 0; i < value.length; i++) {
        if (i > 0) parts.push(',');
        this.write(value[i]);
      }
      parts.push(']');
    } else {
      const resolved = resolve(value);
      if (resolved !== value) {
        this.write(resolved);
        return;
      }
      const marker = nonJsonMarker(value);
      if (marker !== undefined) {
        parts.push(`m${JSON.stringify(marker)}`);
        return;
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (!isSorted(keys)) keys.sort();
      parts.push('{');
      for (let i = 0; i < keys.length; i++) {
        let quoted = this.quotedKeys.get(keys[i]);
        if (quoted === undefined) {
          quoted = `${JSON.stringify(keys[i])}:`;
          this.quotedKeys.set(keys[i], quoted);
        }
        parts.push(i > 0 ? ',' : '', quoted);
        this.write(record[keys[i]]);
      }
      parts.push('}');
    }
  }
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}

/** The elements of `expected` that `actual` lacks and the ones it has too many of, counting duplicates. */
function multisetDifference(
  expected: readonly unknown[],
  actual: readonly unknown[],
  keyOf: (value: unknown) => string,
): { missing: unknown[]; unexpected: unknown[] } {
  const expectedKeys = expected.map(keyOf);
  const counts = new Map<string, number>();
  for (const key of expectedKeys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const unexpected: unknown[] = [];
  for (const value of actual) {
    const key = keyOf(value);
    const count = counts.get(key);
    if (count) counts.set(key, count - 1);
    else unexpected.push(value);
  }
  const missing: unknown[] = [];
  if (unexpected.length > 0 || expected.length !== actual.length) {
    expected.forEach((value, i) => {
      const count = counts.get(expectedKeys[i]);
      if (count) {
        counts.set(expectedKeys[i], count - 1);
        missing.push(value);
      }
    });
  }
  return { missing, unexpected };
}

function listItems(items: readonly unknown[]): string {
  const shown = formatValue(items.slice(0, SHOWN_ITEMS), SHOWN_CHARS * 2);
  return items.length > SHOWN_ITEMS ? `${shown} and ${items.length - SHOWN_ITEMS} more` : shown;
}

function differenceReason(missing: readonly unknown[], unexpected: readonly unknown[]): string {
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing: ${listItems(missing)}`);
  if (unexpected.length > 0) parts.push(`unexpected: ${listItems(unexpected)}`);
  return parts.join('; ');
}

function notAList(expected: unknown, actual: unknown): string | undefined {
  const ek = kindOf(resolve(expected));
  if (ek !== 'list') return `the question's expected value is ${KIND_NAMES[ek]}, but this rule compares lists`;
  const ak = kindOf(resolve(actual));
  if (ak !== 'list') return `expected a list, got ${describe(resolve(actual), ak)}`;
  return undefined;
}

function diffUnordered(expected: unknown, actual: unknown): string | undefined {
  const wrongType = notAList(expected, actual);
  if (wrongType) return wrongType;
  const keys = new CanonicalKeys();
  const e = resolve(expected) as unknown[];
  const a = resolve(actual) as unknown[];
  const { missing, unexpected } = multisetDifference(e, a, (v) => keys.of(v));
  if (missing.length === 0 && unexpected.length === 0) return undefined;
  const counts = e.length === a.length ? '' : `expected ${plural(e.length, 'element')}, got ${a.length}; `;
  return `${counts}${differenceReason(missing, unexpected)} (order does not matter)`;
}

function diffGroups(expected: unknown, actual: unknown): string | undefined {
  const wrongType = notAList(expected, actual);
  if (wrongType) return wrongType;
  const e = resolve(expected) as unknown[];
  const a = resolve(actual) as unknown[];
  const badExpected = e.findIndex((g) => !Array.isArray(resolve(g)));
  if (badExpected !== -1) return `the question's expected value is not a list of lists (element [${badExpected}])`;
  const badActual = a.findIndex((g) => !Array.isArray(resolve(g)));
  if (badActual !== -1) {
    const group = resolve(a[badActual]);
    return `expected a list of groups (lists), but element [${badActual}] is ${describe(group, kindOf(group))}`;
  }
  const keys = new CanonicalKeys();
  const { missing, unexpected } = multisetDifference(e, a, (g) => keys.ofGroup(resolve(g) as unknown[]));
  if (missing.length === 0 && unexpected.length === 0) return undefined;
  const counts = e.length === a.length ? '' : `expected ${plural(e.length, 'group')}, got ${a.length}; `;
  return `${counts}${differenceReason(missing, unexpected)} (the order of groups and within groups does not matter)`;
}
