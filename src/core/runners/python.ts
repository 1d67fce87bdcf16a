// Which Python to start, and what to tell the user when there is none.
//
// `python3` is often a version manager's shim (pyenv: a shell script that costs ~55 ms on every
// start). The first run starts what the user configured; meanwhile the real interpreter behind it
// is asked for its own path once (sys.executable), and later starts use that path directly.
import { execFile } from 'node:child_process';
import type { Socket } from 'node:net';

/** The setting a user changes to point at their Python. */
export const PYTHON_SETTING = 'interviewDrills.pythonPath';

export function defaultPython(): string {
  return process.platform === 'win32' ? 'python' : 'python3';
}

/** One per engine: configured command → the interpreter's real path, once known. */
export class PythonLocator {
  private readonly real = new Map<string, string>();
  private readonly asking = new Set<string>();

  /** What to spawn for `configured`: the real interpreter when known, else `configured` itself. */
  commandFor(configured: string): string {
    return this.real.get(configured) ?? configured;
  }

  /** Asks `configured` for its real path, once (until it answers), without waiting for the answer. */
  resolveInBackground(configured: string, env: NodeJS.ProcessEnv): void {
    if (this.real.has(configured) || this.asking.has(configured)) return;
    this.asking.add(configured);
    const child = execFile(
      configured,
      ['-I', '-c', 'import sys; print(sys.executable)'],
      { env, timeout: 10_000, windowsHide: true },
      (error, stdout) => {
        this.asking.delete(configured);
        const found = stdout.trim();
        if (!error && found !== '' && !found.includes('\n')) this.real.set(configured, found);
      },
    );
    // Asking must not keep the engine's process alive.
    child.unref();
    for (const stream of [child.stdout, child.stderr] as unknown as (Socket | null)[]) stream?.unref();
  }

  /** Forget what was found (the user changed their Python). */
  forget(configured: string): void {
    this.real.delete(configured);
  }
}

/** The verdict message when `configured` cannot be started. */
export function pythonMissingMessage(configured: string, fromSetting: boolean, error: NodeJS.ErrnoException | undefined): string {
  const why = error?.code === 'ENOENT' || error === undefined ? 'was not found' : `could not be started (${error.code ?? error.message})`;
  if (fromSetting) {
    return `The Python interpreter "${configured}" (setting ${PYTHON_SETTING}) ${why}. Install Python 3, or correct ${PYTHON_SETTING} to the full path of a Python 3 interpreter.`;
  }
  return `${configured} ${why}. Install Python 3 (https://www.python.org/downloads/) or set ${PYTHON_SETTING} to its path.`;
}
