// Which SQL Run query runs: a selection with text in it, else the statement under the cursor.
import * as assert from 'node:assert/strict';
import { queryTarget } from '../../src/vscode/sql/queryTarget';

const source = '-- header\nSELECT 1;\n\nSELECT name\n  FROM t; -- trailing\n';
const first = { start: source.indexOf('SELECT 1'), end: source.indexOf('SELECT 1') + 'SELECT 1'.length };
const second = { start: source.indexOf('SELECT name'), end: source.indexOf('FROM t') + 'FROM t'.length };

describe('Run query: what runs', () => {
  it('runs the statement under the cursor, anywhere in it', () => {
    assert.deepEqual(queryTarget(source, first.start + 3), first);
    assert.deepEqual(queryTarget(source, source.indexOf('FROM t') + 2), second);
    assert.deepEqual(queryTarget(source, second.start), second, 'at the start of the statement (the CodeLens offset)');
  });

  it('runs the selection when it holds SQL, and ignores a selection of white space', () => {
    const start = source.indexOf('name');
    assert.deepEqual(queryTarget(source, start, { start, end: start + 4 }), { start, end: start + 4 });
    const blank = source.indexOf('\n\n') + 1;
    assert.deepEqual(queryTarget(source, first.start, { start: blank, end: blank + 1 }), first);
  });

  it('clamps a selection past the end of the text', () => {
    assert.deepEqual(queryTarget(source, 0, { start: second.start, end: source.length + 50 }), { start: second.start, end: source.length });
  });

  it('says what to do when the file has no statement', () => {
    const target = queryTarget('-- only a comment\n\n', 3);
    assert.ok('error' in target);
    assert.match(target.error, /no SQL statement under the cursor/);
  });
});
