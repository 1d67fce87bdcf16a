// Run checks inside a real VS Code: the command, the Test Explorer items and results, progress,
// the panel's results and the CodeLens.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Question } from '../../src/core/bank/question';
import type { RunReport } from '../../src/core/checks/types';
import { CommandId } from '../../src/vscode/commands/ids';
import { api, waitFor } from './helpers';


/** Replaces the whole text of the editor, without saving: the run must see unsaved edits. */
async function setText(editor: vscode.TextEditor, text: string): Promise<void> {
  const document = editor.document;
  const ok = await editor.edit((b) => b.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
  assert.ok(ok, 'the edit applied');
}

describe('Run checks in VS Code', function () {
  this.timeout(60000);
  let scratchDir: string;
  let question: Question;

  before(async () => {
    scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drills-checks-'));
    const config = vscode.workspace.getConfiguration('interviewDrills');
    await config.update('scratchFolder', scratchDir, vscode.ConfigurationTarget.Global);
    await config.update('preferredLanguage', 'javascript', vscode.ConfigurationTarget.Global);
    // VS Code in a browser (code-server here) saves after a second by default; these tests need
    // an editor whose text differs from the disk.
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const { services } = await api();
    await services.progress.reset();
    question = services.bank.questions.find((q) => q.id === 'find-duplicate-files')!;
    assert.ok(question?.exercise, 'the duplicate-files exercise is in the bank');
  });

  after(async () => {
    // Closing a dirty editor would ask whether to save: revert them first.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const config = vscode.workspace.getConfiguration('interviewDrills');
    await config.update('scratchFolder', undefined, vscode.ConfigurationTarget.Global);
    await config.update('preferredLanguage', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('files').update('autoSave', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(scratchDir, { recursive: true, force: true });
  });

  it('runs the reference solution from the editor (unsaved), reports every case passed and marks the question solved', async () => {
    const { services } = await api();
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.Start, question.id);
    assert.equal(path.basename(uri.fsPath), 'find-duplicate-files.js');
    const editor = await vscode.window.showTextDocument(uri);
    await setText(editor, question.exercise!.solution.javascript!);
    assert.ok(editor.document.isDirty, 'the solution is only in the editor');

    const report = await vscode.commands.executeCommand<RunReport | undefined>(CommandId.RunChecks);
    assert.ok(report, 'the command returns the report');
    assert.equal(report.questionId, question.id);
    assert.equal(report.language, 'javascript');
    assert.deepEqual(
      report.cases.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.status} ${c.message ?? ''}`),
      [],
      'every case passed',
    );
    assert.equal(report.cases.length, question.exercise!.cases.length);
    assert.equal(report.passed, true);
    assert.ok(editor.document.isDirty, 'running does not save the file');

    await waitFor('the question to be solved', () => services.progress.statusOf(question.id) === 'solved' || undefined);
    const last = services.progress.get(question.id)?.attempts.at(-1);
    assert.equal(last?.event, 'checked');
    assert.equal(last?.passed, true);
    assert.equal(last?.language, 'javascript');
    assert.equal(typeof last?.durationMs, 'number');

    // The Test Explorer: one item for the question, one child per case, each reported passed.
    const item = services.tests.controller.items.get(question.id);
    assert.ok(item, 'a test item for the question');
    assert.equal(item.label, question.title);
    assert.equal(item.uri?.fsPath, uri.fsPath);
    const children: string[] = [];
    item.children.forEach((c) => children.push(String(c.label)));
    assert.deepEqual(children, question.exercise!.cases.map((c) => c.name));
    const results = services.tests.lastResults;
    assert.equal(results.length, question.exercise!.cases.length);
    assert.ok(results.every((r) => r.state === 'passed'), JSON.stringify(results));

    // The panel shows the run.
    const panelResults = services.checks.resultsFor(question.id);
    assert.equal(panelResults?.state, 'done');
    await vscode.commands.executeCommand(CommandId.OpenQuestion, question.id);
    const html = await waitFor('the panel', () => services.panels.htmlFor(question.id));
    const count = question.exercise!.cases.length;
    assert.match(html.replace(/<[^>]+>/g, ''), new RegExp(`${count}/${count} passed in \\d`));
  });

  it('reports the starter’s failures with expected and actual, and the question stays solved', async () => {
    const { services } = await api();
    const uri = services.scratch.uriFor(question, 'javascript');
    const editor = await vscode.window.showTextDocument(uri);
    await setText(editor, question.exercise!.starter.javascript!);

    // With the file's uri, as the CodeLens and the editor title button pass it.
    const report = await vscode.commands.executeCommand<RunReport | undefined>(CommandId.RunChecks, uri);
    assert.ok(report);
    assert.equal(report.passed, false);
    const failed = report.cases.filter((c) => c.status === 'failed');
    assert.ok(failed.length > 0, 'some cases fail');
    assert.ok(report.cases.some((c) => c.status === 'passed'), 'the empty-directory case still passes with []');

    const results = services.tests.lastResults;
    const failures = results.filter((r) => r.state === 'failed');
    assert.equal(failures.length, failed.length);
    for (const failure of failures) {
      assert.ok(failure.expected && failure.actual, `${failure.itemId} carries expected and actual`);
      assert.equal(failure.actual, '[]');
      assert.notEqual(failure.expected, '[]');
      assert.equal(failure.line, editor.document.getText().split('\n').findIndex((l) => l.startsWith('function findDuplicates')), 'points at the entry function');
    }
    assert.equal(services.progress.statusOf(question.id), 'solved', 'a failed run does not take "solved" away');
    const panelResults = services.checks.resultsFor(question.id);
    const shown = panelResults?.cases.find((c) => c.status === 'failed');
    assert.ok(shown?.expected && shown.actual === '[]' && shown.call === 'findDuplicates("$FIXTURE")', JSON.stringify(shown));
  });

  it('cancels a run when the same file is run again', async () => {
    const uri = (await api()).services.scratch.uriFor(question, 'javascript');
    const first = vscode.commands.executeCommand<RunReport | undefined>(CommandId.RunChecks, uri);
    const second = vscode.commands.executeCommand<RunReport | undefined>(CommandId.RunChecks, uri);
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a, undefined, 'the first run was cancelled');
    assert.ok(b, 'the second run reported');
  });

  it('offers Run checks and Open question above an answer file', async () => {
    const uri = (await api()).services.scratch.uriFor(question, 'javascript');
    const lenses = await waitFor('code lenses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
      const ours = (found ?? []).filter((l) => l.command?.command.startsWith('interviewDrills.'));
      return ours.length >= 2 ? ours : undefined;
    });
    assert.ok(lenses.some((l) => l.command?.command === CommandId.RunChecks && /Run checks/.test(l.command.title)));
    assert.ok(lenses.some((l) => l.command?.command === CommandId.OpenQuestion && l.command.arguments?.[0] === question.id));
    assert.ok(lenses.every((l) => l.range.start.line === 0));
  });

  it('runs from the Test Explorer too', async () => {
    const { services } = await api();
    const uri = services.scratch.uriFor(question, 'javascript');
    const editor = await vscode.window.showTextDocument(uri);
    await setText(editor, question.exercise!.solution.javascript!);
    const before = services.tests.lastResults;
    await vscode.commands.executeCommand('testing.runAll');
    const results = await waitFor('a Test Explorer run', () => {
      const now = services.tests.lastResults;
      return now !== before && now.length === question.exercise!.cases.length ? now : undefined;
    }, 30000);
    assert.ok(results.every((r) => r.state === 'passed'), JSON.stringify(results));
  });

  it('runs on save only in watch mode', async () => {
    const { services } = await api();
    const uri = services.scratch.uriFor(question, 'javascript');
    const editor = await vscode.window.showTextDocument(uri);
    const config = vscode.workspace.getConfiguration('interviewDrills');
    const settle = () => new Promise((r) => setTimeout(r, 1500));

    await setText(editor, question.exercise!.starter.javascript!);
    const beforeOff = services.tests.lastResults;
    await editor.document.save();
    await settle();
    assert.equal(services.tests.lastResults, beforeOff, 'watch mode is off by default: a save runs nothing');

    try {
      await config.update('checks.watch', true, vscode.ConfigurationTarget.Global);
      await setText(editor, question.exercise!.solution.javascript!);
      const beforeOn = services.tests.lastResults;
      await editor.document.save();
      const results = await waitFor('a run after the save', () => {
        const now = services.tests.lastResults;
        return now !== beforeOn && now.length === question.exercise!.cases.length ? now : undefined;
      }, 30000);
      assert.ok(results.every((r) => r.state === 'passed'), JSON.stringify(results));
    } finally {
      await config.update('checks.watch', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('says SQL and written checks are coming instead of running anything', async () => {
    const { services } = await api();
    const sql = services.bank.questions.find((q) => q.kind === 'sql')!;
    const window = vscode.window as { showInformationMessage: unknown };
    const original = window.showInformationMessage;
    const said: string[] = [];
    try {
      window.showInformationMessage = async (text: string) => {
        said.push(text);
        return undefined;
      };
      assert.equal(await vscode.commands.executeCommand(CommandId.RunChecks, sql.id), undefined);
    } finally {
      window.showInformationMessage = original;
    }
    assert.match(said.join('\n'), /SQL answers are coming/);
  });

  it('runs a Python answer and points an error at the user’s line', async function () {
    if (spawnSync('python3', ['--version']).status !== 0) this.skip();
    const { services } = await api();
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.Start, question.id, 'python');
    const editor = await vscode.window.showTextDocument(uri);
    await setText(editor, question.exercise!.solution.python!);
    const good = await vscode.commands.executeCommand<RunReport | undefined>(CommandId.RunChecks);
    assert.equal(good?.language, 'python');
    assert.deepEqual(good?.cases.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.status} ${c.message ?? ''}`), []);

    await setText(editor, 'def findDuplicates(root):\n    x = 1\n    return x / 0\n');
    const bad = await vscode.commands.executeCommand<RunReport | undefined>(CommandId.RunChecks);
    const error = bad?.cases.find((c) => c.status === 'error');
    assert.ok(error, JSON.stringify(bad?.cases[0]));
    assert.equal(error.location?.line, 3, 'the error is on line 3 of the answer');
    const reported = services.tests.lastResults.find((r) => r.state === 'errored');
    assert.equal(reported?.line, 2, 'the Test Explorer message points at line 3 (0-based 2)');
    assert.match(reported?.message ?? '', /ZeroDivisionError/);
  });
});
