// The checks in VS Code's Test Explorer: one item per code question that has an answer file, one
// child per case. Items appear lazily (Test Explorer opened, an answer file opened, a run), never
// from a scan at activation. Every run goes through here, whoever asked for it, so the Test
// Explorer shows the same verdicts as the panel.
import * as vscode from 'vscode';
import type { Question } from '../../core/bank/question';
import { parseScratchFileName } from '../../core/scratch';
import type { CaseVerdict } from '../../core/checks/types';
import { checkWrittenAnswer } from '../../core/rubric';
import type { BankService } from '../bankService';
import { Disposable } from '../dispose';
import type { ScratchFiles } from '../scratchFiles';
import type { AnswerFile, AnswerFiles } from './answerFiles';
import type { CheckReport, CheckService, CheckTarget } from './checkService';
import { callText, caseSpec, diffTexts } from './display';

/** What was reported for one item in the last run (read by the integration tests). */
export interface ReportedResult {
  itemId: string;
  state: 'passed' | 'failed' | 'errored' | 'skipped';
  message?: string;
  expected?: string;
  actual?: string;
  /** 0-based line of the message's location. */
  line?: number;
}

export const CONTROLLER_ID = 'interviewDrills';

export function caseItemId(questionId: string, caseName: string): string {
  return `${questionId}::${caseName}`;
}

/** The line where the entry function is defined, so a wrong answer points at the code that gave it. */
export function entryLine(source: string, entry: string | undefined): number {
  if (!entry) return 0;
  const name = entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [
    new RegExp(`^\\s*(?:export\\s+)?(?:async\\s+)?function\\s*\\*?\\s*${name}\\b`),
    new RegExp(`^\\s*(?:async\\s+)?def\\s+${name}\\b`),
    new RegExp(`^\\s*(?:export\\s+)?(?:const|let|var)\\s+${name}\\s*=`),
  ];
  const lines = source.split('\n');
  const index = lines.findIndex((line) => patterns.some((p) => p.test(line)));
  return Math.max(0, index);
}

