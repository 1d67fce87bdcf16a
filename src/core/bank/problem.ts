// A problem found in a question file: what is wrong and where, as plain data the CLI prints and
// the extension turns into diagnostics.

export type Severity = 'error' | 'warning';

export interface Problem {
  /** Absolute path of the file (or folder) the problem is in. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like VS Code's columns. */
  col: number;
  message: string;
  severity: Severity;
}

/** A position inside a file, 1-based. */
export interface Position {
  line: number;
  col: number;
}

export const START: Position = { line: 1, col: 1 };

export function problem(file: string, at: Position, message: string, severity: Severity = 'error'): Problem {
  return { file, line: at.line, col: at.col, message, severity };
}

/** `file:line:col: message`, the form editors and terminals turn into links. */
export function formatProblem(p: Problem, displayPath: string = p.file): string {
  const level = p.severity === 'warning' ? 'warning: ' : '';
  return `${displayPath}:${p.line}:${p.col}: ${level}${p.message}`;
}

export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.col - b.col;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
