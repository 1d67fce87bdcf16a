// Wiring only: build the services, register them, push every disposable.
import * as vscode from 'vscode';
import { Clock } from './core/progress/clock';
import { ProgressStore } from './core/progress/store';
import { CheckEngine } from './core/runners/engine';
import { SqlEngine } from './core/sql/engine';
import { BankService } from './vscode/bankService';
import { AnswerContext } from './vscode/checks/answerContext';
import { AnswerFiles } from './vscode/checks/answerFiles';
import { CheckService } from './vscode/checks/checkService';
import { ANSWER_FILE_SELECTOR, AnswerCodeLens } from './vscode/checks/codeLens';
import { openAnswerAt } from './vscode/checks/openAnswerAt';
import { CheckStatusBar } from './vscode/checks/statusBar';
import { CheckTests } from './vscode/checks/testController';
import { registerCommands } from './vscode/commands';
import { CommandId } from './vscode/commands/ids';
import { QuestionPanels } from './vscode/panel';
import { ProgressService } from './vscode/progressService';
import { MODEL_ANSWER_SCHEME, ModelAnswerProvider } from './vscode/review/modelAnswer';
import { ReviewService } from './vscode/review/reviewService';
import { ReviewSettings } from './vscode/review/settings';
import { ScratchFiles } from './vscode/scratchFiles';
import type { Services, SessionState } from './vscode/services';
import { QuestionTreeProvider } from './vscode/tree';
import { ChecklistView } from './vscode/checklist/checklistView';
import { openAnswer } from './vscode/commands/start';

/** What activate() returns: used by the integration tests, and by nothing else. */
export interface InterviewDrillsApi {
  readonly services: Services;
  /** Milliseconds from activation to the tree's first getChildren, once the tree has asked. */
  activationMs(): number | undefined;
  /** The Interview Day Checklist view. */
  readonly checklist: ChecklistView;
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
    // One clock for progress and reviews; the integration tests move it to simulate later days.
    const clock = new Clock();
    const reviewSettings = new ReviewSettings(log);
    const progress = new ProgressService(
      new ProgressStore(vscode.Uri.joinPath(context.globalStorageUri, 'progress.json').fsPath, {
        now: () => clock.now(),
        desiredRetention: () => reviewSettings.desiredRetention(),
      }),
      log,
      clock,
    );
    const review = new ReviewService({
      progress,
      settings: reviewSettings,
      hasQuestion: (id) => bank.get(id) !== undefined,
      onDidChangeBank: bank.onDidChange,
      show: (id) => vscode.commands.executeCommand(CommandId.OpenQuestion, id),
      log,
    });
    const session: SessionState = {};
    const ready = Promise.all([bank.reload(), progress.load()]);
    const tree = new QuestionTreeProvider(
      {
        ready,
        questions: () => bank.questions,
        problems: () => bank.current.problems,
        categories: () => bank.current.categories,
        statusOf: (id) => progress.statusOf(id),
        dueIds: () => review.dueIds(),
        nextReview: (id) => review.nextReviewText(id),
      },
      () => {
        activationMs = performance.now() - activatedAt;
        log.info(`interview-drills: activation_ms=${activationMs.toFixed(1)}`);
      },
    );
    const treeView = vscode.window.createTreeView('interviewDrills.questions', { treeDataProvider: tree, showCollapseAll: true });
    const scratch = new ScratchFiles(context.globalStorageUri);
    // Constructing the engine starts nothing: a process is started once an answer file is open.
    const engine = new CheckEngine({ extensionRoot: context.extensionUri.fsPath });
    // The SQL engine (PGlite) is created on the first SQL run, and disposed with the checks.
    const checks = new CheckService(engine, progress, log, () => new SqlEngine({ extensionRoot: context.extensionUri.fsPath }));
    const answers = new AnswerFiles(bank, scratch, progress);
    const tests = new CheckTests(bank, scratch, answers, checks, log);
    const panels = new QuestionPanels(context.extensionUri, {
      getQuestion: (id) => bank.get(id),
      getStatus: (id) => progress.statusOf(id),
      getAttempts: (id) => progress.get(id)?.attempts.length ?? 0,
      getResults: (id) => checks.resultsFor(id),
      getReview: (id) => review.panelReview(id),
      ready,
      log,
      onePerQuestion: () => vscode.workspace.getConfiguration('interviewDrills').get<boolean>('panel.onePerQuestion', false),
      actions: {
        start: (id, language) => vscode.commands.executeCommand(CommandId.Start, id, language),
        resetStarter: (id) => vscode.commands.executeCommand(CommandId.ResetStarter, id),
        chooseLanguage: (id) => vscode.commands.executeCommand(CommandId.ChooseLanguage, id),
        random: () => vscode.commands.executeCommand(CommandId.RandomQuestion),
        runChecks: (id) => vscode.commands.executeCommand(CommandId.RunChecks, id),
        openAnswer: (id, line) => openAnswerAt({ bank, answers, checks }, id, line),
        rate: (id, rating) => review.rate(id, rating),
        compare: (id) => vscode.commands.executeCommand(CommandId.CompareWithModel, id),
      },
    });
    // The panel's buttons go through the commands, so the panel needs no services of its own.
    const services: Services = { context, bank, progress, scratch, tree, treeView, log, session, panels, answers, checks, tests, review };
    const modelAnswers = new ModelAnswerProvider((id) => bank.get(id));
    const codeLens = new AnswerCodeLens(answers, checks, bank.onDidChange);
    const checklist = new ChecklistView({
      ready,
      questions: () => bank.questions,
      onQuestionsChange: bank.onDidChange,
      scratch,
      createAnswer: (question) => openAnswer(services, question, { createIfMissing: true, preserveFocus: true }),
      log,
    });

    context.subscriptions.push(
      bank,
      progress,
      treeView,
      engine,
      checks,
      tests,
      panels,
      codeLens,
      vscode.languages.registerCodeLensProvider(ANSWER_FILE_SELECTOR, codeLens),
      new CheckStatusBar(checks),
      new AnswerContext(answers, checks, bank.onDidChange),
      panels.registerSerializer(),
      ...registerCommands(services),
      review,
      modelAnswers,
      vscode.workspace.registerTextDocumentContentProvider(MODEL_ANSWER_SCHEME, modelAnswers),
      review.onDidChangeDue(() => {
        tree.refresh();
        for (const id of panels.visibleQuestionIds()) panels.refresh(id);
      }),
      bank.onDidChange(() => modelAnswers.refresh()),
      bank.onDidChange(() => {
        tree.refresh();
        panels.rerenderAll();
      }),
      progress.onDidChange(() => {
        tree.refresh();
        for (const id of panels.visibleQuestionIds()) panels.refresh(id);
      }),
      checks.onDidChange((id) => panels.refreshResults(id)),
      checklist,
    );
    await ready;
    return { services, activationMs: () => activationMs, checklist };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`activation failed: ${message}`);
    void vscode.window.showErrorMessage(`Interview Drills could not start: ${message}`);
    throw error;
  }
}

export function deactivate(): void {}
