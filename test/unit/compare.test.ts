// The comparison rules a question declares, as a user meets them: is my answer right, and if not,
// what does the verdict say.
import * as assert from 'node:assert/strict';
import { compareResult, DEFAULT_TOLERANCE } from '../../src/core/checks/compare';

const NAN = { $nonJson: 'NaN' };
const INF = { $nonJson: 'Infinity' };

function equal(expected: unknown, actual: unknown, rule?: Parameters<typeof compareResult>[2], tolerance?: number): void {
  const result = compareResult(expected, actual, rule, tolerance);
  assert.deepEqual(result, { equal: true }, `expected equal, got: ${result.reason}`);
}

function unequal(expected: unknown, actual: unknown, rule?: Parameters<typeof compareResult>[2], tolerance?: number): string {
  const result = compareResult(expected, actual, rule, tolerance);
  assert.equal(result.equal, false, 'expected not equal');
  assert.ok(result.reason && result.reason.length > 0, 'a reason is given');
  return result.reason;
}

/** Round-trips through JSON, as a harness's result does. */
function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('compareResult', () => {
  describe('exact (the default)', () => {
    it('deep-equal JSON values are equal, object key order does not matter', () => {
      equal({ a: 1, b: [1, 2, { c: 'x' }] }, { b: [1, 2, { c: 'x' }], a: 1 });
      equal([], []);
      equal('text', 'text');
      equal(null, null);
      equal(true, true);
      assert.equal(compareResult([1, 2], [1, 2]).reason, undefined);
    });

    it('numbers compare by value: 2 and 2.0, -0 and 0', () => {
      equal(2, JSON.parse('2.0'));
      equal(0, -0);
      equal([-0], [0]);
    });

    it('arrays are ordered and the reason names the element', () => {
      assert.equal(unequal([1, 2, 5], [1, 2, 4]), 'element [2] differs: expected 5, got 4');
      assert.equal(unequal([1, 2], [2, 1]), 'element [0] differs: expected 1, got 2');
    });

    it('length differences say how many and what is missing or extra', () => {
      assert.equal(unequal([1, 2, 3], [1, 2]), 'expected 3 elements, got 2: missing [2]: 3');
      assert.equal(unequal([1], [1, 9]), 'expected 1 element, got 2: unexpected [1]: 9');
      assert.equal(unequal([1, 2, 3], [7, 2]), 'expected 3 elements, got 2; element [0] differs: expected 1, got 7');
    });

    it('nested differences name the path', () => {
      assert.equal(unequal({ user: { tags: ['a', 'b'] } }, { user: { tags: ['a', 'c'] } }), 'key user.tags[1] differs: expected "b", got "c"');
      assert.equal(unequal([{ id: 1 }, { id: 2 }], [{ id: 1 }, { id: 3 }]), 'element [1].id differs: expected 2, got 3');
      assert.equal(unequal({ 'a b': 1 }, { 'a b': 2 }), 'key ["a b"] differs: expected 1, got 2');
    });

    it('missing and unexpected object keys are named', () => {
      assert.equal(unequal({ a: 1, b: 2 }, { a: 1 }), 'missing key "b"');
      assert.equal(unequal({ a: 1 }, { a: 1, c: 3, d: 4 }), 'unexpected keys "c", "d"');
      assert.equal(unequal({ x: { a: 1 } }, { x: { b: 1 } }), 'missing key "a"; unexpected key "b" at .x');
    });

    it('type mismatches say what was expected and what came back', () => {
      assert.equal(unequal([1], { 0: 1 }), 'expected a list, got an object');
      assert.equal(unequal({}, []), 'expected an object, got a list');
      assert.equal(unequal([1], '1'), 'expected a list, got "1"');
      assert.equal(unequal(5, '5'), 'expected 5, got "5"');
      assert.equal(unequal([[1]], [1]), 'element [0] differs: expected a list, got 1');
      assert.equal(unequal(1, true), 'expected 1, got true');
    });

    it('null and undefined are different values', () => {
      assert.equal(unequal(null, undefined), 'expected null, got undefined');
      unequal(undefined, null);
      equal(undefined, undefined);
      equal(undefined, { $nonJson: 'undefined' });
      unequal(null, { $nonJson: 'undefined' });
    });

    it('NaN never equals anything: not a number, not null, not another NaN', () => {
      assert.equal(unequal(1, NAN), 'expected 1, got NaN');
      unequal(NaN, NAN);
      unequal(NaN, NaN);
      unequal(null, NAN);
      unequal([1, 2], [1, NAN]);
      // Through plain JSON a NaN arrives as null: still not a number.
      assert.equal(unequal(3, viaJson(NaN)), 'expected 3, got null');
    });

    it('Infinity markers equal Infinity (YAML .inf), and nothing else', () => {
      equal(Infinity, INF);
      equal([-Infinity], [{ $nonJson: '-Infinity' }]);
      equal(INF, INF);
      assert.equal(unequal(1e308, INF), 'expected 1e+308, got Infinity');
      unequal(Infinity, { $nonJson: '-Infinity' });
    });

    it('other markers equal only the same marker', () => {
      equal({ $nonJson: '[Circular]' }, { $nonJson: '[Circular]' });
      assert.equal(unequal({ a: 1 }, { $nonJson: '[Circular]' }), 'expected an object, got [Circular]');
    });

    it('strings are compared exactly (case and whitespace count)', () => {
      unequal('abc', 'ABC');
      unequal('abc', 'abc ');
    });
  });

  describe('unordered', () => {
    it('the same elements in any order are equal', () => {
      equal([1, 2, 3], [3, 1, 2], 'unordered');
      equal([{ a: 1, b: 2 }, 'x'], ['x', { b: 2, a: 1 }], 'unordered');
      equal([], [], 'unordered');
      equal([0, 2], [JSON.parse('2.0'), -0], 'unordered');
    });

    it('duplicates count', () => {
      assert.equal(unequal([1, 1, 2], [1, 2, 2], 'unordered'), 'missing: [1]; unexpected: [2] (order does not matter)');
      assert.equal(unequal([1, 1], [1], 'unordered'), 'expected 2 elements, got 1; missing: [1] (order does not matter)');
      assert.equal(unequal([1], [1, 1], 'unordered'), 'expected 1 element, got 2; unexpected: [1] (order does not matter)');
    });

    it('missing and unexpected elements are listed', () => {
      assert.equal(
        unequal(['a.txt', 'b.txt', 'c.txt'], ['c.txt', 'd.txt', 'e.txt'], 'unordered'),
        'missing: ["a.txt","b.txt"]; unexpected: ["d.txt","e.txt"] (order does not matter)',
      );
    });

    it('long lists of differences are cut short', () => {
      const expected = Array.from({ length: 20 }, (_, i) => i);
      const reason = unequal(expected, [], 'unordered');
      assert.equal(reason, 'expected 20 elements, got 0; missing: [0,1,2,3,4] and 15 more (order does not matter)');
    });

    it('only the top level is unordered: nested lists keep their order', () => {
      equal([[1, 2], [3]], [[3], [1, 2]], 'unordered');
      unequal([[1, 2], [3]], [[3], [2, 1]], 'unordered');
    });

    it('null and undefined, 1 and "1", stay distinct', () => {
      unequal([null], [undefined], 'unordered');
      unequal([1], ['1'], 'unordered');
      unequal([true], [1], 'unordered');
    });

    it('NaN matches nothing, Infinity matches Infinity', () => {
      unequal([NaN], [NAN], 'unordered');
      unequal([null], [NAN], 'unordered');
      unequal([1], [NAN], 'unordered');
      equal([Infinity, 1], [1, INF], 'unordered');
    });

    it('a result that is not a list is a type mismatch', () => {
      assert.equal(unequal([1], { a: 1 }, 'unordered'), 'expected a list, got an object');
      assert.equal(unequal([1], null, 'unordered'), 'expected a list, got null');
      assert.match(unequal({ a: 1 }, { a: 1 }, 'unordered'), /expected value is an object, but this rule compares lists/);
    });

    it('100,000 paths compare in under 200 ms', () => {
      const expected = Array.from({ length: 100_000 }, (_, i) => `photos/2024/${i % 12}/img-${i}.jpg`);
      const actual = viaJson([...expected].reverse());
      // The best of three: a busy machine's scheduling is not the comparison's cost.
      const times = [0, 1, 2].map(() => {
        const started = performance.now();
        equal(expected, actual, 'unordered');
        return performance.now() - started;
      });
      const ms = Math.min(...times);
      assert.ok(ms < 200, `took ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
    });

    it('100,000 objects: equal, and one changed, without quadratic work', () => {
      const expected = Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: `file-${i}.txt`, tags: [i % 7, i % 3] }));
      const shuffled = [...expected].reverse();
      for (let i = 0; i < shuffled.length; i += 2) [shuffled[i], shuffled[i + 1]] = [shuffled[i + 1], shuffled[i]];
      const actual = viaJson(shuffled.map(({ tags, name, id }) => ({ tags, name, id })));
      const started = performance.now();
      equal(expected, actual, 'unordered');
      const broken = [...actual];
      broken[50_000] = { id: -1, name: 'x', tags: [] };
      const reason = unequal(expected, broken, 'unordered');
      const ms = performance.now() - started;
      assert.match(reason, /^missing: \[\{"id":\d+,"name":"file-\d+\.txt","tags":\[\d,\d\]\}\]; unexpected: \[\{"id":-1,"name":"x","tags":\[\]\}\]/);
      assert.ok(ms < 5000, `two 100k-element comparisons took ${ms.toFixed(0)} ms`);
    });
  });

  describe('unordered-groups', () => {
    it('neither the order of groups nor the order within a group matters', () => {
      equal(
        [['docs/readme.md', 'backup/readme.md'], ['a.py', 'b.py', 'c.py']],
        [['c.py', 'a.py', 'b.py'], ['backup/readme.md', 'docs/readme.md']],
        'unordered-groups',
      );
      equal([], [], 'unordered-groups');
    });

    it('the group count is reported first', () => {
      assert.equal(
        unequal([['a', 'b'], ['c', 'd'], ['e', 'f']], [['b', 'a'], ['c', 'd']], 'unordered-groups'),
        'expected 3 groups, got 2; missing: [["e","f"]] (the order of groups and within groups does not matter)',
      );
    });

    it('a group with a wrong member is missing one group and has an unexpected one', () => {
      assert.equal(
        unequal([['a.txt', 'b.txt'], ['c', 'd']], [['d', 'c'], ['a.txt', 'x.txt']], 'unordered-groups'),
        'missing: [["a.txt","b.txt"]]; unexpected: [["a.txt","x.txt"]] (the order of groups and within groups does not matter)',
      );
    });

    it('duplicates count, inside groups and among groups', () => {
      unequal([['a', 'a', 'b']], [['a', 'b', 'b']], 'unordered-groups');
      unequal([['a', 'b']], [['a', 'b'], ['b', 'a']], 'unordered-groups');
      equal([['a', 'b'], ['a', 'b']], [['b', 'a'], ['a', 'b']], 'unordered-groups');
    });

    it('an empty answer to a non-empty expectation lists what is missing', () => {
      assert.match(unequal([['x', 'y']], [], 'unordered-groups'), /^expected 1 group, got 0; missing: \[\["x","y"\]\]/);
    });

    it('groups must be lists', () => {
      assert.equal(unequal([['a']], ['a'], 'unordered-groups'), 'expected a list of groups (lists), but element [0] is "a"');
      assert.equal(unequal([['a']], { a: ['a'] }, 'unordered-groups'), 'expected a list, got an object');
      assert.match(unequal(['a'], [['a']], 'unordered-groups'), /expected value is not a list of lists/);
    });

    it('100,000 paths in 10,000 groups compare quickly', () => {
      const expected = Array.from({ length: 10_000 }, (_, g) => Array.from({ length: 10 }, (__, i) => `dir-${g}/file-${i}.bin`));
      const actual = viaJson(expected.map((group) => [...group].reverse()).reverse());
      const started = performance.now();
      equal(expected, actual, 'unordered-groups');
      const ms = performance.now() - started;
      assert.ok(ms < 400, `took ${ms.toFixed(0)} ms`);
    });
  });

  describe('float', () => {
    it('numbers within the tolerance are equal, also nested', () => {
      equal(0.3, 0.1 + 0.2, 'float');
      equal([1.0, { x: 2.5 }], [1.0000001, { x: 2.5000002 }], 'float');
      equal(1e12, 1e12 + 100, 'float'); // relative: 1e-6 * 1e12 = 1e6
    });

    it('numbers outside the tolerance differ, and the reason gives the tolerance', () => {
      assert.equal(unequal([1, 2], [1, 2.01], 'float'), `element [1] differs: expected 2, got 2.01 (tolerance ${DEFAULT_TOLERANCE})`);
      unequal(0, 1e-5, 'float');
    });

    it('a tolerance can be given', () => {
      equal(3.14159, 3.14, 'float', 0.01);
      assert.equal(unequal(3.14159, 3.1, 'float', 0.01), 'expected 3.14159, got 3.1 (tolerance 0.01)');
    });

    it('structure is still exact: order, length, types', () => {
      unequal([1, 2], [2, 1], 'float');
      assert.equal(unequal([1.5], [1.5, 2], 'float'), 'expected 1 element, got 2: unexpected [1]: 2');
      assert.equal(unequal(1.5, '1.5', 'float'), 'expected 1.5, got "1.5"');
      equal({ label: 'pi', value: 3.1415926 }, { value: 3.1415927, label: 'pi' }, 'float');
    });

    it('NaN is never close; Infinity only to Infinity', () => {
      unequal(1, NAN, 'float');
      unequal(NaN, NAN, 'float');
      equal(Infinity, INF, 'float');
      unequal(Infinity, 1e308, 'float');
      unequal(-Infinity, INF, 'float');
    });
  });

  it('a result nested too deeply to walk is reported, not thrown', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const result = compareResult(deep, deep, 'exact');
    assert.deepEqual(result, { equal: false, reason: 'the result is nested too deeply to compare' });
  });
});
