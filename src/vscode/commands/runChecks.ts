import * as vscode from 'vscode';
import type { AnswerFile } from '../checks/answerFiles';
import type { CheckReport, CheckTarget } from '../checks/checkService';
import type { Services } from '../services';
import { CommandId } from './ids';
import { QuestionNode } from '../tree';
import { resolveQuestion } from './resolveQuestion';

export interface RunChecksOptions {
  /** Watch mode: a save started it, so a file that cannot run is logged, not announced. */
  fromWatch?: boolean;
}

/**
 * Runs the checks on an answer and shows the verdicts (panel, Test Explorer, status bar).
 * The argument: a file's uri (CodeLens, editor title, watch mode), a question id (the panel),
 * a tree node, or nothing (the active editor's answer, else the panel's question, else ask).
 *
 * It runs the editor's text, unsaved edits included, and does not save: saving would run
 * format-on-save and other save participants that move lines under the verdicts' locations,
 * and in watch mode a save from here would trigger another run.
 */
export function runChecks(services: Services) {
  return async (arg?: unknown, options: RunChecksOptions = {}): Promise<CheckReport | undefined> => {
    const file = await answerFor(services, arg);
    if (!file) return undefined;
    const refusal = services.answers.whyNotRunnable(file);
    if (refusal) {
      services.log.warn(refusal);
      say(options, refusal, 'warning');
      return undefined;
    }
    return services.tests.run(target(services, file));
  };
}

function target(services: Services, file: AnswerFile): CheckTarget {
  const document = services.answers.openDocument(file.uri);
  return { question: file.question, language: file.language, uri: file.uri, source: document?.getText() };
}

/** The answer file to run: code, SQL or a written answer. */
async function answerFor(services: Services, arg: unknown): Promise<AnswerFile | undefined> {
  if (arg instanceof vscode.Uri) {
    const file = await services.answers.forUri(arg);
    if (!file) void vscode.window.showInformationMessage(`Interview Drills: ${vscode.workspace.asRelativePath(arg)} is not an answer file. Open a question and press Start to create one.`);
    return file;
  }
  if (arg === undefined) {
    const document = vscode.window.activeTextEditor?.document;
    const file = document ? services.answers.forDocument(document) : undefined;
    if (file) return file;
  }
  const question = arg instanceof QuestionNode ? services.bank.get(arg.question.id) : await resolveQuestion(services, arg);
  if (!question) return undefined;
  const file = await services.answers.answerFor(question);
  if (!file) {
    const choice = await vscode.window.showInformationMessage(`Interview Drills: "${question.title}" has no answer file yet. Press Start to write one.`, 'Start');
    if (choice === 'Start') await vscode.commands.executeCommand(CommandId.Start, question.id);
  }
  return file;
}

function say(options: RunChecksOptions, text: string, level: 'info' | 'warning' = 'info'): void {
  if (options.fromWatch) return;
  if (level === 'warning') void vscode.window.showWarningMessage(`Interview Drills: ${text}`);
  else void vscode.window.showInformationMessage(`Interview Drills: ${text}`);
}
