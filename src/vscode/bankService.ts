// Holds the loaded question bank, reloads it when its files change, and reports broken files in
// the Problems panel.
import * as vscode from 'vscode';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadBank, type BankRoot, type LoadResult, type Problem } from '../core/bank/loader';
import type { Question } from '../core/bank/question';
import { Disposable } from './dispose';

const EMPTY: LoadResult = { questions: [], problems: [], categories: [] };

const SETTING = 'interviewDrills.questionFolders';

/** Folders of the user's own questions, from the (machine-scoped) setting. */
function userFolders(): string[] {
  const value = vscode.workspace.getConfiguration('interviewDrills').get<unknown>('questionFolders', []);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim().length > 0) : [];
}

export class BankService extends Disposable {
  private result: LoadResult = EMPTY;
  private byId = new Map<string, Question>();
  private loading: Promise<LoadResult> | undefined;
  private again = false;
  private watchers: vscode.Disposable[] = [];
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('interview-drills'));
  private readonly changed = this._register(new vscode.EventEmitter<LoadResult>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly builtinRoot: vscode.Uri,
    private readonly cacheFile: vscode.Uri,
    private readonly cacheTag: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.watchRoots();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(SETTING)) return;
        this.watchRoots();
        void this.reload();
      }),
    );
    this._register({ dispose: () => this.watchers.forEach((w) => w.dispose()) });
  }

  private roots(): BankRoot[] {
    return [
      { dir: this.builtinRoot.fsPath, origin: 'builtin' },
      ...userFolders().map((dir): BankRoot => ({ dir: expandHome(dir), origin: 'user' })),
    ];
  }

  private watchRoots(): void {
    this.watchers.forEach((w) => w.dispose());
    this.watchers = [];
    const reload = () => void this.reload();
    for (const root of this.roots()) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root.dir), '**/*.{yaml,yml}'));
      this.watchers.push(watcher, watcher.onDidChange(reload), watcher.onDidCreate(reload), watcher.onDidDelete(reload));
    }
  }

  get current(): LoadResult {
    return this.result;
  }

  get questions(): readonly Question[] {
    return this.result.questions;
  }

  get(id: string): Question | undefined {
    return this.byId.get(id);
  }

  /** Loads (or reloads) the bank. Calls during a load share it, and one more load follows it. */
  reload(): Promise<LoadResult> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      let result: LoadResult;
      do {
        this.again = false;
        result = await this.loadOnce();
      } while (this.again && !this.isDisposed);
      return result;
    })().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async loadOnce(): Promise<LoadResult> {
    const started = Date.now();
    const roots = this.roots();
    try {
      const result = await loadBank(roots, { cacheFile: this.cacheFile.fsPath, cacheTag: this.cacheTag });
      this.apply(result);
      this.log.info(`loaded ${result.questions.length} questions, ${result.problems.length} problems from ${roots.length} folder(s) in ${Date.now() - started} ms`);
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`could not load the question bank: ${message}`);
      const failed: LoadResult = {
        questions: [],
        categories: [],
        problems: [{ file: this.builtinRoot.fsPath, line: 1, col: 1, message: `Could not load questions: ${message}`, severity: 'error' }],
      };
      this.apply(failed);
      return failed;
    }
  }

  private apply(result: LoadResult): void {
    this.result = result;
    this.byId = new Map(result.questions.map((q) => [q.id, q]));
    this.publishDiagnostics(result.problems);
    this.changed.fire(result);
  }

  private publishDiagnostics(problems: readonly Problem[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const problem of problems) {
      const line = Math.max(0, problem.line - 1);
      const col = Math.max(0, problem.col - 1);
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(line, col, line, col + 1),
        problem.message,
        problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
      );
      diagnostic.source = 'Interview Drills';
      const list = byFile.get(problem.file) ?? [];
      list.push(diagnostic);
      byFile.set(problem.file, list);
    }
    this.diagnostics.clear();
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
  }
}

function expandHome(dir: string): string {
  const trimmed = dir.trim();
  return path.resolve(trimmed === '~' || trimmed.startsWith('~/') ? path.join(os.homedir(), trimmed.slice(1)) : trimmed);
}
