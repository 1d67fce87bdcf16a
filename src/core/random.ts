// Choosing a random question. Pure: the caller passes statuses and the random source, so the
// rules are testable without an editor.
import type { Question } from './bank/question';

export type RandomFilter =
  | { kind: 'any' }
  | { kind: 'unsolved' }
  | { kind: 'category'; category: string };

export interface RandomInput {
  questions: readonly Question[];
  filter: RandomFilter;
  statusOf: (id: string) => 'new' | 'attempted' | 'solved';
  /** The question shown last; never picked again unless it is the only candidate. */
  lastShownId?: string;
  /** A number in [0, 1), as Math.random returns. */
  random?: () => number;
}

export function candidatesFor(input: RandomInput): Question[] {
  const { questions, filter, statusOf } = input;
  switch (filter.kind) {
    case 'any':
      return [...questions];
    case 'unsolved':
      return questions.filter((q) => statusOf(q.id) !== 'solved');
    case 'category':
      return questions.filter((q) => q.category === filter.category);
  }
}

export function pickRandomQuestion(input: RandomInput): Question | undefined {
  const candidates = candidatesFor(input);
  if (candidates.length === 0) return undefined;
  const fresh = candidates.length > 1 ? candidates.filter((q) => q.id !== input.lastShownId) : candidates;
  const random = input.random ?? Math.random;
  const index = Math.min(fresh.length - 1, Math.floor(random() * fresh.length));
  return fresh[index];
}
