// Proves the harness's second pass: this file runs only in a window whose folder is untrusted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('integration harness in Restricted Mode', () => {
  it('runs in a window whose workspace folder is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal((vscode.workspace.workspaceFolders ?? []).length, 1);
  });

  it('still loads this extension (untrustedWorkspaces: limited)', () => {
    const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'interview-drills');
    assert.ok(extension, 'an extension named interview-drills is loaded');
  });
});
