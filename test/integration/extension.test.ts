// Runs inside a real VS Code extension host (code-server here, @vscode/test-electron on a desktop).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ProgressStore } from '../../src/core/progress/store';
import { ALL_COMMANDS, CommandId } from '../../src/vscode/commands/ids';
import type { CategoryNode, DrillNode, QuestionNode } from '../../src/vscode/tree';
import { api, waitFor } from './helpers';

// The suite is bundled apart from the extension, so its classes are not the extension's: tell
// nodes apart by their contextValue, as menus do.
const isCategory = (n: DrillNode): n is CategoryNode => n.contextValue === 'category';
const isQuestion = (n: DrillNode): n is QuestionNode => n.contextValue?.startsWith('question.') ?? false;


describe('Interview Drills in VS Code', function () {
  this.timeout(30000);
  let scratchDir: string;

  before(async () => {
    scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drills-scratch-'));
    const config = vscode.workspace.getConfiguration('interviewDrills');
    await config.update('scratchFolder', scratchDir, vscode.ConfigurationTarget.Global);
    await config.update('preferredLanguage', 'python', vscode.ConfigurationTarget.Global);
    await (await api()).services.progress.reset();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const config = vscode.workspace.getConfiguration('interviewDrills');
    await config.update('scratchFolder', undefined, vscode.ConfigurationTarget.Global);
    await config.update('preferredLanguage', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(scratchDir, { recursive: true, force: true });
  });

  it('activates and registers the view and every command', async () => {
    const drills = await api();
    assert.ok(drills.services.bank.questions.length >= 12, 'the built-in bank is loaded');
    const commands = await vscode.commands.getCommands(true);
    for (const id of ALL_COMMANDS) assert.ok(commands.includes(id), `command ${id} registered`);
    assert.ok(commands.includes('interviewDrills.questions.focus'), 'the tree view is registered');
    await vscode.commands.executeCommand('interviewDrills.questions.focus');
    await waitFor('the tree to ask for its children', () => drills.activationMs());
  });

  it('shows the built-in bank in the tree, by category, with counts', async () => {
    const { services } = await api();
    const roots = await services.tree.getChildren();
    const categories = roots.filter(isCategory);
    const labels = categories.map((c) => c.label);
    for (const expected of ['Concepts', 'Coding', 'SQL', 'Behavioral']) assert.ok(labels.includes(expected), `category ${expected} in ${labels.join(', ')}`);
    let total = 0;
    for (const category of categories) {
      const children = await services.tree.getChildren(category);
      assert.ok(children.length > 0);
      assert.match(String(category.description), new RegExp(`^\\d+/${children.length} solved$`));
      for (const child of children) {
        assert.ok(isQuestion(child));
        assert.equal(child.description, child.question.difficulty);
        assert.equal(services.tree.getParent(child), category);
        assert.ok(child.iconPath instanceof vscode.ThemeIcon);
      }
      total += children.length;
    }
    assert.equal(total, services.bank.questions.length);
    assert.ok(services.bank.questions.some((q) => q.seed === 's1-35' && q.kind === 'code'));
    assert.ok(services.bank.questions.some((q) => q.seed === 's1-23' && q.kind === 'sql'));
  });

  it('loads a user folder beside the bank, and reports its broken file without hiding the rest', async () => {
    const { services } = await api();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'drills-user-bank-'));
    fs.mkdirSync(path.join(folder, 'system-design'));
    fs.writeFileSync(
      path.join(folder, 'system-design', 'design-a-url-shortener.yaml'),
      'id: design-a-url-shortener\ntitle: Design a URL shortener\nkind: concept\ndifficulty: medium\nprompt: Design one.\nanswer: Base62 ids.\n',
    );
    const broken = path.join(folder, 'system-design', 'broken.yaml');
    fs.writeFileSync(broken, 'id: broken\ntitle: Broken\nkind: riddle\ndifficulty: easy\nprompt: p\nanswer: a\n');
    const builtin = services.bank.questions.filter((q) => q.origin === 'builtin').length;
    const config = vscode.workspace.getConfiguration('interviewDrills');
    try {
      await config.update('questionFolders', [folder], vscode.ConfigurationTarget.Global);
      await waitFor('the user question to load', () => services.bank.get('design-a-url-shortener'));
      assert.equal(services.bank.questions.filter((q) => q.origin === 'builtin').length, builtin, 'the built-in bank still loads');
      const roots = await services.tree.getChildren();
      const problems = roots.find((n) => n.contextValue === 'problems');
      assert.ok(problems, 'an error node sits in the tree');
      const children = await services.tree.getChildren(problems);
      assert.ok(children.some((c) => c.label === 'broken.yaml' && String(c.description).startsWith('3:')), 'the node names the file and line');
      const diagnostics = await waitFor('a diagnostic for the broken file', () => {
        const list = vscode.languages.getDiagnostics(vscode.Uri.file(broken));
        return list.length > 0 ? list : undefined;
      });
      assert.equal(diagnostics[0].range.start.line, 2, 'the diagnostic points at the kind line');
      assert.match(diagnostics[0].message, /kind/);
      assert.ok(roots.some((n) => n.contextValue === 'category' && n.label === 'System Design'));
    } finally {
      await config.update('questionFolders', undefined, vscode.ConfigurationTarget.Global);
      await waitFor('the user question to go away', () => (services.bank.get('design-a-url-shortener') ? undefined : true));
      fs.rmSync(folder, { recursive: true, force: true });
    }
    assert.equal(vscode.languages.getDiagnostics(vscode.Uri.file(broken)).length, 0, 'the diagnostic is cleared');
  });

  it('opens a question in the panel with its prompt', async () => {
    const { services } = await api();
    const question = services.bank.questions.find((q) => q.kind === 'concept')!;
    await vscode.commands.executeCommand(CommandId.OpenQuestion, question.id);
    const html = await waitFor('the panel', () => services.panels.htmlFor(question.id));
    assert.ok(services.panels.visibleQuestionIds().includes(question.id));
    const firstWords = question.prompt.replace(/[`*_#>|[\]]/g, '').trim().split(/\s+/).slice(0, 4).join(' ');
    assert.ok(html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').includes(firstWords), `panel shows "${firstWords}"`);
    assert.ok(html.includes("default-src 'none'"), 'the panel has a strict CSP');

    const other = services.bank.questions.find((q) => q.kind === 'behavioral')!;
    await vscode.commands.executeCommand(CommandId.OpenQuestion, other.id);
    await waitFor('the panel to show the second question', () => services.panels.htmlFor(other.id));
    assert.deepEqual(services.panels.visibleQuestionIds(), [other.id], 'one panel is reused');
  });

  it('starts a coding answer: a scratch file with the starter, opened, and the question attempted', async () => {
    const { services } = await api();
    const question = services.bank.questions.find((q) => q.seed === 's1-35' && q.kind === 'code')!;
    assert.equal(services.progress.statusOf(question.id), 'new');
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.Start, question.id);
    assert.ok(uri, 'Start returns the answer file');
    assert.equal(path.dirname(uri.fsPath), scratchDir);
    assert.equal(path.basename(uri.fsPath), `${question.id}.py`);
    const text = fs.readFileSync(uri.fsPath, 'utf8');
    assert.ok(text.includes(question.exercise!.starter.python!.trim().split('\n')[0]), 'the Python starter is in the file');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath, 'the file is open in the editor');
    assert.equal(services.progress.statusOf(question.id), 'attempted');

    // Reopening the question reopens the same file, unchanged.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor, undefined);
    await vscode.commands.executeCommand(CommandId.OpenQuestion, question.id);
    await waitFor('the answer to reopen', () =>
      vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === uri.fsPath) || undefined,
    );
  });

  it('writes SQL and written answers with their templates', async () => {
    const { services } = await api();
    const sql = services.bank.questions.find((q) => q.seed === 's1-23' && q.kind === 'sql')!;
    const sqlUri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.Start, sql.id);
    assert.ok(sqlUri?.fsPath.endsWith('.sql'));
    assert.match(fs.readFileSync(sqlUri.fsPath, 'utf8'), /^-- .*CREATE TABLE/im);
    const behavioral = services.bank.questions.find((q) => q.seed === 's1-27' && q.kind === 'behavioral')!;
    const mdUri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.Start, behavioral.id);
    assert.ok(mdUri?.fsPath.endsWith('.md'));
    assert.ok(fs.readFileSync(mdUri.fsPath, 'utf8').includes('## Action'));
  });

  it('resets an answer to the starter only after the user confirms', async () => {
    const { services } = await api();
    const question = services.bank.questions.find((q) => q.seed === 's1-35' && q.kind === 'code')!;
    const uri = services.scratch.uriFor(question, 'python');
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# my work\n'));
    await editor.document.save();
    const window = vscode.window as { showWarningMessage: unknown };
    const original = window.showWarningMessage;
    try {
      window.showWarningMessage = async () => undefined; // the user cancels
      assert.equal(await vscode.commands.executeCommand(CommandId.ResetStarter, question.id), false);
      assert.ok(fs.readFileSync(uri.fsPath, 'utf8').startsWith('# my work'), 'cancel keeps the answer');
      window.showWarningMessage = async () => 'Reset to Starter'; // the user confirms
      assert.equal(await vscode.commands.executeCommand(CommandId.ResetStarter, question.id), true);
      assert.ok(!fs.readFileSync(uri.fsPath, 'utf8').includes('# my work'), 'confirm restores the starter');
    } finally {
      window.showWarningMessage = original;
    }
  });

  it('opens a random question, never the one just shown', async () => {
    const { services } = await api();
    let previous: string | undefined;
    for (let i = 0; i < 8; i++) {
      const id = await vscode.commands.executeCommand<string>(CommandId.RandomQuestion, { kind: 'any' });
      assert.ok(id && services.bank.get(id), 'a question was opened');
      assert.notEqual(id, previous);
      await waitFor('the panel to show the random question', () => services.panels.htmlFor(id));
      previous = id;
    }
  });

  it('keeps progress on disk where a reloaded extension reads it', async () => {
    const { services, } = await api();
    const attempted = services.bank.questions.filter((q) => services.progress.statusOf(q.id) === 'attempted').map((q) => q.id);
    assert.ok(attempted.length >= 3);
    const file = path.join(services.context.globalStorageUri.fsPath, 'progress.json');
    const reloaded = new ProgressStore(file);
    await reloaded.load();
    for (const id of attempted) assert.equal(reloaded.get(id)?.status, 'attempted', id);
  });

  it('exports, resets and imports progress', async () => {
    const { services } = await api();
    const before = services.bank.questions.filter((q) => services.progress.statusOf(q.id) !== 'new').map((q) => q.id);
    const target = vscode.Uri.file(path.join(scratchDir, 'export.json'));
    await vscode.commands.executeCommand(CommandId.ExportProgress, target);
    assert.equal(await vscode.commands.executeCommand(CommandId.ResetProgress, true), true);
    for (const id of before) assert.equal(services.progress.statusOf(id), 'new');
    assert.equal(await vscode.commands.executeCommand(CommandId.ImportProgress, target), true);
    for (const id of before) assert.notEqual(services.progress.statusOf(id), 'new', id);
  });
});
