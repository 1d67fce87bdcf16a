// Wiring only: build the services, register them, push every disposable.
import * as vscode from 'vscode';
import { ProgressStore } from './core/progress/store';
import { BankService } from './vscode/bankService';
import { registerCommands } from './vscode/commands';
import { CommandId } from './vscode/commands/ids';
import { QuestionPanels } from './vscode/panel';
import { ProgressService } from './vscode/progressService';
import { ScratchFiles } from './vscode/scratchFiles';
import type { Services, SessionState } from './vscode/services';
import { QuestionTreeProvider } from './vscode/tree';

/** What activate() returns: used by the integration tests, and by nothing else. */
export interface InterviewDrillsApi {
  readonly services: Services;
  /** Milliseconds from activation to the tree's first getChildren, once the tree has asked. */
  activationMs(): number | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<InterviewDrillsApi> {
  const activatedAt = performance.now();
  let activationMs: number | undefined;
  const log = vscode.window.createOutputChannel('Interview Drills', { log: true });
  context.subscriptions.push(log);
  try {
    await vscode.workspace.fs.createDirectory(context.globalStorageUri);
    const bank = new BankService(
      vscode.Uri.joinPath(context.extensionUri, 'questions'),
      vscode.Uri.joinPath(context.globalStorageUri, 'bank-cache.json'),
      String(context.extension.packageJSON.version ?? ''),
      log,
    );
    const progress = new ProgressService(
      new ProgressStore(vscode.Uri.joinPath(context.globalStorageUri, 'progress.json').fsPath),
      log,
    );
    const session: SessionState = {};
    const ready = Promise.all([bank.reload(), progress.load()]);
    const tree = new QuestionTreeProvider(
      {
        ready,
        questions: () => bank.questions,
        problems: () => bank.current.problems,
        categories: () => bank.current.categories,
        statusOf: (id) => progress.statusOf(id),
      },
      () => {
        activationMs = performance.now() - activatedAt;
        log.info(`interview-drills: activation_ms=${activationMs.toFixed(1)}`);
      },
    );
    const treeView = vscode.window.createTreeView('interviewDrills.questions', { treeDataProvider: tree, showCollapseAll: true });
    const scratch = new ScratchFiles(context.globalStorageUri);
    const panels = new QuestionPanels(context.extensionUri, {
      getQuestion: (id) => bank.get(id),
      getStatus: (id) => progress.statusOf(id),
      getAttempts: (id) => progress.get(id)?.attempts.length ?? 0,
      ready,
      log,
      onePerQuestion: () => vscode.workspace.getConfiguration('interviewDrills').get<boolean>('panel.onePerQuestion', false),
      actions: {
        start: (id, language) => vscode.commands.executeCommand(CommandId.Start, id, language),
        resetStarter: (id) => vscode.commands.executeCommand(CommandId.ResetStarter, id),
        chooseLanguage: (id) => vscode.commands.executeCommand(CommandId.ChooseLanguage, id),
        random: () => vscode.commands.executeCommand(CommandId.RandomQuestion),
      },
    });
    // The panel's buttons go through the commands, so the panel needs no services of its own.
    const services: Services = { context, bank, progress, scratch, tree, treeView, log, session, panels };

    context.subscriptions.push(
      bank,
      progress,
      treeView,
      panels,
      panels.registerSerializer(),
      ...registerCommands(services),
      bank.onDidChange(() => {
        tree.refresh();
        panels.rerenderAll();
      }),
      progress.onDidChange(() => {
        tree.refresh();
        for (const id of panels.visibleQuestionIds()) panels.refresh(id);
      }),
    );
    await ready;
    return { services, activationMs: () => activationMs };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`activation failed: ${message}`);
    void vscode.window.showErrorMessage(`Interview Drills could not start: ${message}`);
    throw error;
  }
}

export function deactivate(): void {}
