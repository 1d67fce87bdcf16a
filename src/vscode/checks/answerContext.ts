// Follows the active editor: sets the context keys the editor title button and the keybinding
// use, and in watch mode runs the checks when an answer file is saved.
import * as vscode from 'vscode';
import { CommandId } from '../commands/ids';
import { Disposable } from '../dispose';
import { isCodeAnswer, type AnswerFiles } from './answerFiles';
import type { CheckService } from './checkService';
import { watchMode } from './settings';

/** True when the active editor holds an answer file (any kind of question). */
export const IS_ANSWER_FILE = 'interviewDrills.isAnswerFile';
/** The kind of question the active answer file answers: code, sql, concept or behavioral. */
export const ANSWER_KIND = 'interviewDrills.answerKind';

export class AnswerContext extends Disposable {
  constructor(
    private readonly answers: AnswerFiles,
    private readonly checks: CheckService,
    onBankChange: vscode.Event<unknown>,
  ) {
    super();
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(onBankChange(() => this.update()));
    this._register(vscode.workspace.onDidSaveTextDocument((document) => this.saved(document)));
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const file = document ? this.answers.forDocument(document) : undefined;
    void vscode.commands.executeCommand('setContext', IS_ANSWER_FILE, !!file);
    void vscode.commands.executeCommand('setContext', ANSWER_KIND, file?.question.kind ?? '');
    if (isCodeAnswer(file) && !this.answers.whyNotRunnable(file)) this.checks.warmUp(file.language);
  }

  private saved(document: vscode.TextDocument): void {
    if (!watchMode()) return;
    const file = this.answers.forDocument(document);
    if (!file) return;
    void vscode.commands.executeCommand(CommandId.RunChecks, document.uri, { fromWatch: true });
  }
}
