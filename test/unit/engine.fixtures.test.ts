// Fixture folders as an answer meets them: each case gets its own, exactly as the question
// describes it, however an earlier case (or an earlier run) wrecked its own copy.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FixtureFile, Language } from '../../src/core/bank/question';
import { removeTreeSync } from '../../src/core/checks/fixtures';
import { FixturePool } from '../../src/core/runners/fixturePool';
import { codeQuestion, Sandbox, statuses } from './fixtures/engine/helpers';

const FILES: FixtureFile[] = [
  { path: 'a.txt', text: 'alpha\n' },
  { path: 'sub/b.bin', base64: 'AAECAw==' },
  { path: 'sub/deeper/big.bin', size: 300_000, seed: 9 },
  { path: 'empty', directory: true },
  { path: 'link', symlink: 'a.txt' },
];

/** What the answer reports of its folder: every entry with its kind and a digest of its bytes. */
const LISTING = [
  'a.txt file 6 alpha',
  'empty dir',
  'link link a.txt',
  'sub dir',
  'sub/b.bin file 4 00010203',
  'sub/deeper dir',
  'sub/deeper/big.bin file 300000 3e',
];

const JS_ANSWER = `
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

function listing(dir) {
  const out = [];
  const walk = (rel) => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel ? rel + '/' + name : name;
      const full = path.join(dir, r);
      const st = fs.lstatSync(full);
      if (st.isSymbolicLink()) out.push(r + ' link ' + fs.readlinkSync(full));
      else if (st.isDirectory()) { out.push(r + ' dir'); walk(r); }
      else {
        const bytes = fs.readFileSync(full);
        const shown = r.endsWith('.txt') ? bytes.toString().trim() : r.endsWith('big.bin') ? crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 2) : bytes.toString('hex');
        out.push(r + ' file ' + bytes.length + ' ' + shown);
      }
    }
  };
  walk('');
  return out;
}

exports.inspect = (dir, wreck) => {
  const seen = listing(dir);
  if (wreck) {
    fs.writeFileSync(path.join(dir, 'a.txt'), 'changed\\n');
    fs.rmSync(path.join(dir, 'sub', 'b.bin'));
    fs.writeFileSync(path.join(dir, 'new.txt'), 'new');
    fs.appendFileSync(path.join(dir, 'sub', 'deeper', 'big.bin'), 'x');
    fs.unlinkSync(path.join(dir, 'link'));
    fs.chmodSync(path.join(dir, 'sub'), 0o000);
  }
  return seen;
};
`;

const PY_ANSWER = `
import hashlib
import os


def _listing(root):
    out = []
    def walk(rel):
        for name in sorted(os.listdir(os.path.join(root, rel))):
            r = f"{rel}/{name}" if rel else name
            full = os.path.join(root, r)
            if os.path.islink(full):
                out.append(f"{r} link {os.readlink(full)}")
            elif os.path.isdir(full):
                out.append(f"{r} dir")
                walk(r)
            else:
                data = open(full, "rb").read()
                if r.endswith(".txt"):
                    shown = data.decode().strip()
                elif r.endswith("big.bin"):
                    shown = hashlib.sha256(data).hexdigest()[:2]
                else:
                    shown = data.hex()
                out.append(f"{r} file {len(data)} {shown}")
    walk("")
    return out


def inspect(root, wreck):
    seen = _listing(root)
    if wreck:
        with open(os.path.join(root, "a.txt"), "w") as f:
            f.write("changed")
        os.remove(os.path.join(root, "sub", "b.bin"))
        os.chmod(os.path.join(root, "sub"), 0)
    return seen
`;

const QUESTION = codeQuestion('fixture-integrity', 'inspect', [
  { name: 'wrecks its folder after looking', args: ['$FIXTURE', true], expect: LISTING, fixture: { files: FILES } },
  { name: 'sees an intact folder', args: ['$FIXTURE', false], expect: LISTING, fixture: { files: FILES } },
  { name: 'wrecks it again', args: ['$FIXTURE', true], expect: LISTING, fixture: { files: FILES } },
  { name: 'still intact', args: ['$FIXTURE', false], expect: LISTING, fixture: { files: FILES } },
]);

