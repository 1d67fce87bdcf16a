// A failed SQL case in the panel: the host's tables (which rows, which marks, NULL, "more rows")
// and the HTML the panel renders from them (escaped, with markers that are not colour only).
import * as assert from 'node:assert/strict';
import type { Question } from '../../src/core/bank/question';
import type { CaseVerdict } from '../../src/core/checks/types';
import { compareRows } from '../../src/core/sql/compareRows';
import type { SqlResultSet } from '../../src/core/sql/protocol';
import { parseResults, type PanelRowDiff } from '../../src/protocol';
import { toPanelResults } from '../../src/vscode/checks/display';
import { cellText, DIFF_ROWS_SHOWN, pairChangedRows, rowDiffTables, rowsToShow } from '../../src/vscode/sql/rowDiff';
import { renderResultsBody, renderRowDiff } from '../../src/webview/resultsHtml';

const INT = 23;
const TEXT = 25;
const NUMERIC = 1700;

function set(columns: [string, number][], rows: (string | null)[][]): SqlResultSet {
  return { columns: columns.map(([name, typeId]) => ({ name, typeId })), rows };
}

/** A failed verdict as the SQL engine makes it: compareRows' expected, actual and diff. */
function failed(expected: SqlResultSet, actual: SqlResultSet, ordered = false): CaseVerdict {
  const compared = compareRows(expected, actual, { ordered, checkColumnNames: false });
  assert.equal(compared.equal, false, 'the sides differ');
  return { name: 'a case', status: 'failed', message: compared.message, expected: compared.expected, actual: compared.actual, diff: compared.diff, ms: 3 } as CaseVerdict;
}

const sqlQuestion: Question = {
  id: 'paid-customers',
  title: 'Paid customers',
  kind: 'sql',
  difficulty: 'medium',
  prompt: 'Return the customers.',
  answer: 'SELECT …',
  sql: { schema: 'CREATE TABLE t (id int);', solution: 'SELECT 1;', cases: [{ name: 'a case' }] },
} as Question;

function html(rows: PanelRowDiff): string {
  return renderRowDiff(rows);
}

