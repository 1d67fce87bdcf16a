// The "Interview Day Checklist" view: the checklist items of the checklist drills (research the
// company, come prepared) with tree checkboxes. The user's answer file is the only source of
// truth: ticking here edits its `- [ ]` line and saves it, editing the file updates the view,
// and before the file exists the view shows the template's items and the first tick creates it.
import * as vscode from 'vscode';
import type { Question } from '../../core/bank/question';
import { checklistItems, isDone, type ChecklistItem } from '../../core/rubric';
import { starterText } from '../../core/scratch';
import { CommandId } from '../commands/ids';
import { Disposable } from '../dispose';
import type { ScratchFiles } from '../scratchFiles';

export const CHECKLIST_VIEW_ID = 'interviewDrills.checklist';

export interface ChecklistDeps {
  /** Settles once the bank has loaded (the view shows nothing before). */
  ready: Promise<unknown>;
  questions(): readonly Question[];
  onQuestionsChange: vscode.Event<unknown>;
  scratch: Pick<ScratchFiles, 'uriFor' | 'exists' | 'folder'>;
  /** Creates the answer file through Start (template, progress) and opens it; its uri. */
  createAnswer(question: Question): Promise<vscode.Uri | undefined>;
  log: vscode.LogOutputChannel;
}

/** One checklist drill as the view shows it: its answer file (or template) parsed. */
export interface ChecklistModel {
  question: Question;
  uri: vscode.Uri;
  /** False while the answer file does not exist and the items are the template's. */
  exists: boolean;
  items: ChecklistItem[];
}

export class ChecklistQuestionNode extends vscode.TreeItem {
  readonly children: ChecklistItemNode[];
  constructor(readonly model: ChecklistModel) {
    super(model.question.title, vscode.TreeItemCollapsibleState.Expanded);
    const done = model.items.filter(isDone).length;
    this.id = `checklist:${model.question.id}`;
    this.description = `${done}/${model.items.length} done${model.exists ? '' : ' · not started'}`;
    this.tooltip = `${model.question.title}: ${done} of ${model.items.length} items done (ticked or with a note).${model.exists ? '' : '\nTick an item to start your checklist file.'}`;
    this.iconPath = new vscode.ThemeIcon('checklist');
    this.contextValue = 'checklistQuestion';
    this.command = { command: CommandId.OpenQuestion, title: 'Open Question', arguments: [model.question.id] };
    this.children = model.items.map((item) => new ChecklistItemNode(item, this));
  }
}

export class ChecklistItemNode extends vscode.TreeItem {
  constructor(
    readonly item: ChecklistItem,
    readonly parent: ChecklistQuestionNode,
  ) {
    super(item.label, vscode.TreeItemCollapsibleState.None);
    const question = parent.model.question;
    this.id = `checklist:${question.id}:${item.index}`;
    this.description = item.note.length > 60 ? `${item.note.slice(0, 59)}…` : item.note;
    this.checkboxState = {
      state: item.checked ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
      tooltip: item.checked ? `Untick "${item.label}" in your checklist file` : `Tick "${item.label}" in your checklist file`,
    };
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(item.label);
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(item.note || (item.checked ? 'Ticked, no note yet.' : 'Not done yet.'));
    tooltip.appendMarkdown('\n\n');
    tooltip.appendText(parent.model.exists ? `Line ${item.line}: click to open it.` : 'Click to start the checklist file and open it here.');
    this.tooltip = tooltip;
    this.contextValue = item.checked ? 'checklistItem.checked' : 'checklistItem';
    this.accessibilityInformation = { label: `${item.label}, ${item.checked ? 'ticked' : 'not ticked'}${item.note ? `, ${item.note}` : ''}` };
    this.command = { command: CommandId.OpenChecklistItem, title: 'Open in the Checklist File', arguments: [question.id, item.index] };
  }
}

class EmptyNode extends vscode.TreeItem {
  constructor() {
    super('No checklist drills in the question bank.', vscode.TreeItemCollapsibleState.None);
    this.id = 'checklist:empty';
    this.contextValue = 'checklistEmpty';
  }
}

export type ChecklistNode = ChecklistQuestionNode | ChecklistItemNode | EmptyNode;

/**
 * Saves the document. save() says false both when something else saved it first and when a slow
 * save participant made the editor give up on this save, which happens on a busy machine: try
 * again a few times before calling it a failure.
 */
async function saveDocument(document: vscode.TextDocument): Promise<void> {
  for (let attempt = 0; document.isDirty; attempt++) {
    if (await document.save()) return;
    if (!document.isDirty) return;
    if (attempt >= 4) throw new Error(`could not save ${document.uri.fsPath}; save it yourself (the tick is in the editor)`);
    await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
  }
}

/** The drills whose answer is a checklist, in seed order. */
export function checklistQuestions(questions: readonly Question[]): Question[] {
  return questions
    .filter((q) => q.rubric?.checks.includes('checklist'))
    .sort((a, b) => (a.seed ?? a.id).localeCompare(b.seed ?? b.id, 'en', { numeric: true }));
}

