// Restricted Mode: the built-in bank is trusted content, so it works in an untrusted window.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InterviewDrillsApi } from '../../src/extension';
import { CommandId } from '../../src/vscode/commands/ids';

describe('Interview Drills in Restricted Mode', function () {
  this.timeout(30000);

  it('shows the built-in bank and opens a question in an untrusted window', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const extension = vscode.extensions.getExtension<InterviewDrillsApi>('interview-drills.interview-drills');
    assert.ok(extension);
    const { services } = extension.isActive ? extension.exports : await extension.activate();
    assert.ok(services.bank.questions.length >= 12);
    const roots = await services.tree.getChildren();
    assert.ok(roots.some((n) => n.contextValue === 'category'));
    const id = services.bank.questions[0].id;
    await vscode.commands.executeCommand(CommandId.OpenQuestion, id);
    assert.ok(services.panels.htmlFor(id)?.includes(services.bank.questions[0].title.split(' ')[0]));
  });
});
