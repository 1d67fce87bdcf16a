import * as os from 'node:os';
import * as vscode from 'vscode';
import type { Services } from '../services';

/** Writes all progress to a JSON file the user chooses. */
export function exportProgress(services: Services) {
  return async (target?: vscode.Uri): Promise<vscode.Uri | undefined> => {
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Export Interview Drills progress',
        defaultUri: vscode.Uri.joinPath(defaultFolder(), `interview-drills-progress-${new Date().toISOString().slice(0, 10)}.json`),
        filters: { JSON: ['json'] },
      }));
    if (!uri) return undefined;
    const json = await services.progress.exportJson();
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(json));
    if (!target) void vscode.window.showInformationMessage(`Interview Drills: progress exported to ${uri.fsPath}.`);
    return uri;
  };
}

/** Merges progress from an exported JSON file into this machine's progress. */
export function importProgress(services: Services) {
  return async (source?: vscode.Uri): Promise<boolean> => {
    const uri =
      source ??
      (
        await vscode.window.showOpenDialog({
          title: 'Import Interview Drills progress',
          canSelectMany: false,
          filters: { JSON: ['json'] },
        })
      )?.[0];
    if (!uri) return false;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const summary = await services.progress.importJson(text);
      void vscode.window.showInformationMessage(`Interview Drills: imported progress for ${summary} from ${uri.fsPath}.`);
      return true;
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Interview Drills: could not import ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`,
      );
      return false;
    }
  };
}

/** Clears all progress after the user confirms; a backup is kept. */
export function resetProgress(services: Services) {
  return async (confirmed?: boolean): Promise<boolean> => {
    if (confirmed !== true) {
      const answer = await vscode.window.showWarningMessage(
        'Reset all Interview Drills progress?',
        { modal: true, detail: 'Every question goes back to new and its history is cleared. Export first if you may want it back.' },
        'Reset Progress',
      );
      if (answer !== 'Reset Progress') return false;
    }
    const backup = await services.progress.reset();
    if (confirmed !== true && backup) {
      void vscode.window.showInformationMessage(`Interview Drills: progress reset. The previous progress was saved to ${backup}; import it to undo.`);
    }
    return true;
  };
}

function defaultFolder(): vscode.Uri {
  return vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
}
