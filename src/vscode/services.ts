import type * as vscode from 'vscode';
import type { BankService } from './bankService';
import type { AnswerFiles } from './checks/answerFiles';
import type { CheckService } from './checks/checkService';
import type { CheckTests } from './checks/testController';
import type { QuestionPanels } from './panel';
import type { ProgressService } from './progressService';
import type { ReviewService } from './review/reviewService';
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
  /** Which question a file answers. */
  readonly answers: AnswerFiles;
  /** Runs the checks; keeps each question's last run. */
  readonly checks: CheckService;
  /** The Test Explorer side of the checks; every run goes through it. */
  readonly tests: CheckTests;
  /** Spaced repetition: due today, ratings, the Review due questions walk, and its clock. */
  readonly review: ReviewService;
}
