// What a check run produces: one verdict per case, in the shape the CLI's --json prints.
import type { Language } from '../bank/question';

export type CaseStatus = 'passed' | 'failed' | 'error' | 'timeout' | 'memory' | 'output' | 'not-started';

export interface CaseVerdict {
  name: string;
  status: CaseStatus;
  /** What went wrong, in words a user can act on (absent when passed). */
  message?: string;
  /** The JSON arguments the case passed in (fixture paths shown as "$FIXTURE"). */
  args?: unknown;
  expected?: unknown;
  actual?: unknown;
  /** Stack trace with frames in the user's own file, mapped to their lines (TypeScript too). */
  stack?: string;
  /** Where in the user's file the error happened, when known (1-based). */
  location?: { line: number; col: number };
  /** What the case printed (console.log, print), capped. */
  output?: string;
  ms: number;
}

export interface RunReport {
  passed: boolean;
  cases: CaseVerdict[];
  /** Wall time from start of the run to the last verdict. */
  ms: number;
  language: Language;
  questionId: string;
}

/** The bounds of one run; one place, settings override the defaults. */
export interface RunLimits {
  /** Wall-clock limit for the whole run, in ms. */
  timeMs: number;
  /** Memory limit in MB (V8 heap for Node; address space / RSS otherwise). */
  memoryMb: number;
  /** Limit on everything the run writes to stdout and stderr together, in bytes. */
  outputBytes: number;
}

export const DEFAULT_LIMITS: RunLimits = { timeMs: 10_000, memoryMb: 512, outputBytes: 1_000_000 };

/** Per-case printed output kept for display. */
export const CASE_OUTPUT_CAP = 8_000;
