// Judging a query built by a code exercise's answer (see src/core/runners/database.ts): what the
// worker gave for it against the case's `expect`, rows by the same rules as SQL exercises.
import type { CodeCase } from '../bank/question';
import type { BuiltQueryVerdict } from '../runners/database';
import { compareRows, expectedFromRecords } from './compareRows';
import type { SqlOutcome } from './protocol';

export interface BuiltJudgeOptions {
  ordered: boolean;
  statementTimeoutMs: number;
  maxRows: number;
  maxBytes: number;
}

/** `expect: { error: "…" }`: the query must fail with this SQLSTATE, or a message containing these words. */
function expectedError(expect: unknown): string | undefined {
  if (expect === null || typeof expect !== 'object' || Array.isArray(expect)) return undefined;
  const error = (expect as { error?: unknown }).error;
  return typeof error === 'string' ? error : undefined;
}

export function judgeBuiltOutcome(testCase: CodeCase, outcome: SqlOutcome, options: BuiltJudgeOptions): BuiltQueryVerdict {
  const wantError = expectedError(testCase.expect);
  const records = Array.isArray(testCase.expect) ? (testCase.expect as Record<string, unknown>[]) : undefined;
  if (wantError === undefined && (!records || records.some((r) => r === null || typeof r !== 'object' || Array.isArray(r)))) {
    return { status: 'error', message: `case "${testCase.name}": expect must be a list of rows (records) or {error: "…"} in an exercise with a database (a problem in the exercise)` };
  }
  switch (outcome.kind) {
    case 'error': {
      const error = outcome.error;
      if (outcome.stage === 'setup') return { status: 'error', message: `the case's setup failed (a problem in the exercise): ${error.message}` };
      if (error.code === '57014') return { status: 'timeout', message: `the query ran longer than ${seconds(options.statementTimeoutMs)} and was stopped` };
      const text = `${error.message}${error.detail ? ` (${error.detail})` : ''}${error.hint ? ` Hint: ${error.hint}` : ''}`;
      if (outcome.stage === 'inspect') {
        return { status: 'failed', message: `after your query, the case's check query failed: ${text}`, ...(records ? { expected: records } : {}) };
      }
      if (wantError !== undefined) {
        if (error.code === wantError || error.message.toLowerCase().includes(wantError.toLowerCase())) return { status: 'passed' };
        return { status: 'failed', message: `the query failed, but not as expected (${wantError}): ${text}`, expected: testCase.expect };
      }
      return { status: 'failed', message: `PostgreSQL refused the query: ${text}`, expected: records };
    }
    case 'no-rows':
      if (wantError !== undefined) return { status: 'failed', message: `the query should have failed (${wantError}), but it ran (${outcome.command})`, expected: testCase.expect };
      return { status: 'failed', message: `the statement (${outcome.command || 'no result'}) returned no rows; build a query (SELECT …) that returns them`, expected: records };
    case 'too-large':
      return {
        status: 'output',
        message: `result too large (${outcome.rows}${outcome.moreRows ? '+' : ''} rows, ${outcome.bytes} bytes read before stopping; the limit is ${options.maxRows} rows and ${options.maxBytes} bytes)`,
      };
    case 'rows': {
      if (wantError !== undefined || !records) {
        return { status: 'failed', message: `the query should have failed (${wantError}), but it returned ${outcome.result.rows.length} rows`, expected: testCase.expect };
      }
      const compared = compareRows(expectedFromRecords(records, outcome.result), outcome.result, { ordered: options.ordered, checkColumnNames: true });
      if (compared.equal) return { status: 'passed' };
      return {
        status: 'failed',
        message: compared.message ?? 'the rows differ',
        expected: compared.expected,
        actual: compared.actual,
        ...(compared.diff ? { diff: compared.diff } : {}),
      };
    }
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
