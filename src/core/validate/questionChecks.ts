// What a question must have beyond what the schema can say: 2–4 hints, follow-ups, tags, enough
// cases, a reference and a starter for every language an exercise offers, key points for a
// concept question. Each problem points at the place in the file (file:line:col).
import * as fs from 'node:fs';
import { problem, START, type Position, type Problem } from '../bank/problem';
import type { Question } from '../bank/question';
import { locate, parseYaml, type PathSegment, type YamlSource } from '../bank/yaml-source';

export const MIN_CASES = 6;
export const HINTS = { min: 2, max: 4 };

/** Positions in question files, each file read and parsed once. */
export class Locator {
  private readonly sources = new Map<string, YamlSource | undefined>();

  at(file: string, path: readonly PathSegment[], target: 'key' | 'value' = 'value'): Position {
    let source = this.sources.get(file);
    if (!this.sources.has(file)) {
      try {
        source = parseYaml(fs.readFileSync(file, 'utf8'), file);
      } catch {
        source = undefined;
      }
      this.sources.set(file, source);
    }
    return source ? locate(source, path, target) : START;
  }

  /**
   * Where line `line` (1-based) of a block scalar's text is, e.g. line 3 of `solution.python`.
   * The text of `key: |` starts on the line after the key.
   */
  inBlock(file: string, path: readonly PathSegment[], line: number): Position {
    const key = this.at(file, path, 'key');
    return { line: key.line + line, col: 1 };
  }

  problem(q: Question, path: readonly PathSegment[], message: string, target: 'key' | 'value' = 'value'): Problem {
    return problem(q.file, this.at(q.file, path, target), message);
  }
}

export function questionProblems(q: Question, where: Locator): Problem[] {
  const problems: Problem[] = [];
  const add = (path: PathSegment[], message: string, target: 'key' | 'value' = 'value'): void => {
    problems.push(where.problem(q, path, message, target));
  };
  const hints = q.hints ?? [];
  if (hints.length < HINTS.min || hints.length > HINTS.max) {
    add(hints.length === 0 ? [] : ['hints'], `hints: a question needs ${HINTS.min} to ${HINTS.max} progressive hints (it has ${hints.length})`, 'key');
  }
  if ((q.followUps ?? []).length === 0) add(q.followUps ? ['followUps'] : [], 'followUps: a question needs at least one follow-up question', 'key');
  if ((q.tags ?? []).length === 0) add(q.tags ? ['tags'] : [], 'tags: a question needs at least one tag', 'key');
  if (q.answer.trim() === '') add(['answer'], 'answer: the model answer is empty');
  if (q.kind === 'concept' && (q.keyPoints ?? []).length === 0) {
    add([], 'keyPoints: a concept question needs key points, so a written answer can be checked against them');
  }
  if (q.kind === 'code' && q.exercise) {
    const exercise = q.exercise;
    if (exercise.cases.length < MIN_CASES) {
      add(['exercise', 'cases'], `exercise.cases: an exercise needs at least ${MIN_CASES} cases, edge cases among them (it has ${exercise.cases.length})`, 'key');
    }
    for (const language of exercise.languages) {
      if (!exercise.solution[language]?.trim()) add(['exercise', 'solution'], `exercise.solution: no reference solution in ${language}, which the exercise offers`, 'key');
      if (exercise.starter[language] === undefined) add(['exercise', 'starter'], `exercise.starter: no starter in ${language}, which the exercise offers`, 'key');
    }
    const seen = new Set<string>();
    exercise.cases.forEach((c, i) => {
      if (seen.has(c.name)) add(['exercise', 'cases', i, 'name'], `exercise.cases[${i}].name: another case is already called "${c.name}"; names tell the cases apart`);
      seen.add(c.name);
    });
  }
  if (q.kind === 'sql' && q.sql && q.sql.cases.length < MIN_CASES) {
    add(['sql', 'cases'], `sql.cases: an exercise needs at least ${MIN_CASES} cases, edge cases among them (it has ${q.sql.cases.length})`, 'key');
  }
  return problems;
}