describe('SQL row diff: the tables the host sends', () => {
  it('marks the expected row the user lacks as missing and the extra one as unexpected', () => {
    const cols: [string, number][] = [['id', INT], ['name', TEXT]];
    const verdict = failed(set(cols, [['1', 'Ana'], ['2', 'Ben'], ['3', 'Chen']]), set(cols, [['1', 'Ana'], ['4', 'Dana']]));
    const rows = rowDiffTables(verdict)!;
    assert.deepEqual(rows.expected.columns, ['id', 'name']);
    assert.equal(rows.expected.total, 3);
    assert.deepEqual(rows.expected.rows.filter((r) => r.mark === 'missing').map((r) => r.cells), [['2', 'Ben'], ['3', 'Chen']]);
    assert.deepEqual(rows.actual.rows.filter((r) => r.mark === 'unexpected').map((r) => r.cells), [['4', 'Dana']]);
    assert.equal(rows.actual.rows[0].mark, undefined, 'a matching row carries no mark');
  });

  it('pairs the one changed row of an unordered result and marks the differing cell on both sides', () => {
    const cols: [string, number][] = [['id', INT], ['total', NUMERIC]];
    const verdict = failed(set(cols, [['1', '570.00'], ['4', '1250.00']]), set(cols, [['1', '570.00'], ['4', '1300.00']]));
    const rows = rowDiffTables(verdict)!;
    const missing = rows.expected.rows.find((r) => r.mark === 'missing')!;
    const unexpected = rows.actual.rows.find((r) => r.mark === 'unexpected')!;
    assert.deepEqual(missing.changed, [1]);
    assert.deepEqual(unexpected.changed, [1]);
    assert.deepEqual(unexpected.cells, ['4', '1300.00']);
  });

  it('marks the differing cells of an ordered result at the same row on both sides', () => {
    const cols: [string, number][] = [['name', TEXT]];
    const verdict = failed(set(cols, [['a'], ['b'], ['c']]), set(cols, [['a'], ['c'], ['b']]), true);
    const rows = rowDiffTables(verdict)!;
    assert.deepEqual(rows.expected.rows.map((r) => r.changed ?? []), [[], [0], [0]]);
    assert.deepEqual(rows.actual.rows.map((r) => r.changed ?? []), [[], [0], [0]]);
  });

  it(`shows at most ${DIFF_ROWS_SHOWN} rows a side, the differing ones first, and counts the rest`, () => {
    const cols: [string, number][] = [['n', INT]];
    const many = Array.from({ length: 40 }, (_, i) => [String(i + 1)]);
    // The user's result lacks rows 35 and 36: far below the first rows, they must still be shown.
    const verdict = failed(set(cols, many), set(cols, many.filter((r) => r[0] !== '35' && r[0] !== '36')));
    const rows = rowDiffTables(verdict)!;
    assert.equal(rows.expected.rows.length, DIFF_ROWS_SHOWN);
    assert.equal(rows.expected.total, 40);
    assert.deepEqual(rows.expected.rows.filter((r) => r.mark).map((r) => r.n), [35, 36]);
    assert.deepEqual(rows.expected.rows.map((r) => r.n).slice(0, 3), [1, 2, 3], 'the rest in order from the top');
    const text = html(rows);
    assert.match(text, /28 more rows/);
    assert.match(text, /⋯ 24 rows/, 'a gap row between row 10 and row 35');
  });

  it('keeps NULL apart from the text NULL, and empty text visible', () => {
    const cols: [string, number][] = [['name', TEXT]];
    const verdict = failed(set(cols, [[null], ['NULL'], ['']]), set(cols, [['x']]));
    const rows = rowDiffTables(verdict)!;
    assert.deepEqual(rows.expected.rows.map((r) => r.cells[0]), [null, 'NULL', '']);
    const text = html(rows);
    assert.equal((text.match(/<span class="sql-null">NULL<\/span>/g) ?? []).length, 1, 'one real NULL');
    assert.match(text, /<td>NULL<\/td>/, 'the text NULL is plain text');
    assert.match(text, /class="sql-empty"/);
  });

  it('escapes what the query returned and the column names', () => {
    const cols: [string, number][] = [['<b>col</b>', TEXT]];
    const verdict = failed(set(cols, [['<img src=x onerror=alert(1)>']]), set(cols, [['"quoted" & \'single\'']]));
    const text = html(rowDiffTables(verdict)!);
    assert.doesNotMatch(text, /<img|<b>/);
    assert.match(text, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(text, /&lt;b&gt;col&lt;\/b&gt;/);
    assert.match(text, /&quot;quoted&quot; &amp; &#39;single&#39;/);
  });

  it('gives missing and unexpected rows a marker and a title, and changed cells a title and hidden text', () => {
    const cols: [string, number][] = [['id', INT], ['total', NUMERIC]];
    const text = html(rowDiffTables(failed(set(cols, [['1', '5']]), set(cols, [['1', '6']])))!);
    assert.match(text, /<tr class="row-missing" title="Missing from your result"><td class="row-n"><span class="row-mark" aria-hidden="true">−<\/span>/);
    assert.match(text, /<tr class="row-unexpected" title="Not expected"><td class="row-n"><span class="row-mark" aria-hidden="true">\+<\/span>/);
    assert.match(text, /<td class="cell-changed" title="This value differs">6<span class="visually-hidden"> \(differs\)<\/span><\/td>/);
    assert.match(text, /class="rows-legend"/);
  });

  it('says "(no rows)" for an empty side', () => {
    const cols: [string, number][] = [['id', INT]];
    const text = html(rowDiffTables(failed(set(cols, [['1']]), set(cols, [])))!);
    assert.match(text, /Your result <span class="rows-count">\(0 rows\)<\/span>/);
    assert.match(text, /\(no rows\)/);
  });

  it('puts the tables in the panel for a failed SQL case, validated like any results message, and leaves code cases as text diffs', () => {
    const cols: [string, number][] = [['id', INT]];
    const report = { passed: false, cases: [failed(set(cols, [['1'], ['2']]), set(cols, [['1']]))], ms: 9, language: 'sql', questionId: sqlQuestion.id };
    const results = toPanelResults(report, sqlQuestion, 'paid-customers.sql');
    assert.ok(results.cases[0].rows, 'the case carries the tables');
    assert.ok(results.cases[0].expected, 'and the text form (Test Explorer, older panels)');
    assert.deepEqual(parseResults(JSON.parse(JSON.stringify(results))), results, 'the message passes validation unchanged');
    const body = renderResultsBody(results);
    assert.match(body, /class="row-diff"/);
    assert.doesNotMatch(body, /class="diff"/, 'no text diff next to the tables');

    const code = toPanelResults(
      { passed: false, cases: [{ name: 'c', status: 'failed', expected: [1], actual: [2], ms: 1 }], ms: 2, language: 'python', questionId: 'x' },
      { ...sqlQuestion, kind: 'code', sql: undefined } as Question,
      'x.py',
    );
    assert.equal(code.cases[0].rows, undefined);
    assert.match(renderResultsBody(code), /class="diff"/);
  });

  it('picks rows to show: marked first, then from the top, in order', () => {
    assert.deepEqual(rowsToShow(5, new Set([4]), 3), [0, 1, 4]);
    assert.deepEqual(rowsToShow(3, new Set(), 12), [0, 1, 2]);
    assert.deepEqual(rowsToShow(100, new Set([50, 60, 70, 80]), 3), [50, 60, 70]);
  });

  it('formats cells as one short line', () => {
    assert.equal(cellText('a\nb'), 'a↵b');
    assert.equal(cellText(null), null);
    assert.equal(cellText(true), 'true');
    assert.equal(cellText('x'.repeat(500), 10), `${'x'.repeat(9)}…`);
  });
});

describe('SQL row diff: validation of the results message', () => {
  const table = { columns: ['id'], rows: [{ n: 1, cells: ['1'], mark: 'missing', changed: [0] }], total: 3 };
  const base = { state: 'done', cases: [{ name: 'c', status: 'failed', ms: 1, rows: { expected: table, actual: { ...table, rows: [] } } }] };
  const withRows = (rows: unknown) => ({ ...base, cases: [{ ...base.cases[0], rows }] });

  it('accepts well-formed tables', () => {
    assert.deepEqual(parseResults(base), base);
  });

  it('refuses tables that are not in the protocol', () => {
    const bad: unknown[] = [
      { expected: table },
      { expected: table, actual: table, extra: 1 },
      { expected: { ...table, rows: [{ n: 1, cells: ['1', '2'] }] }, actual: table }, // wider than the columns
      { expected: { ...table, rows: [{ n: 0, cells: ['1'] }] }, actual: table },
      { expected: { ...table, rows: [{ n: 1, cells: [1] }] }, actual: table },
      { expected: { ...table, rows: [{ n: 1, cells: ['1'], mark: 'bold' }] }, actual: table },
      { expected: { ...table, rows: [{ n: 1, cells: ['1'], changed: [1] }] }, actual: table }, // no column 1
      { expected: { ...table, total: 0 }, actual: table }, // fewer than shown
      { expected: { ...table, rows: Array.from({ length: 51 }, (_, i) => ({ n: i + 1, cells: ['1'] })), total: 51 }, actual: table },
      { expected: { ...table, columns: [3] }, actual: table },
    ];
    for (const rows of bad) assert.equal(parseResults(withRows(rows)), undefined, JSON.stringify(rows).slice(0, 200));
  });
});

describe('SQL row diff: changed rows of an unordered result', () => {
  it('pairs a missing row with the unexpected row that shares most values and marks the cells that differ', () => {
    const cols: [string, number][] = [['id', INT], ['name', TEXT], ['orders', INT], ['total', NUMERIC]];
    const verdict = failed(
      set(cols, [['1', 'Ana Costa', '2', '570.00'], ['4', 'Dana Levi', '1', '1250.00']]),
      set(cols, [['1', 'Ana Costa', '3', '610.00'], ['2', 'Ben Okafor', '3', '670.00'], ['4', 'Dana Levi', '1', '1250.00']]),
    );
    const rows = rowDiffTables(verdict)!;
    assert.deepEqual(rows.expected.rows[0].changed, [2, 3]);
    assert.deepEqual(rows.actual.rows[0].changed, [2, 3], 'Ana: orders and total differ');
    assert.equal(rows.actual.rows[1].changed, undefined, 'Ben is only unexpected: no value to compare with');
    assert.equal(rows.actual.rows[1].mark, 'unexpected');
  });

  it('pairs nothing when rows share no value, and treats 2 and 2.00 as the same value', () => {
    assert.deepEqual(pairChangedRows([['1', 'a']], [['2', 'b']], [0], [0], 2), []);
    assert.deepEqual(pairChangedRows([['2', 'a']], [['2.00', 'b']], [0], [0], 2), [[0, 0, [1]]]);
    assert.deepEqual(pairChangedRows([[null, 'a']], [['x', 'a']], [0], [0], 2), [[0, 0, [0]]]);
  });
});

describe('SQL row diff: bounds', () => {
  it('keeps a very wide result within the message bounds, so the panel still shows the case', () => {
    const cols = Array.from({ length: 250 }, (_, i): [string, number] => [`c${i}`, INT]);
    const row = (v: string) => cols.map(() => v);
    const report = { passed: false, cases: [failed(set(cols, [row('1')]), set(cols, [row('2')]))], ms: 1, language: 'sql', questionId: sqlQuestion.id };
    const results = toPanelResults(report, sqlQuestion, 'wide.sql');
    assert.equal(results.cases[0].rows?.expected.columns.length, 200);
    assert.ok(parseResults(JSON.parse(JSON.stringify(results))), 'valid');
  });
});
