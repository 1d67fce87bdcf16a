import * as vscode from 'vscode';
import type { BankService } from '../bankService';
import type { AnswerFiles } from './answerFiles';
import type { CheckService } from './checkService';

/**
 * Opens the answer file a question's results came from (else its answer file), at a 1-based
 * line: the panel's "Go to line" on an error's stack.
 */
export async function openAnswerAt(
  deps: { bank: BankService; answers: AnswerFiles; checks: CheckService },
  questionId: string,
  line?: number,
): Promise<void> {
  const question = deps.bank.get(questionId);
  if (!question) return;
  const uri = deps.checks.lastRun(questionId)?.uri ?? (await deps.answers.answerFor(question))?.uri;
  if (!uri) return;
  const document = await vscode.workspace.openTextDocument(uri);
  const target = Math.min(Math.max(0, (line ?? 1) - 1), Math.max(0, document.lineCount - 1));
  const position = new vscode.Position(target, document.lineAt(target).firstNonWhitespaceCharacterIndex);
  const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  await vscode.window.showTextDocument(document, {
    viewColumn: visible?.viewColumn ?? vscode.ViewColumn.Beside,
    selection: new vscode.Range(position, position),
    preview: false,
  });
}
