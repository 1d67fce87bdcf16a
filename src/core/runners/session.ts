// One run's supervision: hands the job to a harness child, turns its messages into verdicts as
// they arrive, and enforces the bounds (wall time for the run and per case, memory, output,
// cancel). When a bound is hit the case that was running gets that status and the ones after it
// say why they did not run. The caller kills the child and removes the run's folder afterwards.
import type { CodeCase } from '../bank/question';
import type { CaseVerdict, RunLimits } from '../checks/types';
import type { HarnessChild } from './child';
import type { HarnessJob, HarnessMessage } from './protocol';
import { baseVerdict, loadErrorDetails, memoryMessage, resultVerdict, type VerdictContext } from './verdicts';

/** Every case's verdict exactly once, streamed to `onCase` as it is decided. */
export class VerdictBoard {
  private readonly verdicts: (CaseVerdict | undefined)[];

  constructor(
    readonly cases: readonly CodeCase[],
    private readonly onCase?: (verdict: CaseVerdict, index: number) => void,
  ) {
    this.verdicts = cases.map(() => undefined);
  }

  has(index: number): boolean {
    return this.verdicts[index] !== undefined;
  }

  set(index: number, verdict: CaseVerdict): void {
    if (index < 0 || index >= this.verdicts.length || this.verdicts[index]) return;
    this.verdicts[index] = verdict;
    try {
      this.onCase?.(verdict, index);
    } catch {
      // A listener's failure must not cost the other verdicts.
    }
  }

  /** Gives every case still without a verdict the one `make` returns. */
  fill(make: (c: CodeCase, index: number) => CaseVerdict): void {
    this.cases.forEach((c, i) => {
      if (!this.has(i)) this.set(i, make(c, i));
    });
  }

  get complete(): boolean {
    return this.verdicts.every((v) => v !== undefined);
  }

  all(): CaseVerdict[] {
    return this.verdicts.map((v, i) => v ?? { ...baseVerdict(this.cases[i], 'error', 0), message: 'no verdict (this is a bug in Interview Drills)' });
  }
}

export interface SessionOptions {
  child: HarnessChild;
  job: HarnessJob;
  board: VerdictBoard;
  ctx: VerdictContext;
  limits: RunLimits;
  /** When the run started (performance.now()); the wall-clock limit counts from here. */
  startedAt: number;
  signal?: AbortSignal;
  /** Why the child could not be started (interpreter missing, harness broken). */
  notStarted: (child: HarnessChild) => string;
  /** The child has read its job and is about to load the code. */
  onReady?: () => void;
}

type StopReason = 'timeout' | 'case-timeout' | 'memory' | 'output' | 'cancelled';

/** How long to wait for the rest of a dead child's messages and output. */
const DRAIN_MS = 300;

const OOM_TEXT = /JavaScript heap out of memory|Reached heap limit|Allocation failed - process out of memory|MemoryError/;

