// The durable progress store: one JSON file shared by every VS Code window of the user.
//
// Every write is a read-modify-write under a cross-process lock (fileLock.ts): re-read the file,
// apply the change to the current on-disk value of that one question, write a temp file, fsync,
// rename over the target. A crash at any moment leaves either the old or the new file, never a
// half-written one. The previous good version is kept as `<file>.bak`; an unreadable file is moved
// aside to `<file>.corrupt-<time>` (never deleted) and the backup takes its place.

import { type FSWatcher, mkdirSync, watch as watchDirectory } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { errnoCode, errorMessage, ProgressError } from './errors';
import { fileStamp, isProcessAlive, snapshotTo, writeFileAtomic, type AtomicWriteHooks } from './durableFile';
import { acquireLock } from './fileLock';
import { parseImport, serializeFile, sortedQuestions, summarizeIssues } from './fileFormat';
import { capAttempts, mergeQuestion } from './merge';
import {
  DEFAULT_MAX_ATTEMPTS,
  emptyProgressFile,
  EXPORT_FORMAT,
  isValidQuestionId,
  PROGRESS_FILE_VERSION,
  type ProgressExport,
  type ProgressFile,
  type QuestionProgress,
  type Rating,
  type ReviewState,
  type Status,
} from './model';
import { DEFAULT_DESIRED_RETENTION, scheduleReview } from './schedule';
import { applyCheck, applyRating, applyReset, applyStart, type CheckOutcome } from './transitions';
import { normalizeQuestion, parseProgressText, type ValidationIssue } from './validate';

export interface Disposable {
  dispose(): void;
}

export interface ProgressStoreOptions {
  /** How long an update waits for another window's lock before failing with LOCK_TIMEOUT. Default 10 s. */
  lockTimeoutMs?: number;
  /** A lock older than this is broken even if its owner seems alive. Default 5 s (a write takes milliseconds). */
  staleLockMs?: number;
  /** Attempt history kept per question. Default 200. */
  maxAttempts?: number;
  /** Quiet period after a change on disk before `watch()` re-reads. Default 100 ms. */
  watchDebounceMs?: number;
  /** The clock, for tests. */
  now?: () => Date;
  /** The FSRS desired retention for new schedules (a setting in the editor). Default 0.9. */
  desiredRetention?: () => number;
  /** Test-only hooks into the atomic write (e.g. to crash half-way through one). */
  testHooks?: AtomicWriteHooks;
}

export interface ProgressChange {
  /** Questions whose progress differs from before (added, changed or removed). */
  ids: string[];
  /** 'write': this store wrote it; 'disk': read from disk (load, or another window's write). */
  origin: 'write' | 'disk';
}

export type ProgressWarningKind = 'corrupt-file' | 'invalid-entries' | 'newer-version' | 'watch-failed';

/** Something the user should hear about; nothing was lost, and `preservedAt` says where the original is. */
export interface ProgressWarning {
  kind: ProgressWarningKind;
  message: string;
  preservedAt?: string;
}

export interface ImportResult {
  added: number;
  updated: number;
  unchanged: number;
  /** Questions in the imported file. */
  questions: number;
}

export interface ResetResult {
  /** Where the progress before the reset was saved; undefined when there was nothing to save. */
  backupPath?: string;
}

interface DiskState {
  /** The text read, undefined if there was no file. */
  text: string | undefined;
  file: ProgressFile;
  /** The current file is fully valid, so it may become the next `.bak`. */
  backupable: boolean;
  /** The file was repaired (moved aside and restored) and must be written even without a change. */
  mustWrite: boolean;
}

interface TransactionOutcome<T> {
  file: ProgressFile;
  changed: boolean;
  result: T;
}

/** The lock was broken under us (we looked stale); the transaction is re-run from a fresh read. */
class LockLostError extends Error {}

const LEFTOVER_MAX_AGE_MS = 60_000;
const CLEANUP_INTERVAL_MS = 5 * 60_000;