/** The children of a question's item: its cases (code, SQL) or the rubric's checks (written answers). */
function caseNames(question: Question): { name: string; description?: string }[] {
  switch (question.kind) {
    case 'code':
      return (question.exercise?.cases ?? []).map((c) => ({ name: c.name, description: c.compare && c.compare !== 'exact' ? c.compare : undefined }));
    case 'sql':
      return (question.sql?.cases ?? []).map((c) => ({ name: c.name }));
    default:
      // The rubric's checks depend only on the question: run it on an empty answer for their names.
      return checkWrittenAnswer(question, '').cases.map((c) => ({ name: c.name }));
  }
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export class CheckTests extends Disposable {
  readonly controller: vscode.TestController;
  private readonly runProfile: vscode.TestRunProfile;
  /** The answer file behind each question item. */
  private readonly files = new Map<string, AnswerFile>();
  private last: ReportedResult[] = [];

  constructor(
    private readonly bank: BankService,
    private readonly scratch: ScratchFiles,
    private readonly answers: AnswerFiles,
    private readonly checks: CheckService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.controller = this._register(vscode.tests.createTestController(CONTROLLER_ID, 'Interview Drills'));
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
    };
    this.controller.refreshHandler = async () => this.discover();
    this.runProfile = this._register(
      this.controller.createRunProfile('Run checks', vscode.TestRunProfileKind.Run, (request, token) => this.runRequest(request, token), true),
    );
    this._register(vscode.workspace.onDidOpenTextDocument((document) => this.track(document)));
    for (const document of vscode.workspace.textDocuments) this.track(document);
    this._register(
      bank.onDidChange(() => {
        this.refreshCases();
        // At activation the bank loads after the editors are restored: look at them again.
        for (const document of vscode.workspace.textDocuments) this.track(document);
      }),
    );
  }

  /** What the last run reported, item by item (for the integration tests). */
  get lastResults(): readonly ReportedResult[] {
    return this.last;
  }

  /** The item for a question's answer file, created (or moved to this file) when needed. */
  itemFor(file: AnswerFile): vscode.TestItem {
    const { question, uri } = file;
    const existing = this.controller.items.get(question.id);
    this.files.set(question.id, file);
    if (existing && existing.uri?.toString() === uri.toString()) return existing;
    // An item's uri cannot change: a question answered in another language gets a new item.
    const item = this.controller.createTestItem(question.id, question.title, uri);
    item.range = new vscode.Range(0, 0, 0, 0);
    item.description = file.language;
    this.fillCases(item, question, uri);
    this.controller.items.add(item);
    return item;
  }

  /** Runs a question's checks as a Test Explorer run (the command, the panel, CodeLens and watch mode). */
  async run(target: CheckTarget): Promise<CheckReport | undefined> {
    const item = this.itemFor({ question: target.question, language: target.language, uri: target.uri, inScratchFolder: this.answers.inScratchFolder(target.uri) });
    const request = new vscode.TestRunRequest([item], undefined, this.runProfile);
    const run = this.controller.createTestRun(request, `Interview Drills: ${target.question.title}`, true);
    this.last = [];
    try {
      return await this.execute(run, target, undefined);
    } finally {
      run.end();
    }
  }

  private fillCases(item: vscode.TestItem, question: Question, uri: vscode.Uri): void {
    item.children.replace(caseNames(question).map(({ name, description }) => {
      const child = this.controller.createTestItem(caseItemId(question.id, name), name, uri);
      child.description = description;
      return child;
    }));
  }

  /** The bank reloaded: cases may have changed, questions may be gone. */
  private refreshCases(): void {
    const gone: string[] = [];
    this.controller.items.forEach((item) => {
      const question = this.bank.get(item.id);
      const file = this.files.get(item.id);
      if (!question || !item.uri || (file && file.question.kind !== question.kind)) gone.push(item.id);
      else this.fillCases(item, question, item.uri);
    });
    for (const id of gone) {
      this.controller.items.delete(id);
      this.files.delete(id);
    }
  }

  private track(document: vscode.TextDocument): void {
    if (document.uri.scheme !== 'file') return;
    const file = this.answers.forDocument(document);
    if (file) this.itemFor(file);
  }

  /** Test Explorer was opened: list the answers in the scratch folder (one directory read). */
  private async discover(): Promise<void> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(this.scratch.folder());
    } catch {
      return; // no answers yet
    }
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.File) continue;
      const parsed = parseScratchFileName(name);
      const question = parsed ? this.bank.get(parsed.questionId) : undefined;
      if (!parsed || !question) continue;
      if (this.controller.items.get(question.id)) continue;
      const file = await this.answers.answerFor(question);
      if (file) this.itemFor(file);
    }
  }

  private async runRequest(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    // Group what was asked for by question: a case alone runs its whole question (one process
    // runs all cases in well under a second) and only that case is reported.
    const wanted = new Map<string, Set<string> | 'all'>();
    const add = (item: vscode.TestItem) => {
      const [questionId] = item.id.split('::');
      if (item.id === questionId) {
        wanted.set(questionId, 'all');
        return;
      }
      const current = wanted.get(questionId);
      if (current === 'all') return;
      wanted.set(questionId, new Set([...(current ?? []), item.id]));
    };
    if (request.include) request.include.forEach(add);
    else this.controller.items.forEach(add);
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));

    const run = this.controller.createTestRun(request);
    this.last = [];
    try {
      for (const [questionId, only] of wanted) {
        if (token.isCancellationRequested) break;
        if (excluded.has(questionId)) continue;
        const item = this.controller.items.get(questionId);
        const file = this.files.get(questionId);
        if (!item || !file) continue;
        const document = this.answers.openDocument(file.uri);
        const target: CheckTarget = { question: file.question, language: file.language, uri: file.uri, source: document?.getText() };
        const refusal = this.answers.whyNotRunnable(file);
        if (refusal) {
          run.errored(item, new vscode.TestMessage(refusal));
          this.last.push({ itemId: item.id, state: 'errored', message: refusal });
          continue;
        }
        const include = (child: vscode.TestItem) => !excluded.has(child.id) && (only === 'all' || only.has(child.id));
        try {
          await this.execute(run, target, include, token);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.log.error(`checks for ${questionId} failed: ${message}`);
          run.errored(item, new vscode.TestMessage(`The checks could not run: ${message}`));
        }
      }
    } finally {
      run.end();
    }
  }

  /** Runs one question and reports its cases into `run` as their verdicts arrive. */
  private async execute(
    run: vscode.TestRun,
    target: CheckTarget,
    include: ((child: vscode.TestItem) => boolean) | undefined,
    token?: vscode.CancellationToken,
  ): Promise<CheckReport | undefined> {
    const item = this.itemFor({ question: target.question, language: target.language, uri: target.uri, inScratchFolder: this.answers.inScratchFolder(target.uri) });
    const children: vscode.TestItem[] = [];
    item.children.forEach((child) => children.push(child));
    const selected = new Set(children.filter((child) => !include || include(child)));
    for (const child of selected) run.started(child);
    const source = target.source ?? (await this.readSource(target.uri));
    const reported = new Set<vscode.TestItem>();
    const report = (verdict: CaseVerdict, index: number) => {
      const child = children[index]?.label === verdict.name ? children[index] : children.find((c) => c.label === verdict.name);
      if (!child || !selected.has(child) || reported.has(child)) return;
      reported.add(child);
      this.reportCase(run, child, verdict, index, target, source);
    };
    const result = await this.checks.run(target, { token, onCase: report });
    if (!result) {
      for (const child of selected) {
        if (reported.has(child)) continue;
        run.skipped(child);
        this.last.push({ itemId: child.id, state: 'skipped' });
      }
      return undefined;
    }
    result.cases.forEach(report);
    for (const child of selected) {
      if (reported.has(child)) continue;
      // The engine reported fewer cases than the question has (it changed while running).
      run.skipped(child);
      this.last.push({ itemId: child.id, state: 'skipped' });
    }
    return result;
  }

  private async readSource(uri: vscode.Uri): Promise<string> {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return '';
    }
  }

  private reportCase(run: vscode.TestRun, child: vscode.TestItem, verdict: CaseVerdict, index: number, target: CheckTarget, source: string): void {
    const spec = caseSpec(target.question, verdict, index);
    const line = verdict.location ? Math.max(0, verdict.location.line - 1) : target.question.kind === 'code' ? entryLine(source, target.question.exercise?.entry) : 0;
    const col = verdict.location ? Math.max(0, verdict.location.col - 1) : 0;
    const location = new vscode.Location(target.uri, new vscode.Position(line, col));
    if (verdict.output) run.appendOutput(crlf(`[${verdict.name}]\n${verdict.output}${verdict.output.endsWith('\n') ? '' : '\n'}`), location, child);
    switch (verdict.status) {
      case 'passed':
        run.passed(child, verdict.ms);
        this.last.push({ itemId: child.id, state: 'passed' });
        return;
      case 'failed': {
        const call = callText(target.question.exercise?.entry, verdict.args ?? spec?.args);
        const text = [verdict.message ?? 'Wrong answer', call ? `Call: ${call}` : ''].filter(Boolean).join('\n');
        const diff = diffTexts(verdict, spec);
        const message = diff ? vscode.TestMessage.diff(text, diff.expected, diff.actual) : new vscode.TestMessage(text);
        message.location = location;
        run.failed(child, message, verdict.ms);
        this.last.push({ itemId: child.id, state: 'failed', message: text, expected: diff?.expected, actual: diff?.actual, line });
        return;
      }
      default: {
        const text = [verdict.message ?? verdict.status, verdict.stack ?? ''].filter(Boolean).join('\n\n');
        const message = new vscode.TestMessage(text);
        // A time or memory limit, or a missing interpreter, has no place in the file.
        if (verdict.location) message.location = location;
        run.errored(child, message, verdict.ms);
        this.last.push({ itemId: child.id, state: 'errored', message: text, line: verdict.location ? line : undefined });
      }
    }
  }
}
