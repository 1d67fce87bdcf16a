// The bytes of progress: how the store writes its file, and how an export is read back in.

import { errorMessage, ProgressError } from './errors';
import { capAttempts } from './merge';
import { EXPORT_FORMAT, PROGRESS_FILE_VERSION, type ProgressFile, type QuestionProgress } from './model';
import { isPlainObject, validateProgressFile, type ValidationIssue } from './validate';

/** The questions of an export, strictly validated: anything wrong throws INVALID_IMPORT saying what and where. */
export function parseImport(text: string, maxAttempts: number): Record<string, QuestionProgress> {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new ProgressError('INVALID_IMPORT', `Cannot import progress: the file is not valid JSON (${errorMessage(error)}).`);
  }
  if (isPlainObject(value) && value.format !== undefined && value.format !== EXPORT_FORMAT) {
    throw new ProgressError('INVALID_IMPORT', `Cannot import progress: "format" is ${JSON.stringify(value.format)}, expected "${EXPORT_FORMAT}".`);
  }
  const parsed = validateProgressFile(value);
  if (parsed.kind === 'newer') {
    throw new ProgressError(
      'INVALID_IMPORT',
      `Cannot import progress: it was exported by a newer version of Interview Drills (format ${parsed.version}; this version reads ${PROGRESS_FILE_VERSION}). Update the extension first.`,
    );
  }
  if (parsed.kind === 'invalid') {
    throw new ProgressError('INVALID_IMPORT', `Cannot import progress: ${parsed.reason}.`);
  }
  if (parsed.issues.length > 0) {
    throw new ProgressError('INVALID_IMPORT', `Cannot import progress: ${summarizeIssues(parsed.issues)}. Nothing was imported.`);
  }
  for (const question of Object.values(parsed.file.questions)) question.attempts = capAttempts(question.attempts, maxAttempts);
  return parsed.file.questions;
}

/**
 * One question per line: compact (the whole file is rewritten and fsynced on every change, so its
 * size is the cost of a write) yet still readable and editable by hand, and diff-friendly.
 */
export function serializeFile(file: ProgressFile): string {
  const lines = Object.keys(file.questions)
    .sort()
    .map((id) => `${JSON.stringify(id)}:${JSON.stringify(file.questions[id])}`);
  return `{"version":${PROGRESS_FILE_VERSION},"questions":{${lines.length ? `\n${lines.join(',\n')}\n` : ''}}}\n`;
}

export function sortedQuestions(questions: Record<string, QuestionProgress>): Record<string, QuestionProgress> {
  const sorted: Record<string, QuestionProgress> = {};
  for (const id of Object.keys(questions).sort()) sorted[id] = questions[id];
  return sorted;
}

export function summarizeIssues(issues: readonly ValidationIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => `${issue.path}: ${issue.message}`);
  const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
  return `${shown.join('; ')}${more}`;
}
