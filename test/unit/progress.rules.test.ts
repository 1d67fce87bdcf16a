// The pure rules of progress: status transitions, merging two records, reading untrusted JSON.
import * as assert from 'node:assert/strict';
import { mergeQuestion, unionAttempts } from '../../src/core/progress/merge';
import type { Attempt, QuestionProgress } from '../../src/core/progress/model';
import { applyCheck, applyRating, applyReset, applyStart } from '../../src/core/progress/transitions';
import { parseProgressText } from '../../src/core/progress/validate';

const t = (minute: number): string => new Date(Date.UTC(2024, 0, 1, 12, minute)).toISOString();

describe('progress transitions', () => {
  it('moves new → attempted on start, solved on a pass, and a later failure keeps it solved', () => {
    const started = applyStart(undefined, t(0), 'python');
    assert.equal(started.status, 'attempted');
    assert.equal(started.firstStartedAt, t(0));
    assert.equal(started.language, 'python');

    const failed = applyCheck(started, t(1), { passed: false, durationMs: 40 });
    assert.equal(failed.status, 'attempted');
    assert.equal(failed.solvedAt, undefined);

    const solved = applyCheck(failed, t(2), { passed: true, durationMs: 35, language: 'typescript' });
    assert.equal(solved.status, 'solved');
    assert.equal(solved.solvedAt, t(2));
    assert.equal(solved.language, 'typescript');

    const failedAgain = applyCheck(solved, t(3), { passed: false });
    assert.equal(failedAgain.status, 'solved');
    assert.equal(failedAgain.solvedAt, t(2), 'solvedAt is the first pass');

    const restarted = applyStart(failedAgain, t(4), 'python');
    assert.equal(restarted.status, 'solved');
    assert.equal(restarted.firstStartedAt, t(0));
    assert.deepEqual(restarted.attempts.map((a) => a.event), ['started', 'checked', 'checked', 'checked', 'started']);
    assert.deepEqual(restarted.attempts.map((a) => a.passed), [undefined, false, true, false, undefined]);
  });

  it('does not modify the value it is given', () => {
    const before = applyStart(undefined, t(0));
    const copy = structuredClone(before);
    applyCheck(before, t(1), { passed: true });
    assert.deepEqual(before, copy);
  });

  it('a check without a start still counts as attempted, a rating records the grade', () => {
    assert.equal(applyCheck(undefined, t(0), { passed: false }).status, 'attempted');
    const rated = applyRating(undefined, t(0), 'hard', { updatedAt: t(0), due: t(60), data: { stability: 2 } });
    assert.equal(rated.status, 'attempted');
    assert.equal(rated.attempts[0].rating, 'hard');
    assert.equal(rated.review?.due, t(60));
  });

  it('a per-question reset makes it new again but keeps the history', () => {
    const solved = applyCheck(applyStart(undefined, t(0)), t(1), { passed: true });
    const reset = applyReset(solved, t(2));
    assert.equal(reset.status, 'new');
    assert.equal(reset.solvedAt, undefined);
    assert.equal(reset.resetAt, t(2));
    assert.equal(reset.attempts.length, 3);
  });
});

