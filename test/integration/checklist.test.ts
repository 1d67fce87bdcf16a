// The Interview Day Checklist view in a real VS Code: the answer file is the one source of truth.
// Ticking through the view's API (what a checkbox click runs) creates the file through Start and
// edits its line; editing the file, in the editor or on disk, updates the view.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChecklistItemNode, ChecklistNode, ChecklistQuestionNode } from '../../src/vscode/checklist/checklistView';
import { CommandId } from '../../src/vscode/commands/ids';
import { api, waitFor } from './helpers';

const RESEARCH = 'research-the-company';
const PREPARED = 'come-prepared';

// The suite is bundled apart from the extension: tell nodes apart by contextValue, not class.
const isQuestionNode = (n: ChecklistNode): n is ChecklistQuestionNode => n.contextValue === 'checklistQuestion';
const isItemNode = (n: ChecklistNode): n is ChecklistItemNode => n.contextValue?.startsWith('checklistItem') ?? false;
const CHECKED = 1; // vscode.TreeItemCheckboxState.Checked

function checkboxOf(node: ChecklistItemNode): number | undefined {
  const state = node.checkboxState;
  return typeof state === 'object' ? state.state : state;
}

describe('Interview Day Checklist view', function () {
  this.timeout(30000);
  let scratchDir: string;

  before(async () => {
    scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drills-checklist-'));
    await vscode.workspace.getConfiguration('interviewDrills').update('scratchFolder', scratchDir, vscode.ConfigurationTarget.Global);
    await (await api()).services.progress.reset();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The Test Explorer made items for the answer files opened here; later suites run "all tests".
    const { services } = await api();
    for (const id of [RESEARCH, PREPARED]) services.tests.controller.items.delete(id);
    await vscode.workspace.getConfiguration('interviewDrills').update('scratchFolder', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(scratchDir, { recursive: true, force: true });
  });

  async function itemNodes(questionId: string): Promise<ChecklistItemNode[]> {
    const { checklist } = await api();
    const roots = (await checklist.getChildren()).filter(isQuestionNode);
    const root = roots.find((r) => r.id === `checklist:${questionId}`);
    assert.ok(root, `${questionId} in ${roots.map((r) => r.id).join(', ')}`);
    return (await checklist.getChildren(root)).filter(isItemNode);
  }

  it('is registered, and shows the template items of both checklist drills before any file exists', async () => {
    const { checklist } = await api();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('interviewDrills.checklist.focus'), 'the checklist view is contributed');
    await vscode.commands.executeCommand('interviewDrills.checklist.focus');
    const all = await checklist.getChildren();
    const drills = (await api()).services.bank.questions.filter((q) => q.category === 'interview-day');
    const roots = all.filter(isQuestionNode);
    assert.deepEqual(roots.map((r) => r.id), [`checklist:${RESEARCH}`, `checklist:${PREPARED}`], `view: ${all.map((n) => `${n.label}`).join(', ')}; bank: ${drills.map((q) => `${q.id} ${JSON.stringify(q.rubric)}`).join(', ')}`);
    for (const root of roots) assert.match(String(root.description), /^0\/\d+ done · not started$/);
    const items = await itemNodes(RESEARCH);
    assert.ok(items.length >= 10);
    assert.equal(items[0].label, 'Product');
    assert.ok(items.every((i) => checkboxOf(i) !== CHECKED));
    assert.equal(fs.existsSync(path.join(scratchDir, `${RESEARCH}.md`)), false);
  });

  it('ticking an item creates the answer file through Start, ticks its line and saves it', async () => {
    const { checklist, services } = await api();
    const items = await itemNodes(RESEARCH);
    const customers = items.find((i) => i.label === 'Customers');
    assert.ok(customers);
    await checklist.setChecked(RESEARCH, customers.item.index, true, 'Customers');

    const file = path.join(scratchDir, `${RESEARCH}.md`);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^- \[x\] \*\*Customers\*\*: _who pays for it, and who uses it_$/m, 'the tick is on disk');
    assert.match(text, /^- \[ \] \*\*Product\*\*/m, 'the other items are untouched');
    assert.match(text, /Interview Drills question: research-the-company/, 'the file is the Start template');
    const document = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    assert.ok(document && !document.isDirty, 'the edited document is saved');
    assert.notEqual(services.progress.statusOf(RESEARCH), 'new', 'starting the file counts as an attempt');

    const after = await itemNodes(RESEARCH);
    assert.equal(checkboxOf(after.find((i) => i.label === 'Customers')!), CHECKED);
    const root = (await checklist.getChildren()).filter(isQuestionNode).find((r) => r.id === `checklist:${RESEARCH}`)!;
    assert.match(String(root.description), /^1\/\d+ done$/);

    await checklist.setChecked(RESEARCH, customers.item.index, false, 'Customers');
    assert.match(fs.readFileSync(file, 'utf8'), /^- \[ \] \*\*Customers\*\*/m, 'unticking writes the file too');
  });

  it('editing the file in the editor updates the view, with the note', async () => {
    const file = vscode.Uri.file(path.join(scratchDir, `${RESEARCH}.md`));
    const document = await vscode.workspace.openTextDocument(file);
    const line = document.getText().split('\n').findIndex((l) => l.startsWith('- [ ] **Product**'));
    assert.ok(line >= 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(file, document.lineAt(line).range, '- [x] **Product**: payroll software for restaurants');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const product = await waitFor('the view to show the ticked Product with its note', async () => {
      const node = (await itemNodes(RESEARCH)).find((i) => i.label === 'Product');
      return node && checkboxOf(node) === CHECKED ? node : undefined;
    });
    assert.equal(product.description, 'payroll software for restaurants');
    await document.save();
  });

  it('a change written to disk by another program updates the view', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const file = path.join(scratchDir, `${RESEARCH}.md`);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('- [ ] **Competitors**: _two or three, and what this company does differently_', '- [X] **Competitors**: two payroll suites'));
    const competitors = await waitFor('the view to show the ticked Competitors', async () => {
      const node = (await itemNodes(RESEARCH)).find((i) => i.label === 'Competitors');
      return node && checkboxOf(node) === CHECKED ? node : undefined;
    }, 15000);
    assert.equal(competitors.description, 'two payroll suites');
  });

  it("clicking an item's label opens the file at that item's line", async () => {
    const items = await itemNodes(PREPARED);
    const reference = items.find((i) => i.label === 'Reference 1');
    assert.ok(reference && reference.command);
    assert.equal(reference.command.command, CommandId.OpenChecklistItem);
    await vscode.commands.executeCommand(reference.command.command, ...(reference.command.arguments ?? []));
    const editor = await waitFor('the checklist file in the editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && path.basename(e.document.uri.fsPath) === `${PREPARED}.md` ? e : undefined;
    });
    const text = editor.document.lineAt(editor.selection.active.line).text;
    assert.match(text, /^- \[ \] \*\*Reference 1\*\*/);
  });

  it("Run checks gives the checklist drill's rubric verdicts", async () => {
    const { services } = await api();
    const question = services.bank.get(RESEARCH)!;
    const uri = vscode.Uri.file(path.join(scratchDir, `${RESEARCH}.md`));
    const report = await services.checks.run({ question, language: 'markdown', uri });
    assert.ok(report);
    assert.deepEqual(report.cases.map((c) => c.name), ['Checklist filled in', 'No template placeholders left']);
    assert.match(report.cases[0].message ?? '', /^2 of 13 items done/);
    assert.equal(report.passed, false);
  });
});
