import * as assert from 'node:assert/strict';
import type { Question } from '../../src/core/bank/question';
import type { RunReport } from '../../src/core/checks/types';
import type { PanelResults } from '../../src/protocol';
import { displayValue, fixtureListing, forDisplay, toPanelResults } from '../../src/vscode/checks/display';
import { renderQuestionHtml, type PanelHtmlOptions } from '../../src/vscode/panelHtml';
import { changedLines, renderResultsBody } from '../../src/webview/resultsHtml';

const options: PanelHtmlOptions = {
  cspSource: 'https://webview.test',
  nonce: 'n0nce',
  scriptUri: 'https://webview.test/dist/webview.js',
  styleUri: 'https://webview.test/media/panel.css',
};

function question(overrides: Partial<Question> = {}): Question {
  return {
    id: 'find-duplicate-files',
    title: 'Find duplicate files',
    kind: 'code',
    difficulty: 'medium',
    prompt: 'Write `findDuplicates(dir)`.',
    answer: 'Group by size, then hash.',
    exercise: {
      languages: ['typescript', 'javascript', 'python'],
      entry: 'findDuplicates',
      starter: { python: 'def findDuplicates(root):\n    return []\n' },
      solution: {},
      cases: [
        { name: 'empty directory', args: ['$FIXTURE'], expect: [], compare: 'unordered-groups', fixture: { files: [] } },
        {
          name: 'two identical files',
          args: ['$FIXTURE'],
          expect: [['report.txt', 'report-final.txt']],
          compare: 'unordered-groups',
          fixture: {
            files: [
              { path: 'report.txt', text: 'Q3 revenue\n' },
              { path: 'report-final.txt', text: 'Q3 revenue\n' },
              { path: 'logo.png', base64: 'iVBORw0KGgo=' },
              { path: 'big.bin', size: 8388608, seed: 42 },
              { path: 'link', symlink: 'report.txt' },
              { path: 'cache', directory: true },
            ],
          },
        },
        { name: 'throws', args: ['$FIXTURE'], expect: [] },
      ],
    },
    category: 'coding',
    file: '/bank/coding/find-duplicate-files.yaml',
    origin: 'builtin',
    ...overrides,
  };
}

const report: RunReport = {
  passed: false,
  ms: 83.4,
  language: 'python',
  questionId: 'find-duplicate-files',
  cases: [
    { name: 'empty directory', status: 'passed', ms: 1.2, output: 'scanning <dir>\n' },
    {
      name: 'two identical files',
      status: 'failed',
      message: 'The groups differ.',
      args: ['$FIXTURE'],
      expected: [['report.txt', 'report-final.txt']],
      actual: [['report-final.txt', '<script>alert(1)</script>']],
      ms: 2.5,
    },
    {
      name: 'throws',
      status: 'error',
      message: 'ZeroDivisionError: division by zero',
      stack: 'File "find-duplicate-files.py", line 7, in findDuplicates\n    return 1 / 0',
      location: { line: 7, col: 5 },
      ms: 0.8,
    },
  ],
};

