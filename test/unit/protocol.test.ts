import * as assert from 'node:assert/strict';
import { parseHostMessage, parsePanelMessage, parseViewState, statusText } from '../../src/protocol';

describe('parsePanelMessage', () => {
  const valid: unknown[] = [
    { type: 'ready', questionId: 'duplicate-files' },
    { type: 'start', questionId: 'duplicate-files' },
    { type: 'start', questionId: 'duplicate-files', language: 'python' },
    { type: 'resetStarter', questionId: 'two-sum' },
    { type: 'chooseLanguage', questionId: 'two-sum' },
    { type: 'revealAnswer', questionId: 'acid' },
    { type: 'hintShown', questionId: 'acid', index: 0 },
    { type: 'hintShown', questionId: 'acid', index: 2 },
    { type: 'runChecks', questionId: 'find-duplicate-files' },
    { type: 'openAnswer', questionId: 'find-duplicate-files' },
    { type: 'openAnswer', questionId: 'find-duplicate-files', line: 12 },
    { type: 'random' },
  ];
  for (const message of valid) {
    it(`accepts ${JSON.stringify(message)}`, () => {
      assert.deepEqual(parsePanelMessage(message), message);
    });
  }

  it('returns a fresh object, not the one it was given', () => {
    const message = { type: 'random' };
    assert.notEqual(parsePanelMessage(message), message);
  });

  const huge = 'a'.repeat(1_000_000);
  const junk: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a string', 'ready'],
    ['a number', 42],
    ['an array', [{ type: 'random' }]],
    ['an empty object', {}],
    ['an unknown type', { type: 'runShell', questionId: 'x' }],
    ['a type that is not a string', { type: ['random'] }],
    ['a prototype key as type', { type: 'constructor' }],
    ['an extra field', { type: 'random', command: 'workbench.action.terminal.new' }],
    ['an extra __proto__ field', JSON.parse('{"type":"random","__proto__":{"polluted":true}}')],
    ['a missing question id', { type: 'start' }],
    ['a numeric question id', { type: 'revealAnswer', questionId: 7 }],
    ['a question id with a path', { type: 'start', questionId: '../../etc/passwd' }],
    ['a question id in capitals', { type: 'start', questionId: 'Two-Sum' }],
    ['an empty question id', { type: 'ready', questionId: '' }],
    ['a huge question id', { type: 'ready', questionId: huge }],
    ['a huge language', { type: 'start', questionId: 'x', language: huge }],
    ['an unknown language', { type: 'start', questionId: 'x', language: 'ruby' }],
    ['a language that is not a string', { type: 'start', questionId: 'x', language: 1 }],
    ['a negative hint index', { type: 'hintShown', questionId: 'x', index: -1 }],
    ['a fractional hint index', { type: 'hintShown', questionId: 'x', index: 1.5 }],
    ['a hint index as a string', { type: 'hintShown', questionId: 'x', index: '1' }],
    ['a NaN hint index', { type: 'hintShown', questionId: 'x', index: Number.NaN }],
    ['a huge hint index', { type: 'hintShown', questionId: 'x', index: 1e9 }],
    ['a host message sent back', { type: 'progress', questionId: 'x', status: 'solved' }],
    ['runChecks with a file path', { type: 'runChecks', questionId: 'x', file: '/etc/passwd' }],
    ['runChecks without a question', { type: 'runChecks' }],
    ['openAnswer at line 0', { type: 'openAnswer', questionId: 'x', line: 0 }],
    ['openAnswer at a fractional line', { type: 'openAnswer', questionId: 'x', line: 2.5 }],
    ['openAnswer at a line given as text', { type: 'openAnswer', questionId: 'x', line: '3' }],
    ['openAnswer with a uri', { type: 'openAnswer', questionId: 'x', uri: 'file:///etc/passwd' }],
  ];
  for (const [name, value] of junk) {
    it(`rejects ${name}`, () => {
      assert.equal(parsePanelMessage(value), undefined);
    });
  }
});

describe('parseHostMessage', () => {
  it('accepts progress, with or without an attempt count', () => {
    assert.deepEqual(parseHostMessage({ type: 'progress', questionId: 'x', status: 'solved' }), { type: 'progress', questionId: 'x', status: 'solved' });
    assert.deepEqual(
      parseHostMessage({ type: 'progress', questionId: 'x', status: 'attempted', attempts: 3 }),
      { type: 'progress', questionId: 'x', status: 'attempted', attempts: 3 },
    );
  });

  it('rejects unknown statuses, bad counts, extra fields and other junk', () => {
    for (const value of [
      null,
      'progress',
      { type: 'progress', questionId: 'x', status: 'mastered' },
      { type: 'progress', questionId: 'x', status: 'new', attempts: -1 },
      { type: 'progress', questionId: 'x', status: 'new', attempts: '2' },
      { type: 'progress', questionId: 'x', status: 'new', html: '<b>' },
      { type: 'start', questionId: 'x' },
    ]) {
      assert.equal(parseHostMessage(value), undefined, JSON.stringify(value));
    }
  });
});

