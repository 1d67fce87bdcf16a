import * as assert from 'node:assert/strict';
import type { Question } from '../../src/core/bank/question';
import { candidatesFor, pickRandomQuestion } from '../../src/core/random';

function question(id: string, category: string): Question {
  return { id, title: id, kind: 'concept', difficulty: 'easy', prompt: 'p', answer: 'a', category, file: `/bank/${category}/${id}.yaml`, origin: 'builtin' };
}

const bank = [question('a', 'concepts'), question('b', 'concepts'), question('c', 'coding'), question('d', 'sql')];
const solved = new Set(['a', 'c']);
const statusOf = (id: string) => (solved.has(id) ? 'solved' : 'new') as 'solved' | 'new';

describe('random question', () => {
  it('offers every question for "any"', () => {
    assert.deepEqual(candidatesFor({ questions: bank, filter: { kind: 'any' }, statusOf }).map((q) => q.id), ['a', 'b', 'c', 'd']);
  });

  it('leaves solved questions out for "unsolved"', () => {
    assert.deepEqual(candidatesFor({ questions: bank, filter: { kind: 'unsolved' }, statusOf }).map((q) => q.id), ['b', 'd']);
  });

  it('keeps to one category', () => {
    assert.deepEqual(candidatesFor({ questions: bank, filter: { kind: 'category', category: 'concepts' }, statusOf }).map((q) => q.id), ['a', 'b']);
  });

  it('never repeats the question just shown when there is another', () => {
    for (let i = 0; i < 200; i++) {
      const r = i / 200;
      const picked = pickRandomQuestion({ questions: bank, filter: { kind: 'category', category: 'concepts' }, statusOf, lastShownId: 'a', random: () => r });
      assert.equal(picked?.id, 'b');
    }
  });

  it('repeats the question just shown when it is the only candidate', () => {
    const picked = pickRandomQuestion({ questions: bank, filter: { kind: 'category', category: 'sql' }, statusOf, lastShownId: 'd', random: () => 0.5 });
    assert.equal(picked?.id, 'd');
  });

  it('returns nothing when nothing matches', () => {
    assert.equal(pickRandomQuestion({ questions: bank, filter: { kind: 'category', category: 'behavioral' }, statusOf }), undefined);
    assert.equal(pickRandomQuestion({ questions: [], filter: { kind: 'any' }, statusOf }), undefined);
  });

  it('reaches every candidate across the random range, even at its top end', () => {
    const seen = new Set<string>();
    for (const r of [0, 0.3, 0.6, 0.99999999]) {
      seen.add(pickRandomQuestion({ questions: bank, filter: { kind: 'any' }, statusOf, lastShownId: 'zzz', random: () => r })!.id);
    }
    assert.deepEqual([...seen].sort(), ['a', 'b', 'c', 'd']);
  });
});
