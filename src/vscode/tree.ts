// The sidebar tree: questions due for review today, categories, their questions, broken files,
// and an empty state.
// The model is built once per change and cached, so getChildren is cheap and does no I/O.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { categoryLabel } from '../core/bank/categories';
import type { Problem } from '../core/bank/loader';
import type { Question, QuestionKind } from '../core/bank/question';
import type { Status } from '../core/progress/model';
import { CommandId } from './commands/ids';

const KIND_ICONS: Record<QuestionKind, string> = {
  concept: 'book',
  code: 'code',
  sql: 'database',
  behavioral: 'comment-discussion',
};

const STATUS_COLORS: Record<Status, vscode.ThemeColor | undefined> = {
  new: undefined,
  attempted: new vscode.ThemeColor('charts.yellow'),
  solved: new vscode.ThemeColor('testing.iconPassed'),
};

export class QuestionNode extends vscode.TreeItem {
  constructor(
    readonly question: Question,
    readonly status: Status,
    readonly parent: CategoryNode,
    /** "Next review in 3 days (Thu 26 Nov)", when the question is scheduled. */
    nextReview?: string,
  ) {
    super(question.title, vscode.TreeItemCollapsibleState.None);
    this.id = `question:${question.id}`;
    this.description = question.difficulty;
    this.contextValue = `question.${question.kind}.${status}`;
    this.iconPath = new vscode.ThemeIcon(status === 'solved' ? 'pass-filled' : KIND_ICONS[question.kind], STATUS_COLORS[status]);
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendMarkdown(`**${escapeMarkdown(question.title)}**\n\n`);
    tooltip.appendMarkdown(`${question.kind} · ${question.difficulty} · ${status}\n\n`);
    if (question.tags && question.tags.length > 0) {
      tooltip.appendMarkdown(`Tags: ${question.tags.map((t) => `\`${t.replace(/`/g, '')}\``).join(' ')}`);
    }
    if (nextReview) tooltip.appendMarkdown(`\n\n${escapeMarkdown(nextReview)}`);
    this.tooltip = tooltip;
    this.accessibilityInformation = { label: `${question.title}, ${question.kind}, ${question.difficulty}, ${status}` };
    this.command = { command: CommandId.OpenQuestion, title: 'Open Question', arguments: [question.id] };
  }
}

export class CategoryNode extends vscode.TreeItem {
  readonly children: QuestionNode[] = [];
  constructor(readonly category: string) {
    super(categoryLabel(category), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `category:${category}`;
    this.contextValue = 'category';
  }

  finish(): void {
    const solved = this.children.filter((c) => c.status === 'solved').length;
    this.description = `${solved}/${this.children.length} solved`;
    this.tooltip = `${categoryLabel(this.category)}: ${solved} of ${this.children.length} solved`;
  }
}

export class ProblemNode extends vscode.TreeItem {
  constructor(
    readonly problem: Problem,
    readonly parent: ProblemsNode,
  ) {
    super(path.basename(problem.file), vscode.TreeItemCollapsibleState.None);
    this.id = `problem:${problem.file}:${problem.line}:${problem.col}:${problem.message}`;
    this.description = `${problem.line}:${problem.col} ${problem.message}`;
    this.tooltip = `${problem.file}:${problem.line}:${problem.col}\n${problem.message}`;
    this.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    this.contextValue = 'problem';
    const line = Math.max(0, problem.line - 1);
    const col = Math.max(0, problem.col - 1);
    this.command = {
      command: 'vscode.open',
      title: 'Open File',
      arguments: [vscode.Uri.file(problem.file), { selection: new vscode.Range(line, col, line, col) }],
    };
  }
}

export class ProblemsNode extends vscode.TreeItem {
  readonly children: ProblemNode[];
  constructor(problems: readonly Problem[]) {
    super('Broken question files', vscode.TreeItemCollapsibleState.Expanded);
    this.id = 'problems';
    this.description = `${new Set(problems.map((p) => p.file)).size} skipped`;
    this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    this.tooltip = 'These files could not be loaded; the Problems panel has the details.';
    this.contextValue = 'problems';
    this.children = problems.map((p) => new ProblemNode(p, this));
  }
}

export class EmptyNode extends vscode.TreeItem {
  constructor() {
    super('No questions loaded', vscode.TreeItemCollapsibleState.None);
    this.id = 'empty';
    this.description = 'reload to try again';
    this.iconPath = new vscode.ThemeIcon('info');
    this.contextValue = 'empty';
    this.command = { command: CommandId.Refresh, title: 'Reload Questions' };
  }
}

/** A question due for review, under "Due for review (N)"; it opens the question like its twin below. */
export class DueQuestionNode extends vscode.TreeItem {
  constructor(
    readonly question: Question,
    readonly status: Status,
    readonly parent: DueNode,
  ) {
    super(question.title, vscode.TreeItemCollapsibleState.None);
    this.id = `due:${question.id}`;
    this.description = `${categoryLabel(question.category)} · ${question.difficulty}`;
    this.contextValue = `question.${question.kind}.${status}.due`;
    this.iconPath = new vscode.ThemeIcon(KIND_ICONS[question.kind], new vscode.ThemeColor('charts.blue'));
    this.tooltip = `${question.title}: due for review today`;
    this.accessibilityInformation = { label: `${question.title}, due for review` };
    this.command = { command: CommandId.OpenQuestion, title: 'Open Question', arguments: [question.id] };
  }
}

/** "Due for review (N)" at the top of the tree; absent when nothing is due. */
export class DueNode extends vscode.TreeItem {
  readonly children: DueQuestionNode[] = [];
  constructor(count: number) {
    super(`Due for review (${count})`, vscode.TreeItemCollapsibleState.Expanded);
    this.id = 'due';
    this.iconPath = new vscode.ThemeIcon('history');
    this.tooltip = `${count} question${count === 1 ? '' : 's'} to review today. Review Due Questions walks through them one by one.`;
    this.contextValue = 'due';
  }
}

export type DrillNode = DueNode | DueQuestionNode | CategoryNode | QuestionNode | ProblemsNode | ProblemNode | EmptyNode;

export interface TreeSource {
  /** Settles when the bank and progress have loaded for the first time. */
  ready: Promise<unknown>;
  questions(): readonly Question[];
  problems(): readonly Problem[];
  categories(): readonly string[];
  statusOf(id: string): Status;
  /** Optional: ids of the questions due for review today, in the order to review them. */
  dueIds?(): readonly string[];
  /** Optional: when a question comes back for review, as text for its tooltip. */
  nextReview?(id: string): string | undefined;
}

export class QuestionTreeProvider implements vscode.TreeDataProvider<DrillNode> {
  private roots: DrillNode[] | undefined;
  private questionNodes = new Map<string, QuestionNode>();
  private readonly changed = new vscode.EventEmitter<DrillNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private firstCall: (() => void) | undefined;
  private loaded = false;

  constructor(
    private readonly source: TreeSource,
    onFirstGetChildren?: () => void,
  ) {
    this.firstCall = onFirstGetChildren;
  }

  refresh(): void {
    this.roots = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(element: DrillNode): vscode.TreeItem {
    return element;
  }

  getChildren(element?: DrillNode): DrillNode[] | Thenable<DrillNode[]> {
    if (this.firstCall) {
      const call = this.firstCall;
      this.firstCall = undefined;
      call();
    }
    // Until the first load has finished the view shows its progress bar, not an empty state.
    if (!element) return this.loaded ? this.build() : this.source.ready.then(() => ((this.loaded = true), this.build()));
    if (element instanceof CategoryNode || element instanceof ProblemsNode || element instanceof DueNode) return element.children;
    return [];
  }

  getParent(element: DrillNode): DrillNode | undefined {
    if (element instanceof QuestionNode || element instanceof ProblemNode || element instanceof DueQuestionNode) return element.parent;
    return undefined;
  }

  /** The node of a question, for `reveal`. */
  nodeFor(questionId: string): QuestionNode | undefined {
    this.build();
    return this.questionNodes.get(questionId);
  }

  /** The "Due for review" node as currently shown (built with the tree), for tests and reveal. */
  dueNodeShown(): DueNode | undefined {
    const first = this.build()[0];
    return first instanceof DueNode ? first : undefined;
  }

  private dueNode(): DueNode | undefined {
    return dueNodeFor(this.source);
  }

  private build(): DrillNode[] {
    if (this.roots) return this.roots;
    const roots: DrillNode[] = [];
    const due = this.dueNode();
    if (due) roots.push(due);
    const problems = this.source.problems();
    if (problems.length > 0) roots.push(new ProblemsNode(problems));
    const categories = new Map<string, CategoryNode>();
    for (const category of this.source.categories()) categories.set(category, new CategoryNode(category));
    this.questionNodes = new Map();
    for (const question of this.source.questions()) {
      let node = categories.get(question.category);
      if (!node) {
        node = new CategoryNode(question.category);
        categories.set(question.category, node);
      }
      const child = new QuestionNode(question, this.source.statusOf(question.id), node, this.source.nextReview?.(question.id));
      node.children.push(child);
      this.questionNodes.set(question.id, child);
    }
    for (const node of categories.values()) {
      if (node.children.length === 0) continue;
      node.finish();
      roots.push(node);
    }
    if (this.questionNodes.size === 0) roots.push(new EmptyNode());
    this.roots = roots;
    return roots;
  }
}

/** The "Due for review (N)" node over the questions due that are in the bank, or undefined. */
function dueNodeFor(source: TreeSource): DueNode | undefined {
  const ids = source.dueIds?.() ?? [];
  if (ids.length === 0) return undefined;
  const byId = new Map(source.questions().map((q) => [q.id, q]));
  const questions = ids.map((id) => byId.get(id)).filter((q): q is Question => !!q);
  if (questions.length === 0) return undefined;
  const node = new DueNode(questions.length);
  for (const question of questions) node.children.push(new DueQuestionNode(question, source.statusOf(question.id), node));
  return node;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
