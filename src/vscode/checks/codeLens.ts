// The CodeLens at the top of an answer file: "▶ Run checks" (every kind of answer) and "Open question";
// in a SQL answer also "▶ Run query" above each statement.
// Only for files in the scratch folder or with the header Start writes; cheap to compute.
import * as vscode from 'vscode';
import { statementRanges } from '../../core/sql/statements';
import { CommandId } from '../commands/ids';
import { Disposable } from '../dispose';
import type { AnswerFiles } from './answerFiles';
import type { CheckService } from './checkService';
import { passCount } from './display';

export const ANSWER_FILE_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'typescript' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'python' },
  { scheme: 'file', language: 'sql' },
  { scheme: 'file', language: 'markdown' },
];

/** More statements than this in one file get no Run query lens (a pasted dump, not an answer). */
const MAX_QUERY_LENSES = 200;

export class AnswerCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly answers: AnswerFiles,
    private readonly checks: CheckService,
    onBankChange: vscode.Event<unknown>,
  ) {
    super();
    this._register(checks.onDidChange(() => this.changed.fire()));
    this._register(onBankChange(() => this.changed.fire()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const file = this.answers.forDocument(document);
    if (!file) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    // No "running" title: lenses refresh lazily, so it would linger after the run (the status
    // bar and the window's progress show a run in flight).
    const last = this.checks.lastRun(file.question.id);
    const lastText = last && last.uri.toString() === document.uri.toString() ? ` (last: ${passCount(last.report)} passed)` : '';
    const lenses = [
      new vscode.CodeLens(top, {
        title: `$(play) Run checks${lastText}`,
        tooltip: 'Run the checks on this answer (Ctrl+Alt+Enter)',
        command: CommandId.RunChecks,
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: 'Open question',
        tooltip: `Show "${file.question.title}" in the Interview Drills panel`,
        command: CommandId.OpenQuestion,
        arguments: [file.question.id],
      }),
    ];
    if (file.question.kind === 'sql' && file.language === 'sql') lenses.push(...this.queryLenses(document));
    return lenses;
  }

  /** "▶ Run query" above each statement; it runs the statement that starts there at the moment of the click. */
  private queryLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const statements = statementRanges(document.getText());
    if (statements.length > MAX_QUERY_LENSES) return [];
    return statements.map((statement) => {
      const at = document.positionAt(statement.start);
      return new vscode.CodeLens(new vscode.Range(at, at), {
        title: '$(play) Run query',
        tooltip: 'Run this statement on the exercise\'s tables and show the rows in the panel (Ctrl+Enter with the cursor in it)',
        command: CommandId.RunQuery,
        arguments: [document.uri, statement.start],
      });
    });
  }
}
