// The CLI as a user runs it: `node dist/cli.js ...` in a child process. The bundle is built here
// with the same settings as esbuild.js into a temporary install, whose built-in bank
// (`<install>/questions`, found relative to the bundle) is the good fixture bank.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { build } from 'esbuild';
import { GOOD_BANK, GOOD_IDS, REPO_ROOT, cleanupTempDirs, conceptYaml, tempBank } from './fixtures/bank/tempBank';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let install: string;

function cli(args: string[], cwd = install): Run {
  const result = spawnSync(process.execPath, [path.join(install, 'dist', 'cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cli: interview-drills', function () {
  this.timeout(60_000);

  before(async () => {
    install = await tempBank();
    await build({
      entryPoints: [path.join(REPO_ROOT, 'src', 'cli.ts')],
      outfile: path.join(install, 'dist', 'cli.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      banner: { js: '#!/usr/bin/env node' },
      logLevel: 'warning',
    });
    await fs.cp(GOOD_BANK, path.join(install, 'questions'), { recursive: true });
  });
  after(cleanupTempDirs);

  it('list --json prints every question with its fields, exit 0', () => {
    const run = cli(['list', '--json']);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    const questions = JSON.parse(run.stdout) as Record<string, unknown>[];
    assert.deepEqual(questions.map((q) => q.id).sort(), [...GOOD_IDS].sort());
    const byId = new Map(questions.map((q) => [q.id, q]));
    assert.deepEqual(
      { ...byId.get('two-sum'), file: undefined },
      {
        id: 'two-sum', title: 'Two sum', kind: 'code', category: 'coding', difficulty: 'easy',
        seed: null, languages: ['typescript', 'python'], tags: ['arrays', 'hashing'], origin: 'builtin', file: undefined,
      },
    );
    assert.equal(byId.get('two-sum')?.file, path.join(install, 'questions', 'coding', 'two-sum.yaml'));
    assert.equal(byId.get('idempotency')?.seed, 's1-10');
    assert.deepEqual(byId.get('top-customers')?.languages, ['sql']);
    assert.deepEqual(byId.get('conflict')?.languages, ['markdown']);
    assert.deepEqual(byId.get('conflict')?.tags, []);
  });

  it('list prints a table', () => {
    const run = cli(['list']);
    assert.equal(run.code, 0);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^ID\s+KIND\s+DIFFICULTY\s+CATEGORY\s+TITLE$/);
    assert.match(run.stdout, /^two-sum\s+code\s+easy\s+coding\s+Two sum$/m);
    assert.equal(lines[lines.length - 1], '5 questions');
  });

  it('--bank adds a folder (relative to the working directory) to the built-in bank', async () => {
    const extra = await tempBank({ 'concepts/extra.yaml': conceptYaml('extra') });
    const run = cli(['list', '--json', '--bank', path.basename(extra)], path.dirname(extra));
    assert.equal(run.code, 0, run.stderr);
    const questions = JSON.parse(run.stdout) as { id: string; origin: string }[];
    assert.equal(questions.length, GOOD_IDS.length + 1);
    assert.deepEqual(questions.find((q) => q.id === 'extra')?.origin, 'user');
  });

  it('a broken bank: exit 1, file:line:col: message on stderr, the good questions still listed', async () => {
    const broken = await tempBank({
      'concepts/fine.yaml': conceptYaml('fine'),
      'concepts/bad-kind.yaml': conceptYaml('bad-kind').replace('kind: concept', 'kind: essay'),
      'coding/bad-yaml.yaml': 'id: bad-yaml\ntitle: Sorting: a primer\n',
    });
    const run = cli(['list', '--json', '--no-builtin', '--bank', broken]);
    assert.equal(run.code, 1);
    assert.deepEqual((JSON.parse(run.stdout) as { id: string }[]).map((q) => q.id), ['fine']);
    const lines = run.stderr.trimEnd().split('\n');
    assert.deepEqual(lines, [
      `${path.join(broken, 'coding', 'bad-yaml.yaml')}:2:8: Nested mappings are not allowed in compact mappings: `
        + 'if a value contains \': \', quote it (title: "Sorting: a primer") or use a block scalar (|)',
      `${path.join(broken, 'concepts', 'bad-kind.yaml')}:3:7: kind: must be one of concept, code, sql, behavioral (found 'essay')`,
      '2 problems in 2 files; those files were skipped',
    ]);
  });

  it('prints paths relative to the working directory when the bank is inside it', async () => {
    const broken = await tempBank({ 'concepts/bad.yaml': 'id: bad\n' });
    const run = cli(['list', '--no-builtin', '--bank', '.'], broken);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^concepts\/bad\.yaml:1:1: must have required property 'title'$/m);
  });

  it('warnings alone do not fail', async () => {
    const dir = await tempBank({ 'concepts/ok.yaml': `${conceptYaml('ok')}why: !note Because\n` });
    const run = cli(['list', '--no-builtin', '--bank', dir]);
    assert.equal(run.code, 0);
    assert.match(run.stderr, /ok\.yaml:10:6: warning: /);
  });

  it('a missing built-in bank is a problem', async () => {
    const bare = await tempBank();
    await fs.cp(path.join(install, 'dist'), path.join(bare, 'dist'), { recursive: true });
    const run = spawnSync(process.execPath, [path.join(bare, 'dist', 'cli.js'), 'list'], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /built-in question bank .* does not exist/);
  });

  it('a --bank folder that does not exist is a usage error', () => {
    const run = cli(['list', '--bank', 'no-such-folder']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no such folder: .*no-such-folder/);
  });

  it('--help prints usage, exit 0', () => {
    const run = cli(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^usage: interview-drills <command>/);
    assert.match(run.stdout, /^ {2}list +list the questions in the bank$/m);
    const list = cli(['list', '--help']);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^usage: interview-drills list \[--json\]/);
  });

  it('no command, an unknown command or an unknown option: usage, exit 2', () => {
    const none = cli([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^usage:/);
    const unknown = cli(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^unknown command 'frobnicate'\nusage:/);
    const option = cli(['list', '--jsn']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /^unknown option --jsn\nusage: interview-drills list/);
  });

  it('the bundle starts with a shebang so npm can link it as a bin', async () => {
    const text = await fs.readFile(path.join(install, 'dist', 'cli.js'), 'utf8');
    assert.ok(text.startsWith('#!/usr/bin/env node\n'));
  });
});
