// One harness child process: spawned in its own process group with an argument array and no
// shell, stdin for the job, stdout/stderr counted and kept short, fd 3 for the harness's
// messages, its memory watched from outside, and a kill that takes its whole process tree.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs/promises';
import type { Socket } from 'node:net';
import { RESULT_FD, type HarnessJob, type HarnessMessage } from './protocol';

export interface SpawnSpec {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** What the child can be used for; a warm child serves only requests with the same key. */
  key: string;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface JobHandlers {
  message(message: HarnessMessage): void;
  /** stdout+stderr went over the output limit. */
  outputExceeded(bytes: number): void;
  /** The process (RSS, or data segment growth since the job started) went over the memory limit. */
  memoryExceeded(mb: number): void;
}

/** How much of stdout/stderr is kept for diagnostics (crash messages, output of a killed case). */
const TAIL_CHARS = 16_000;
/** How often the child's memory is read: /proc is cheap, `ps` (macOS) is a process per look. */
const MEMORY_POLL_MS = process.platform === 'linux' ? 50 : 200;

export class HarnessChild {
  readonly process: ChildProcess;
  /** Set when the process could not be started (ENOENT: the interpreter is missing). */
  spawnError: NodeJS.ErrnoException | undefined;
  exitInfo: ChildExit | undefined;
  /** Resolves when the process has exited (or could not be started). */
  readonly exited: Promise<ChildExit>;
  /** Resolves when fd 3, stdout and stderr are all closed (everything the child wrote has been read). */
  readonly drained: Promise<void>;

  private token: string | undefined;
  private handlers: JobHandlers | undefined;
  private pending = '';
  private tailText = '';
  private outputBytes = 0;
  private outputLimit = Infinity;
  private memoryLimitMb = Infinity;
  private baseDataKb = 0;
  private poll: NodeJS.Timeout | undefined;
  private killed = false;
  private jobGiven = false;

