import { pickLanguage } from '../languagePreference';
import type { Services } from '../services';
import { openAnswer } from './start';

/** Asks for the coding language (remembered in settings) and opens the answer in it. */
export function chooseLanguage(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const question = typeof arg === 'string' ? services.bank.get(arg) : undefined;
    const language = await pickLanguage(question);
    if (language && question?.kind === 'code') {
      await openAnswer(services, question, { createIfMissing: true, language });
    }
  };
}