export class ProgressStore implements Disposable {
  readonly filePath: string;
  readonly backupPath: string;
  private readonly lockPath: string;
  private readonly dir: string;
  private readonly base: string;
  private readonly lockTimeoutMs: number;
  private readonly staleLockMs: number;
  private readonly maxAttempts: number;
  private readonly watchDebounceMs: number;
  private readonly now: () => Date;
  private readonly desiredRetention: () => number;
  private readonly testHooks: AtomicWriteHooks | undefined;

  private snapshot: Readonly<Record<string, Readonly<QuestionProgress>>> = Object.freeze({});
  /** JSON of each snapshot entry, to tell cheaply which questions a re-read changed. */
  private snapshotJson = new Map<string, string>();
  /** The file's text as last read or written by us; a re-read with the same text is no change. */
  private lastText: string | undefined;
  /** Text already copied aside because it had invalid entries, so it is not copied twice. */
  private preservedText: string | undefined;
  private warnedNewerText: string | undefined;
  private lastCleanup = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changeListeners = new Set<(change: ProgressChange) => void>();
  private readonly warningListeners = new Set<(warning: ProgressWarning) => void>();
  private readonly warningLog: ProgressWarning[] = [];
  private warningsTaken = 0;
  private readonly watchers = new Set<Disposable>();

  constructor(filePath: string, options: ProgressStoreOptions = {}) {
    this.filePath = path.resolve(filePath);
    this.backupPath = `${this.filePath}.bak`;
    this.lockPath = `${this.filePath}.lock`;
    this.dir = path.dirname(this.filePath);
    this.base = path.basename(this.filePath);
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.staleLockMs = options.staleLockMs ?? 5_000;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.watchDebounceMs = options.watchDebounceMs ?? 100;
    this.now = options.now ?? (() => new Date());
    this.desiredRetention = options.desiredRetention ?? (() => DEFAULT_DESIRED_RETENTION);
    this.testHooks = options.testHooks;
  }

  // ---- reading -------------------------------------------------------------------------------

  /** Reads the file (repairing it if it is corrupt) and removes leftovers of crashed writers. */
  async load(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    await this.cleanupLeftovers();
    await this.refresh();
  }

  /** The cached progress of one question (frozen), as of the last load, write or watched change. */
  get(id: string): Readonly<QuestionProgress> | undefined {
    return Object.prototype.hasOwnProperty.call(this.snapshot, id) ? this.snapshot[id] : undefined;
  }

  statusOf(id: string): Status {
    return this.get(id)?.status ?? 'new';
  }

  /** The cached progress of every question with any (frozen). */
  all(): Readonly<Record<string, Readonly<QuestionProgress>>> {
    return this.snapshot;
  }

  /** Every warning so far, oldest first (also delivered to `onDidWarn` listeners as they happen). */
  get warnings(): readonly ProgressWarning[] {
    return this.warningLog;
  }

  /** The warnings not taken yet, oldest first; for callers that show them after each operation. */
  takeWarnings(): ProgressWarning[] {
    const taken = this.warningLog.slice(this.warningsTaken);
    this.warningsTaken = this.warningLog.length;
    return taken;
  }