/** Runs the job on the child; resolves when every case has a verdict. */
export function supervise(options: SessionOptions): Promise<void> {
  const { child, job, board, ctx, limits, signal } = options;
  const cases = board.cases;
  let phase: 'starting' | 'loading' | 'running' | 'finished' = 'starting';
  // Read through a function: the phase changes in callbacks the compiler cannot see.
  const finished = (): boolean => phase === 'finished';
  let current = -1;
  let caseStartedAt = 0;
  let runDeadline = options.startedAt + limits.timeMs;
  let caseDeadline = Infinity;
  let timer: NodeJS.Timeout | undefined;
  let memoryUsedMb = 0;

  return new Promise<void>((resolve) => {
    const finish = (): void => {
      if (phase === 'finished') return;
      phase = 'finished';
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      board.fill((c) => ({ ...baseVerdict(c, 'error', 0), message: 'not run: the program stopped before this case' }));
      resolve();
    };

    const arm = (): void => {
      if (timer) clearTimeout(timer);
      // A case's handler may have ended the run (an abort from onCase) before this re-arms.
      if (phase === 'finished') return;
      const at = Math.min(runDeadline, caseDeadline);
      const reason = caseDeadline <= runDeadline ? 'case-timeout' : 'timeout';
      timer = setTimeout(() => stop(reason), Math.max(0, at - performance.now()));
    };

    const stop = (reason: StopReason): void => {
      if (phase === 'finished') return;
      const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
      if (phase === 'starting' && reason !== 'cancelled') {
        const why = reason === 'timeout' || reason === 'case-timeout' ? `it did not start within ${seconds(limits.timeMs)}` : 'it stopped while starting';
        board.fill((c) => ({ ...baseVerdict(c, 'not-started', 0), message: `${options.notStarted(child)} (${why})` }));
        finish();
        return;
      }
      const status = reason === 'timeout' || reason === 'case-timeout' ? 'timeout' : reason === 'cancelled' ? 'error' : reason;
      const running = current >= 0 ? current : firstWithout();
      const during = phase === 'loading' ? 'while your file was loading' : 'while this case was running';
      const message = {
        timeout: phase === 'loading'
          ? `time limit: loading your file took longer than ${seconds(limits.timeMs)} (an endless loop at the top level?)`
          : `time limit: the run took longer than ${seconds(limits.timeMs)} and this case was still running (an endless loop, or waiting for something that never happens?)`,
        'case-timeout': `time limit: this case took longer than its limit of ${seconds(cases[running]?.timeLimitMs ?? 0)} (an endless loop, or waiting for something that never happens?)`,
        memory: memoryMessage(limits.memoryMb, `${memoryUsedMb} MB in use ${during}`),
        output: `output limit: the program printed more than ${formatBytes(limits.outputBytes)} ${during} (printing in a loop?)`,
        cancelled: 'cancelled',
      }[reason];
      if (running >= 0) {
        const verdict: CaseVerdict = { ...baseVerdict(cases[running], status, current >= 0 ? performance.now() - caseStartedAt : 0), message };
        const printed = child.takeTail();
        if (printed !== '' && reason !== 'output') verdict.output = printed.slice(-8_000);
        else if (printed !== '') verdict.output = `… ${printed.slice(-2_000)}`;
        board.set(running, verdict);
      }
      const name = running >= 0 ? cases[running].name : '';
      const notRun = {
        timeout: `not run: the time limit was reached while "${name}" was running`,
        'case-timeout': `not run: "${name}" went over its time limit`,
        memory: `not run: the memory limit was exceeded while "${name}" was running`,
        output: `not run: the output limit was exceeded while "${name}" was running`,
        cancelled: 'cancelled',
      }[reason];
      board.fill((c) => ({ ...baseVerdict(c, 'error', 0), message: notRun }));
      finish();
    };

    const firstWithout = (): number => cases.findIndex((_, i) => !board.has(i));

    const onMessage = (message: HarnessMessage): void => {
      if (phase === 'finished') return;
      switch (message.type) {
        case 'hello':
          if (phase === 'starting') {
            phase = 'loading';
            options.onReady?.();
          }
          return;
        case 'load-error': {
          const details = loadErrorDetails(message, ctx);
          const status = message.memory ? 'memory' : 'error';
          const text = message.memory ? memoryMessage(limits.memoryMb, 'while your file was loading') : details.message;
          board.fill((c, i) => {
            const verdict: CaseVerdict = { ...baseVerdict(c, status, 0), message: text };
            if (details.stack) verdict.stack = details.stack;
            if (details.location) verdict.location = details.location;
            if (i === 0 && message.output) verdict.output = message.output;
            return verdict;
          });
          finish();
          return;
        }
        case 'start': {
          phase = 'running';
          current = message.index;
          caseStartedAt = performance.now();
          const limit = cases[current]?.timeLimitMs;
          caseDeadline = limit !== undefined ? caseStartedAt + limit : Infinity;
          // A case that declares more time than the run has left gets it.
          if (caseDeadline !== Infinity) runDeadline = Math.max(runDeadline, caseDeadline);
          arm();
          return;
        }
        case 'result': {
          const c = cases[message.index];
          if (!c) return;
          board.set(message.index, resultVerdict(c, message, ctx, limits.memoryMb));
          child.takeTail();
          current = -1;
          caseDeadline = Infinity;
          arm();
          return;
        }
        case 'done':
          finish();
          return;
      }
    };

    const onAbort = (): void => stop('cancelled');
    if (signal?.aborted) {
      stop('cancelled');
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });

    void child.exited.then(async (exit) => {
      if (phase === 'finished') return;
      if (child.spawnError) {
        board.fill((c) => ({ ...baseVerdict(c, 'not-started', 0), message: options.notStarted(child) }));
        finish();
        return;
      }
      // Its last messages and output may still be in the pipes.
      await Promise.race([child.drained, new Promise((r) => setTimeout(r, DRAIN_MS))]);
      if (finished()) return;
      const tail = child.tail;
      if (phase === 'starting') {
        const detail = tail.trim().split('\n').slice(-5).join('\n');
        board.fill((c) => ({
          ...baseVerdict(c, 'not-started', 0),
          message: `${options.notStarted(child)}${detail ? `\n${detail}` : ''}`,
        }));
        finish();
        return;
      }
      if (OOM_TEXT.test(tail)) {
        memoryUsedMb = limits.memoryMb;
        stop('memory');
        return;
      }
      earlyExit(exit.code, exit.signal);
    });

    const earlyExit = (code: number | null, exitSignal: NodeJS.Signals | null): void => {
      const loading = phase === 'loading';
      const running = current >= 0 ? current : loading ? -1 : firstWithout();
      const where = running >= 0 ? 'while this case was running' : 'while your file was loading';
      let now: string;
      let later: string;
      if (exitSignal) {
        // Not our kill (that would have been a stop): a crash, or the system's out-of-memory killer.
        const crash = exitSignal === 'SIGKILL' ? 'was killed (SIGKILL: by the system, for using too much memory?)' : `crashed (${exitSignal})`;
        now = `the program ${crash} ${where}`;
        later = `not run: the program ${crash} ${running >= 0 ? `while "${cases[running].name}" was running` : 'while your file was loading'}`;
      } else {
        const advice = ctx.language === 'python' ? "don't call sys.exit() or os._exit(); return the result" : "don't call process.exit(); return the result";
        now = `the program exited (code ${code}) ${where}: ${advice}`;
        later = loading
          ? `the program exited (code ${code}) while your file was loading, before this case ran: ${advice}`
          : `the program exited (code ${code}) before this case ran: ${advice}`;
      }
      if (running >= 0) {
        const verdict: CaseVerdict = { ...baseVerdict(cases[running], 'error', performance.now() - caseStartedAt), message: now };
        const printed = child.takeTail();
        if (printed !== '') verdict.output = printed.slice(-8_000);
        board.set(running, verdict);
      }
      board.fill((c) => ({ ...baseVerdict(c, 'error', 0), message: later }));
      finish();
    };

    child.start(job, limits, {
      message: onMessage,
      outputExceeded: () => stop('output'),
      memoryExceeded: (mb) => {
        memoryUsedMb = mb;
        stop('memory');
      },
    });
    arm();
  });
}

/** Decimal units, as the limit is written (1 MB = 1,000,000 bytes). */
function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${Math.round(bytes / 1e5) / 10} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 100) / 10} KB`;
  return `${bytes} bytes`;
}
