// One question webview: renders a question into it, answers its ready handshake with the current
// progress, and turns its (validated) messages into actions.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Question } from '../../core/bank/question';
import { parsePanelMessage, type HostToPanel, type PanelResults, type PanelReview, type ReviewRating, type PanelToHost, type PanelViewState, type ProgressStatus } from '../../protocol';
import { Disposable } from '../dispose';
import { renderMissingQuestionHtml, renderQuestionHtml, type PanelHtmlOptions } from '../panelHtml';

/** What the buttons in the panel do; the commands behind them live elsewhere. */
export interface PanelActions {
  start(questionId: string, language?: string): void | Thenable<void>;
  resetStarter(questionId: string): void | Thenable<void>;
  chooseLanguage(questionId: string): void | Thenable<void>;
  random(): void | Thenable<void>;
  /** Optional: runs the checks on the question's answer file (code questions). */
  runChecks?(questionId: string): unknown;
  /** Optional: opens the answer file the results came from, at a 1-based line. */
  openAnswer?(questionId: string, line?: number): unknown;
  /** Optional: lets progress record that the model answer was read. */
  answerRevealed?(questionId: string): void | Thenable<void>;
  /** Optional: lets progress record how many hints were needed. */
  hintShown?(questionId: string, index: number): void | Thenable<void>;
  /** Optional: records a Rate yourself rating (spaced repetition). */
  rate?(questionId: string, rating: ReviewRating): unknown;
  /** Optional: opens the diff of the user's answer and the model answer. */
  compare?(questionId: string): unknown;
}

