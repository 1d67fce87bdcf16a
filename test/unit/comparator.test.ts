import * as assert from 'node:assert/strict';
import { runComparator } from '../../src/core/runners/comparator';

describe('a question\'s own comparator', () => {
  it('runs the body on JSON copies of the two values', () => {
    assert.deepEqual(runComparator('return actual.length === expected.length;', [1, 2], [3, 4]), { equal: true });
    const refused = runComparator('return actual[0] === expected[0];', [1], [2]);
    assert.equal('equal' in refused && refused.equal, false);
  });

  it('a body that returns something else, throws or loops is an error in the question', () => {
    assert.match((runComparator('return 1;', 1, 1) as { error: string }).error, /returned 1 instead of true or false/);
    assert.match((runComparator('throw new Error("boom")', 1, 1) as { error: string }).error, /boom/);
    assert.match((runComparator('for (;;) {}', 1, 1) as { error: string }).error, /timed out/);
  });

  it('accepts anything at once when the body is just "return true": the values are not even copied', () => {
    // JSON.stringify throws on a BigInt, so this passes only if the values are left alone.
    const uncopyable = { big: 10n ** 30n };
    assert.deepEqual(runComparator('return true;', null, uncopyable), { equal: true });
    assert.ok('error' in runComparator('return true && true;', null, uncopyable), 'any other body gets copies');
  });
});
