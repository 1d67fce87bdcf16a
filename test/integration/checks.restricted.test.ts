// Restricted Mode: the checks run the user's own answer from the scratch folder against the
// built-in cases, but never a file that lives in the untrusted workspace.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunReport } from '../../src/core/checks/types';
import type { InterviewDrillsApi } from '../../src/extension';
import { CommandId } from '../../src/vscode/commands/ids';

describe('Run checks in Restricted Mode', function () {
  this.timeout(60000);
  let scratchDir: string;

  before(async () => {
    scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drills-restricted-checks-'));
    const config = vscode.workspace.getConfiguration('interviewDrills');
    await config.update('scratchFolder', scratchDir, vscode.ConfigurationTarget.Global);
    await config.update('preferredLanguage', 'javascript', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const config = vscode.workspace.getConfiguration('interviewDrills');
    await config.update('scratchFolder', undefined, vscode.ConfigurationTarget.Global);
    await config.update('preferredLanguage', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(scratchDir, { recursive: true, force: true });
  });

  async function services() {
    const extension = vscode.extensions.getExtension<InterviewDrillsApi>('interview-drills.interview-drills');
    assert.ok(extension);
    return (extension.isActive ? extension.exports : await extension.activate()).services;
  }

  it('runs an answer in the scratch folder against a built-in question', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const { bank } = await services();
    const question = bank.get('find-duplicate-files')!;
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.Start, question.id);
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), question.exercise!.solution.javascript!));
    await editor.document.save();
    const report = await vscode.commands.executeCommand<RunReport | undefined>(CommandId.RunChecks, uri);
    assert.equal(report?.passed, true, JSON.stringify(report?.cases.filter((c) => c.status !== 'passed')));
  });

  it('does not run an answer file that lives in the untrusted workspace', async () => {
    const { bank } = await services();
    const question = bank.get('find-duplicate-files')!;
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the window has a folder');
    const file = path.join(folder.uri.fsPath, 'answer.js');
    const marker = path.join(os.tmpdir(), `drills-restricted-marker-${process.pid}`);
    fs.rmSync(marker, { force: true });
    // Would leave a marker file behind if it ever ran.
    fs.writeFileSync(
      file,
      `// Interview Drills question: ${question.id}\nrequire('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n${question.exercise!.solution.javascript}`,
    );
    const window = vscode.window as { showWarningMessage: unknown };
    const original = window.showWarningMessage;
    const said: string[] = [];
    try {
      window.showWarningMessage = async (text: string) => {
        said.push(text);
        return undefined;
      };
      const report = await vscode.commands.executeCommand<RunReport | undefined>(CommandId.RunChecks, vscode.Uri.file(file));
      assert.equal(report, undefined);
    } finally {
      window.showWarningMessage = original;
      fs.rmSync(file, { force: true });
    }
    assert.match(said.join('\n'), /not trusted/);
    assert.equal(fs.existsSync(marker), false, 'the file never ran');
  });
});
