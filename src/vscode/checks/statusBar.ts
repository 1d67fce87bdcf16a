// The status bar item for the last run of the checks: "$(pass) 8/8 solved" or "$(error) 5/8".
// Clicking it shows the question. Hidden until the first run in this window.
import * as vscode from 'vscode';
import { CommandId } from '../commands/ids';
import { Disposable } from '../dispose';
import type { CheckService } from './checkService';
import { passCount, ranAnything } from './display';

export class CheckStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('interviewDrills.checks', vscode.StatusBarAlignment.Left, 10));

  constructor(private readonly checks: CheckService) {
    super();
    this.item.name = 'Interview Drills: checks';
    this._register(checks.onDidChange(() => this.update()));
  }

  private update(): void {
    const [runningId] = this.checks.runningQuestionIds();
    const last = this.checks.latestRun();
    if (runningId) {
      this.item.text = '$(sync~spin) Running checks…';
      this.item.tooltip = 'Interview Drills is running the checks on your answer';
      this.item.command = { command: CommandId.OpenQuestion, title: 'Show Question', arguments: [runningId] };
      this.item.backgroundColor = undefined;
      this.item.show();
      return;
    }
    if (!last) {
      this.item.hide();
      return;
    }
    const { report, question } = last;
    const count = passCount(report);
    const allPassed = report.passed && report.cases.length > 0;
    this.item.text = allPassed ? `$(pass) ${count} solved` : ranAnything(report) ? `$(error) ${count}` : '$(warning) checks could not start';
    this.item.tooltip = new vscode.MarkdownString(
      `**${question.title.replace(/[\\`*_[\]<>]/g, '\\$&')}**\n\n${count} cases passed in ${Math.round(report.ms)} ms (${report.language}). Click to show the question.`,
    );
    this.item.accessibilityInformation = { label: `Interview Drills checks: ${count} passed${allPassed ? ', solved' : ''}` };
    this.item.command = { command: CommandId.OpenQuestion, title: 'Show Question', arguments: [question.id] };
    this.item.show();
  }
}