describe('parseHostMessage: results', () => {
  const failedCase = {
    name: 'two identical files',
    status: 'failed',
    message: 'groups differ',
    call: 'findDuplicates("$FIXTURE")',
    fixture: 'a.txt  (2 bytes) "a\\n"',
    expected: '[["a.txt", "b.txt"]]',
    actual: '[]',
    ms: 3.5,
  };
  const results = {
    state: 'done',
    file: 'find-duplicate-files.py',
    language: 'python',
    ms: 83,
    cases: [{ name: 'empty', status: 'passed', ms: 1, output: 'hello\n' }, failedCase, { name: 'boom', status: 'error', message: 'TypeError', stack: 'at line 3', line: 3, ms: 2 }],
  };

  it('accepts a finished run, a run in progress and "no results"', () => {
    assert.deepEqual(parseHostMessage({ type: 'results', questionId: 'x', results }), { type: 'results', questionId: 'x', results });
    assert.deepEqual(parseHostMessage({ type: 'results', questionId: 'x', results: { state: 'running', cases: [] } }), {
      type: 'results',
      questionId: 'x',
      results: { state: 'running', cases: [] },
    });
    assert.deepEqual(parseHostMessage({ type: 'results', questionId: 'x', results: null }), { type: 'results', questionId: 'x', results: null });
  });

  it('accepts every case status', () => {
    for (const status of ['passed', 'failed', 'error', 'timeout', 'memory', 'output', 'not-started']) {
      const message = { type: 'results', questionId: 'x', results: { state: 'done', cases: [{ name: 'c', status, ms: 0 }] } };
      assert.deepEqual(parseHostMessage(message), message, status);
    }
  });

  const withCase = (c: unknown) => ({ type: 'results', questionId: 'x', results: { ...results, cases: [c] } });
  const bad: [string, unknown][] = [
    ['a missing results field', { type: 'results', questionId: 'x' }],
    ['results as a string', { type: 'results', questionId: 'x', results: '<b>7/8</b>' }],
    ['an unknown state', { type: 'results', questionId: 'x', results: { ...results, state: 'paused' } }],
    ['cases that are not a list', { type: 'results', questionId: 'x', results: { ...results, cases: {} } }],
    ['an extra html field', { type: 'results', questionId: 'x', results: { ...results, html: '<script>' } }],
    ['an unknown language', { type: 'results', questionId: 'x', results: { ...results, language: 'ruby' } }],
    ['a negative duration', { type: 'results', questionId: 'x', results: { ...results, ms: -1 } }],
    ['too many cases', { type: 'results', questionId: 'x', results: { state: 'done', cases: Array.from({ length: 501 }, () => ({ name: 'c', status: 'passed', ms: 0 })) } }],
    ['an unknown case status', withCase({ ...failedCase, status: 'flaky' })],
    ['a case without a name', withCase({ status: 'passed', ms: 0 })],
    ['a case with a NaN duration', withCase({ ...failedCase, ms: Number.NaN })],
    ['a case value that is not text', withCase({ ...failedCase, expected: [['a.txt']] })],
    ['a case with a huge output', withCase({ ...failedCase, output: 'x'.repeat(64_001) })],
    ['a case with an extra field', withCase({ ...failedCase, onclick: 'alert(1)' })],
    ['a case at line 0', withCase({ ...failedCase, line: 0 })],
    ['a case at a fractional line', withCase({ ...failedCase, line: 1.5 })],
  ];
  for (const [name, value] of bad) {
    it(`rejects ${name}`, () => {
      assert.equal(parseHostMessage(value), undefined);
    });
  }
});

describe('parseViewState', () => {
  it('restores a saved state', () => {
    const state = { questionId: 'acid', hintsShown: 2, answerRevealed: true, scrollY: 340 };
    assert.deepEqual(parseViewState(state), state);
  });

  it('falls back to nothing revealed for malformed fields, but needs a question id', () => {
    assert.deepEqual(parseViewState({ questionId: 'acid', hintsShown: 'all', answerRevealed: 'yes', scrollY: -5 }), {
      questionId: 'acid',
      hintsShown: 0,
      answerRevealed: false,
      scrollY: 0,
    });
    assert.equal(parseViewState({ hintsShown: 1 }), undefined);
    assert.equal(parseViewState(undefined), undefined);
    assert.equal(parseViewState({ questionId: '<img>' }), undefined);
  });
});

describe('statusText', () => {
  it('says the status and, when known, the attempts', () => {
    assert.equal(statusText('new'), 'New');
    assert.equal(statusText('attempted', 1), 'Attempted · 1 attempt');
    assert.equal(statusText('solved', 4), 'Solved · 4 attempts');
  });
});