/** Text content, with tags dropped and entities decoded (enough for these assertions). */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('panel results', () => {
  const results = toPanelResults(report, question(), 'find-duplicate-files.py');

  it('turns a report into what the panel shows: call, fixture, values as text, sorted when order does not count', () => {
    assert.equal(results.state, 'done');
    assert.equal(results.file, 'find-duplicate-files.py');
    assert.deepEqual(results.cases.map((c) => c.status), ['passed', 'failed', 'error']);
    const failed = results.cases[1];
    assert.equal(failed.call, 'findDuplicates("$FIXTURE")');
    assert.equal(failed.expected, '[["report-final.txt", "report.txt"]]', 'inner groups sorted for display');
    assert.equal(failed.actual, '[["<script>alert(1)</script>", "report-final.txt"]]');
    assert.match(failed.fixture ?? '', /^report\.txt {2}\(11 bytes\) "Q3 revenue\\n"$/m);
    assert.match(failed.fixture ?? '', /^logo\.png {2}\(8 bytes, binary\)$/m);
    assert.match(failed.fixture ?? '', /^big\.bin {2}\(8388608 bytes, generated from seed 42\)$/m);
    assert.match(failed.fixture ?? '', /^link -> report\.txt {2}\(symbolic link\)$/m);
    assert.match(failed.fixture ?? '', /^cache\/$/m);
    assert.equal(results.cases[2].line, 7);
    assert.equal(results.cases[0].output, 'scanning <dir>\n', 'a passed case keeps its output');
    assert.equal(results.cases[0].expected, undefined, 'and nothing else');
  });

  it('renders the summary, each case with its status, and escapes every value', () => {
    const html = renderResultsBody(results);
    assert.match(text(html), /1\/3 passed in 83 ms · Python · find-duplicate-files\.py/);
    assert.match(html, /<li class="case case-passed">/);
    assert.match(html, /<li class="case case-failed">/);
    assert.match(html, /<li class="case case-error">/);
    assert.match(text(html), /two identical files\s*Failed/);
    assert.match(text(html), /throws\s*Error/);
    assert.doesNotMatch(html, /<script>|<dir>/, 'the user’s values are text, never markup');
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /scanning &lt;dir&gt;/);
  });

  it('shows expected and actual side by side with the differing lines marked', () => {
    const html = renderResultsBody(results);
    assert.match(html, /<div class="diff-side diff-expected"><h4>Expected<\/h4><pre><code><span class="diff-line diff-del">/);
    assert.match(html, /<div class="diff-side diff-actual"><h4>Actual<\/h4><pre><code><span class="diff-line diff-ins">/);
    const long = renderResultsBody({
      state: 'done',
      cases: [{ name: 'c', status: 'failed', expected: '[\n  1,\n  2,\n  3\n]', actual: '[\n  1,\n  5,\n  3\n]', ms: 1 }],
    });
    const marked = [...long.matchAll(/<span class="diff-line( diff-(?:del|ins))?">([^<]*)<\/span>/g)].map((m) => `${m[1] ? '*' : ' '}${m[2].trim()}`);
    assert.deepEqual(marked, [' [', ' 1,', '*2,', ' 3', ' ]', ' [', ' 1,', '*5,', ' 3', ' ]']);
  });

  it('shows the stack with a link to the line, and output behind a disclosure', () => {
    const html = renderResultsBody(results);
    assert.match(html, /<pre class="stack"><code>File &quot;find-duplicate-files\.py&quot;, line 7/);
    assert.match(html, /<button type="button" class="link" data-action="openAnswer" data-line="7">Go to line 7<\/button>/);
    assert.match(html, /<details class="case-output"><summary>Output \(1 line\)<\/summary>/);
    // The first case that did not pass is open; the others are closed.
    assert.equal(html.match(/<details class="case-details" open>/g)?.length, 1);
    assert.match(html, /<details class="case-details" open><summary class="case-head">[^]*?two identical files/);
  });

  it('says a reason every case shares once, above the list', () => {
    const reason = 'python3 was not found. Install Python 3, or set interviewDrills.pythonPath.';
    const html = renderResultsBody({
      state: 'done',
      ms: 4,
      cases: ['a', 'b'].map((name) => ({ name, status: 'not-started' as const, message: reason, ms: 0 })),
    });
    assert.equal(text(html).split(reason).length - 1, 1);
    assert.match(html, /class="results-notice" role="alert"/);
    assert.match(text(html), /0\/2 passed/);
  });

  it('shows a run in progress over the previous cases, dimmed', () => {
    const running: PanelResults = { ...results, state: 'running', ms: undefined };
    const html = renderResultsBody(running);
    assert.match(text(html), /Running checks…/);
    assert.match(html, /<ol class="cases stale">/);
  });

  it('puts a Run checks button and the Results section on every kind of question', () => {
    const code = renderQuestionHtml(question(), 'attempted', options);
    assert.match(code, /<button type="button" class="primary" id="run-checks" data-action="runChecks"[^>]*>Run checks<\/button>/);
    assert.match(code, /<section class="results" id="results" aria-labelledby="results-heading" hidden>/, 'hidden until the first run');
    const withResults = renderQuestionHtml(question(), 'attempted', { ...options, results });
    assert.match(withResults, /<section class="results" id="results" aria-labelledby="results-heading">/);
    assert.match(text(withResults), /1\/3 passed in 83 ms/);
    assert.doesNotMatch(withResults, /\sstyle=|<style/, 'no inline styles (the CSP has no unsafe-inline)');
    const running = renderQuestionHtml(question(), 'attempted', { ...options, results: { state: 'running', cases: [] } });
    assert.match(running, /id="run-checks"[^>]*disabled>Running…<\/button>/);
    const concept = renderQuestionHtml(question({ kind: 'concept', exercise: undefined }), 'new', options);
    assert.match(concept, /data-action="runChecks"/);
    assert.match(concept, /<section class="results" id="results" aria-labelledby="results-heading" hidden>/);
  });
});

