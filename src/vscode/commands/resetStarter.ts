import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseScratchFileName, type AnswerLanguage } from '../../core/scratch';
import type { Services } from '../services';
import { resolveQuestion } from './resolveQuestion';

/** Overwrites an answer file with the starter, after asking. */
export function resetStarter(services: Services) {
  return async (arg?: unknown, language?: string): Promise<boolean> => {
    const question = await resolveQuestion(services, arg);
    if (!question) return false;
    const fromEditor = vscode.window.activeTextEditor
      ? parseScratchFileName(path.basename(vscode.window.activeTextEditor.document.fileName))
      : undefined;
    const candidates: AnswerLanguage[] = [
      ...(language ? [language as AnswerLanguage] : []),
      ...(fromEditor?.questionId === question.id ? [fromEditor.language] : []),
      ...(question.exercise?.languages ?? []),
      question.kind === 'sql' ? 'sql' : 'markdown',
    ];
    const existing = await services.scratch.existing(question, [...new Set(candidates)]);
    if (existing.length === 0) {
      void vscode.window.showInformationMessage(`Interview Drills: "${question.title}" has no answer file yet. Press Start to create one.`);
      return false;
    }
    const target = existing[0];
    const uri = services.scratch.uriFor(question, target);
    const answer = await vscode.window.showWarningMessage(
      `Replace your answer in ${path.basename(uri.fsPath)} with the starter?`,
      { modal: true, detail: 'Your current answer will be overwritten. You can undo with Ctrl+Z while the file stays open.' },
      'Reset to Starter',
    );
    if (answer !== 'Reset to Starter') return false;
    try {
      await services.scratch.reset(question, target);
      await services.scratch.open(question, target);
      return true;
    } catch (error) {
      void vscode.window.showErrorMessage(`Interview Drills: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  };
}
