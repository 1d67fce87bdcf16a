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
import type { CheckReport } from '../../src/vscode/checks/checkService';
import { CommandId } from '../../src/vscode/commands/ids';
import { api, restoreWorkbench, waitFor } from './helpers';


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

  after(() => restoreWorkbench(['scratchFolder', 'preferredLanguage'], scratchDir));

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

  it('runs a SQL answer on PostgreSQL: the reference passes and solves it, a wrong query shows expected and actual rows', async function () {
    this.timeout(120000);
    const { services } = await api();
    const sql = services.bank.get('paid-customers-where-having');
    assert.ok(sql?.sql, 'the SQL exercise is in the bank');
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.Start, sql.id);
    assert.equal(path.extname(uri.fsPath), '.sql');
    const editor = await vscode.window.showTextDocument(uri);
    await setText(editor, sql.sql.solution);

    // The first run starts PGlite: allow it a minute.
    const good = await vscode.commands.executeCommand<CheckReport | undefined>(CommandId.RunChecks);
    assert.ok(good, 'the command returns the report');
    assert.equal(good.language, 'sql');
    assert.deepEqual(good.cases.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.status} ${c.message ?? ''}`), [], 'every case passed');
    assert.equal(good.cases.length, sql.sql.cases.length);
    await waitFor('the SQL question to be solved', () => services.progress.statusOf(sql.id) === 'solved' || undefined);
    assert.equal(services.progress.get(sql.id)?.attempts.at(-1)?.passed, true);
    const item = services.tests.controller.items.get(sql.id);
    assert.ok(item, 'a test item for the SQL question');
    assert.equal(item.children.size, sql.sql.cases.length);
    assert.ok(services.tests.lastResults.length === sql.sql.cases.length && services.tests.lastResults.every((r) => r.state === 'passed'), JSON.stringify(services.tests.lastResults));

    await setText(editor, 'SELECT 1;');
    const bad = await vscode.commands.executeCommand<CheckReport | undefined>(CommandId.RunChecks, uri);
    assert.ok(bad);
    assert.equal(bad.passed, false);
    const failed = bad.cases.filter((c) => c.status === 'failed');
    assert.ok(failed.length > 0, JSON.stringify(bad.cases));
    for (const c of failed) assert.ok(c.expected !== undefined && c.actual !== undefined, `${c.name} carries expected and actual rows`);
    assert.equal(services.progress.get(sql.id)?.attempts.at(-1)?.passed, false);
    const reported = services.tests.lastResults.filter((r) => r.state === 'failed');
    assert.equal(reported.length, failed.length);
    assert.ok(reported.every((r) => r.expected && r.actual), JSON.stringify(reported));
    const shown = services.checks.resultsFor(sql.id)?.cases.find((c) => c.status === 'failed');
    assert.ok(shown?.expected && shown.actual, JSON.stringify(shown));
    assert.match(shown.actual, /\(1 row\)/, 'rows shown as a table');
  });

  it('checks a written answer against the rubric: the bare template fails, the model answer meets the key points', async () => {
    const { services } = await api();
    // A STAR question with the default rubric (some behavioral drills pick their own checks).
    const written = services.bank.questions.find((q) => q.seed === 's1-27' && q.kind === 'behavioral');
    assert.ok(written?.answer && (written.keyPoints?.length ?? 0) > 0, 'a behavioral question with key points');
    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.Start, written.id);
    assert.equal(path.extname(uri.fsPath), '.md');
    const editor = await vscode.window.showTextDocument(uri);
    const template = editor.document.getText();

    const bare = await vscode.commands.executeCommand<CheckReport | undefined>(CommandId.RunChecks);
    assert.ok(bare, 'the command returns the report');
    assert.equal(bare.language, 'markdown');
    assert.match(bare.note ?? '', /rubric, not a grade/);
    assert.equal(bare.passed, false);
    const failing = bare.cases.filter((c) => c.status !== 'passed').map((c) => c.name);
    assert.ok(failing.some((n) => /^Key point/.test(n)), JSON.stringify(failing));
    assert.ok(failing.some((n) => /^Structure/.test(n)), JSON.stringify(failing));
    assert.notEqual(services.progress.statusOf(written.id), 'solved');
    assert.equal(services.progress.get(written.id)?.attempts.at(-1)?.passed, false);
    const item = services.tests.controller.items.get(written.id);
    assert.ok(item, 'a test item for the written answer');
    assert.equal(item.children.size, bare.cases.length);
    assert.ok(services.tests.lastResults.some((r) => r.state === 'failed'));
    const panel = services.checks.resultsFor(written.id);
    assert.match(panel?.note ?? '', /rubric, not a grade/);

    const title = template.split('\n').find((l) => l.startsWith('# '))?.slice(2) ?? written.title;
    await setText(editor, `# ${title}\n\n${written.answer}`);
    const model = await vscode.commands.executeCommand<CheckReport | undefined>(CommandId.RunChecks);
    assert.ok(model);
    const keyPoints = model.cases.filter((c) => /^Key point/.test(c.name));
    assert.ok(keyPoints.length > 0);
    assert.deepEqual(keyPoints.filter((c) => c.status !== 'passed').map((c) => `${c.name}: ${c.message ?? ''}`), [], 'every key point is met');

    await vscode.commands.executeCommand(CommandId.OpenQuestion, written.id);
    const html = await waitFor('the panel with the rubric note', () => {
      const now = services.panels.htmlFor(written.id);
      return now && /Rubric, not a grade/.test(now) ? now : undefined;
    });
    assert.match(html, /Key point/);
  });
});