  /** Re-reads the file now; fires onDidChange if it changed. `watch()` calls this on changes. */
  refresh(): Promise<void> {
    return this.serialize(async () => {
      const text = await this.readText();
      if (text !== undefined && text === this.lastText) return;
      if (text === undefined) {
        this.adopt(undefined, emptyProgressFile(), 'disk');
        return;
      }
      const parsed = parseProgressText(text);
      if (parsed.kind === 'ok') {
        await this.preserveInvalid(text, parsed.issues);
        this.adopt(text, parsed.file, 'disk');
      } else if (parsed.kind === 'newer') {
        this.warnNewer(text, parsed.version);
        this.adopt(text, emptyProgressFile(), 'disk');
      } else {
        // Corrupt: repair under the lock (another window may be doing the same).
        await this.transactLocked(async (file) => ({ file, changed: false, result: undefined }));
      }
    });
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * Read-modify-write of one question against the current file on disk, under the lock.
   * `mutate` gets a private copy of the on-disk value (undefined if none) and returns the new value,
   * or undefined to remove the question. It may run more than once (after a lost lock), so it must
   * depend only on its argument. `updatedAt` is set to now when the value changed and the mutation
   * did not set it. Returns the stored value.
   */
  update(id: string, mutate: (current: QuestionProgress | undefined) => QuestionProgress | undefined): Promise<QuestionProgress | undefined> {
    assertQuestionId(id);
    return this.transact(async (file) => {
      const before = file.questions[id];
      const proposed = mutate(before ? structuredClone(before) : undefined);
      if (proposed === undefined) {
        if (!before) return { file, changed: false, result: undefined };
        delete file.questions[id];
        return { file, changed: true, result: undefined };
      }
      let next = this.normalizeOwn(id, proposed);
      if (before && sameJson(before, next)) return { file, changed: false, result: before };
      if (before && next.updatedAt === before.updatedAt) next = { ...next, updatedAt: this.now().toISOString() };
      file.questions[id] = next;
      return { file, changed: true, result: next };
    });
  }

  /** The user opened the question to work on it: new → attempted; solved stays solved. */
  async recordStart(id: string, language?: string): Promise<QuestionProgress> {
    return stored(await this.update(id, (q) => applyStart(q, this.now().toISOString(), language)));
  }

  /** The checks ran: a pass makes it solved (solvedAt = first pass); a failure never un-solves it. */
  async recordCheck(id: string, outcome: CheckOutcome): Promise<QuestionProgress> {
    const retention = this.desiredRetention();
    return stored(await this.update(id, (q) => applyCheck(q, this.now().toISOString(), outcome, retention)));
  }

  /** A recall rating, with the scheduler's new state for the question if it has one. */
  async recordRating(id: string, rating: Rating, review?: ReviewState): Promise<QuestionProgress> {
    return stored(await this.update(id, (q) => applyRating(q, this.now().toISOString(), rating, review)));
  }

  /**
   * The user rated their recall: FSRS schedules the next review from the card on disk (read under
   * the lock, so a rating given in another window meanwhile is built upon, not overwritten).
   */
  async rate(id: string, rating: Rating, desiredRetention = this.desiredRetention()): Promise<QuestionProgress> {
    return stored(
      await this.update(id, (q) => {
        const now = this.now();
        return applyRating(q, now.toISOString(), rating, scheduleReview(q?.review, rating, now, desiredRetention));
      }),
    );
  }

  /** Starts one question over (status new, schedule dropped); its history is kept. */
  async resetQuestion(id: string): Promise<QuestionProgress> {
    return stored(await this.update(id, (q) => applyReset(q, this.now().toISOString())));
  }

  /** Clears all progress. The previous content is saved to `<file>.reset-<time>` first. */
  reset(): Promise<ResetResult> {
    return this.transact(async (file): Promise<TransactionOutcome<ResetResult>> => {
      if (Object.keys(file.questions).length === 0) return { file, changed: false, result: {} };
      const backupPath = await this.freeName(`${this.filePath}.reset-${fileStamp(this.now())}`);
      await writeFileAtomic(backupPath, serializeFile(file));
      return { file: emptyProgressFile(), changed: true, result: { backupPath } };
    });
  }

  // ---- export / import -----------------------------------------------------------------------

  /** Pretty JSON of all progress as it is on disk now, importable by `importJson`. */
  async exportJson(): Promise<string> {
    await this.refresh();
    const data: ProgressExport = {
      format: EXPORT_FORMAT,
      version: PROGRESS_FILE_VERSION,
      exportedAt: this.now().toISOString(),
      questions: sortedQuestions(this.snapshot as Record<string, QuestionProgress>),
    };
    return `${JSON.stringify(data, null, 2)}\n`;
  }

  /**
   * Merges an export into the store, question by question (attempts unioned, most advanced status
   * wins). Invalid text throws ProgressError('INVALID_IMPORT') saying what is wrong, and changes nothing.
   */
  async importJson(text: string): Promise<ImportResult> {
    const imported = parseImport(text, this.maxAttempts);
    return this.transact(async (file) => {
      const result: ImportResult = { added: 0, updated: 0, unchanged: 0, questions: Object.keys(imported).length };
      for (const [id, incoming] of Object.entries(imported)) {
        const existing = file.questions[id];
        if (!existing) {
          file.questions[id] = incoming;
          result.added++;
          continue;
        }
        const merged = mergeQuestion(existing, incoming, this.maxAttempts);
        if (sameJson(merged, existing)) {
          result.unchanged++;
        } else {
          file.questions[id] = merged;
          result.updated++;
        }
      }
      return { file, changed: result.added + result.updated > 0, result };
    });
  }

  // ---- events --------------------------------------------------------------------------------

  /** Fires after this store's writes and whenever a re-read finds the file changed. */
  onDidChange(listener: (change: ProgressChange) => void): Disposable {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  /** Fires for each warning the user should see (corrupt file moved aside, entries dropped, ...). */
  onDidWarn(listener: (warning: ProgressWarning) => void): Disposable {
    this.warningListeners.add(listener);
    return { dispose: () => this.warningListeners.delete(listener) };
  }

  /**
   * Watches the file's directory and re-reads after another process (another window) changed the
   * file, firing onDidChange when the content differs. Safe to call before `load()`.
   */
  watch(): Disposable {
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    const schedule = (): void => {
      if (closed) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        this.refresh().catch((error) => this.warn({ kind: 'watch-failed', message: `Could not re-read progress from ${this.filePath}: ${errorMessage(error)}` }));
      }, this.watchDebounceMs);
    };
    // The directory, not the file: every write replaces the file's inode by rename.
    let watcher: FSWatcher;
    try {
      mkdirSync(this.dir, { recursive: true }); // one syscall, once; watch() may come before load()
      watcher = watchDirectory(this.dir, { persistent: false }, (_event, filename) => {
        if (filename === null || filename === undefined || filename.toString() === this.base) schedule();
      });
    } catch (error) {
      this.warn({ kind: 'watch-failed', message: `Cannot watch ${this.dir} for progress changes from other windows: ${errorMessage(error)}` });
      return { dispose: () => undefined };
    }
    const disposable: Disposable = {
      dispose: () => {
        if (closed) return;
        closed = true;
        if (timer) clearTimeout(timer);
        watcher.close();
        this.watchers.delete(disposable);
      },
    };
    watcher.on('error', (error) => {
      this.warn({ kind: 'watch-failed', message: `Stopped watching ${this.dir} for progress changes from other windows: ${errorMessage(error)}` });
      disposable.dispose();
    });
    this.watchers.add(disposable);
    return disposable;
  }

