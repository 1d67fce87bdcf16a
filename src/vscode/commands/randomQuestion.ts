import * as vscode from 'vscode';
import { categoryLabel } from '../../core/bank/categories';
import { candidatesFor, pickRandomQuestion, type RandomFilter } from '../../core/random';
import type { Services } from '../services';
import { openQuestion } from './openQuestion';

/** Picks a random question (any, unsolved, or from one category) and opens it. */
export function randomQuestion(services: Services) {
  return async (preset?: RandomFilter): Promise<string | undefined> => {
    const statusOf = (id: string) => services.progress.statusOf(id);
    const questions = services.bank.questions;
    const filter = preset ?? (await askFilter(services));
    if (!filter) return undefined;
    const question = pickRandomQuestion({ questions, filter, statusOf, lastShownId: services.session.lastShownId });
    if (!question) {
      const why = filter.kind === 'unsolved' ? 'Every question is solved. Well done!' : 'No question matches.';
      void vscode.window.showInformationMessage(`Interview Drills: ${why}`);
      return undefined;
    }
    await openQuestion(services)(question.id);
    return question.id;
  };
}

async function askFilter(services: Services): Promise<RandomFilter | undefined> {
  const questions = services.bank.questions;
  const statusOf = (id: string) => services.progress.statusOf(id);
  const count = (filter: RandomFilter) => candidatesFor({ questions, filter, statusOf }).length;
  const items: (vscode.QuickPickItem & { filter: RandomFilter })[] = [
    { label: '$(question) Any question', description: `${count({ kind: 'any' })}`, filter: { kind: 'any' } },
    { label: '$(circle-large-outline) Not yet solved', description: `${count({ kind: 'unsolved' })}`, filter: { kind: 'unsolved' } },
    ...services.bank.current.categories.map((category) => ({
      label: `$(folder) ${categoryLabel(category)}`,
      description: `${count({ kind: 'category', category })}`,
      filter: { kind: 'category', category } as RandomFilter,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Random question from…' });
  return picked?.filter;
}
