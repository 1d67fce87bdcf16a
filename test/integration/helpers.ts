// Shared by the integration suites: the extension's API and waiting for the editor to catch up.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { InterviewDrillsApi } from '../../src/extension';

export const EXTENSION_ID = 'interview-drills.interview-drills';

export async function api(): Promise<InterviewDrillsApi> {
  const extension = vscode.extensions.getExtension<InterviewDrillsApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
  return extension.isActive ? extension.exports : extension.activate();
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A suite's cleanup: reverts dirty editors (closing one would ask whether to save), closes every
 * editor, resets the given `interviewDrills.*` settings and files.autoSave, removes the scratch folder.
 */
export async function restoreWorkbench(settings: string[], scratchDir: string): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const config = vscode.workspace.getConfiguration('interviewDrills');
  for (const setting of settings) await config.update(setting, undefined, vscode.ConfigurationTarget.Global);
  await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
  fs.rmSync(scratchDir, { recursive: true, force: true });
}
