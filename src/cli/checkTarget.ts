// Which question and language a solution file is checked against: from the options, else from
// the file's name (`<id>.<ext>`) or its header comment, the way the extension writes them.
import * as path from 'node:path';
import type { Language, Question } from '../core/bank/question';
import { LANGUAGE_LABELS, parseScratchFileName, questionIdFromHeader } from '../core/scratch';

export interface CheckTarget {
  question: Question;
  language: Language;
}

export interface TargetRequest {
  /** The solution file (its name and extension are read, not its path). */
  file: string;
  /** The start of the file's text, where the header comment is. */
  head: string;
  /** `--question`. */
  questionId?: string;
  /** `--lang`: ts, js, py (or the full names). */
  lang?: string;
}

/**
 * Either a coding target, a written answer (checked by the rubric), or a message saying what is
 * wrong and what to do; `id` when a question id was known.
 */
export type TargetResult = { target: CheckTarget } | { written: Question } | { sql: Question } | { error: string; id?: string };

const LANG_OPTIONS: Readonly<Record<string, Language>> = {
  ts: 'typescript',
  typescript: 'typescript',
  js: 'javascript',
  javascript: 'javascript',
  py: 'python',
  python: 'python',
};

const EXTENSION_LANGUAGES: Readonly<Record<string, Language>> = {
  '.ts': 'typescript',
  '.js': 'javascript',
  '.py': 'python',
};

const PASS_QUESTION = "pass --question ID ('interview-drills list' shows the ids; --bank DIR adds your own questions)";

export function resolveTarget(request: TargetRequest, questions: ReadonlyMap<string, Question>): TargetResult {
  const found = findQuestion(request, questions);
  if ('error' in found) return found;
  const { question } = found;
  if (question.kind === 'concept' || question.kind === 'behavioral') return { written: question };
  if (question.kind === 'sql' && question.sql) return { sql: question };
  const kindError = notCode(question);
  if (kindError) return { error: kindError, id: question.id };
  const language = languageOf(request);
  if ('error' in language) return { ...language, id: question.id };
  const offered = question.exercise?.languages ?? [];
  if (!offered.includes(language.language)) {
    const names = offered.map((l) => LANGUAGE_LABELS[l]).join(', ');
    return {
      error: `'${question.id}' is not offered in ${LANGUAGE_LABELS[language.language]}, only in ${names}: write the answer in one of those (or pass --lang)`,
      id: question.id,
    };
  }
  return { target: { question, language: language.language } };
}

function findQuestion(request: TargetRequest, questions: ReadonlyMap<string, Question>): { question: Question } | { error: string; id?: string } {
  if (request.questionId !== undefined) {
    const question = questions.get(request.questionId);
    return question ? { question } : { error: `no question '${request.questionId}' in the bank; ${PASS_QUESTION}`, id: request.questionId };
  }
  const name = path.basename(request.file);
  const candidates = [
    { id: parseScratchFileName(name)?.questionId, from: 'file name' },
    { id: questionIdFromHeader(request.head), from: 'header comment' },
  ];
  for (const { id } of candidates) {
    const question = id === undefined ? undefined : questions.get(id);
    if (question) return { question };
  }
  const named = candidates.find((c) => c.id !== undefined);
  if (named?.id !== undefined) {
    return { error: `no question '${named.id}' (from the ${named.from} of ${name}) in the bank; ${PASS_QUESTION}`, id: named.id };
  }
  return {
    error: `cannot tell which question ${name} answers: it is not named <question-id>.<ext> and has no "Interview Drills question: <id>" header comment; ${PASS_QUESTION}`,
  };
}

function notCode(question: Question): string | undefined {
  const onlyCode = "it has nothing to run";
  switch (question.kind) {
    case 'code':
      return question.exercise ? undefined : `'${question.id}' has no exercise to run`;
    case 'sql':
      return `'${question.id}' is a SQL question without an exercise: ${onlyCode}`;
    case 'concept':
    case 'behavioral':
      return undefined;
  }
}

function languageOf(request: TargetRequest): { language: Language } | { error: string } {
  if (request.lang !== undefined) {
    const language = LANG_OPTIONS[request.lang.toLowerCase()];
    return language ? { language } : { error: `--lang must be ts, js or py (got '${request.lang}')` };
  }
  const extension = path.extname(request.file).toLowerCase();
  const language = EXTENSION_LANGUAGES[extension];
  if (language) return { language };
  const what = extension ? `its extension ${extension}` : 'a file without an extension';
  return { error: `cannot tell the language of ${path.basename(request.file)} from ${what}; pass --lang ts, js or py` };
}