describe('engine: fixtures', function () {
  this.timeout(20_000);
  let box: Sandbox;
  before(() => {
    box = new Sandbox();
  });
  after(() => box.cleanup());

  for (const [language, answer] of [['javascript', JS_ANSWER], ['python', PY_ANSWER]] as [Language, string][]) {
    it(`${language}: a case that modifies or deletes its fixture files does not affect the later cases, nor the next run`, async () => {
      const file = box.answer(language, answer);
      for (let run = 0; run < 3; run++) {
        const report = await box.engine.run({ question: QUESTION, language, file });
        assert.deepEqual(statuses(report), ['passed', 'passed', 'passed', 'passed'], JSON.stringify(report.cases.filter((c) => c.status !== 'passed')));
      }
      assert.deepEqual(box.runDirs(), []);
    });
  }

  it('"$FIXTURE/sub/path" arguments point inside the case folder', async () => {
    const question = codeQuestion('sub-path', 'read', [
      { name: 'reads a nested file', args: ['$FIXTURE/docs/note.md'], expect: 'hello', fixture: { files: [{ path: 'docs/note.md', text: 'hello' }] } },
    ]);
    const report = await box.run(question, 'javascript', "exports.read = (file) => require('node:fs').readFileSync(file, 'utf8');\n");
    assert.deepEqual(statuses(report), ['passed']);
  });

  it("a fixture path that climbs out of the folder is the question's error, not the answer's", async () => {
    const question = codeQuestion('escape', 'read', [
      { name: 'bad fixture', args: ['$FIXTURE'], expect: null, fixture: { files: [{ path: '../outside.txt', text: 'x' }] } },
    ]);
    const report = await box.run(question, 'javascript', 'exports.read = () => null;\n');
    assert.deepEqual(statuses(report), ['error']);
    assert.match(report.cases[0].message!, /the question's fixture is invalid: fixture path '\.\.\/outside\.txt' must be relative/);
    assert.ok(!fs.existsSync(`${box.tmp}/outside.txt`));
  });

  it('after dispose nothing of the engine is left in its temp folder', () => {
    box.engine.dispose();
    assert.deepEqual(fs.readdirSync(box.tmp), []);
  });
});

describe('engine: the fixture pool', () => {
  let root: string;
  let pool: FixturePool;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'drills-pool-test-'));
    pool = new FixturePool(path.join(root, 'fixtures'), path.join(root, 'bytes'));
  });
  afterEach(() => {
    pool.dispose();
    removeTreeSync(root);
  });

  const read = (dir: string): string[] =>
    fs.readdirSync(dir, { recursive: true }).map(String).sort().map((rel) => {
      const full = path.join(dir, rel);
      const st = fs.lstatSync(full);
      return st.isFile() ? `${rel}=${fs.readFileSync(full, 'hex')}:${(st.mode & 0o777).toString(8)}` : `${rel}:${(st.mode & 0o777).toString(8)}`;
    });

  it('an untouched folder is handed out again', async () => {
    const first = await pool.checkout(FILES);
    const pristine = read(first.dir);
    fs.readFileSync(path.join(first.dir, 'a.txt'));
    fs.readdirSync(path.join(first.dir, 'sub'));
    await pool.checkin(first);
    const second = await pool.checkout(FILES);
    assert.equal(second.dir, first.dir);
    assert.deepEqual(read(second.dir), pristine);
  });

  const tamperings: [string, (dir: string) => void][] = [
    ['bytes overwritten at once, same size', (dir) => fs.writeFileSync(path.join(dir, 'a.txt'), 'ALPHA\n')],
    ['a file appended to', (dir) => fs.appendFileSync(path.join(dir, 'sub/deeper/big.bin'), 'x')],
    ['permissions changed', (dir) => fs.chmodSync(path.join(dir, 'a.txt'), 0o600)],
    ['a file added deep down', (dir) => fs.writeFileSync(path.join(dir, 'sub/deeper/new'), '')],
    ['a file removed', (dir) => fs.rmSync(path.join(dir, 'sub/b.bin'))],
    ['a link replaced', (dir) => { fs.unlinkSync(path.join(dir, 'link')); fs.symlinkSync('sub', path.join(dir, 'link')); }],
    ['a folder locked', (dir) => fs.chmodSync(path.join(dir, 'sub'), 0o000)],
  ];
  for (const [what, tamper] of tamperings) {
    it(`a folder with ${what} is removed and the next case gets a fresh one`, async () => {
      const first = await pool.checkout(FILES);
      const pristine = read(first.dir);
      tamper(first.dir);
      await pool.checkin(first);
      assert.equal(fs.existsSync(first.dir), false, 'the touched folder is gone');
      const second = await pool.checkout(FILES);
      assert.notEqual(second.dir, first.dir);
      assert.deepEqual(read(second.dir), pristine);
    });
  }

  it('cases with different files never share a folder, and each checkout while one is out gets its own', async () => {
    const a = await pool.checkout(FILES);
    const b = await pool.checkout(FILES);
    const c = await pool.checkout([{ path: 'other.txt', text: 'x' }]);
    assert.equal(new Set([a.dir, b.dir, c.dir]).size, 3);
  });
});
