// Proves the harness itself: these run inside a real VS Code extension host, not plain Node.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('integration harness', () => {
  it('runs in a trusted window (Restricted Mode suites are *.restricted.test.ts)', () => {
    assert.equal(vscode.workspace.isTrusted, true);
  });

  it('runs inside a real VS Code extension host', () => {
    assert.equal(typeof vscode.version, 'string');
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof vscode.commands.executeCommand, 'function');
  });

  it('opens the temporary workspace folder with a file in it', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'exactly one workspace folder is open');
    const files = await vscode.workspace.findFiles('**/*', undefined, 10);
    assert.ok(files.length > 0, `the workspace folder ${folders[0].uri.fsPath} has files`);
  });

  it('loads this extension in development mode', () => {
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'interview-drills');
    assert.ok(extension, 'an extension named interview-drills is loaded');
  });
});