export class ChecklistView extends Disposable implements vscode.TreeDataProvider<ChecklistNode> {
  private readonly changed = this._register(new vscode.EventEmitter<ChecklistNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private roots: ChecklistQuestionNode[] = [];
  private building: Promise<void> | undefined;
  private dirty = true;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private queue: Promise<void> = Promise.resolve();
  readonly treeView: vscode.TreeView<ChecklistNode>;

  constructor(private readonly deps: ChecklistDeps) {
    super();
    this.treeView = this._register(vscode.window.createTreeView(CHECKLIST_VIEW_ID, { treeDataProvider: this, manageCheckboxStateManually: true }));
    // One change at a time: two quick ticks on a checklist not started yet must create it once.
    this._register(this.treeView.onDidChangeCheckboxState((e) => {
      this.queue = this.queue.then(() => this.onCheckboxes(e));
    }));
    this._register(deps.onQuestionsChange(() => this.scheduleRefresh()));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (this.isAnswer(e.document.uri)) this.scheduleRefresh();
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((d) => {
      if (this.isAnswer(d.uri)) this.scheduleRefresh();
    }));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('interviewDrills.scratchFolder')) {
        this.watch();
        this.scheduleRefresh();
      }
    }));
    this._register({ dispose: () => this.watcher?.dispose() });
    this._register({ dispose: () => clearTimeout(this.timer) });
    this.watch();
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    return node;
  }

  async getChildren(node?: ChecklistNode): Promise<ChecklistNode[]> {
    if (node instanceof ChecklistQuestionNode) return node.children;
    if (node) return [];
    // A build in progress has not set the roots yet: wait for it.
    if (this.dirty || this.building) await this.rebuild();
    return this.roots.length > 0 ? this.roots : [new EmptyNode()];
  }

  getParent(node: ChecklistNode): ChecklistNode | undefined {
    return node instanceof ChecklistItemNode ? node.parent : undefined;
  }

  /** The models behind the view, rebuilt from the files now. */
  async models(): Promise<ChecklistModel[]> {
    await this.rebuild();
    return this.roots.map((r) => r.model);
  }

  /**
   * Ticks or unticks one item in the answer file (creating the file from the template first when
   * needed), then saves it. `label` guards against a file that changed under the view: the item
   * at `index` must still be that item, else the one with that label is used.
   */
  async setChecked(questionId: string, index: number, checked: boolean, label?: string): Promise<void> {
    const question = checklistQuestions(this.deps.questions()).find((q) => q.id === questionId);
    if (!question) throw new Error(`there is no checklist drill with the id "${questionId}"`);
    let uri = this.deps.scratch.uriFor(question, 'markdown');
    if (!(await this.deps.scratch.exists(uri))) {
      const created = await this.deps.createAnswer(question);
      if (!created) throw new Error(`could not create the checklist file for "${question.title}"`);
      uri = created;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const items = checklistItems(question, document.getText());
    const item = items[index] && (label === undefined || items[index].label === label) ? items[index] : items.find((i) => i.label === label);
    if (!item) {
      this.scheduleRefresh();
      throw new Error(`"${label ?? `item ${index + 1}`}" is no longer in ${uri.fsPath}; the view has been refreshed`);
    }
    if (item.checked !== checked) {
      const line = item.line - 1;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(line, item.boxColumn, line, item.boxColumn + 1), checked ? 'x' : ' ');
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${uri.fsPath}`);
    }
    await saveDocument(document);
    await this.refresh();
  }

  /** Rebuilds from the files and tells the tree. */
  async refresh(): Promise<void> {
    this.dirty = true;
    await this.rebuild();
    this.changed.fire(undefined);
  }

  private async onCheckboxes(event: vscode.TreeCheckboxChangeEvent<ChecklistNode>): Promise<void> {
    for (const [node, state] of event.items) {
      if (!(node instanceof ChecklistItemNode)) continue;
      try {
        await this.setChecked(node.parent.model.question.id, node.item.index, state === vscode.TreeItemCheckboxState.Checked, node.item.label);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.deps.log.error(`checklist: ${message}`);
        void vscode.window.showErrorMessage(`Interview Drills: ${message}`);
        await this.refresh();
        return;
      }
    }
  }

  private isAnswer(uri: vscode.Uri): boolean {
    return this.roots.some((r) => r.model.uri.toString() === uri.toString()) ||
      checklistQuestions(this.deps.questions()).some((q) => this.deps.scratch.uriFor(q, 'markdown').toString() === uri.toString());
  }

  private scheduleRefresh(): void {
    if (this.isDisposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 100);
  }

  private watch(): void {
    this.watcher?.dispose();
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.deps.scratch.folder(), '*.md'));
    const onFile = (uri: vscode.Uri) => {
      if (this.isAnswer(uri)) this.scheduleRefresh();
    };
    watcher.onDidCreate(onFile);
    watcher.onDidChange(onFile);
    watcher.onDidDelete(onFile);
    this.watcher = watcher;
  }

  private rebuild(): Promise<void> {
    // One build at a time; a change during a build makes the next call build again.
    this.building ??= (async () => {
      try {
        await this.deps.ready.catch(() => undefined);
        while (this.dirty) {
          this.dirty = false;
          const models: ChecklistModel[] = [];
          for (const question of checklistQuestions(this.deps.questions())) models.push(await this.load(question));
          this.roots = models.map((m) => new ChecklistQuestionNode(m));
        }
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }

  /** The answer's text: the editor's (unsaved edits count), else the file's, else the template. */
  private async load(question: Question): Promise<ChecklistModel> {
    const uri = this.deps.scratch.uriFor(question, 'markdown');
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
    if (open) return { question, uri, exists: true, items: checklistItems(question, open.getText()) };
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      return { question, uri, exists: true, items: checklistItems(question, new TextDecoder().decode(bytes)) };
    } catch {
      return { question, uri, exists: false, items: checklistItems(question, starterText(question, 'markdown')) };
    }
  }
}
