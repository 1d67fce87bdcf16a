// The language a user answers coding exercises in: a setting, asked for once with a quick pick.
import * as vscode from 'vscode';
import { LANGUAGES, type Language, type Question } from '../core/bank/question';
import { LANGUAGE_LABELS } from '../core/scratch';

const SECTION = 'interviewDrills';
const KEY = 'preferredLanguage';

export function preferredLanguage(): Language | undefined {
  const value = vscode.workspace.getConfiguration(SECTION).get<string>(KEY, '');
  return (LANGUAGES as readonly string[]).includes(value) ? (value as Language) : undefined;
}

/** Asks which language to use for this question and remembers it in the user settings. */
export async function pickLanguage(question: Question | undefined): Promise<Language | undefined> {
  const offered = question?.exercise?.languages ?? LANGUAGES;
  const current = preferredLanguage();
  const items = offered.map((language) => ({
    label: LANGUAGE_LABELS[language],
    description: language === current ? 'current' : undefined,
    language,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Answer coding exercises in',
    placeHolder: 'The choice is remembered in the setting interviewDrills.preferredLanguage',
  });
  if (!picked) return undefined;
  await vscode.workspace.getConfiguration(SECTION).update(KEY, picked.language, vscode.ConfigurationTarget.Global);
  return picked.language;
}