describe('changedLines', () => {
  it('marks only the lines outside the longest common subsequence', () => {
    assert.deepEqual(changedLines(['a', 'b', 'c'], ['a', 'c']), { a: [false, true, false], b: [false, false] });
    assert.deepEqual(changedLines(['a'], ['b']), { a: [true], b: [true] });
    assert.deepEqual(changedLines([], ['x']), { a: [], b: [true] });
  });

  it('falls back to comparing by position for very long values', () => {
    const a = Array.from({ length: 1000 }, (_, i) => String(i));
    const b = a.map((line, i) => (i === 500 ? 'changed' : line));
    const result = changedLines(a, b);
    assert.deepEqual(result.a.flatMap((c, i) => (c ? [i] : [])), [500]);
  });
});

describe('displayValue', () => {
  it('keeps short values on one line and breaks long ones up, one item a line', () => {
    assert.equal(displayValue([['a.txt', 'b.txt']]), '[["a.txt", "b.txt"]]');
    const long = [Array.from({ length: 6 }, (_, i) => `folder/sub/file-${i}.txt`)];
    const shown = displayValue(long);
    assert.ok(shown.split('\n').length > 3, shown);
    assert.deepEqual(JSON.parse(shown), long, 'still reads as the same JSON');
  });

  it('says what JSON cannot: undefined, NaN, the harness markers, cycles', () => {
    assert.equal(displayValue(undefined), 'undefined');
    assert.equal(displayValue(Number.NaN), 'NaN');
    assert.equal(displayValue({ $nonJson: 'Infinity' }), 'Infinity');
    const cycle: unknown[] = [1];
    cycle.push(cycle);
    assert.equal(displayValue(cycle), '[1, [Circular]]');
  });

  it('sorts both sides only when the comparison ignores order', () => {
    assert.deepEqual(forDisplay([['b', 'a'], ['c']], 'unordered-groups'), [['a', 'b'], ['c']]);
    assert.deepEqual(forDisplay([3, 1, 2], 'unordered'), [1, 2, 3]);
    assert.deepEqual(forDisplay([3, 1, 2], 'exact'), [3, 1, 2]);
    assert.deepEqual(forDisplay([3, 1, 2], undefined), [3, 1, 2]);
  });

  it('lists an empty fixture as such', () => {
    assert.equal(fixtureListing([]), '(empty directory)');
  });
});

describe('SQL rows and the rubric note in the results', () => {
  it('shows a result set as a table', () => {
    assert.equal(
      displayValue({ columns: ['name', 'total'], rows: [['Ada', 120], ['Bo', null]] }),
      ['name | total', '-----+------', 'Ada  | 120', 'Bo   | NULL', '(2 rows)'].join('\n'),
    );
  });

  it('carries the rubric note to the panel and says it is not a grade', () => {
    const report = {
      passed: false,
      cases: [{ name: 'Structure (STAR)', status: 'failed' as const, message: 'Say what the situation was', ms: 0 }],
      ms: 2,
      language: 'markdown',
      questionId: 'find-duplicate-files',
      note: 'This is a rubric, not a grade: heuristic checks.',
    };
    const shown = toPanelResults(report, question({ kind: 'behavioral', exercise: undefined }), 'x.md');
    assert.equal(shown.note, report.note);
    const html = renderResultsBody(shown);
    assert.match(html, /Rubric, not a grade: heuristic checks\./);
    assert.match(html, /Say what the situation was/);
    assert.match(html, /Written answer/);
  });
});
