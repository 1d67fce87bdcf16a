// The model answer as a read-only document, for "Compare with model answer": VS Code's diff view
// between it and the user's answer file. For coding exercises it is the reference solution in the
// answer file's language (when the question has one), for SQL the reference query, else the model
// answer text. The document lives on a scheme of ours, so it is never saved anywhere.
import * as vscode from 'vscode';
import type { Language, Question } from '../../core/bank/question';
import type { AnswerLanguage } from '../../core/scratch';
import { Disposable } from '../dispose';

export const MODEL_ANSWER_SCHEME = 'interview-drills-model';

const EXTENSIONS: Record<AnswerLanguage, string> = { typescript: 'ts', javascript: 'js', python: 'py', sql: 'sql', markdown: 'md' };

/** The model answer to compare an answer in `language` with: its text and the language it is in. */
export function modelAnswerFor(question: Question, language: AnswerLanguage): { text: string; language: AnswerLanguage } {
  if (question.kind === 'code' && language !== 'sql' && language !== 'markdown') {
    const solution = question.exercise?.solution[language as Language];
    if (typeof solution === 'string' && solution.trim()) return { text: ensureNewline(solution), language };
  }
  if (question.kind === 'sql' && language === 'sql' && question.sql?.solution.trim()) {
    return { text: ensureNewline(question.sql.solution), language: 'sql' };
  }
  return { text: ensureNewline(question.answer), language: 'markdown' };
}

/** The URI of a question's model answer for an answer in `language`. */
export function modelAnswerUri(question: Question, language: AnswerLanguage): vscode.Uri {
  const model = modelAnswerFor(question, language);
  return vscode.Uri.from({
    scheme: MODEL_ANSWER_SCHEME,
    path: `/${question.id}/model-answer.${EXTENSIONS[model.language]}`,
    query: `language=${language}`,
  });
}

export class ModelAnswerProvider extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly getQuestion: (id: string) => Question | undefined) {
    super();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.split('/')[1] ?? '';
    const question = this.getQuestion(id);
    if (!question) return `The question "${id}" is not in the question bank any more.\n`;
    const language = new URLSearchParams(uri.query).get('language');
    return modelAnswerFor(question, isAnswerLanguage(language) ? language : 'markdown').text;
  }

  /** The bank reloaded: open model answers show the new text. */
  refresh(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === MODEL_ANSWER_SCHEME) this.changed.fire(document.uri);
    }
  }
}

function isAnswerLanguage(value: string | null): value is AnswerLanguage {
  return value !== null && Object.prototype.hasOwnProperty.call(EXTENSIONS, value);
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
