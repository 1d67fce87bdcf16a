import * as vscode from 'vscode';
import { checklistItems } from '../../core/rubric';
import { openAnswer } from '../commands/start';
import type { Services } from '../services';

/**
 * Opens a checklist drill's answer file at one item (clicking an item in the checklist view),
 * starting the file from the template first when it does not exist yet.
 */
export function openChecklistItem(services: Services) {
  return async (questionId?: unknown, index?: unknown): Promise<vscode.TextEditor | undefined> => {
    if (typeof questionId !== 'string') throw new Error('open a checklist item from the Interview Day Checklist view');
    const question = services.bank.get(questionId);
    if (!question) throw new Error(`there is no question with the id "${questionId}"`);
    const uri = await openAnswer(services, question, { createIfMissing: true, preserveFocus: true });
    if (!uri) return undefined;
    const document = await vscode.workspace.openTextDocument(uri);
    const item = checklistItems(question, document.getText())[typeof index === 'number' ? index : 0];
    const line = item ? item.line - 1 : 0;
    const column = item ? document.lineAt(line).text.length : 0;
    // Where Start put it (beside the question panel), not a second copy in another group.
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    return vscode.window.showTextDocument(document, { viewColumn: shown?.viewColumn, selection: new vscode.Range(line, column, line, column), preview: false });
  };
}
