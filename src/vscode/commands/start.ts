import * as vscode from 'vscode';
import type { Question } from '../../core/bank/question';
import { answerLanguageFor, type AnswerLanguage } from '../../core/scratch';
import { pickLanguage, preferredLanguage } from '../languagePreference';
import type { Services } from '../services';
import { resolveQuestion } from './resolveQuestion';

/** Opens (and if needed creates) the user's answer file for a question. */
export function start(services: Services) {
  return async (arg?: unknown, language?: string): Promise<vscode.Uri | undefined> => {
    const question = await resolveQuestion(services, arg);
    if (!question) return undefined;
    return openAnswer(services, question, { createIfMissing: true, language });
  };
}

/**
 * The answer language for a question: the one asked for, else an answer file that already exists
 * in the preferred or last used language, else the preferred language, else ask.
 */
async function chooseLanguage(
  services: Services,
  question: Question,
  requested: string | undefined,
  ask: boolean,
): Promise<AnswerLanguage | undefined> {
  if (question.kind !== 'code') return answerLanguageFor(question, undefined);
  const offered = question.exercise?.languages ?? [];
  if (requested && (offered as readonly string[]).includes(requested)) return requested as AnswerLanguage;
  const preferred = preferredLanguage();
  const lastUsed = services.progress.get(question.id)?.language;
  const order = [preferred, lastUsed, ...offered].filter(
    (l, i, all): l is AnswerLanguage => !!l && (offered as readonly string[]).includes(l) && all.indexOf(l) === i,
  );
  const existing = await services.scratch.existing(question, order);
  if (existing.length > 0) return existing[0];
  if (preferred && offered.includes(preferred)) return preferred;
  if (!ask) return undefined;
  return pickLanguage(question);
}

export async function openAnswer(
  services: Services,
  question: Question,
  options: { createIfMissing: boolean; language?: string; preserveFocus?: boolean; besidePanelOnly?: boolean },
): Promise<vscode.Uri | undefined> {
  const language = await chooseLanguage(services, question, options.language, options.createIfMissing);
  if (!language) return undefined;
  const uri = services.scratch.uriFor(question, language);
  if (!options.createIfMissing && !(await services.scratch.exists(uri))) return undefined;
  if (options.besidePanelOnly && services.scratch.wouldCoverPanel(uri)) return uri;
  try {
    const { editor, created } = await services.scratch.open(question, language, { preserveFocus: options.preserveFocus });
    // A new answer file is an attempt; re-opening one is not (unless progress was reset since).
    if (options.createIfMissing && (created || services.progress.statusOf(question.id) === 'new')) {
      await services.progress.recordStart(question.id, language);
    }
    return editor.document.uri;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    services.log.error(message);
    void vscode.window.showErrorMessage(`Interview Drills: ${message}`);
    return undefined;
  }
}
