// The question panels: by default one panel reused for whichever question is shown, or one per
// question when the user asks for it. Restores panels after a reload through a serializer.
import * as vscode from 'vscode';
import { parsePanelMessage, parseViewState, VIEW_TYPE, type HostToPanel, type PanelQueryResult, type PanelViewState } from '../protocol';
import { Disposable } from './dispose';
import { QuestionPanel, webviewOptions, type PanelDependencies } from './panel/questionPanel';

export type { PanelActions, PanelDependencies } from './panel/questionPanel';
export { VIEW_TYPE } from '../protocol';

export class QuestionPanels extends Disposable {
  /** Open panels, oldest first. */
  private readonly panels = new Set<QuestionPanel>();
  private lastActive: QuestionPanel | undefined;
  /** The last Run query result per question, posted again whenever its page (re)loads. */
  private readonly queryResults = new Map<string, PanelQueryResult>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly deps: PanelDependencies,
  ) {
    super();
  }

  /** Shows a question: reveals the panel that already shows it, else reuses or opens one. */
  show(questionId: string, options: { preserveFocus?: boolean } = {}): void {
    if (this.isDisposed) return;
    const existing = this.find(questionId);
    if (existing) {
      this.activate(existing, options.preserveFocus);
      return;
    }
    const reusable = this.deps.onePerQuestion() ? undefined : this.lastActive ?? this.panels.values().next().value;
    if (reusable) {
      reusable.showQuestion(questionId);
      this.activate(reusable, options.preserveFocus);
      return;
    }
    const title = this.deps.getQuestion(questionId)?.title ?? 'Question';
    const webviewPanel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      title,
      { viewColumn: columnForNewPanel(), preserveFocus: options.preserveFocus },
      webviewOptions(this.extensionUri),
    );
    this.adopt(webviewPanel, questionId);
  }

  /** Progress changed for a question: bring its status badge up to date. */
  refresh(questionId: string): void {
    for (const panel of this.panels) {
      if (panel.questionId === questionId) panel.refreshProgress();
    }
  }

  /** A run of the checks started or ended: bring the Results section up to date. */
  refreshResults(questionId: string): void {
    for (const panel of this.panels) {
      if (panel.questionId === questionId) panel.refreshResults();
    }
  }

  /** The bank reloaded: re-render every panel from the current question data. */
  rerenderAll(): void {
    for (const panel of this.panels) panel.render();
  }

  /** Restores panels after a window reload. The lead calls this once from activate. */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel, rawState) => {
        const state = parseViewState(rawState);
        // A failed load still restores the panel: it then says the question is not available.
        await Promise.resolve(this.deps.ready).catch(() => undefined);
        if (!state || this.isDisposed) {
          // Nothing says which question it showed: an empty panel would only be in the way.
          webviewPanel.dispose();
          return;
        }
        webviewPanel.webview.options = webviewOptions(this.extensionUri);
        this.adopt(webviewPanel, state.questionId, state);
      },
    });
  }

  /**
   * The question a command without an argument is about: the focused panel's, else the one in
   * the panel last used if it is on screen.
   */
  activeQuestionId(): string | undefined {
    const active = [...this.panels].find((panel) => panel.active);
    if (active) return active.questionId;
    return this.lastActive?.visible ? this.lastActive.questionId : undefined;
  }

  /** The questions shown in open panels (visible or in a background tab), oldest panel first. */
  visibleQuestionIds(): string[] {
    return [...this.panels].map((panel) => panel.questionId);
  }

  /** The current HTML of the panel showing this question. */
  htmlFor(questionId: string): string | undefined {
    return this.find(questionId)?.html;
  }

  /**
   * Shows a Run query result (or that one is running) in the panel of its question, opening or
   * reusing a panel without taking the focus from the editor. Kept, so a page that reloads
   * (hidden and shown again, or another question shown and back) gets it again after "ready".
   */
  postQueryResult(questionId: string, result: PanelQueryResult): void {
    if (this.isDisposed) return;
    this.queryResults.set(questionId, result);
    const shown = this.find(questionId);
    if (shown) {
      if (!shown.visible) shown.reveal(true);
    } else {
      this.show(questionId, { preserveFocus: true });
    }
    const panel = this.find(questionId);
    if (panel) this.postQuery(panel);
  }

  /** The last Run query result for a question (what its panel shows). */
  queryResultFor(questionId: string): PanelQueryResult | undefined {
    return this.queryResults.get(questionId);
  }

  private postQuery(panel: QuestionPanel): void {
    const result = this.queryResults.get(panel.questionId);
    if (!result) return;
    const message: HostToPanel = { type: 'queryResult', questionId: panel.questionId, result };
    void panel.webviewPanel.webview.postMessage(message);
  }

  override dispose(): void {
    for (const panel of [...this.panels]) panel.dispose();
    this.panels.clear();
    this.lastActive = undefined;
    super.dispose();
  }

  private find(questionId: string): QuestionPanel | undefined {
    return [...this.panels].find((panel) => panel.questionId === questionId);
  }

  private activate(panel: QuestionPanel, preserveFocus?: boolean): void {
    this.lastActive = panel;
    panel.reveal(preserveFocus);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, questionId: string, state?: PanelViewState): QuestionPanel {
    const panel = new QuestionPanel(webviewPanel, questionId, this.extensionUri, this.deps, state);
    this.panels.add(panel);
    this.lastActive = panel;
    panel.onDidBecomeActive(() => {
      this.lastActive = panel;
    });
    // A page that (re)loaded knows nothing of Run query: give it the last result once it is ready.
    webviewPanel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parsePanelMessage(raw);
      if (message?.type === 'ready' && message.questionId === panel.questionId) this.postQuery(panel);
    });
    panel.onDidDispose(() => {
      this.panels.delete(panel);
      if (this.lastActive === panel) this.lastActive = undefined;
    });
    return panel;
  }
}

/** A new panel goes beside the text editors (answers stay on the left), or where focus is. */
function columnForNewPanel(): vscode.ViewColumn {
  const active = vscode.window.tabGroups.activeTabGroup;
  return active.tabs.some((t) => t.input instanceof vscode.TabInputText) ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
}
