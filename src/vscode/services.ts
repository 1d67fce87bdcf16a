import type * as vscode from 'vscode';
import type { BankService } from './bankService';
import type { QuestionPanels } from './panel';
import type { ProgressService } from './progressService';
import type { ScratchFiles } from './scratchFiles';
import type { DrillNode, QuestionTreeProvider } from './tree';

/** What happened in this window so far that commands need to know. */
export interface SessionState {
  /** The question shown last, so Random does not show it again. */
  lastShownId?: string;
}

/** Everything a command may use, built once in activate() and passed in. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly bank: BankService;
  readonly progress: ProgressService;
  readonly panels: QuestionPanels;
  readonly scratch: ScratchFiles;
  readonly tree: QuestionTreeProvider;
  readonly treeView: vscode.TreeView<DrillNode>;
  readonly log: vscode.LogOutputChannel;
  readonly session: SessionState;
}
