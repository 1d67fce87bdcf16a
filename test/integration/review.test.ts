// Spaced repetition and Compare with model answer inside a real VS Code, on a simulated calendar:
// the services' clock (reached through the API activate() returns) is moved to later days.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { calendarDaysBetween } from '../../src/core/progress/due';
import type { CheckReport } from '../../src/vscode/checks/checkService';
import { CommandId } from '../../src/vscode/commands/ids';
import type { Comparison } from '../../src/vscode/review/commands/compareWithModel';
import type { RateOutcome, WalkStart } from '../../src/vscode/review/reviewService';
import type { DueNode } from '../../src/vscode/tree';
import { api, waitFor } from './helpers';

/** Local times: "today" and midnight are the user's. */
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);
const RATED_AT = local(2031, 3, 10, 9);
const CONCEPT = 'restful-apis';
const SECOND = 'where-vs-having';
const CODE = 'http-status-codes';

async function dueNode(): Promise<DueNode | undefined> {
  const { services } = await api();
  const roots = await services.tree.getChildren();
  // The test bundle has its own copy of the tree's classes: tell the node by its id, not instanceof.
  const first = roots[0];
  return first?.id === 'due' ? (first as DueNode) : undefined;
}

describe('Spaced repetition and model answers in VS Code', function () {
  this.timeout(60000);
  let scratchDir: string;

  before(async () => {
    scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drills-review-'));
    const config = vscode.workspace.getConfiguration('interviewDrills');
    await config.update('scratchFolder', scratchDir, vscode.ConfigurationTarget.Global);
    await config.update('preferredLanguage', 'javascript', vscode.ConfigurationTarget.Global);
    const { services } = await api();
    await services.progress.reset();
    for (const id of [CONCEPT, SECOND, CODE]) assert.ok(services.bank.get(id), `${id} is in the bank`);
  });

  after(async () => {
    const { services } = await api();
    services.review.clock.reset();
    await services.progress.reset();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const config = vscode.workspace.getConfiguration('interviewDrills');
    await config.update('scratchFolder', undefined, vscode.ConfigurationTarget.Global);
    await config.update('preferredLanguage', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(scratchDir, { recursive: true, force: true });
  });

  it('rate Good: not due today, due on the simulated due date in the tree and the status bar', async () => {
    const { services } = await api();
    const { review } = services;
    review.clock.set(RATED_AT);
    assert.deepEqual(review.dueIds(), []);
    assert.equal(await dueNode(), undefined, 'no Due node when nothing is due');
    assert.equal(review.statusBar.text, undefined, 'no status bar item at 0');

    await vscode.commands.executeCommand(CommandId.OpenQuestion, CONCEPT);
    const html = await waitFor('the panel with the rating buttons', () => services.panels.htmlFor(CONCEPT));
    assert.match(html, /Again · 1 day/);
    assert.match(html, /Good · 2 days/);

    const outcome = await vscode.commands.executeCommand<RateOutcome>(CommandId.RateRecall, CONCEPT, 'good');
    assert.ok(outcome?.due, 'the rating scheduled a review');
    const due = new Date(outcome.due);
    assert.equal(calendarDaysBetween(RATED_AT, due), 2);
    const stored = services.progress.get(CONCEPT);
    assert.equal(stored?.attempts.at(-1)?.rating, 'good');
    assert.equal(stored?.review?.data.scheduler, 'fsrs');
    assert.match(review.panelReview(CONCEPT).next ?? '', /^Next review in 2 days \(/);
    assert.equal(review.panelReview(CONCEPT).ratedToday, true, 'the panel says it was rated today');
    assert.deepEqual(review.dueIds(), [], 'not due today');
    assert.equal(review.statusBar.text, undefined);

    // The evening before: not due. At midnight the timer (no clock jump, no progress change) brings it in.
    review.clock.set(new Date(local(due.getFullYear(), due.getMonth() + 1, due.getDate()).getTime() - 600));
    assert.deepEqual(review.dueIds(), [], 'not due the day before');
    assert.equal(review.statusBar.text, undefined);
    await waitFor('the day to roll over at midnight', () => review.statusBar.text === '$(history) 1 due', 5000);
    assert.deepEqual(review.dueIds(), [CONCEPT]);
    review.clock.set(local(due.getFullYear(), due.getMonth() + 1, due.getDate(), 7));
    assert.deepEqual(review.dueIds(), [CONCEPT]);
    assert.equal(review.statusBar.text, '$(history) 1 due');
    assert.equal(review.panelReview(CONCEPT).ratedToday, undefined, 'rated on an earlier day');
    const node = await waitFor('the Due for review node', () => dueNode());
    assert.equal(node.label, 'Due for review (1)');
    assert.deepEqual(node.children.map((c) => c.question.id), [CONCEPT]);
    assert.equal(node.children[0].command?.command, CommandId.OpenQuestion);
  });

  it('Review due questions walks the due questions; Again brings one back tomorrow; then all caught up', async () => {
    const { services } = await api();
    const { review } = services;
    // A second question rated Good on the same day falls due with the first.
    review.clock.set(RATED_AT);
    await vscode.commands.executeCommand<RateOutcome>(CommandId.RateRecall, SECOND, 'good');
    const dueDay = local(2031, 3, 12, 8);
    review.clock.set(dueDay);
    const due = review.dueIds();
    assert.deepEqual([...due].sort(), [CONCEPT, SECOND].sort());
    assert.equal(review.statusBar.text, '$(history) 2 due');
    assert.equal((await dueNode())?.label, 'Due for review (2)');

    const start = await vscode.commands.executeCommand<WalkStart>(CommandId.ReviewDue);
    assert.deepEqual(start, { count: 2, shown: due[0] });
    await waitFor('the first due question in the panel', () => services.panels.visibleQuestionIds().includes(due[0]));
    // Due: the rating buttons show at once, without a reveal.
    const html = await waitFor('the due panel', () => services.panels.htmlFor(due[0]));
    assert.match(html, /<section class="rate" id="rate" aria-labelledby="rate-heading">/);

    const first = await vscode.commands.executeCommand<RateOutcome>(CommandId.RateRecall, due[0], 'again');
    assert.equal(first.next, due[1], 'the next due question is shown');
    assert.ok(services.panels.visibleQuestionIds().includes(due[1]));
    assert.equal(calendarDaysBetween(dueDay, new Date(first.due!)), 1, 'Again: tomorrow');
    assert.equal(review.statusBar.text, '$(history) 1 due');

    const second = await vscode.commands.executeCommand<RateOutcome>(CommandId.RateRecall, due[1], 'good');
    assert.equal(second.caughtUp, true, 'all caught up');
    assert.equal(second.next, undefined);
    assert.deepEqual(review.dueIds(), []);
    assert.equal(await dueNode(), undefined, 'the Due node is gone');
    assert.equal(review.statusBar.text, undefined);

    const nothing = await vscode.commands.executeCommand<WalkStart>(CommandId.ReviewDue);
    assert.deepEqual(nothing, { count: 0 }, 'a clear answer with nothing due');

    review.clock.set(local(2031, 3, 13, 8));
    assert.deepEqual(review.dueIds(), [due[0]], 'the one rated Again is back the next day');
    assert.equal(review.statusBar.text, '$(history) 1 due');
  });

  it('a solved exercise gets its first review; Compare opens the diff of the model answer and the answer file', async () => {
    const { services } = await api();
    const { review } = services;
    const question = services.bank.get(CODE)!;
    review.clock.set(RATED_AT);

    // No answer file yet: nothing opens (the user is offered Start).
    const none = await vscode.commands.executeCommand<Comparison | undefined>(CommandId.CompareWithModel, CODE);
    assert.equal(none, undefined);
    assert.ok(!vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff)));

    const uri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.Start, CODE);
    assert.equal(path.basename(uri.fsPath), `${CODE}.js`);
    const solution = question.exercise!.solution.javascript!;
    fs.writeFileSync(uri.fsPath, solution);
    const editor = await vscode.window.showTextDocument(uri);
    await waitFor('the editor to show the solution', () => editor.document.getText() === solution || undefined);
    assert.equal(services.progress.get(CODE)?.review, undefined, 'not scheduled before it is solved');
    const report = await vscode.commands.executeCommand<CheckReport>(CommandId.RunChecks, CODE);
    assert.ok(report?.passed, `the reference passes: ${JSON.stringify(report?.cases.filter((c) => c.status !== 'passed'))}`);
    const solved = services.progress.get(CODE);
    assert.equal(solved?.status, 'solved');
    assert.ok(solved?.review?.due, 'solving scheduled a first review');
    assert.equal(solved.review.data.lastRating, 'good');
    assert.equal(calendarDaysBetween(RATED_AT, new Date(solved.review.due)), 2);
    assert.ok(!review.dueIds().includes(CODE));
    review.clock.set(local(2031, 3, 12, 8));
    assert.ok(review.dueIds().includes(CODE), 'the solved exercise comes back for review');

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const comparison = await vscode.commands.executeCommand<Comparison>(CommandId.CompareWithModel, CODE);
    assert.ok(comparison, 'a comparison opened');
    assert.equal(comparison.title, `Model answer ↔ ${CODE}.js`);
    const tab = await waitFor('the diff editor', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff),
    );
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(tab.label, `Model answer ↔ ${CODE}.js`);
    assert.equal(input.original.toString(), comparison.modelAnswer.toString());
    assert.equal(input.modified.fsPath, uri.fsPath);
    const model = await vscode.workspace.openTextDocument(input.original);
    assert.equal(model.getText().trimEnd(), solution.trimEnd(), 'the reference solution in the answer file\'s language');
    assert.equal(model.languageId, 'javascript');

    // From the editor title of an answer file the argument is its URI; a written answer compares with the model answer text.
    const written = services.bank.get(CONCEPT)!;
    const writtenUri = await vscode.commands.executeCommand<vscode.Uri>(CommandId.Start, CONCEPT);
    const fromTitle = await vscode.commands.executeCommand<Comparison>(CommandId.CompareWithModel, writtenUri);
    assert.equal(fromTitle.title, `Model answer ↔ ${CONCEPT}.md`);
    const text = (await vscode.workspace.openTextDocument(fromTitle.modelAnswer)).getText();
    assert.equal(text.trimEnd(), written.answer.trimEnd());
  });
});
