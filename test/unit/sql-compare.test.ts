// The SQL comparison rules and the statement splitter, without a database.
import * as assert from 'node:assert/strict';
import { canonicalNumber, compareRows, expectedFromRecords } from '../../src/core/sql/compareRows';
import type { SqlResultSet } from '../../src/core/sql/protocol';
import { isCursorQuery, isTransactionControl, lineColAt, positionToOffset, splitSql } from '../../src/core/sql/statements';

const INT = 23;
const BIGINT = 20;
const NUMERIC = 1700;
const FLOAT8 = 701;
const TEXT = 25;
const BOOL = 16;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

function set(columns: [string, number][], rows: (string | null)[][]): SqlResultSet {
  return { columns: columns.map(([name, typeId]) => ({ name, typeId })), rows };
}

const UNORDERED = { ordered: false, checkColumnNames: false };
const ORDERED = { ordered: true, checkColumnNames: false };

describe('sql compareRows', () => {
  it('numbers: 2, 2.0 and 2.00 (NUMERIC) are equal; int against bigint; numeric against float', () => {
    assert.equal(canonicalNumber('2.00'), '2');
    assert.equal(canonicalNumber('-0.50'), '-0.5');
    assert.equal(canonicalNumber('007'), '7');
    assert.equal(canonicalNumber('1e3'), '1000');
    assert.equal(canonicalNumber('abc'), undefined);
    const a = set([['n', NUMERIC]], [['2.00'], ['120.50']]);
    const b = set([['n', NUMERIC]], [['2'], ['120.5']]);
    assert.equal(compareRows(a, b, UNORDERED).equal, true);
    assert.equal(compareRows(set([['c', BIGINT]], [['3']]), set([['c', INT]], [['3']]), UNORDERED).equal, true);
    assert.equal(compareRows(set([['x', NUMERIC]], [['0.10']]), set([['x', FLOAT8]], [['0.1']]), UNORDERED).equal, true);
  });

  it('a number is not the same as text that looks like it', () => {
    const result = compareRows(set([['n', NUMERIC]], [['2.00']]), set([['n', TEXT]], [['2.00']]), UNORDERED);
    assert.equal(result.equal, false);
  });

  it('NULL is distinct from empty text and from 0', () => {
    assert.equal(compareRows(set([['v', TEXT]], [[null]]), set([['v', TEXT]], [['']]), UNORDERED).equal, false);
    assert.equal(compareRows(set([['v', INT]], [[null]]), set([['v', INT]], [['0']]), UNORDERED).equal, false);
    assert.equal(compareRows(set([['v', INT]], [[null]]), set([['v', INT]], [[null]]), UNORDERED).equal, true);
    const message = compareRows(set([['v', TEXT]], [[null]]), set([['v', TEXT]], [['']]), UNORDERED).message!;
    assert.match(message, /expected NULL, got '' \(empty text\)/);
  });

  it('booleans and timestamps are normalised', () => {
    assert.equal(compareRows(set([['b', BOOL]], [['t']]), expectedFromRecords([{ b: true }], set([['b', BOOL]], [])), UNORDERED).equal, true);
    const ts = compareRows(set([['at', TIMESTAMP]], [['2024-12-31 21:15:00']]), set([['at', TIMESTAMP]], [['2024-12-31 21:15:00.000']]), UNORDERED);
    assert.equal(ts.equal, true);
    const tz = compareRows(set([['at', TIMESTAMPTZ]], [['2024-01-01 10:00:00+02']]), set([['at', TIMESTAMPTZ]], [['2024-01-01 08:00:00+00']]), UNORDERED);
    assert.equal(tz.equal, true);
    assert.equal(compareRows(set([['d', DATE]], [['2024-01-02']]), set([['d', DATE]], [['2024-01-03']]), UNORDERED).equal, false);
    // Displayed as true/false, not t/f.
    const shown = compareRows(set([['b', BOOL]], [['t']]), set([['b', BOOL]], [['f']]), UNORDERED);
    assert.deepEqual(shown.expected.rows, [[true]]);
    assert.deepEqual(shown.actual.rows, [[false]]);
  });

  it('unordered: the same rows in another order are equal; missing and unexpected rows are counted', () => {
    const cols: [string, number][] = [['id', INT], ['total', NUMERIC]];
    const expected = set(cols, [['1', '10.00'], ['2', '20.00'], ['3', '30.00']]);
    assert.equal(compareRows(expected, set(cols, [['3', '30'], ['1', '10'], ['2', '20']]), UNORDERED).equal, true);
    const result = compareRows(expected, set(cols, [['1', '10.00'], ['4', '40.00']]), UNORDERED);
    assert.equal(result.equal, false);
    assert.match(result.message!, /^2 rows missing, 1 unexpected \(expected 3 rows, got 2\): missing \(2, 20\.00\); unexpected \(4, 40\.00\)/);
    assert.deepEqual(result.diff, { missing: [1, 2], unexpected: [1], cells: [] });
    assert.deepEqual(result.expected, { columns: ['id', 'total'], rows: [['1', '10.00'], ['2', '20.00'], ['3', '30.00']] });
    assert.deepEqual(result.actual.columns, ['id', 'total']);
  });

  it('unordered: one changed row names the column that differs', () => {
    const cols: [string, number][] = [['id', INT], ['total', NUMERIC]];
    const result = compareRows(set(cols, [['1', '10.00'], ['3', '120.50']]), set(cols, [['1', '10.00'], ['3', '120']]), UNORDERED);
    assert.equal(result.message, 'row (3, 120.50) differs in column total: expected 120.50, got 120');
  });

  it('ordered: the first differing cell, the row count, and rows in the wrong order', () => {
    const cols: [string, number][] = [['id', INT], ['total', NUMERIC]];
    const expected = set(cols, [['1', '1.00'], ['2', '2.00'], ['3', '120.50']]);
    const changed = compareRows(expected, set(cols, [['1', '1'], ['2', '2'], ['3', '120']]), ORDERED);
    assert.equal(changed.message, 'row 3 differs in column total: expected 120.50, got 120');
    assert.deepEqual(changed.diff?.cells, [[2, 1]]);
    const shorter = compareRows(expected, set(cols, [['1', '1'], ['2', '2']]), ORDERED);
    assert.equal(shorter.message, 'expected 3 rows, got 2');
    const swapped = compareRows(expected, set(cols, [['2', '2'], ['1', '1'], ['3', '120.5']]), ORDERED);
    assert.match(swapped.message!, /^the rows are right but in the wrong order; row 1 differs in column id/);
    // The same rows unordered are fine.
    assert.equal(compareRows(expected, set(cols, [['2', '2'], ['1', '1'], ['3', '120.5']]), UNORDERED).equal, true);
  });

  it('column names count only when checkColumnNames is set; column counts always count', () => {
    const a = set([['customer_id', INT]], [['1']]);
    const b = set([['id', INT]], [['1']]);
    assert.equal(compareRows(a, b, UNORDERED).equal, true);
    const named = compareRows(a, b, { ordered: false, checkColumnNames: true });
    assert.equal(named.message, 'column 1 should be named customer_id, got id');
    const fewer = compareRows(set([['a', INT], ['b', INT]], [['1', '2']]), set([['a', INT]], [['1']]), UNORDERED);
    assert.equal(fewer.message, 'expected 2 columns (a, b), got 1 (a)');
  });

  it('expected rows written in the question file are typed like the user\'s columns', () => {
    const actual = set([['id', INT], ['total', NUMERIC], ['name', TEXT]], [['1', '500.00', 'Ivy']]);
    const expected = expectedFromRecords([{ id: 1, total: 500, name: 'Ivy' }], actual);
    assert.equal(compareRows(expected, actual, UNORDERED).equal, true);
    const wrong = expectedFromRecords([{ id: 1, total: '500.01', name: 'Ivy' }], actual);
    assert.equal(compareRows(wrong, actual, UNORDERED).equal, false);
  });
});

