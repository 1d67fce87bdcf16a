import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Question } from '../../../core/bank/question';
import type { AnswerFile } from '../../checks/answerFiles';
import { CommandId } from '../../commands/ids';
import { resolveQuestion } from '../../commands/resolveQuestion';
import type { Services } from '../../services';
import { modelAnswerUri } from '../modelAnswer';

export interface Comparison {
  modelAnswer: vscode.Uri;
  answer: vscode.Uri;
  title: string;
}

/**
 * Compare with model answer: VS Code's diff view, the model answer on the left and the user's
 * answer file on the right. From the editor title of an answer file the argument is its URI.
 */
export function compareWithModel(services: Services) {
  return async (arg?: unknown): Promise<Comparison | undefined> => {
    let question: Question | undefined;
    let answer: AnswerFile | undefined;
    if (arg instanceof vscode.Uri) {
      answer = await services.answers.forUri(arg);
      if (!answer) {
        void vscode.window.showWarningMessage(`Interview Drills: ${path.basename(arg.fsPath)} is not an answer to a question, so there is no model answer to compare it with.`);
        return undefined;
      }
      question = answer.question;
    } else {
      question = await resolveQuestion(services, arg);
      if (!question) return undefined;
      answer = await services.answers.answerFor(question);
    }
    if (!answer) {
      offerStart(question);
      return undefined;
    }
    const modelAnswer = modelAnswerUri(question, answer.language);
    const title = `Model answer ↔ ${path.basename(answer.uri.fsPath)}`;
    // Beside the panel, where the answer is: not over the panel the user may have clicked in.
    const column = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === answer.uri.toString())?.viewColumn ?? vscode.ViewColumn.One;
    await vscode.commands.executeCommand('vscode.diff', modelAnswer, answer.uri, title, { viewColumn: column, preview: false });
    return { modelAnswer, answer: answer.uri, title };
  };
}

/** No answer file yet: say so and offer Start (not awaited: the command does not wait on the user). */
function offerStart(question: Question): void {
  void vscode.window
    .showInformationMessage(`Interview Drills: you have no answer to "${question.title}" yet. Start one, then compare it with the model answer.`, 'Start')
    .then((choice) => (choice === 'Start' ? vscode.commands.executeCommand(CommandId.Start, question.id) : undefined));
}
