import type { Services } from '../services';
import { openAnswer } from './start';
import { resolveQuestion } from './resolveQuestion';

/** Shows a question in the panel, and its answer file beside it when one exists. */
export function openQuestion(services: Services) {
  return async (arg?: unknown): Promise<void> => {
    const question = await resolveQuestion(services, arg);
    if (!question) return;
    services.session.lastShownId = question.id;
    services.panels.show(question.id);
    // The answer comes back too, unless it would cover the panel in the panel's own group.
    await openAnswer(services, question, { createIfMissing: false, preserveFocus: true, besidePanelOnly: true });
  };
}
