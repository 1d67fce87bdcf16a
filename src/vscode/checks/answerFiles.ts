// Which question a file answers: its name in the scratch folder (`<id>.<ext>`), or the header
// comment Start writes at its top (for an answer the user moved or copied elsewhere).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Language, Question } from '../../core/bank/question';
import { parseScratchFileName, questionIdFromHeader, type AnswerLanguage } from '../../core/scratch';
import type { BankService } from '../bankService';
import { preferredLanguage } from '../languagePreference';
import type { ProgressService } from '../progressService';
import type { ScratchFiles } from '../scratchFiles';

export interface AnswerFile {
  question: Question;
  language: AnswerLanguage;
  uri: vscode.Uri;
  /** True when the file is in the scratch folder (the user's own setting chose it). */
  inScratchFolder: boolean;
}

/** What a run needs: a code question, its language and the file. */
export interface CodeAnswer extends AnswerFile {
  language: Language;
}

const LANGUAGE_BY_EXTENSION: Record<string, AnswerLanguage> = {
  '.ts': 'typescript',
  '.js': 'javascript',
  '.py': 'python',
  '.sql': 'sql',
  '.md': 'markdown',
};

function fits(question: Question, language: AnswerLanguage): boolean {
  switch (question.kind) {
    case 'code':
      return (question.exercise?.languages as readonly string[] | undefined)?.includes(language) ?? false;
    case 'sql':
      return language === 'sql';
    case 'concept':
    case 'behavioral':
      return language === 'markdown';
  }
}

export function isCodeAnswer(file: AnswerFile | undefined): file is CodeAnswer {
  return file?.question.kind === 'code' && fits(file.question, file.language);
}

export class AnswerFiles {
  constructor(
    private readonly bank: BankService,
    private readonly scratch: ScratchFiles,
    private readonly progress: ProgressService,
  ) {}

  inScratchFolder(uri: vscode.Uri): boolean {
    if (uri.scheme !== 'file') return false;
    const relative = path.relative(this.scratch.folder().fsPath, uri.fsPath);
    return relative.length > 0 && !relative.startsWith('..') && !path.isAbsolute(relative) && !relative.includes(path.sep);
  }

  /** The question a file answers, from its name and its first lines; cheap enough for every CodeLens request. */
  identify(uri: vscode.Uri, text: string): AnswerFile | undefined {
    if (uri.scheme !== 'file') return undefined;
    const inScratchFolder = this.inScratchFolder(uri);
    const fromName = parseScratchFileName(path.basename(uri.fsPath));
    const headerId = questionIdFromHeader(text);
    if (fromName && (inScratchFolder || headerId === fromName.questionId)) {
      const question = this.bank.get(fromName.questionId);
      if (question && fits(question, fromName.language)) return { question, language: fromName.language, uri, inScratchFolder };
    }
    if (!headerId) return undefined;
    const question = this.bank.get(headerId);
    const language = LANGUAGE_BY_EXTENSION[path.extname(uri.fsPath).toLowerCase()];
    if (!question || !language || !fits(question, language)) return undefined;
    return { question, language, uri, inScratchFolder };
  }

  forDocument(document: vscode.TextDocument): AnswerFile | undefined {
    return this.identify(document.uri, document.getText(new vscode.Range(0, 0, 40, 0)));
  }

  /** The open document for a file, if it is open (its text may be newer than the disk's). */
  openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  }

  async forUri(uri: vscode.Uri): Promise<AnswerFile | undefined> {
    const open = this.openDocument(uri);
    if (open) return this.forDocument(open);
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      return this.identify(uri, new TextDecoder().decode(bytes.subarray(0, 4000)));
    } catch {
      return undefined;
    }
  }

  /**
   * The answer file of a code question: one open in an editor (the visible one first), else one
   * in the scratch folder in the language last used, preferred, or offered first.
   */
  async codeAnswerFor(question: Question): Promise<CodeAnswer | undefined> {
    if (question.kind !== 'code') return undefined;
    const documents = [
      ...vscode.window.visibleTextEditors.map((e) => e.document),
      ...vscode.workspace.textDocuments,
    ];
    for (const document of documents) {
      const file = this.forDocument(document);
      if (isCodeAnswer(file) && file.question.id === question.id) return file;
    }
    const offered = question.exercise?.languages ?? [];
    const order = [this.progress.get(question.id)?.language, preferredLanguage(), ...offered].filter(
      (l, i, all): l is Language => !!l && (offered as readonly string[]).includes(l) && all.indexOf(l) === i,
    );
    const [language] = await this.scratch.existing(question, order);
    if (!language) return undefined;
    return { question, language: language as Language, uri: this.scratch.uriFor(question, language), inScratchFolder: true };
  }

  /**
   * The answer file of any question: for code, as codeAnswerFor; for SQL and written answers, one
   * open in an editor, else the one in the scratch folder.
   */
  async answerFor(question: Question): Promise<AnswerFile | undefined> {
    if (question.kind === 'code') return this.codeAnswerFor(question);
    const language: AnswerLanguage = question.kind === 'sql' ? 'sql' : 'markdown';
    const documents = [...vscode.window.visibleTextEditors.map((e) => e.document), ...vscode.workspace.textDocuments];
    for (const document of documents) {
      const file = this.forDocument(document);
      if (file && file.question.id === question.id) return file;
    }
    const [found] = await this.scratch.existing(question, [language]);
    if (!found) return undefined;
    return { question, language: found, uri: this.scratch.uriFor(question, found), inScratchFolder: true };
  }

  /**
   * Why this file may not run here, or undefined when it may. The checks run the user's own
   * answer against the bank's cases; in Restricted Mode nothing from the workspace itself runs:
   * neither a file inside an untrusted workspace folder nor a question that came from it.
   */
  whyNotRunnable(file: AnswerFile): string | undefined {
    // The rubric only reads the text; nothing of the answer runs.
    if (vscode.workspace.isTrusted || file.language === 'markdown') return undefined;
    if (file.question.origin === 'workspace') {
      return `"${file.question.title}" comes from this workspace, which is not trusted: its checks do not run in Restricted Mode. Trust the workspace to run them.`;
    }
    if (!file.inScratchFolder && vscode.workspace.getWorkspaceFolder(file.uri)) {
      return `${path.basename(file.uri.fsPath)} is in a workspace that is not trusted, so Interview Drills does not run it in Restricted Mode. Trust the workspace, or answer in the scratch folder (press Start).`;
    }
    return undefined;
  }
}
