// Run query inside a real VS Code: the statement under the cursor, a selection, the CodeLens above
// each statement, the result posted to the question's panel, errors at the user's line and column,
// nothing kept between runs, and the statement timeout setting.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseQueryResult, type PanelQueryResult } from '../../src/protocol';
import { CommandId } from '../../src/vscode/commands/ids';
import { api, restoreWorkbench, waitFor } from './helpers';

const QUESTION = 'paid-customers-where-having';

/** The answer the tests write: three statements, the third with a typo on line 6, column 8. */
const TEXT = [
  'SELECT id, name FROM customers ORDER BY id;', // line 1
  '',
  "INSERT INTO customers (id, name) VALUES (7, 'Gus <b>Grey</b>');", // line 3
  '',
  '-- a typo: nme',
  'SELECT nme FROM customers;', // line 6
  '',
  'SELECT c.name, o.amount FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE c.id = 5;', // line 8
  '',
].join('\n');

async function setText(editor: vscode.TextEditor, text: string): Promise<void> {
  const document = editor.document;
  const ok = await editor.edit((b) => b.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
  assert.ok(ok, 'the edit applied');
}

function rows(result: PanelQueryResult | undefined): Extract<PanelQueryResult, { kind: 'rows' }> {
  assert.ok(result, 'the command returned a result');
  assert.equal(result.kind, 'rows', JSON.stringify(result));
  return result as Extract<PanelQueryResult, { kind: 'rows' }>;
}

describe('Run query in VS Code', function () {
  this.timeout(120_000);
  let scratchDir: string;
  let editor: vscode.TextEditor;
  let uri: vscode.Uri;

  before(async () => {
    scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drills-query-'));
    await vscode.workspace.getConfiguration('interviewDrills').update('scratchFolder', scratchDir, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const { services } = await api();
    assert.ok(services.bank.get(QUESTION)?.sql, 'the SQL exercise is in the bank');
    uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.Start, QUESTION);
    editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    await setText(editor, TEXT);
  });

  after(() => restoreWorkbench(['scratchFolder', 'sql.statementTimeoutSeconds'], scratchDir));

  it('runs the statement under the cursor on the seed rows and posts the grid to the question\'s panel', async () => {
    const { services } = await api();
    editor = await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
    editor.selection = new vscode.Selection(0, 12, 0, 12);
    // The first run starts PostgreSQL.
    const result = rows(await vscode.commands.executeCommand<PanelQueryResult>(CommandId.RunQuery));
    assert.deepEqual(result.columns, [{ name: 'id', numeric: true }, { name: 'name', numeric: false }]);
    assert.deepEqual(result.rows.map((r) => r[0]), ['1', '2', '3', '4', '5', '6'], 'the six seeded customers');
    assert.equal(result.rows[0][1], 'Ana Costa');
    assert.equal(result.cut, false);
    assert.equal(result.line, 1);
    assert.equal(result.file, path.basename(uri.fsPath));
    assert.match(result.statement, /^SELECT id, name FROM customers ORDER BY id$/);
    assert.ok(typeof result.ms === 'number' && result.ms >= 0);
    // What the panel was given is what the command returned, and it passes the panel's validation.
    assert.deepEqual(services.panels.queryResultFor(QUESTION), result);
    assert.deepEqual(parseQueryResult(JSON.parse(JSON.stringify(result))), result);
    assert.ok(services.panels.visibleQuestionIds().includes(QUESTION), 'the panel shows the question');
    assert.match(services.panels.htmlFor(QUESTION) ?? '', /data-question-id="paid-customers-where-having"/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the editor keeps the focus');
  });

  it('offers "Run query" above each statement; the lens of an INSERT shows its command tag, and nothing persists', async () => {
    const lenses = await waitFor('the Run query lenses', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      const found = all.filter((l) => l.command?.command === CommandId.RunQuery);
      return found.length === 4 ? found : undefined;
    });
    assert.deepEqual(lenses.map((l) => l.range.start.line).sort((a, b) => a - b), [0, 2, 5, 7]);
    assert.ok(lenses.every((l) => /Run query/.test(l.command?.title ?? '')));
    const insert = lenses.find((l) => l.range.start.line === 2)!;
    const tag = await vscode.commands.executeCommand<PanelQueryResult>(insert.command!.command, ...(insert.command!.arguments ?? []));
    assert.equal(tag?.kind, 'command', JSON.stringify(tag));
    assert.equal(tag.kind === 'command' && tag.command, 'INSERT 0 1');
    assert.equal(tag.line, 3);

    // Each run starts from the seed: the customer just inserted is not there.
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const again = rows(await vscode.commands.executeCommand<PanelQueryResult>(CommandId.RunQuery));
    assert.equal(again.rows.length, 6);
    assert.ok(!again.rows.some((r) => r[0] === '7'));
  });

  it('shows PostgreSQL\'s error at the line and column in the user\'s file', async () => {
    const { services } = await api();
    editor.selection = new vscode.Selection(5, 3, 5, 3);
    const error = await vscode.commands.executeCommand<PanelQueryResult>(CommandId.RunQuery);
    assert.equal(error?.kind, 'error', JSON.stringify(error));
    if (error.kind !== 'error') return;
    assert.match(error.message, /column "nme" does not exist/);
    assert.deepEqual(error.at, { line: 6, col: 8 });
    assert.equal(error.line, 6);
    assert.deepEqual(services.panels.queryResultFor(QUESTION), error);
    // The editor marks the word PostgreSQL points at, until the next run.
    const marked = await waitFor('the error in the Problems panel', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source?.includes('Run query'));
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual([marked[0].range.start.line, marked[0].range.start.character, marked[0].range.end.character], [5, 7, 10]);
    assert.match(marked[0].message, /column "nme" does not exist/);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    rows(await vscode.commands.executeCommand<PanelQueryResult>(CommandId.RunQuery));
    assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => d.source?.includes('Run query')).length, 0, 'cleared by the next run');
  });

  it('runs the selection when there is one, and keeps NULL as NULL', async () => {
    // Only "SELECT id FROM customers" of line 1... as a selection: the ORDER BY is left out.
    editor.selection = new vscode.Selection(0, 0, 0, 'SELECT id, name FROM customers'.length);
    const selected = rows(await vscode.commands.executeCommand<PanelQueryResult>(CommandId.RunQuery));
    assert.equal(selected.statement, 'SELECT id, name FROM customers');
    assert.equal(selected.rows.length, 6);

    editor.selection = new vscode.Selection(7, 0, 7, 0);
    const outer = rows(await vscode.commands.executeCommand<PanelQueryResult>(CommandId.RunQuery));
    assert.deepEqual(outer.rows, [['Eli Novak', null]], 'a customer without orders: amount is NULL');
    assert.deepEqual(outer.columns.map((c) => c.numeric), [false, true]);
  });

  it('stops a statement at the timeout setting, read at the run', async () => {
    await vscode.workspace.getConfiguration('interviewDrills').update('sql.statementTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    await setText(editor, `${TEXT}\nSELECT pg_sleep(30);\n`);
    editor.selection = new vscode.Selection(9, 3, 9, 3);
    const started = Date.now();
    const stopped = await vscode.commands.executeCommand<PanelQueryResult>(CommandId.RunQuery);
    const took = Date.now() - started;
    assert.equal(stopped?.kind, 'timeout', JSON.stringify(stopped));
    assert.ok(took < 15_000, `stopped after ${took} ms, not after the 30 s sleep`);
    await vscode.workspace.getConfiguration('interviewDrills').update('sql.statementTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    // The next run works again (a fresh worker if the old one had to be killed).
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(rows(await vscode.commands.executeCommand<PanelQueryResult>(CommandId.RunQuery)).rows.length, 6);
  });

  it('says so, and runs nothing, outside a SQL answer file', async () => {
    const { services } = await api();
    const before = services.panels.queryResultFor(QUESTION);
    const other = await vscode.workspace.openTextDocument({ language: 'sql', content: 'SELECT 1;' });
    await vscode.window.showTextDocument(other);
    assert.equal(await vscode.commands.executeCommand(CommandId.RunQuery), undefined);
    assert.equal(services.panels.queryResultFor(QUESTION), before);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
