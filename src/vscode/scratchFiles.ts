// Answer files: plain files in a scratch folder, one per question and language, opened in the editor.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Question } from '../core/bank/question';
import { SCRIPT_SUPPORT_FILES, scratchFileName, starterText, type AnswerLanguage } from '../core/scratch';

export class ScratchFiles {
  constructor(private readonly globalStorage: vscode.Uri) {}

  /** The folder answers live in: the setting, or one under the extension's global storage. */
  folder(): vscode.Uri {
    const configured = vscode.workspace.getConfiguration('interviewDrills').get<string>('scratchFolder', '').trim();
    if (configured.length === 0) return vscode.Uri.joinPath(this.globalStorage, 'scratch');
    const expanded = configured === '~' || configured.startsWith('~/') ? path.join(os.homedir(), configured.slice(1)) : configured;
    return vscode.Uri.file(path.resolve(expanded));
  }

  uriFor(question: Question, language: AnswerLanguage): vscode.Uri {
    return vscode.Uri.joinPath(this.folder(), scratchFileName(question.id, language));
  }

  async exists(uri: vscode.Uri): Promise<boolean> {
    try {
      await vscode.workspace.fs.stat(uri);
      return true;
    } catch {
      return false;
    }
  }

  /** The answer files that already exist for a question, in the order given. */
  async existing(question: Question, languages: readonly AnswerLanguage[]): Promise<AnswerLanguage[]> {
    const found: AnswerLanguage[] = [];
    for (const language of languages) {
      if (await this.exists(this.uriFor(question, language))) found.push(language);
    }
    return found;
  }

  /** Opens the answer file, creating it with the starter when it does not exist yet. */
  async open(question: Question, language: AnswerLanguage, options: { preserveFocus?: boolean } = {}): Promise<{ editor: vscode.TextEditor; created: boolean }> {
    const uri = this.uriFor(question, language);
    let created = false;
    if (!(await this.exists(uri))) {
      await this.write(uri, starterText(question, language));
      created = true;
    }
    if (language === 'typescript' || language === 'javascript') await this.writeSupportFiles();
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, {
      viewColumn: columnForAnswer(uri),
      preview: false,
      preserveFocus: options.preserveFocus ?? false,
    });
    return { editor, created };
  }

  /** True when opening this answer would hide the question panel (they share a group). */
  wouldCoverPanel(uri: vscode.Uri): boolean {
    const group = vscode.window.tabGroups.all.find((g) => g.viewColumn === columnForAnswer(uri));
    return !!group && group.activeTab?.input instanceof vscode.TabInputWebview && isQuestionPanel(group.activeTab.input);
  }

  /** Replaces the answer with the starter. The caller has asked the user first. */
  async reset(question: Question, language: AnswerLanguage): Promise<vscode.Uri> {
    const uri = this.uriFor(question, language);
    const text = starterText(question, language);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, open.lineCount, 0), text);
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${uri.fsPath}`);
      await open.save();
    } else {
      await this.write(uri, text);
    }
    return uri;
  }

  private async writeSupportFiles(): Promise<void> {
    for (const file of SCRIPT_SUPPORT_FILES) {
      const uri = vscode.Uri.joinPath(this.folder(), file.path);
      if (!(await this.exists(uri))) await this.write(uri, file.text);
    }
  }

  private async write(uri: vscode.Uri, text: string): Promise<void> {
    try {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Could not write ${uri.fsPath}: ${reason}. Choose a writable folder in the setting interviewDrills.scratchFolder.`,
      );
    }
  }
}

/**
 * Where an answer opens: the group that already shows it, else beside the question panel so the
 * prompt and the answer are both on screen, else the active group.
 */
function columnForAnswer(uri: vscode.Uri): vscode.ViewColumn {
  for (const group of vscode.window.tabGroups.all) {
    if (group.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString())) {
      return group.viewColumn;
    }
  }
  const active = vscode.window.tabGroups.activeTabGroup;
  const panelHere = active.tabs.some((t) => t.input instanceof vscode.TabInputWebview && isQuestionPanel(t.input));
  return panelHere ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
}

function isQuestionPanel(input: vscode.TabInputWebview): boolean {
  return input.viewType.endsWith('interviewDrills.question');
}