  dispose(): void {
    for (const watcher of [...this.watchers]) watcher.dispose();
    this.changeListeners.clear();
    this.warningListeners.clear();
  }

  // ---- the transaction -----------------------------------------------------------------------

  private transact<T>(fn: (file: ProgressFile) => Promise<TransactionOutcome<T>>): Promise<T> {
    return this.serialize(async () => {
      const result = await this.transactLocked(fn);
      if (Date.now() - this.lastCleanup > CLEANUP_INTERVAL_MS) await this.cleanupLeftovers();
      return result;
    });
  }

  /** Must run inside `serialize`. */
  private async transactLocked<T>(fn: (file: ProgressFile) => Promise<TransactionOutcome<T>>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const lock = await acquireLock(this.lockPath, { timeoutMs: this.lockTimeoutMs, staleMs: this.staleLockMs });
      try {
        const disk = await this.readForWrite();
        const outcome = await fn(disk.file);
        if (!outcome.changed && !disk.mustWrite) {
          this.adopt(disk.text, outcome.file, 'disk');
          return outcome.result;
        }
        const text = serializeFile(outcome.file);
        await writeFileAtomic(this.filePath, text, {
          hooks: this.testHooks,
          beforeRename: async () => {
            if (!(await lock.verify())) throw new LockLostError();
            if (disk.backupable) await snapshotTo(this.filePath, this.backupPath);
          },
        });
        this.adopt(text, outcome.file, 'write');
        return outcome.result;
      } catch (error) {
        if (!(error instanceof LockLostError)) throw error;
        if (attempt >= 3) {
          throw new ProgressError('LOCK_TIMEOUT', `Could not save progress to ${this.filePath}: other processes kept taking over its lock ${this.lockPath}.`);
        }
      } finally {
        await lock.release();
      }
    }
  }

  /** The current file under the lock, repaired if needed. */
  private async readForWrite(): Promise<DiskState> {
    const text = await this.readText();
    if (text === undefined) return { text, file: emptyProgressFile(), backupable: false, mustWrite: false };
    const parsed = parseProgressText(text);
    switch (parsed.kind) {
      case 'ok':
        await this.preserveInvalid(text, parsed.issues);
        return { text, file: parsed.file, backupable: parsed.issues.length === 0, mustWrite: false };
      case 'newer':
        this.warnNewer(text, parsed.version);
        throw new ProgressError(
          'NEWER_VERSION',
          `Progress was not saved: ${this.filePath} was written by a newer version of Interview Drills (format ${parsed.version}; this version reads ${PROGRESS_FILE_VERSION}). Update the extension; the file was left untouched.`,
        );
      case 'invalid':
        return { text: undefined, file: await this.quarantine(parsed.reason), backupable: false, mustWrite: true };
    }
  }

  /** Moves the unreadable file aside and returns what to continue from: the backup, or nothing. */
  private async quarantine(reason: string): Promise<ProgressFile> {
    const movedTo = await this.freeName(`${this.filePath}.corrupt-${fileStamp(this.now())}`);
    try {
      await fs.rename(this.filePath, movedTo);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error; // deleted meanwhile: nothing left to keep
    }
    let restored: ProgressFile | undefined;
    let backupNote = 'There was no usable backup, so progress starts empty.';
    const backupText = await readTextIfExists(this.backupPath);
    if (backupText !== undefined) {
      const backup = parseProgressText(backupText);
      if (backup.kind === 'ok') {
        restored = backup.file;
        const count = Object.keys(backup.file.questions).length;
        backupNote = `Restored the previous version from ${this.backupPath} (${count} question${count === 1 ? '' : 's'}); only the last change may be missing.`;
      }
    }
    this.warn({
      kind: 'corrupt-file',
      message: `Your progress file could not be read (${reason}). It was moved to ${movedTo}. ${backupNote}`,
      preservedAt: movedTo,
    });
    return restored ?? emptyProgressFile();
  }

  /** Entries were dropped while reading: keep a copy of the original text before it is rewritten. */
  private async preserveInvalid(text: string, issues: readonly ValidationIssue[]): Promise<void> {
    if (issues.length === 0 || text === this.preservedText) return;
    const copyPath = await this.freeName(`${this.filePath}.corrupt-${fileStamp(this.now())}`);
    await fs.writeFile(copyPath, text, { flag: 'wx', mode: 0o600 });
    this.preservedText = text;
    this.warn({
      kind: 'invalid-entries',
      message: `Some progress entries in ${this.filePath} are not valid and were ignored: ${summarizeIssues(issues)}. The original file was copied to ${copyPath}.`,
      preservedAt: copyPath,
    });
  }

  private warnNewer(text: string, version: number): void {
    if (text === this.warnedNewerText) return;
    this.warnedNewerText = text;
    this.warn({
      kind: 'newer-version',
      message: `${this.filePath} was written by a newer version of Interview Drills (format ${version}). Progress is shown as empty and will not be saved until the extension is updated; the file is left untouched.`,
    });
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Runs tasks of this store one at a time, so reads and writes never interleave in-process. */
  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readText(): Promise<string | undefined> {
    return readTextIfExists(this.filePath);
  }

  private adopt(text: string | undefined, file: ProgressFile, origin: ProgressChange['origin']): void {
    this.lastText = text;
    const previous = this.snapshot;
    const next: Record<string, Readonly<QuestionProgress>> = {};
    const nextJson = new Map<string, string>();
    const ids = new Set<string>();
    for (const [id, question] of Object.entries(file.questions)) {
      const json = JSON.stringify(question);
      nextJson.set(id, json);
      if (this.snapshotJson.get(id) === json) {
        next[id] = previous[id];
      } else {
        next[id] = deepFreeze(structuredClone(question));
        ids.add(id);
      }
    }
    for (const id of Object.keys(previous)) if (!nextJson.has(id)) ids.add(id);
    this.snapshot = Object.freeze(next);
    this.snapshotJson = nextJson;
    if (ids.size > 0) this.emit(this.changeListeners, { ids: [...ids].sort(), origin });
  }

  private normalizeOwn(id: string, value: QuestionProgress): QuestionProgress {
    const issues: ValidationIssue[] = [];
    const normalized = normalizeQuestion(value, `questions[${JSON.stringify(id)}]`, issues);
    if (!normalized || issues.length > 0) {
      throw new ProgressError('INVALID_ARGUMENT', `Refusing to save malformed progress for "${id}": ${summarizeIssues(issues)}`);
    }
    normalized.attempts = capAttempts(normalized.attempts, this.maxAttempts);
    return normalized;
  }

  private warn(warning: ProgressWarning): void {
    this.warningLog.push(warning);
    this.emit(this.warningListeners, warning);
  }

  private emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch (error) {
        // One faulty listener must not stop the others or the store; let the host report it.
        setImmediate(() => {
          throw error;
        });
      }
    }
  }

  /** `candidate`, or `candidate-2`, `-3`, ... if it exists. */
  private async freeName(candidate: string): Promise<string> {
    for (let n = 1; ; n++) {
      const name = n === 1 ? candidate : `${candidate}-${n}`;
      if (!(await exists(name))) return name;
    }
  }

  /** Removes temp files and broken-lock remnants left by writers that crashed. */
  private async cleanupLeftovers(): Promise<void> {
    this.lastCleanup = Date.now();
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return;
    }
    // Names made by uniqueSibling(): `<file>[.bak|.lock|.reset-<time>].tmp|stale-<pid>-<hex>`.
    const pattern = new RegExp(`^${escapeRegExp(this.base)}(?:\\.[^/\\\\]*)?\\.(?:tmp|stale)-(\\d+)-[0-9a-f]{12}$`);
    for (const name of names) {
      const match = pattern.exec(name);
      if (!match) continue;
      const pid = Number(match[1]);
      const full = path.join(this.dir, name);
      try {
        const stat = await fs.stat(full);
        const abandoned = (pid !== process.pid && !isProcessAlive(pid)) || Date.now() - stat.mtimeMs > LEFTOVER_MAX_AGE_MS;
        if (abandoned) await fs.rm(full, { force: true });
      } catch {
        // Gone already, or not ours to remove: either way not worth failing a load for.
      }
    }
  }
}

function assertQuestionId(id: string): void {
  if (!isValidQuestionId(id)) throw new ProgressError('INVALID_ARGUMENT', `Not a valid question id: ${JSON.stringify(id)}`);
}

/** The convenience transitions always produce a value; this narrows update()'s result to it. */
function stored(value: QuestionProgress | undefined): QuestionProgress {
  if (value === undefined) throw new Error('progress transition produced no value');
  return value;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

async function readTextIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
