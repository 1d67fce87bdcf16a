// "Interview Drills: Run Query": runs the selection, or the statement under the cursor (or the one
// a CodeLens stands above), of a SQL answer against the exercise's tables and rows as they are
// seeded, and shows the result grid in the question's panel. Nothing persists between runs.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PanelQueryResult } from '../../protocol';
import type { Services } from '../services';
import { GRID_ROWS, runningQuery, toPanelQueryResult, type QueryRan } from './queryDisplay';
import { queryTarget } from './queryTarget';

/**
 * The command's handler. Arguments: nothing (the active editor), or a file's uri and an offset in
 * it (the CodeLens above a statement). Resolves to what the panel was given, or undefined when
 * nothing ran (not a SQL answer, no statement, or a newer run replaced it).
 */
export function runQuery(services: Services) {
  // One run per file: a new one cancels the one in flight.
  const inFlight = new Map<string, AbortController>();
  // PostgreSQL's error at its place in the file, until the next run or an edit of the file.
  const diagnostics = vscode.languages.createDiagnosticCollection('interview-drills-query');
  services.context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && diagnostics.has(e.document.uri)) diagnostics.delete(e.document.uri);
    }),
  );
  return async (arg?: unknown, offset?: unknown): Promise<PanelQueryResult | undefined> => {
    const editor = await editorFor(arg);
    if (!editor) {
      void vscode.window.showInformationMessage('Interview Drills: Run Query runs SQL from the answer file of a SQL question. Open one (Start on a SQL question) first.');
      return undefined;
    }
    const document = editor.document;
    const file = services.answers.forDocument(document);
    if (!file || file.question.kind !== 'sql' || file.language !== 'sql') {
      void vscode.window.showInformationMessage(
        `Interview Drills: ${path.basename(document.uri.fsPath)} is not the answer file of a SQL question. Open a SQL question and press Start to write one.`,
      );
      return undefined;
    }
    const refusal = services.answers.whyNotRunnable(file);
    if (refusal) {
      services.log.warn(refusal);
      void vscode.window.showWarningMessage(`Interview Drills: ${refusal}`);
      return undefined;
    }
    const source = document.getText();
    const version = document.version;
    const fromLens = arg instanceof vscode.Uri && typeof offset === 'number' && Number.isInteger(offset) && offset >= 0;
    const target = fromLens
      ? queryTarget(source, offset)
      : queryTarget(source, document.offsetAt(editor.selection.active), {
          start: document.offsetAt(editor.selection.start),
          end: document.offsetAt(editor.selection.end),
        });
    if ('error' in target) {
      void vscode.window.showInformationMessage(`Interview Drills: ${target.error}`);
      return undefined;
    }

    const key = document.uri.toString();
    diagnostics.delete(document.uri);
    inFlight.get(key)?.abort();
    const controller = new AbortController();
    inFlight.set(key, controller);
    const ran: QueryRan = { file: path.basename(document.uri.fsPath), source, ...target };
    const questionId = file.question.id;
    const running = runningQuery(ran);
    services.panels.postQueryResult(questionId, running);
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Running query' }, () =>
        services.checks.runQuery({ question: file.question, source, start: target.start, end: target.end, limits: { maxRows: GRID_ROWS }, signal: controller.signal }),
      );
      if (controller.signal.aborted) return undefined;
      const shown = toPanelQueryResult(result, ran);
      if (!shown) return undefined;
      services.log.info(`query ${questionId} line ${shown.line}: ${shown.kind} in ${Math.round(shown.ms ?? 0)} ms`);
      if (shown.kind === 'error' && shown.at && document.version === version) diagnostics.set(document.uri, [errorDiagnostic(document, shown.at, shown.message)]);
      services.panels.postQueryResult(questionId, shown);
      return shown;
    } catch (error) {
      if (controller.signal.aborted) return undefined;
      const message = error instanceof Error ? error.message : String(error);
      services.panels.postQueryResult(questionId, { kind: 'error', message: `the query could not run: ${message}`, file: running.file, statement: running.statement, line: running.line });
      throw error;
    } finally {
      if (inFlight.get(key) === controller) inFlight.delete(key);
    }
  };
}

/** The error as a diagnostic on the word PostgreSQL points at (line and column are 1-based). */
function errorDiagnostic(document: vscode.TextDocument, at: { line: number; col: number }, message: string): vscode.Diagnostic {
  const line = Math.min(at.line - 1, document.lineCount - 1);
  const start = new vscode.Position(line, Math.min(at.col - 1, document.lineAt(line).text.length));
  const range = document.getWordRangeAtPosition(start) ?? new vscode.Range(start, start.translate(0, 1));
  const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'PostgreSQL (Run query)';
  return diagnostic;
}

/** The editor to run from: the one showing `arg` (opened if needed), else the active one. */
async function editorFor(arg: unknown): Promise<vscode.TextEditor | undefined> {
  if (arg instanceof vscode.Uri) {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === arg.toString());
    if (visible) return visible;
    const document = await vscode.workspace.openTextDocument(arg);
    return vscode.window.showTextDocument(document, { preserveFocus: false, preview: false });
  }
  return vscode.window.activeTextEditor;
}
