import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Question } from '../../core/bank/question';
import { parseScratchFileName, questionIdFromHeader } from '../../core/scratch';
import type { Services } from '../services';
import { QuestionNode } from '../tree';

/**
 * The question a command is about: its argument (an id or a tree node), else the question of the
 * active answer file, else the question in the panel, else one the user picks.
 */
export async function resolveQuestion(services: Services, arg: unknown): Promise<Question | undefined> {
  if (typeof arg === 'string') return services.bank.get(arg) ?? notFound(arg);
  if (arg instanceof QuestionNode) return services.bank.get(arg.question.id);
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const fromName = parseScratchFileName(path.basename(editor.document.fileName))?.questionId;
    const id = fromName && services.bank.get(fromName) ? fromName : questionIdFromHeader(editor.document.getText());
    const question = id ? services.bank.get(id) : undefined;
    if (question) return question;
  }
  const active = services.panels.activeQuestionId();
  if (active) return services.bank.get(active);
  return pickQuestion(services);
}

async function pickQuestion(services: Services): Promise<Question | undefined> {
  const items = services.bank.questions.map((q) => ({
    label: q.title,
    description: `${q.category} · ${q.difficulty}`,
    detail: q.tags?.join(', '),
    question: q,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Which question?', matchOnDescription: true, matchOnDetail: true });
  return picked?.question;
}

function notFound(id: string): undefined {
  void vscode.window.showWarningMessage(`Interview Drills: there is no question with the id "${id}".`);
  return undefined;
}
