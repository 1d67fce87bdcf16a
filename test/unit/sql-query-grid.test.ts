// Run query in the panel: the engine's result as the host posts it (capped, NULL kept, the line
// of the statement), the message's validation, and the grid's HTML (escaped, cut, errors with a
// button to their line, command tags).
import * as assert from 'node:assert/strict';
import type { SqlQueryResult } from '../../src/core/sql/query';
import { MAX_GRID_ROWS, parseHostMessage, parseQueryResult, type PanelQueryResult } from '../../src/protocol';
import { GRID_ROWS, runningQuery, statementCaption, toPanelQueryResult, type QueryRan } from '../../src/vscode/sql/queryDisplay';
import { querySummary, renderQueryResult } from '../../src/webview/queryGrid';

const source = '-- header\n\nSELECT id, name\n  FROM customers;\n\nINSERT INTO customers VALUES (9, \'Zed\');\n';
const select: QueryRan = { file: 'paid-customers.sql', source, start: source.indexOf('SELECT'), end: source.indexOf(';') };
const insert: QueryRan = { file: 'paid-customers.sql', source, start: source.indexOf('INSERT'), end: source.lastIndexOf(';') };

function rows(result: SqlQueryResult, ran = select): PanelQueryResult {
  const shown = toPanelQueryResult(result, ran);
  assert.ok(shown);
  return shown;
}

describe('Run query: what the host posts', () => {
  it('names the file, the line where the statement starts and the statement on one line', () => {
    const shown = rows({ kind: 'rows', columns: [{ name: 'id', typeId: 23 }], rows: [['1']], truncated: false, ms: 4 });
    assert.equal(shown.file, 'paid-customers.sql');
    assert.equal(shown.line, 3);
    assert.equal(shown.statement, 'SELECT id, name FROM customers');
    assert.equal(runningQuery({ ...select, start: source.indexOf('\n\nSELECT') }).line, 3, 'blank lines before the statement are skipped');
  });

  it('keeps NULL as null, marks numeric columns, and cuts the rows at the grid limit', () => {
    const many = Array.from({ length: GRID_ROWS + 5 }, (_, i) => [String(i), i % 2 ? null : 'x']);
    const shown = rows({ kind: 'rows', columns: [{ name: 'n', typeId: 1700 }, { name: 'label', typeId: 25 }], rows: many, truncated: false, ms: 12 });
    assert.equal(shown.kind, 'rows');
    if (shown.kind !== 'rows') return;
    assert.deepEqual(shown.columns, [{ name: 'n', numeric: true }, { name: 'label', numeric: false }]);
    assert.equal(shown.rows.length, GRID_ROWS);
    assert.equal(shown.cut, true);
    assert.equal(shown.rows[1][1], null);
    assert.ok(GRID_ROWS <= MAX_GRID_ROWS);
  });

  it('turns a statement without rows into its command tag, an error into its place, and drops a cancelled run', () => {
    assert.deepEqual(rows({ kind: 'no-rows', command: 'INSERT 0 1', ms: 2 }, insert), { kind: 'command', command: 'INSERT 0 1', file: 'paid-customers.sql', statement: "INSERT INTO customers VALUES (9, 'Zed')", line: 6, ms: 2 });
    const error = rows({ kind: 'error', message: 'column "nme" does not exist', location: { line: 3, col: 12 }, ms: 1 });
    assert.equal(error.kind, 'error');
    if (error.kind === 'error') assert.deepEqual(error.at, { line: 3, col: 12 });
    assert.equal(toPanelQueryResult({ kind: 'cancelled', ms: 1 }, select), undefined);
  });

  it('shortens long statements for the caption and drops comments', () => {
    assert.equal(statementCaption('SELECT 1 -- one\n  , 2'), 'SELECT 1 , 2');
    const long = statementCaption(`SELECT ${'x, '.repeat(100)}1`);
    assert.equal(long.length, 120);
    assert.ok(long.endsWith('…'));
  });
});

