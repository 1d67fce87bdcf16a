// Checking question data against schemas/question.schema.json (the same schema VS Code's YAML
// support shows live while authoring) and saying what is wrong in a question author's terms.

import { createHash } from 'node:crypto';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/question.schema.json';
import { QUESTION_KINDS, type QuestionKind } from './question';
import type { PathSegment } from './yaml-source';

export const questionSchema: unknown = schema;

/** One thing wrong with the data: where (a path into it) and what, ready to show. */
export interface SchemaIssue {
  path: PathSegment[];
  /** Point at the key (an unknown property) or at the value / the mapping itself. */
  target: 'key' | 'value';
  message: string;
}

/** A hash of the schema: cached validation results are only good for the schema they met. */
export function schemaHash(): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
}

// Compiling takes ~30 ms, so it happens once per process, and only when some file has to be
// parsed (a start served entirely from the cache never compiles it).
let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    // The schema's `if/then` and `oneOf` branches say `required: [x]` about properties declared
    // in the parent schema, which is correct JSON Schema that strictRequired rejects.
    strictRequired: false,
  }).compile(schema);
  return compiled;
}

export function validateQuestion(data: unknown): SchemaIssue[] {
  const validate = validator();
  if (validate(data)) return [];
  return describeErrors(validate.errors ?? [], data);
}

function describeErrors(errors: ErrorObject[], data: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const add = (issue: SchemaIssue): void => {
    const known = issues.some((i) => i.message === issue.message && samePath(i.path, issue.path));
    if (!known) issues.push(issue);
  };
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  const insideOneOf = (e: ErrorObject): boolean => oneOfs.some((o) =>
    o !== e && o.instancePath === e.instancePath && e.schemaPath.startsWith(`${o.schemaPath}/`));

  for (const error of errors) {
    if (error.keyword === 'if' || insideOneOf(error)) continue;
    const path = toPath(error.instancePath, data);
    if (error.schemaPath.startsWith('#/allOf/')) {
      for (const issue of describeKindRule(error, data)) add(issue);
      continue;
    }
    add(describe(error, path));
  }
  return issues;
}

/** The schema's `allOf` ties `exercise` / `sql` to the `kind`; say so in those words. */
function describeKindRule(error: ErrorObject, data: unknown): SchemaIssue[] {
  const record = isRecord(data) ? data : {};
  const kind = record.kind;
  // Without a valid kind every conditional matches at once; the kind's own error says enough.
  if (typeof kind !== 'string' || !QUESTION_KINDS.includes(kind as QuestionKind)) return [];
  const wanted = kind === 'code' ? 'exercise' : kind === 'sql' ? 'sql' : undefined;
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty: string }).missingProperty);
    return [{ path: ['kind'], target: 'value', message: `kind: a '${kind}' question needs an '${missing}' section` }];
  }
  if (error.keyword === 'not') {
    return ['exercise', 'sql']
      .filter((key) => key in record && key !== wanted)
      .map((key) => ({
        path: [key],
        target: 'key' as const,
        message: `${key}: not allowed in a '${kind}' question${wanted ? ` (it uses '${wanted}')` : ''}`,
      }));
  }
  return [describe(error, toPath(error.instancePath, data))];
}

const PATTERN_MESSAGES: Readonly<Record<string, string>> = {
  '#/properties/id/pattern': "must be lower-kebab-case, e.g. 'two-sum' (a-z, 0-9, single dashes)",
  '#/properties/seed/pattern': "must look like 's1-35'",
  '#/definitions/codeExercise/properties/entry/pattern': 'must be a function name (letters, digits, _; not starting with a digit)',
  '#/definitions/fixtureFile/properties/path/pattern': "must be a relative path inside the fixture folder (no leading '/', no '..')",
};

function describe(error: ErrorObject, path: PathSegment[]): SchemaIssue {
  const at = (message: string, target: 'key' | 'value' = 'value', where: PathSegment[] = path): SchemaIssue => ({
    path: where,
    target,
    message: path.length > 0 ? `${formatPath(path)}: ${message}` : message,
  });
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return at(`must have required property '${String(params.missingProperty)}'`);
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closest(name, allowed);
      const hint = guess ? `did you mean '${guess}'?` : `allowed here: ${allowed.join(', ')}`;
      return at(`unknown property '${name}' (${hint})`, 'key', [...path, name]);
    }
    case 'type':
      return at(`must be ${typeName(String(params.type))}, not ${describeValue(error.data)}`);
    case 'enum': {
      const values = (params.allowedValues as unknown[]).map(String).join(', ');
      return at(`must be one of ${values} (found ${describeValue(error.data)})`);
    }
    case 'pattern':
      return at(PATTERN_MESSAGES[error.schemaPath] ?? `must match the pattern ${String(params.pattern)}`);
    case 'minLength':
      return at(params.limit === 1 ? 'must not be empty' : error.message ?? 'is too short');
    case 'maxLength':
      return at(`must be at most ${String(params.limit)} characters long (this one has ${String((error.data as string).length)})`);
    case 'maxItems':
      return at(`must have at most ${String(params.limit)} items (this one has ${String((error.data as unknown[]).length)})`);
    case 'minItems':
      return at(params.limit === 1 ? 'must have at least one item' : error.message ?? 'has too few items');
    case 'minProperties':
      return at(params.limit === 1 ? 'must have at least one entry' : error.message ?? 'has too few entries');
    case 'oneOf':
      return at(describeOneOf(error));
    case 'false schema':
      // A code case with `generate` may not also write out what the generator makes.
      return at(/\/exercise\/cases\/\d+\/(args|expect|http)$/.test(error.instancePath)
        ? "not allowed beside 'generate': the generator makes the case's arguments and expected value"
        : 'not allowed here');
    default:
      return at(error.message ?? `fails the schema rule '${error.keyword}'`);
  }
}

/** `oneOf: [{required: [text]}, {required: [size]}, ...]` means "exactly one of these keys". */
function describeOneOf(error: ErrorObject): string {
  const branches = Array.isArray(error.schema) ? (error.schema as { required?: string[] }[]) : [];
  const keys = branches.map((b) => (b.required?.length === 1 ? b.required[0] : undefined));
  if (keys.length === 0 || keys.some((k) => k === undefined)) return error.message ?? 'must match exactly one schema';
  const passing = (error.params as { passingSchemas: number[] | null }).passingSchemas;
  if (!passing) return `needs one of ${keys.join(', ')}`;
  return `has ${passing.map((i) => `'${keys[i]}'`).join(' and ')}; use only one of ${keys.join(', ')}`;
}

function typeName(type: string): string {
  switch (type) {
    case 'array': return 'a list';
    case 'object': return 'a mapping (key: value)';
    case 'string': return 'a string';
    case 'integer': return 'a whole number';
    case 'number': return 'a number';
    case 'boolean': return 'true or false';
    case 'null': return 'empty';
    default: return type;
  }
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string': return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
    case 'number': return `a number (${value})`;
    case 'boolean': return `${value}`;
    case 'object': return 'a mapping';
    default: return typeof value;
  }
}

/** The allowed name an author most likely meant, if one is close. */
function closest(name: string, allowed: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const candidate of allowed) {
    const d = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** `/exercise/cases/2` → `['exercise', 'cases', 2]`, numbers where the data has a list. */
function toPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(segment);
      path.push(index);
      node = node[index];
    } else {
      path.push(segment);
      node = isRecord(node) ? node[segment] : undefined;
    }
  }
  return path;
}

/** `['exercise', 'cases', 2, 'expect']` → `exercise.cases[2].expect`. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function samePath(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
