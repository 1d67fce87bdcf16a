// `interview-drills check FILE` as a user runs it: `node dist/cli.js check ...` in a child process,
// on real solution files of the duplicate-files exercise, through the real engine and runners.
// The bundle is built here with the settings of esbuild.js into a temporary install whose other
// parts (questions/, runners/, the rest of dist/ built by `node esbuild.js`, node_modules/) are
// links to the repository's, so `extensionRoot` is laid out as in the packaged extension.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { build } from 'esbuild';
import { loadBank } from '../../src/core/bank/loader';
import type { Language, Question } from '../../src/core/bank/question';
import { starterText } from '../../src/core/scratch';
import { GOOD_BANK, REPO_ROOT, cleanupTempDirs, tempBank } from './fixtures/bank/tempBank';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface JsonCase {
  name: string;
  status: string;
  message?: string;
  expected?: unknown;
  actual?: unknown;
  ms: number;
}

interface JsonReport {
  question: string;
  language: string;
  passed: boolean;
  cases: JsonCase[];
}

const ID = 'find-duplicate-files';
const SQL_ID = 'paid-customers-where-having';
const CONCEPT_ID = 'restful-apis';

let install: string;
let work: string;
let question: Question;

function cli(args: string[], cwd = work): Run {
  const result = spawnSync(process.execPath, [path.join(install, 'dist', 'cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function parseJson(run: Run): JsonReport {
  try {
    return JSON.parse(run.stdout) as JsonReport;
  } catch {
    assert.fail(`stdout is not one JSON document (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

async function writeAnswer(name: string, text: string): Promise<string> {
  const file = path.join(work, name);
  await fs.writeFile(file, text);
  return file;
}

function solution(language: Language): string {
  const text = question.exercise?.solution[language];
  assert.ok(text, `the question has a ${language} solution`);
  return text;
}

function assertAllPassed(run: Run, language: Language): void {
  assert.equal(run.code, 0, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  const report = parseJson(run);
  assert.equal(report.passed, true);
  assert.equal(report.question, ID);
  assert.equal(report.language, language);
  assert.deepEqual(
    report.cases.map((c) => c.name),
    question.exercise?.cases.map((c) => c.name),
  );
  for (const c of report.cases) {
    assert.equal(c.status, 'passed', `${c.name}: ${c.message}`);
    assert.equal(typeof c.ms, 'number');
  }
}

function hasPython(): boolean {
  return spawnSync('python3', ['--version'], { encoding: 'utf8' }).status === 0;
}

describe('cli: interview-drills check', function () {
  this.timeout(120_000);

  before(async () => {
    install = await tempBank();
    work = await tempBank();
    await fs.mkdir(path.join(install, 'dist'));
    await build({
      entryPoints: [path.join(REPO_ROOT, 'src', 'cli.ts')],
      outfile: path.join(install, 'dist', 'cli.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      sourcemap: true,
      sourcesContent: false,
      banner: { js: '#!/usr/bin/env node' },
      logLevel: 'warning',
    });
    for (const entry of await fs.readdir(path.join(REPO_ROOT, 'dist'))) {
      if (entry.startsWith('cli.js') || entry.endsWith('.vsix')) continue;
      await fs.symlink(path.join(REPO_ROOT, 'dist', entry), path.join(install, 'dist', entry));
    }
    for (const entry of ['questions', 'runners', 'node_modules', 'package.json']) {
      await fs.symlink(path.join(REPO_ROOT, entry), path.join(install, entry)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    const bank = await loadBank([{ dir: path.join(REPO_ROOT, 'questions'), origin: 'builtin' }]);
    const found = bank.questions.find((q) => q.id === ID);
    assert.ok(found, `${ID} is in the built-in bank`);
    question = found;
  });
  after(cleanupTempDirs);

  describe('reference solutions pass', () => {
    it('TypeScript, with --question: exit 0, every case passed', async () => {
      const file = await writeAnswer('answer.ts', solution('typescript'));
      assertAllPassed(cli(['check', file, '--question', ID, '--json']), 'typescript');
    });

    it('JavaScript, with --question and --lang js', async () => {
      const file = await writeAnswer('answer.js', solution('javascript'));
      assertAllPassed(cli(['check', file, '--question', ID, '--lang', 'js', '--json']), 'javascript');
    });

    it('Python, found by its file name <id>.py, without --question', async function () {
      if (!hasPython()) this.skip();
      await writeAnswer(`${ID}.py`, solution('python'));
      assertAllPassed(cli(['check', `${ID}.py`, '--json']), 'python');
    });

    it('JavaScript, found by the header comment of a file with another name', async () => {
      const header = starterText(question, 'javascript').split('\n\n')[0];
      assert.match(header, /^\/\/ Interview Drills question: find-duplicate-files$/m);
      const file = await writeAnswer('my-attempt.js', `${header}\n\n${solution('javascript')}`);
      assertAllPassed(cli(['check', path.basename(file), '--json']), 'javascript');
    });

    it('without --json: one ✔ line per case and the counts, exit 0', async () => {
      const file = await writeAnswer(`${ID}.ts`, solution('typescript'));
      const run = cli(['check', file]);
      assert.equal(run.code, 0, run.stderr);
      const lines = run.stdout.trimEnd().split('\n');
      const count = question.exercise?.cases.length ?? 0;
      assert.equal(lines.filter((l) => /^✔ .+ \(\d+ ms\)$/.test(l)).length, count);
      assert.equal(lines[lines.length - 1], `${count} passed, 0 failed`);
    });
  });

  describe('the starter fails', () => {
    const emptyExpected = (): string[] => (question.exercise?.cases ?? []).filter((c) => JSON.stringify(c.expect) === '[]').map((c) => c.name);

    it('--json: exit 1, the failed cases carry expected and actual', async () => {
      const file = await writeAnswer(`${ID}.ts`, starterText(question, 'typescript'));
      const run = cli(['check', file, '--json']);
      assert.equal(run.code, 1, run.stderr);
      const report = parseJson(run);
      assert.equal(report.passed, false);
      const cases = question.exercise?.cases ?? [];
      assert.equal(report.cases.length, cases.length);
      // The starter returns [], which is right exactly when no duplicates are expected.
      for (const [i, c] of report.cases.entries()) {
        if (emptyExpected().includes(c.name)) {
          assert.equal(c.status, 'passed', c.name);
        } else {
          assert.equal(c.status, 'failed', c.name);
          assert.deepEqual(c.expected, cases[i].expect);
          assert.deepEqual(c.actual, []);
          assert.ok(c.message, `${c.name} has a message`);
        }
      }
    });

    it('as text: ✘ lines with expected and actual, the counts last', async () => {
      await writeAnswer(`${ID}.js`, starterText(question, 'javascript'));
      const run = cli(['check', `${ID}.js`]);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /^✔ an empty directory has no duplicates \(\d+ ms\)$/m);
      assert.match(run.stdout, /^✘ two identical files among distinct ones — .+$/m);
      assert.match(run.stdout, /^ {4}expected: \[\["report\.txt","report-final\.txt"\]\]$/m);
      assert.match(run.stdout, /^ {4}actual: \[\]$/m);
      const total = question.exercise?.cases.length ?? 0;
      const passed = emptyExpected().length;
      assert.equal(run.stdout.trimEnd().split('\n').pop(), `${passed} passed, ${total - passed} failed`);
    });
  });

  describe('usage errors: exit 2 and what to do', () => {
    it('an unknown question', async () => {
      const file = await writeAnswer('answer.ts', solution('typescript'));
      const run = cli(['check', file, '--question', 'no-such-question']);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^no question 'no-such-question' in the bank; pass --question ID \('interview-drills list' shows the ids/);
    });

    it('a file that names no question', async () => {
      const file = await writeAnswer('Solution.ts', solution('typescript'));
      const run = cli(['check', file]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^cannot tell which question Solution\.ts answers: .*pass --question ID/);
    });

    it('a SQL question: the reference query passes on the embedded PostgreSQL, SELECT 1 fails', async () => {
      const bank = await loadBank([{ dir: path.join(REPO_ROOT, 'questions'), origin: 'builtin' }]);
      const sql = bank.questions.find((q) => q.id === SQL_ID)!;
      const good = await writeAnswer(`${SQL_ID}.sql`, sql.sql!.solution);
      const passed = cli(['check', good, '--json']);
      assert.equal(passed.code, 0, passed.stdout + passed.stderr);
      assert.ok(parseJson(passed).cases.every((c) => c.status === 'passed'));
      const bad = await writeAnswer(`${SQL_ID}.sql`, 'SELECT 1;\n');
      const failed = cli(['check', bad, '--json']);
      assert.equal(failed.code, 1, failed.stderr);
      assert.ok(parseJson(failed).cases.some((c) => c.status !== 'passed'));
    });

    it('a written question: the model answer passes the rubric', async () => {
      const bank = await loadBank([{ dir: path.join(REPO_ROOT, 'questions'), origin: 'builtin' }]);
      const concept = bank.questions.find((q) => q.id === CONCEPT_ID)!;
      const file = await writeAnswer(`${CONCEPT_ID}.md`, `${starterText(concept, 'markdown').split('## My answer')[0]}## My answer\n\n${concept.answer}`);
      const run = cli(['check', file, '--json']);
      assert.equal(run.code, 0, run.stdout);
      assert.ok(parseJson(run).cases.every((c) => c.status === 'passed'));
    });

    it('a written question: the rubric runs, and a one-line answer fails it', async () => {
      const file = await writeAnswer(`${CONCEPT_ID}.md`, '# My answer\n');
      const run = cli(['check', file, '--json']);
      assert.equal(run.code, 1, run.stderr);
      const report = parseJson(run);
      assert.equal(report.passed, false);
      assert.ok(report.cases.some((c) => c.name.startsWith('Key point:') && c.status === 'failed'));
    });

    it('a language the exercise does not offer', async () => {
      const file = await writeAnswer('two-sum.js', 'module.exports = {};\n');
      const run = cli(['check', file, '--no-builtin', '--bank', GOOD_BANK]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^'two-sum' is not offered in JavaScript, only in TypeScript, Python/);
    });

    it('a missing file', () => {
      const run = cli(['check', 'nowhere.ts', '--question', ID]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /^no such file: \S*nowhere\.ts\n$/);
    });

    it('no file, two files, bad options', async () => {
      const file = await writeAnswer('answer.ts', solution('typescript'));
      for (const args of [[], [file, file], [file, '--lang', 'rust'], [file, '--timeout', 'soon'], [file, '--question', ID, '--question', ID], [file, '--jsn']]) {
        const run = cli(['check', ...args, ...(args.includes('--question') ? [] : ['--question', ID])]);
        assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
        assert.notEqual(run.stderr, '');
        assert.equal(run.stdout, '');
      }
    });

    it('--help prints the usage, and the command list names check', () => {
      const help = cli(['check', '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^usage: interview-drills check FILE \[--question ID\] \[--lang ts\|js\|py\] \[--json\]/);
      assert.match(cli(['--help']).stdout, /^ {2}check +run the checks of a coding or SQL exercise, or the rubric of a written answer, on a file$/m);
    });
  });
});
