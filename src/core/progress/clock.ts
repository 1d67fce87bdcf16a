// The time the progress layer and the review features go by. Normally the system clock; the
// integration tests move it to simulate a later day (through the API activate() returns, never a
// setting). Moving it keeps it running from the new time, so timers and timestamps stay sensible.

export interface ClockListener {
  dispose(): void;
}

export class Clock {
  private offsetMs = 0;
  private readonly listeners = new Set<() => void>();

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** True while the clock reads something other than the system time. */
  get simulated(): boolean {
    return this.offsetMs !== 0;
  }

  /** From now on the clock reads `date`, and runs on from there. */
  set(date: Date): void {
    const ms = date.getTime();
    if (!Number.isFinite(ms)) throw new RangeError('Clock.set needs a valid date');
    this.offsetMs = ms - Date.now();
    this.fire();
  }

  /** Back to the system time. */
  reset(): void {
    this.offsetMs = 0;
    this.fire();
  }

  /** Fires after `set` or `reset`: anything that waits for a time of day must re-plan. */
  onDidJump(listener: () => void): ClockListener {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