export interface PanelDependencies {
  getQuestion(id: string): Question | undefined;
  getStatus(id: string): ProgressStatus;
  /** Optional: shown next to the status ("Attempted · 2 attempts"). */
  getAttempts?(id: string): number;
  onePerQuestion(): boolean;
  actions: PanelActions;
  /** Optional: the last run of the checks for a question, or the run in progress. */
  getResults?(id: string): PanelResults | undefined;
  /** Optional: the Rate yourself section's content for a question (intervals, next review). */
  getReview?(id: string): PanelReview | undefined;
  /** Optional: settles once the bank has loaded, so a panel restored at startup finds its question. */
  ready?: PromiseLike<unknown>;
  /** Where ignored messages and failed actions are logged; console when absent. */
  log?: Pick<vscode.LogOutputChannel, 'warn' | 'error'>;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    enableFindWidget: true,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

function createNonce(): string {
  return randomBytes(18).toString('base64');
}

const ACTION_NAMES: Record<Exclude<PanelToHost['type'], 'ready'>, string> = {
  start: 'start the answer',
  resetStarter: 'reset the answer to the starter',
  chooseLanguage: 'choose the language',
  random: 'open a random question',
  revealAnswer: 'record the revealed answer',
  hintShown: 'record the hint',
  runChecks: 'run the checks',
  openAnswer: 'open the answer file',
  rate: 'record the rating',
  compare: 'compare with the model answer',
};

export class QuestionPanel extends Disposable {
  private readonly didDispose = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.didDispose.event;
  private readonly activated = this._register(new vscode.EventEmitter<void>());
  readonly onDidBecomeActive = this.activated.event;
  private current: string;
  /** The results the page's HTML was rendered with (JSON), so a reloaded page can be told what changed since. */
  private renderedResults = 'null';

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    questionId: string,
    private readonly extensionUri: vscode.Uri,
    private readonly deps: PanelDependencies,
    state?: PanelViewState,
  ) {
    super();
    this.current = questionId;
    this._register(webviewPanel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)));
    this._register(webviewPanel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.activated.fire();
      // Hidden, the page is dropped and re-shown from the HTML: bring the HTML up to date with
      // results that were posted while it was on screen, so they show at first paint.
      if (!e.webviewPanel.visible && this.resultsChangedSinceRender()) this.render();
    }));
    this._register(webviewPanel.onDidDispose(() => this.dispose()));
    webviewPanel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activity-bar.svg');
    this.render(state);
  }

  get questionId(): string {
    return this.current;
  }

  /** True when this panel is the focused editor tab. */
  get active(): boolean {
    return this.webviewPanel.active;
  }

  get visible(): boolean {
    return this.webviewPanel.visible;
  }

  get html(): string {
    return this.webviewPanel.webview.html;
  }

  /** Shows another question in this panel; its page, title and revealed state start afresh. */
  showQuestion(questionId: string): void {
    if (questionId === this.current) return;
    this.current = questionId;
    this.render();
  }

  reveal(preserveFocus = false): void {
    this.webviewPanel.reveal(undefined, preserveFocus);
  }

  /** Renders the page again from the current question data (e.g. after the bank reloaded). */
  render(state?: PanelViewState): void {
    const webview = this.webviewPanel.webview;
    const options: PanelHtmlOptions = {
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      state,
    };
    const question = this.deps.getQuestion(this.current);
    if (question) {
      options.attempts = this.deps.getAttempts?.(question.id);
      options.results = this.deps.getResults?.(question.id);
      options.review = this.deps.getReview?.(question.id);
      this.renderedResults = JSON.stringify(options.results ?? null);
      this.webviewPanel.title = question.title;
      webview.html = renderQuestionHtml(question, this.deps.getStatus(question.id), options);
    } else {
      this.webviewPanel.title = 'Question not found';
      webview.html = renderMissingQuestionHtml(this.current, options);
    }
  }

  /** Brings the status badge up to date. A hidden panel has no live page, so it is re-rendered. */
  refreshProgress(): void {
    if (!this.webviewPanel.visible) {
      this.render();
      return;
    }
    this.postProgress();
    this.postReview();
  }

  /** Brings the Results section up to date. A hidden panel has no live page, so it is re-rendered. */
  refreshResults(): void {
    if (!this.webviewPanel.visible) {
      this.render();
      return;
    }
    this.postResults(true);
  }

  private resultsChangedSinceRender(): boolean {
    if (!this.deps.getResults || !this.deps.getQuestion(this.current)) return false;
    return JSON.stringify(this.deps.getResults(this.current) ?? null) !== this.renderedResults;
  }

  /** Posts the current results; unless `always`, only when they differ from the page's HTML. */
  private postResults(always: boolean): void {
    if (!this.deps.getResults || !this.deps.getQuestion(this.current)) return;
    if (!always && !this.resultsChangedSinceRender()) return;
    const message: HostToPanel = { type: 'results', questionId: this.current, results: this.deps.getResults(this.current) ?? null };
    void this.webviewPanel.webview.postMessage(message);
  }

  private postReview(): void {
    if (!this.deps.getQuestion(this.current)) return;
    const review = this.deps.getReview?.(this.current);
    if (!review) return;
    const message: HostToPanel = { type: 'review', questionId: this.current, review };
    void this.webviewPanel.webview.postMessage(message);
  }

  private postProgress(): void {
    if (!this.deps.getQuestion(this.current)) return;
    const message: HostToPanel = { type: 'progress', questionId: this.current, status: this.deps.getStatus(this.current) };
    const attempts = this.deps.getAttempts?.(this.current);
    if (attempts !== undefined) message.attempts = attempts;
    void this.webviewPanel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parsePanelMessage(raw);
    if (!message) {
      this.warn('ignored a message from the question panel that is not in the protocol');
      return;
    }
    // A click from the page of the question this panel showed before: drop it.
    if (message.type !== 'random' && message.questionId !== this.current) return;
    if (message.type === 'ready') {
      this.postProgress();
      this.postReview();
      // Only when they changed between the render and the page's load: no flicker otherwise.
      this.postResults(false);
      return;
    }
    try {
      await this.dispatch(message);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const text = `Interview Drills could not ${ACTION_NAMES[message.type]}: ${detail}`;
      if (this.deps.log) this.deps.log.error(text);
      else console.error(text);
      void vscode.window.showErrorMessage(text);
    }
  }

  private async dispatch(message: Exclude<PanelToHost, { type: 'ready' }>): Promise<void> {
    const { actions } = this.deps;
    switch (message.type) {
      case 'start':
        return actions.start(message.questionId, message.language);
      case 'resetStarter':
        return actions.resetStarter(message.questionId);
      case 'chooseLanguage':
        return actions.chooseLanguage(message.questionId);
      case 'random':
        return actions.random();
      case 'revealAnswer':
        return actions.answerRevealed?.(message.questionId);
      case 'hintShown':
        return actions.hintShown?.(message.questionId, message.index);
      case 'runChecks':
        try {
          await actions.runChecks?.(message.questionId);
        } finally {
          // The button went to "Running…" on click; a run that never started must put it back.
          if (message.questionId === this.current) this.postResults(true);
        }
        return;
      case 'openAnswer':
        await actions.openAnswer?.(message.questionId, message.line);
        return;
      case 'rate':
        try {
          await actions.rate?.(message.questionId, message.rating);
        } finally {
          // The buttons were disabled on click; a rating that was not saved must give them back.
          if (message.questionId === this.current) this.postReview();
        }
        return;
      case 'compare':
        await actions.compare?.(message.questionId);
        return;
    }
  }

  private warn(text: string): void {
    if (this.deps.log) this.deps.log.warn(text);
    else console.warn(`Interview Drills: ${text}`);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.didDispose.fire();
    super.dispose();
    this.webviewPanel.dispose();
  }
}