describe('mergeQuestion', () => {
  const solvedHere: QuestionProgress = {
    status: 'solved',
    attempts: [
      { at: t(0), event: 'started', language: 'python' },
      { at: t(5), event: 'checked', passed: true },
    ],
    updatedAt: t(5),
    firstStartedAt: t(0),
    solvedAt: t(5),
    language: 'python',
  };
  const attemptedThere: QuestionProgress = {
    status: 'attempted',
    attempts: [
      { at: t(0), event: 'started', language: 'python' }, // the same attempt, already synced once
      { at: t(2), event: 'started', language: 'typescript' },
      { at: t(9), event: 'checked', passed: false },
    ],
    updatedAt: t(9),
    firstStartedAt: t(2),
    language: 'typescript',
  };

  it('keeps the most advanced status, unions attempts and takes min/max timestamps', () => {
    const merged = mergeQuestion(solvedHere, attemptedThere);
    assert.equal(merged.status, 'solved');
    assert.equal(merged.solvedAt, t(5));
    assert.equal(merged.firstStartedAt, t(0));
    assert.equal(merged.updatedAt, t(9));
    assert.equal(merged.language, 'typescript', 'language of the most recent side');
    assert.deepEqual(merged.attempts.map((a) => a.at), [t(0), t(2), t(5), t(9)]);
  });

  it('is commutative and idempotent', () => {
    assert.deepEqual(mergeQuestion(solvedHere, attemptedThere), mergeQuestion(attemptedThere, solvedHere));
    const merged = mergeQuestion(solvedHere, attemptedThere);
    assert.deepEqual(mergeQuestion(merged, merged), merged);
    assert.deepEqual(mergeQuestion(merged, attemptedThere), merged);
  });

  it('a reset on one side cancels progress made before it, but not after', () => {
    const reset = applyReset(solvedHere, t(7));
    const merged = mergeQuestion(reset, solvedHere);
    assert.equal(merged.status, 'new', 'the solve at t5 predates the reset at t7');
    assert.equal(merged.resetAt, t(7));
    const laterWork = mergeQuestion(reset, attemptedThere);
    assert.equal(laterWork.status, 'attempted', 'the failed check at t9 came after the reset');
  });

  it('the newer review state wins', () => {
    const a = { ...solvedHere, review: { updatedAt: t(1), data: { s: 1 } } };
    const b = { ...attemptedThere, review: { updatedAt: t(3), data: { s: 3 } } };
    assert.deepEqual(mergeQuestion(a, b).review, { updatedAt: t(3), data: { s: 3 } });
  });

  it('unionAttempts dedupes by time and event and keeps only the newest when over the cap', () => {
    const many: Attempt[] = Array.from({ length: 10 }, (_, i) => ({ at: t(i), event: 'started' }));
    const union = unionAttempts(many, many.slice(5), 4);
    assert.deepEqual(union.map((a) => a.at), [t(6), t(7), t(8), t(9)]);
  });
});

describe('reading progress JSON', () => {
  it('rejects text that is not a progress file, saying why', () => {
    const notJson = parseProgressText('{"version": 1, "questions": {');
    assert.equal(notJson.kind, 'invalid');
    assert.match(notJson.kind === 'invalid' ? notJson.reason : '', /not valid JSON/);
    const noQuestions = parseProgressText('{"version": 1}');
    assert.match(noQuestions.kind === 'invalid' ? noQuestions.reason : '', /"questions" must be an object/);
    const wrongVersion = parseProgressText('{"version": "one", "questions": {}}');
    assert.match(wrongVersion.kind === 'invalid' ? wrongVersion.reason : '', /unsupported "version" "one"/);
    assert.deepEqual(parseProgressText('{"version": 2, "questions": {}}'), { kind: 'newer', version: 2 });
  });

  it('drops only the entries and attempts that are wrong, with a path to each', () => {
    const parsed = parseProgressText(
      JSON.stringify({
        version: 1,
        questions: {
          good: { status: 'solved', attempts: [{ at: t(1), event: 'checked', passed: true }, { at: 'yesterday', event: 'started' }], updatedAt: t(1) },
          typo: { status: 'done', attempts: [], updatedAt: t(1) },
          handWritten: { status: 'attempted' },
        },
      }),
    );
    assert.equal(parsed.kind, 'ok');
    if (parsed.kind !== 'ok') return;
    assert.deepEqual(Object.keys(parsed.file.questions).sort(), ['good', 'handWritten']);
    assert.equal(parsed.file.questions.good.attempts.length, 1);
    assert.deepEqual(parsed.file.questions.handWritten.attempts, []);
    assert.deepEqual(
      parsed.issues.map((i) => i.path),
      ['questions["good"].attempts[1].at', 'questions["typo"].status'],
    );
    assert.match(parsed.issues[1].message, /expected one of new, attempted, solved, got "done"/);
  });
});