  constructor(readonly spec: SpawnSpec) {
    this.process = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true, // its own process group, so a kill reaches everything it started
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const child = this.process;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        this.stopPolling();
        resolve(this.exitInfo);
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (child.pid === undefined && this.exitInfo === undefined) {
          this.spawnError = error;
          this.exitInfo = { code: null, signal: null };
          resolve(this.exitInfo);
        }
      });
    });
    const closed = (stream: NodeJS.ReadableStream | null | undefined): Promise<void> =>
      new Promise((resolve) => {
        if (!stream) return resolve();
        stream.once('close', () => resolve());
        stream.once('error', () => resolve());
      });
    const results = child.stdio[RESULT_FD] as Socket | null;
    this.drained = Promise.all([closed(results), closed(child.stdout), closed(child.stderr)]).then(() => undefined);
    results?.setEncoding('utf8');
    results?.on('data', (chunk: string) => this.onResults(chunk));
    child.stdout?.on('data', (chunk: Buffer) => this.onOutput(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.onOutput(chunk));
    // A child that dies early makes its stdin fail; that is reported through `exited`.
    child.stdin?.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get alive(): boolean {
    return this.spawnError === undefined && this.exitInfo === undefined && !this.killed;
  }

  /** stdout/stderr written so far, the last TAIL_CHARS characters. */
  get tail(): string {
    return this.tailText;
  }

  /** Takes the stdout/stderr kept so far and starts afresh (output of one case). */
  takeTail(): string {
    const text = this.tailText;
    this.tailText = '';
    return text;
  }

  /** An idle child must not keep the engine's process alive; a busy one may. */
  setIdle(idle: boolean): void {
    const handles = [this.process, ...this.process.stdio] as ({ ref?(): void; unref?(): void } | null)[];
    for (const handle of handles) {
      if (idle) handle?.unref?.();
      else handle?.ref?.();
    }
  }

  /** Hands the child its job. Messages from then on go to `handlers`, checked against the job's token. */
  start(job: HarnessJob, limits: { outputBytes: number; memoryMb: number }, handlers: JobHandlers): void {
    if (this.jobGiven) throw new Error('a harness child runs one job only');
    this.jobGiven = true;
    this.token = job.token;
    this.handlers = handlers;
    this.outputLimit = limits.outputBytes;
    this.memoryLimitMb = limits.memoryMb;
    this.tailText = '';
    this.setIdle(false);
    // stdin stays open: the harness waits for its end after its last message, so the process
    // tree is still intact when the engine sweeps it.
    this.process.stdin?.write(`${JSON.stringify(job)}\n`);
    if (this.pending !== '') this.onResults('');
  }

  private onResults(chunk: string): void {
    this.pending += chunk;
    if (this.token === undefined) {
      // Nothing is expected before the job; do not let an idle child fill the parent's memory.
      if (this.pending.length > TAIL_CHARS) this.pending = this.pending.slice(-TAIL_CHARS);
      return;
    }
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      if (!line.startsWith(this.token)) continue; // not from the harness: ignore
      let message: HarnessMessage;
      try {
        message = JSON.parse(line.slice(this.token.length)) as HarnessMessage;
      } catch {
        continue;
      }
      if (message.type === 'hello') this.startPolling(message.dataKb);
      this.handlers?.message(message);
    }
    // A line without an end that is not growing into a message is dropped beyond a bound.
    if (this.pending.length > 64 * 1024 * 1024) this.pending = '';
  }

  private onOutput(chunk: Buffer): void {
    this.tailText += chunk.toString('utf8');
    if (this.tailText.length > TAIL_CHARS) this.tailText = this.tailText.slice(-TAIL_CHARS);
    if (!this.jobGiven) return;
    this.outputBytes += chunk.length;
    if (this.outputBytes > this.outputLimit) {
      const bytes = this.outputBytes;
      this.outputLimit = Infinity; // report once
      this.handlers?.outputExceeded(bytes);
    }
  }

  private startPolling(baseDataKb: number | undefined): void {
    const pid = this.pid;
    if (this.poll || pid === undefined || !this.alive) return;
    if (process.platform !== 'linux' && process.platform !== 'darwin') return;
    this.baseDataKb = baseDataKb ?? 0;
    let reading = false;
    this.poll = setInterval(() => {
      if (reading) return;
      reading = true;
      memoryOf(pid)
        .then((usage) => this.checkMemory(usage))
        .catch(() => this.stopPolling())
        .finally(() => {
          reading = false;
        });
    }, MEMORY_POLL_MS);
  }

  private checkMemory(usage: { rssKb: number; dataKb?: number }): void {
    if (!this.alive) return;
    // RSS: memory really touched. Data segment growth: memory asked for but not yet touched
    // (Buffer.alloc(2**30) is a lazily zeroed mapping that RSS does not show).
    const usedKb = Math.max(usage.rssKb, (usage.dataKb ?? 0) - this.baseDataKb);
    if (usedKb > this.memoryLimitMb * 1024) {
      this.stopPolling();
      this.handlers?.memoryExceeded(Math.round(usedKb / 1024));
    }
  }

  private stopPolling(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
  }

  /**
   * Kills the child, its process group and every descendant found under it (also those that
   * moved to a group of their own), then closes its stdin. Safe to call more than once.
   */
  async kill(): Promise<void> {
    this.stopPolling();
    const pid = this.pid;
    if (pid === undefined) return;
    const wasAlive = this.exitInfo === undefined;
    this.killed = true;
    const descendants = wasAlive ? await descendantsOf(pid) : [];
    killGroup(pid);
    for (const other of descendants) {
      killGroup(other);
      killPid(other);
    }
    if (wasAlive) killPid(pid);
    // The ones started while we were looking: their group is gone now, look once more.
    if (descendants.length > 0) {
      for (const other of await Promise.all(descendants.map((d) => descendantsOf(d)))) other.forEach(killPid);
    }
    this.process.stdin?.destroy();
  }
}

/** The process's resident and data-segment sizes (Linux: /proc; macOS: ps, resident only). */
async function memoryOf(pid: number): Promise<{ rssKb: number; dataKb?: number }> {
  if (process.platform === 'linux') {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rssKb: kb('VmRSS'), dataKb: kb('VmData') };
  }
  const rss = await new Promise<string>((resolve, reject) =>
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], { timeout: 1000 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );
  const rssKb = Number(rss.trim());
  if (!Number.isFinite(rssKb)) throw new Error('no such process');
  return { rssKb };
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // No such group (already gone, or never a group leader).
  }
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Every process below `pid`, found through /proc/<pid>/task/<tid>/children (Linux). */
async function descendantsOf(pid: number): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const found = new Set<number>();
  const queue = [pid];
  while (queue.length > 0 && found.size < 10_000) {
    const parent = queue.shift() as number;
    let tasks: string[];
    try {
      tasks = await fs.readdir(`/proc/${parent}/task`);
    } catch {
      continue;
    }
    const lists = await Promise.all(
      tasks.map((tid) => fs.readFile(`/proc/${parent}/task/${tid}/children`, 'utf8').catch(() => '')),
    );
    for (const list of lists) {
      for (const word of list.split(/\s+/)) {
        const child = Number(word);
        if (word !== '' && Number.isInteger(child) && !found.has(child)) {
          found.add(child);
          queue.push(child);
        }
      }
    }
  }
  return [...found];
}
