// One question file's text → a validated question, or the problems that keep it out of the bank.

import * as path from 'node:path';
import { isMap, isPair, isScalar } from 'yaml';
import { MAX_FILE_BYTES, MAX_PROBLEMS_PER_FILE } from './limits';
import { START, compareProblems, hasErrors, problem, type Position, type Problem } from './problem';
import type { Origin, Question, QuestionData } from './question';
import { validateQuestion } from './validation';
import { rubricSpecIssues } from '../rubric/spec';
import { locate, parseYaml, type YamlSource } from './yaml-source';

export interface ParsedQuestionFile {
  /** Present only when the file has no errors (warnings allowed). */
  question?: Question;
  problems: Problem[];
  /** Where the `id:` key is, for pointing at a duplicate id found later across files. */
  idPosition?: Position;
}

/** The id a file must declare: its name without the .yaml / .yml extension. */
export function idFromFileName(file: string): string {
  return path.basename(file).replace(/\.ya?ml$/i, '');
}

export function tooLargeProblem(file: string, bytes: number): Problem {
  const mb = (n: number): string => (n / (1024 * 1024)).toFixed(1);
  return problem(file, START,
    `file is ${mb(bytes)} MB; a question file may be at most ${mb(MAX_FILE_BYTES)} MB, so it was not read`);
}

export function parseQuestionFile(text: string, file: string, category: string, origin: Origin): ParsedQuestionFile {
  const result = parse(text, file, category, origin);
  result.problems = tidy(result.problems);
  return result;
}

/** In file order, and not thousands of them when one mistake repeats thousands of times. */
function tidy(problems: Problem[]): Problem[] {
  problems.sort(compareProblems);
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return problems;
  const shown = problems.slice(0, MAX_PROBLEMS_PER_FILE);
  const last = shown[shown.length - 1];
  shown.push({ ...last, message: `...and ${problems.length - shown.length} more problems in this file`, severity: 'error' });
  return shown;
}

function parse(text: string, file: string, category: string, origin: Origin): ParsedQuestionFile {
  const bytes = text.length > MAX_FILE_BYTES / 3 ? Buffer.byteLength(text, 'utf8') : text.length;
  if (bytes > MAX_FILE_BYTES) return { problems: [tooLargeProblem(file, bytes)] };

  const source = parseYaml(text, file);
  const problems = source.problems;
  if (hasErrors(problems)) return { problems };
  const data = source.value;

  if (data === null || data === undefined) {
    problems.push(problem(file, START,
      'file is empty; a question file is a mapping with at least id, title, kind, difficulty, prompt and answer'));
    return { problems };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    const what = Array.isArray(data) ? 'a list' : `a single ${typeof data}`;
    problems.push(problem(file, locate(source, []),
      `a question file must be a mapping (id: ..., title: ...), but this file holds ${what}`));
    return { problems };
  }

  for (const issue of validateQuestion(data).slice(0, MAX_PROBLEMS_PER_FILE + 1)) {
    problems.push(problem(file, locate(source, issue.path, issue.target), issue.message));
  }
  const idPosition = positionOfKey(source, 'id');
  const expectedId = idFromFileName(file);
  const id = (data as { id?: unknown }).id;
  if (typeof id === 'string' && id !== expectedId) {
    problems.push(problem(file, locate(source, ['id']),
      `id '${id}' must equal the file name '${expectedId}' (rename the file or change the id)`));
  }
  if (hasErrors(problems)) return { problems, idPosition };
  for (const issue of rubricSpecIssues(data as QuestionData)) problems.push(problem(file, locate(source, issue.path), issue.message));
  if (hasErrors(problems)) return { problems, idPosition };

  const question: Question = { ...(data as QuestionData), category, file, origin };
  return { question, problems, idPosition };
}

function positionOfKey(source: YamlSource, key: string): Position | undefined {
  const contents = source.doc?.contents;
  if (!isMap(contents)) return undefined;
  const pair = contents.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
  const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
  return offset === undefined ? undefined : source.positionOf(offset);
}
