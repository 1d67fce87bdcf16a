// How values and verdicts read in a terminal (and in reasons): compact, bounded, honest about
// values JSON cannot carry.
import * as assert from 'node:assert/strict';
import { formatReportText, formatValue } from '../../src/core/checks/format';
import type { RunReport } from '../../src/core/checks/types';

describe('formatValue', () => {
  it('is compact JSON, keeping key order', () => {
    assert.equal(formatValue([1, 'a', { k: null, b: [true, false] }]), '[1,"a",{"k":null,"b":[true,false]}]');
    assert.equal(formatValue('say "hi"\n'), '"say \\"hi\\"\\n"');
    assert.equal(formatValue(2.5), '2.5');
  });

  it('says undefined, NaN and Infinity as a programmer would, markers included', () => {
    assert.equal(formatValue(undefined), 'undefined');
    assert.equal(formatValue([NaN, Infinity, -Infinity]), '[NaN,Infinity,-Infinity]');
    assert.equal(formatValue({ a: { $nonJson: 'NaN' }, b: { $nonJson: 'undefined' } }), '{"a":NaN,"b":undefined}');
    assert.equal(formatValue({ $nonJson: 'x', other: 1 }), '{"$nonJson":"x","other":1}');
  });

  it('cycles do not hang', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    assert.equal(formatValue(cyclic), '{"name":"loop","self":[Circular]}');
    const shared = [1];
    assert.equal(formatValue([shared, shared]), '[[1],[1]]');
  });

  it('long values are cut with the count of what was left out', () => {
    const numbers = Array.from({ length: 1000 }, (_, i) => i);
    const full = JSON.stringify(numbers);
    assert.equal(formatValue(numbers, 20), `[0,1,2,3,4,5,6,7,8,9… (${full.length - 20} more chars)`);
    assert.equal(formatValue('x'.repeat(3000)).length, 2000 + '… (1002 more chars)'.length);
  });

  it('does not cut a surrogate pair in half', () => {
    const text = formatValue('😀😀😀', 4); // "\"😀😀😀\"": quote + 2 units per emoji
    assert.equal(text, `"😀… (5 more chars)`);
  });
});

describe('formatReportText', () => {
  const report: RunReport = {
    passed: false,
    ms: 120,
    language: 'typescript',
    questionId: 'find-duplicate-files',
    cases: [
      { name: 'an empty directory has no duplicates', status: 'passed', ms: 12.4 },
      {
        name: 'two identical files',
        status: 'failed',
        message: 'expected 1 group, got 0; missing: [["a.txt","b.txt"]]',
        args: ['$FIXTURE'],
        expected: [['a.txt', 'b.txt']],
        actual: [],
        output: 'scanning\ndone\n',
        ms: 3,
      },
      {
        name: 'throws',
        status: 'error',
        message: 'TypeError: x is not a function',
        stack: 'TypeError: x is not a function\n    at findDuplicates (answer.ts:4:3)',
        args: ['$FIXTURE'],
        ms: 2,
      },
      { name: 'slow', status: 'timeout', ms: 10_000 },
    ],
  };

  it('one line per case, details under failures, counts at the end', () => {
    assert.equal(
      formatReportText(report),
      [
        '✔ an empty directory has no duplicates (12 ms)',
        '✘ two identical files — expected 1 group, got 0; missing: [["a.txt","b.txt"]]',
        '    args: "$FIXTURE"',
        '    expected: [["a.txt","b.txt"]]',
        '    actual: []',
        '    output:',
        '      scanning',
        '      done',
        '✘ throws — TypeError: x is not a function',
        '    args: "$FIXTURE"',
        '    stack:',
        '      TypeError: x is not a function',
        '          at findDuplicates (answer.ts:4:3)',
        '✘ slow — time limit exceeded',
        '',
        '1 passed, 3 failed',
      ].join('\n'),
    );
  });

  it('an actual value of null is shown; an absent one is not', () => {
    const text = formatReportText({
      ...report,
      cases: [{ name: 'null', status: 'failed', message: 'expected 1, got null', expected: 1, actual: null, ms: 1 }],
    });
    assert.match(text, /^ {4}actual: null$/m);
  });

  it('all passed', () => {
    const text = formatReportText({ ...report, passed: true, cases: [report.cases[0]] });
    assert.equal(text.split('\n').pop(), '1 passed, 0 failed');
  });
});