describe('sql statements', () => {
  it('splits on semicolons outside quotes, dollar quotes and comments', () => {
    const source = "-- lead\nSELECT 'a;b', \"x;y\" FROM t; /* c; */ SELECT $$ ; $$, $f$ ; $f$;\n-- tail;\n";
    const split = splitSql(source);
    assert.deepEqual(split.statements.map((s) => s.text), ["SELECT 'a;b', \"x;y\" FROM t", 'SELECT $$ ; $$, $f$ ; $f$']);
    assert.equal(split.statements[0].start, source.indexOf('SELECT'));
    assert.deepEqual(splitSql("SELECT E'it\\'s;' AS a").statements.length, 1);
    assert.deepEqual(splitSql("SELECT 'it''s;'").statements.length, 1);
    assert.deepEqual(splitSql('/* a /* nested; */ still; */ SELECT 1').statements.map((s) => s.text), ['SELECT 1']);
  });

  it('an empty file or only comments has no statement', () => {
    assert.equal(splitSql('').statements.length, 0);
    assert.equal(splitSql('  -- hi\n /* there */ ;;\n').statements.length, 0);
  });

  it('finds psql meta-commands outside quotes only', () => {
    assert.deepEqual(splitSql('\\dt\nSELECT 1;').metaCommand, { text: '\\dt', offset: 0 });
    assert.equal(splitSql("SELECT '\\d';").metaCommand, undefined);
  });

  it('maps PostgreSQL positions (characters, after a prefix) to lines and columns in the file', () => {
    const source = '-- x\n\nSELECT é,\n  nope FROM t';
    const [statement] = splitSql(source).statements;
    const position = Array.from(statement.text).indexOf('n') + 1; // 1-based, in characters
    const offset = positionToOffset(statement.text, statement.start, position)!;
    assert.deepEqual(lineColAt(source, offset), { line: 4, col: 3 });
    assert.equal(positionToOffset(statement.text, statement.start, position + 10, 10), offset);
    assert.equal(positionToOffset(statement.text, statement.start, 3, 10), undefined);
  });

  it('knows queries and transaction control', () => {
    assert.equal(isCursorQuery('SELECT 1'), true);
    assert.equal(isCursorQuery('with x as (select 1) select * from x'), true);
    assert.equal(isCursorQuery('(SELECT 1) UNION (SELECT 2)'), true);
    assert.equal(isCursorQuery('DROP TABLE t'), false);
    assert.equal(isTransactionControl('commit'), true);
    assert.equal(isTransactionControl('END'), true);
    assert.equal(isTransactionControl('SELECT 1'), false);
  });
});
