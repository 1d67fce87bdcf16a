// What the engine and a harness child say to each other. runners/harness.py speaks the same.
//
// A child starts ahead of time and waits for one job: a JSON line on its stdin. It answers on fd 3
// only, one message per line, each line the job's token followed by the message's JSON. The token
// is read from stdin before any code under test is loaded and is kept only in the harness's own
// closure, so nothing the code prints, nor anything it writes to fd 3 itself, can pass for a
// result. After its last message the child waits for stdin to close: the engine sweeps its process
// tree and kills it, and a child whose engine went away sees the end of stdin and exits.

import type { HttpCase } from '../bank/question';

/** The fd the harness writes its messages to. */
export const RESULT_FD = 3;

export interface HarnessJob {
  token: string;
  /** The code to load: transpiled JavaScript (Node) or the Python source, in the run's folder. */
  codeFile: string;
  /** The user's answer file: the name the code is compiled under, so stacks point at it. */
  userFile: string;
  /** The function to call. */
  entry: string;
  /** The working directory for the code under test (an empty folder in the run's folder). */
  cwd: string;
  /** Memory limit; the Python harness sets RLIMIT_AS from it, the Node one checks after each case. */
  memoryMb: number;
  /** Printed output kept per case. */
  outputCap: number;
  /** Each case's arguments, fixture paths filled in; `http` cases serve the entry instead of calling it. */
  cases: HarnessCase[];
}

export interface HarnessCase {
  args: unknown[];
  /**
   * Serve the entry (Node: a node:http `(req, res)` handler; Python: a WSGI app) on an ephemeral
   * port on 127.0.0.1, send these requests in order and return the responses as `{status, body}`
   * (plus `headers`, the named response headers, when `headers` lists some).
   */
  http?: HttpCase & {
    /** How long to wait for each response before the case fails. */
    timeoutMs: number;
  };
}

/** A thrown value, as the harness saw it. */
export interface ThrownInfo {
  /** False for `throw 'x'`, `throw 42` and the like (Python can only raise exceptions). */
  isError: boolean;
  /** Error class name (TypeError, ValueError, ...). */
  name?: string;
  message: string;
  /** The full stack as the runtime printed it (Node: source-mapped). */
  stack?: string;
  /** Python: the traceback's frames, outermost first. */
  frames?: { file: string; line: number; col?: number; name: string; code?: string }[];
  /** Syntax errors: where in the file. */
  file?: string;
  line?: number;
  col?: number;
}

export type CaseOutcome =
  /** The result as JSON; values JSON cannot carry are `{"$nonJson": "..."}` markers. */
  | { kind: 'value'; json: string; note?: string }
  | { kind: 'threw'; error: ThrownInfo }
  /** The code ran out of memory (MemoryError, failed buffer allocation, over the limit after the case). */
  | { kind: 'memory'; detail: string }
  /** Python: sys.exit() / SystemExit raised inside the case. */
  | { kind: 'exit'; code: string }
  /** The promise the function returned never settled and nothing was left for it to wait on. */
  | { kind: 'unsettled' }
  /** An `http` case that could not complete: the handler did not respond, the server would not start. */
  | { kind: 'http-error'; message: string };

export type HarnessMessage =
  /** The job was read; `dataKb` is the child's VmData before any code under test ran (Linux). */
  | { type: 'hello'; dataKb?: number }
  /** The file could not be loaded, or it has no function named `entry`. */
  | {
      type: 'load-error';
      error: ThrownInfo;
      /** What the file printed while loading. */
      output?: string;
      /** The file loaded but has no function named `entry`; `exports` lists what it has. */
      missingEntry?: boolean;
      exports?: string[];
      /** Loading ran out of memory. */
      memory?: boolean;
      /** Python: the file called sys.exit() while loading. */
      exitCode?: string;
    }
  | { type: 'start'; index: number }
  | { type: 'result'; index: number; ms: number; output: string; outcome: CaseOutcome }
  | { type: 'done' };
