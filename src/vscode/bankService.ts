// Holds the loaded question bank, reloads it when its files change, and reports broken files in
// the Problems panel.
import * as vscode from 'vscode';
import { loadBank, type LoadResult, type Problem } from '../core/bank/loader';
import type { Question } from '../core/bank/question';
import { Disposable } from './dispose';

const EMPTY: LoadResult = { questions: [], problems: [], categories: [] };

export class BankService extends Disposable {
  private result: LoadResult = EMPTY;
  private byId = new Map<string, Question>();
  private loading: Promise<LoadResult> | undefined;
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
    const watcher = this._register(
      vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(builtinRoot, '**/*.{yaml,yml}')),
    );
    const reload = () => void this.reload();
    this._register(watcher.onDidChange(reload));
    this._register(watcher.onDidCreate(reload));
    this._register(watcher.onDidDelete(reload));
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

  /** Loads (or reloads) the bank; concurrent calls share one load. */
  reload(): Promise<LoadResult> {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      const started = Date.now();
      try {
        const result = await loadBank([{ dir: this.builtinRoot.fsPath, origin: 'builtin' }], {
          cacheFile: this.cacheFile.fsPath,
          cacheTag: this.cacheTag,
        });
        this.apply(result);
        this.log.info(`loaded ${result.questions.length} questions, ${result.problems.length} problems in ${Date.now() - started} ms`);
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
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
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