describe('Run query: the queryResult message', () => {
  const good: PanelQueryResult = {
    kind: 'rows',
    columns: [{ name: 'id', numeric: true }],
    rows: [['1'], [null]],
    cut: false,
    file: 'a.sql',
    statement: 'SELECT id FROM t',
    line: 2,
    ms: 3,
  };

  it('accepts each kind of result', () => {
    const results: PanelQueryResult[] = [
      good,
      { ...good, total: 10 },
      { kind: 'command', command: 'CREATE TABLE', file: 'a.sql', statement: 'CREATE TABLE x ()', line: 1, ms: 1 },
      { kind: 'error', message: 'syntax error at or near "FORM"', at: { line: 2, col: 10 }, file: 'a.sql', statement: 'SELECT * FORM t', line: 2 },
      { kind: 'error', message: 'the file has no SQL statement', file: 'a.sql', statement: '', line: 1 },
      { kind: 'timeout', message: 'stopped after 5 s', file: 'a.sql', statement: 'SELECT pg_sleep(1000)', line: 1, ms: 6000 },
      { kind: 'running', file: 'a.sql', statement: 'SELECT 1', line: 1 },
    ];
    for (const result of results) {
      assert.deepEqual(parseHostMessage({ type: 'queryResult', questionId: 'q-1', result }), { type: 'queryResult', questionId: 'q-1', result }, JSON.stringify(result));
    }
  });

  it('refuses anything else', () => {
    const bad: unknown[] = [
      { ...good, rows: [['1', '2']] }, // a row wider than the columns
      { ...good, rows: [[1]] }, // a number, not text
      { ...good, rows: [['<b>']], extra: true },
      { ...good, cut: 'no' },
      { ...good, columns: [{ name: 'id' }] },
      { ...good, line: 0 },
      { ...good, total: 1 }, // fewer than the rows shown
      { ...good, rows: Array.from({ length: MAX_GRID_ROWS + 1 }, () => ['1']) },
      { ...good, rows: [['x'.repeat(10_000)]] },
      { kind: 'error', message: 'x', at: { line: 2 }, file: 'a.sql', statement: 's', line: 1 }, // a place without a column
      { kind: 'error', message: 'x', at: { line: 2, col: 0 }, file: 'a.sql', statement: 's', line: 1 },
      { kind: 'command', command: 3, file: 'a.sql', statement: 's', line: 1 },
      { kind: 'running', file: 'a.sql', statement: 's', line: 1, ms: -1 },
      { kind: 'html', file: 'a.sql', statement: 's', line: 1 },
      null,
    ];
    for (const result of bad) assert.equal(parseQueryResult(result), undefined, JSON.stringify(result)?.slice(0, 200));
    assert.equal(parseHostMessage({ type: 'queryResult', questionId: 'Not An Id', result: good }), undefined);
    assert.equal(parseHostMessage({ type: 'queryResult', questionId: 'q', result: good, more: 1 }), undefined);
  });
});

describe('Run query: the grid', () => {
  it('shows the columns, the rows, NULL apart from the text, the count and the time', () => {
    const html = renderQueryResult({ kind: 'rows', columns: [{ name: 'id', numeric: true }, { name: 'name', numeric: false }], rows: [['1', 'Ana'], ['2', null], ['3', 'NULL']], cut: false, file: 'a.sql', statement: 'SELECT id, name FROM t', line: 4, ms: 3.2 });
    assert.match(html, /<th scope="col" class="num">id<\/th><th scope="col">name<\/th>/);
    assert.match(html, /<td class="num">2<\/td><td><span class="sql-null">NULL<\/span><\/td>/);
    assert.match(html, /<td class="num">3<\/td><td>NULL<\/td>/);
    assert.match(html, /3 rows in 3 ms/);
    assert.match(html, /a\.sql:4/);
    assert.doesNotMatch(html, /Results cut/);
  });

  it('escapes cells, column names and the statement', () => {
    const html = renderQueryResult({ kind: 'rows', columns: [{ name: '<script>', numeric: false }], rows: [['<img src=x onerror=alert(1)>']], cut: false, file: 'a.sql', statement: "SELECT '<img>'", line: 1, ms: 1 });
    assert.doesNotMatch(html, /<script>|<img/);
    assert.match(html, /&lt;script&gt;/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.match(html, /SELECT &#39;&lt;img&gt;&#39;/);
  });

  it('says when the results were cut, and shows an empty result as such', () => {
    const cut = renderQueryResult({ kind: 'rows', columns: [{ name: 'n', numeric: true }], rows: Array.from({ length: 500 }, (_, i) => [String(i)]), cut: true, file: 'a.sql', statement: 'SELECT generate_series(1, 100000000)', line: 1, ms: 80 });
    assert.match(cut, /Results cut at 500 rows/);
    assert.match(cut, /500\+ rows in 80 ms/);
    const empty = renderQueryResult({ kind: 'rows', columns: [{ name: 'n', numeric: true }], rows: [], cut: false, file: 'a.sql', statement: 'SELECT 1 WHERE false', line: 1, ms: 1 });
    assert.match(empty, /0 rows in 1 ms/);
    assert.match(empty, /\(no rows\)/);
  });

  it('shows an error with its place and a button to its line; a timeout; a command tag; a run in progress', () => {
    const error = renderQueryResult({ kind: 'error', message: 'column "nme" does not exist', at: { line: 3, col: 12 }, file: 'a.sql', statement: 'SELECT nme FROM t', line: 3, ms: 2 });
    assert.match(error, /role="alert"><strong>ERROR at line 3, column 12:<\/strong> column &quot;nme&quot; does not exist/);
    assert.match(error, /<button type="button" class="link" data-action="openAnswer" data-line="3">Go to line 3<\/button>/);
    const timeout = renderQueryResult({ kind: 'timeout', message: 'the query ran longer than 5 s and was stopped', file: 'a.sql', statement: 'SELECT pg_sleep(1000)', line: 1, ms: 6000 });
    assert.match(timeout, /Stopped:<\/strong> the query ran longer than 5 s/);
    const command = renderQueryResult({ kind: 'command', command: 'INSERT 0 1', file: 'a.sql', statement: 'INSERT INTO t VALUES (1)', line: 1, ms: 2 });
    assert.match(command, /<code>INSERT 0 1<\/code> in 2 ms/);
    assert.match(command, /Nothing is kept/);
    assert.match(renderQueryResult({ kind: 'running', file: 'a.sql', statement: 'SELECT 1', line: 1 }), /Running query…/);
    assert.equal(querySummary({ kind: 'rows', columns: [], rows: [['1']].map(() => []), total: 40, cut: false, file: 'a', statement: 's', line: 1, ms: 1 }), '40 rows in 1 ms: the first 1 shown');
  });
});
