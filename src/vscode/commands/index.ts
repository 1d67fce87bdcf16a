import * as vscode from 'vscode';
import type { Services } from '../services';
import { chooseLanguage } from './chooseLanguage';
import { CommandId } from './ids';
import { openQuestion } from './openQuestion';
import { exportProgress, importProgress, resetProgress } from './progressFile';
import { randomQuestion } from './randomQuestion';
import { refresh } from './refresh';
import { resetStarter } from './resetStarter';
import { runChecks } from './runChecks';
import { runQuery } from '../sql/runQuery';
import { compareWithModel } from '../review/commands/compareWithModel';
import { rateRecall } from '../review/commands/rateRecall';
import { reviewDue } from '../review/commands/reviewDue';
import { start } from './start';
import { openChecklistItem } from '../checklist/openItem';

type Factory = (services: Services) => (...args: never[]) => unknown;

/** The command table: id → factory of its handler. */
const COMMANDS: Record<CommandId, Factory> = {
  [CommandId.OpenQuestion]: openQuestion,
  [CommandId.Start]: start,
  [CommandId.ResetStarter]: resetStarter,
  [CommandId.RandomQuestion]: randomQuestion,
  [CommandId.ChooseLanguage]: chooseLanguage,
  [CommandId.Refresh]: refresh,
  [CommandId.ExportProgress]: exportProgress,
  [CommandId.ImportProgress]: importProgress,
  [CommandId.ResetProgress]: resetProgress,
  [CommandId.RunChecks]: runChecks,
  [CommandId.OpenChecklistItem]: openChecklistItem,
  [CommandId.RunQuery]: runQuery,
  [CommandId.ReviewDue]: reviewDue,
  [CommandId.RateRecall]: rateRecall,
  [CommandId.CompareWithModel]: compareWithModel,
};

export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, factory]) => {
    const handler = factory(services) as (...args: unknown[]) => unknown;
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        services.log.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Interview Drills: ${message}`);
        return undefined;
      }
    });
  });
}
