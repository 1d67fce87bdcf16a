// A question's own comparison, for the rare exercise no built-in rule fits: the body of
// `(expected, actual) => boolean`, written in the question file. It runs here, in the engine's
// process (never in the child, where the code under test could reach it), in a context of its own
// with nothing but the two values (JSON copies), under a time limit.
import * as vm from 'node:vm';

/** A comparator that takes longer than this has a bug (it blocks the engine's process meanwhile). */
const COMPARATOR_TIMEOUT_MS = 250;

export type ComparatorResult = { equal: boolean; reason?: string } | { error: string };

export function runComparator(body: string, expected: unknown, actual: unknown): ComparatorResult {
  // A comparator that accepts anything needs no copies of the values. The case generator's
  // synthetic question uses one, and its results can be megabytes, which would take longer to
  // copy and parse than the time limit on a busy machine.
  if (/^\s*return\s+true\s*;?\s*$/.test(body)) return { equal: true };
  try {
    const sandbox = { expectedJson: JSON.stringify(expected) ?? 'null', actualJson: JSON.stringify(actual) ?? 'null', result: undefined as unknown };
    vm.runInNewContext(
      `result = (function (expected, actual) {\n${body}\n})(JSON.parse(expectedJson), JSON.parse(actualJson));`,
      sandbox,
      { timeout: COMPARATOR_TIMEOUT_MS, filename: 'question comparator' },
    );
    if (sandbox.result === true) return { equal: true };
    if (sandbox.result === false) return { equal: false, reason: "the question's comparator does not accept this result" };
    return { error: `the question's comparator returned ${String(sandbox.result)} instead of true or false` };
  } catch (error) {
    return { error: `the question's comparator failed: ${(error as Error)?.message ?? String(error)}` };
  }
}
