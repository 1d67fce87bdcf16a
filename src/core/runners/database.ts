// Code exercises with a database (`exercise.database`): the answer builds a query instead of
// running it, returning `{ text, params }` (a parameterised PostgreSQL query, `$1`-style
// placeholders). The harness only reports that value; the engine runs it on a real PostgreSQL
// through a SQL executor (the SQL engine, passed in so this folder needs no database of its own)
// and compares the rows with the case's `expect`.
import type { CodeCase, Language, Question } from '../bank/question';
import type { CaseStatus, CaseVerdict } from '../checks/types';

/** A parameter value: JSON scalars, or a list of them (bound as a PostgreSQL array). */
export type BuiltParam = string | number | boolean | null | BuiltParam[];

export interface BuiltQuery {
  text: string;
  params: BuiltParam[];
}

export interface BuiltQueryRequest {
  question: Question;
  testCase: CodeCase;
  query: BuiltQuery;
  signal?: AbortSignal;
}

/** The verdict's fields the executor decides (name, args, ms and output come from the run). */
export interface BuiltQueryVerdict {
  status: CaseStatus;
  message?: string;
  expected?: unknown;
  actual?: unknown;
  diff?: unknown;
}

/** Runs a built query on the exercise's database and judges the case (SqlEngine implements it). */
export interface SqlExecutor {
  runBuiltQuery(request: BuiltQueryRequest): Promise<BuiltQueryVerdict>;
}

/** Parameters a query may carry; more is a mistake in the answer, not a real search. */
const MAX_PARAMS = 1000;

/** The answer's value as a query to run, or what is wrong with its shape. */
export function readBuiltQuery(value: unknown, language: Language, entry: string): BuiltQuery | { error: string } {
  const how = language === 'python'
    ? `return a dict {"text": "SELECT … WHERE name = $1", "params": [value]} from ${entry}`
    : `return { text: 'SELECT … WHERE name = $1', params: [value] } from ${entry}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { error: `${entry} returned ${describe(value)}; this exercise runs the query you build: ${how}` };
  }
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => k !== 'text' && k !== 'params');
  if (typeof record.text !== 'string' || record.text.trim() === '') {
    return { error: `the returned value has no query text (a non-empty string under "text"): ${how}` };
  }
  if (!Array.isArray(record.params)) {
    return { error: `the returned value has no "params" list${record.params === undefined ? '' : ` (it is ${describe(record.params)})`}: ${how}; use [] when the query has no values` };
  }
  if (extra.length > 0) return { error: `the returned value has keys other than text and params (${extra.join(', ')}): ${how}` };
  if (record.params.length > MAX_PARAMS) return { error: `the query has ${record.params.length} parameters; at most ${MAX_PARAMS} are allowed` };
  const bad = record.params.findIndex((p) => !isParam(p, 0));
  if (bad >= 0) {
    return { error: `params[${bad}] is ${describe(record.params[bad])}; a parameter must be a string, a number, a boolean, null or a list of those` };
  }
  return { text: record.text, params: record.params as BuiltParam[] };
}

function isParam(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value) && depth < 3) return value.every((v) => isParam(v, depth + 1));
  return false;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing (undefined / None)';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}…` : value)})`;
  if (typeof value === 'object') {
    const marker = (value as { $nonJson?: unknown }).$nonJson;
    return typeof marker === 'string' ? marker : 'an object';
  }
  return `a ${typeof value} (${String(value)})`;
}

/**
 * The case's final verdict from what the harness gave (`raw`: a 'passed' verdict carrying the
 * returned value as `actual`, or an error/limit verdict to keep as is).
 */
export async function judgeBuiltQuery(
  question: Question,
  testCase: CodeCase,
  raw: CaseVerdict,
  ctx: { language: Language; entry: string },
  executor: SqlExecutor | undefined,
  signal: AbortSignal | undefined,
): Promise<CaseVerdict> {
  if (raw.status !== 'passed') return raw;
  const returned = raw.actual;
  const query = readBuiltQuery(returned, ctx.language, ctx.entry);
  if ('error' in query) return { ...raw, status: 'failed', message: query.error, expected: testCase.expect, actual: returned };
  if (!executor) {
    return {
      ...raw,
      status: 'error',
      message: 'this exercise runs the query your function builds on PostgreSQL, but no SQL engine was given to the check engine (a problem in how the checks were started, not in your answer)',
      actual: returned,
    };
  }
  if (signal?.aborted) return { ...raw, status: 'error', message: 'cancelled', actual: returned };
  try {
    const verdict = await executor.runBuiltQuery({ question, testCase, query, signal });
    const judged: CaseVerdict = { ...raw, ...verdict } as CaseVerdict;
    if (verdict.actual === undefined) delete judged.actual;
    if (verdict.status !== 'passed' && verdict.message) judged.message = `${verdict.message}\nquery: ${oneLine(query.text)}\nparams: ${JSON.stringify(query.params).slice(0, 300)}`;
    return judged;
  } catch (error) {
    return { ...raw, status: 'error', message: `the query could not be run: ${(error as Error).message}`, actual: returned };
  }
}

function oneLine(text: string): string {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length > 300 ? `${line.slice(0, 297)}…` : line;
}
