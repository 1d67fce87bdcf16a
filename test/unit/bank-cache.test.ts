import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { loadBank, type BankRoot } from '../../src/core/bank';
import { cleanupTempDirs, conceptYaml, tempBank } from './fixtures/bank/tempBank';

/** A bank of three questions and a cache file next to it (not inside the bank). */
async function setUp(): Promise<{ roots: BankRoot[]; dir: string; cacheFile: string }> {
  const dir = await tempBank({
    'concepts/alpha.yaml': conceptYaml('alpha'),
    'concepts/beta.yaml': conceptYaml('beta'),
    'behavioral/gamma.yaml': conceptYaml('gamma'),
  });
  const cacheDir = await tempBank();
  return { roots: [{ dir, origin: 'user' }], dir, cacheFile: path.join(cacheDir, 'nested', 'bank-cache.json') };
}

describe('bank: cache for a second start', () => {
  afterEach(cleanupTempDirs);

  it('parses everything the first time and writes the cache', async () => {
    const { roots, cacheFile } = await setUp();
    const bank = await loadBank(roots, { cacheFile });
    assert.deepEqual(bank.stats, { files: 3, parsed: 3, cached: 3 - 3, cacheWritten: true });
    assert.ok((await fs.stat(cacheFile)).size > 0);
  });

  it('serves unchanged files from the cache without rewriting it', async () => {
    const { roots, cacheFile } = await setUp();
    const first = await loadBank(roots, { cacheFile });
    const written = (await fs.stat(cacheFile)).mtimeMs;
    const second = await loadBank(roots, { cacheFile });
    assert.deepEqual(second.stats, { files: 3, parsed: 0, cached: 3, cacheWritten: false });
    assert.deepEqual(second.questions, first.questions);
    assert.deepEqual(second.categories, first.categories);
    assert.equal((await fs.stat(cacheFile)).mtimeMs, written);
  });

  it('re-parses a file whose content (and size) changed', async () => {
    const { roots, dir, cacheFile } = await setUp();
    await loadBank(roots, { cacheFile });
    await fs.writeFile(path.join(dir, 'concepts', 'beta.yaml'), conceptYaml('beta', 'A much longer, edited title'));
    const bank = await loadBank(roots, { cacheFile });
    assert.equal(bank.stats?.parsed, 1);
    assert.equal(bank.stats?.cacheWritten, true);
    assert.equal(bank.questions.find((q) => q.id === 'beta')?.title, 'A much longer, edited title');
    assert.equal((await loadBank(roots, { cacheFile })).stats?.parsed, 0, 'and the new result is cached');
  });

  it('re-parses a file whose mtime changed even when its size did not', async () => {
    const { roots, dir, cacheFile } = await setUp();
    await loadBank(roots, { cacheFile });
    const file = path.join(dir, 'concepts', 'alpha.yaml');
    const sameSize = conceptYaml('alpha').replace('Question alpha', 'Question ALPHA');
    await fs.writeFile(file, sameSize);
    const later = new Date(Date.now() + 60_000);
    await fs.utimes(file, later, later);
    const bank = await loadBank(roots, { cacheFile });
    assert.equal(bank.stats?.parsed, 1);
    assert.equal(bank.questions.find((q) => q.id === 'alpha')?.title, 'Question ALPHA');
  });

  it('drops a deleted file from the bank and from the cache', async () => {
    const { roots, dir, cacheFile } = await setUp();
    await loadBank(roots, { cacheFile });
    const deleted = path.join(dir, 'behavioral', 'gamma.yaml');
    await fs.rm(deleted);
    const bank = await loadBank(roots, { cacheFile });
    assert.deepEqual(bank.questions.map((q) => q.id), ['alpha', 'beta']);
    assert.deepEqual(bank.categories, ['concepts']);
    assert.deepEqual(bank.stats, { files: 2, parsed: 0, cached: 2, cacheWritten: true });
    assert.ok(!(await fs.readFile(cacheFile, 'utf8')).includes(deleted));
  });

  it('picks up a new file', async () => {
    const { roots, dir, cacheFile } = await setUp();
    await loadBank(roots, { cacheFile });
    await fs.writeFile(path.join(dir, 'concepts', 'delta.yaml'), conceptYaml('delta'));
    const bank = await loadBank(roots, { cacheFile });
    assert.deepEqual(bank.stats, { files: 4, parsed: 1, cached: 3, cacheWritten: true });
    assert.ok(bank.questions.some((q) => q.id === 'delta'));
  });

  it('remembers a broken file\'s problems, and reports them again without parsing', async () => {
    const { roots, dir, cacheFile } = await setUp();
    const broken = path.join(dir, 'concepts', 'broken.yaml');
    await fs.writeFile(broken, 'id: broken\ntitle: T\nkind: essay\n');
    const first = await loadBank(roots, { cacheFile });
    const second = await loadBank(roots, { cacheFile });
    assert.equal(second.stats?.parsed, 0);
    assert.deepEqual(second.problems, first.problems);
    assert.ok(second.problems.some((p) => p.file === broken && p.line === 3 && p.col === 7));
  });

  it('still finds duplicate ids among cached files', async () => {
    const { roots, dir, cacheFile } = await setUp();
    await fs.mkdir(path.join(dir, 'sql'));
    await fs.writeFile(path.join(dir, 'sql', 'alpha.yaml'), conceptYaml('alpha'));
    const first = await loadBank(roots, { cacheFile });
    const second = await loadBank(roots, { cacheFile });
    assert.equal(second.stats?.parsed, 0);
    assert.deepEqual(second.problems, first.problems);
    assert.equal(second.problems.length, 1);
    assert.match(second.problems[0].message, /^duplicate id 'alpha'/);
  });

  it('ignores a corrupt cache and rebuilds it', async () => {
    const { roots, cacheFile } = await setUp();
    await fs.mkdir(path.dirname(cacheFile), { recursive: true });
    for (const garbage of ['{"magic": "interview-drills/bank-cache", "version"', 'null', '[]', '{"files": 3}']) {
      await fs.writeFile(cacheFile, garbage);
      const bank = await loadBank(roots, { cacheFile });
      assert.deepEqual(bank.problems, []);
      assert.equal(bank.questions.length, 3);
      assert.equal(bank.stats?.parsed, 3, garbage);
      assert.equal(bank.stats?.cacheWritten, true);
      assert.equal((await loadBank(roots, { cacheFile })).stats?.parsed, 0, 'the rebuilt cache works');
    }
  });

  it('ignores a cache entry of the wrong shape', async () => {
    const { roots, dir, cacheFile } = await setUp();
    await loadBank(roots, { cacheFile });
    const cache = JSON.parse(await fs.readFile(cacheFile, 'utf8'));
    cache.files[path.join(dir, 'concepts', 'alpha.yaml')].problems = 'oops';
    await fs.writeFile(cacheFile, JSON.stringify(cache));
    const bank = await loadBank(roots, { cacheFile });
    assert.equal(bank.stats?.parsed, 1);
    assert.equal(bank.questions.length, 3);
  });

  it('is invalidated by another cache tag (e.g. a new extension version)', async () => {
    const { roots, cacheFile } = await setUp();
    await loadBank(roots, { cacheFile, cacheTag: '0.1.0' });
    assert.equal((await loadBank(roots, { cacheFile, cacheTag: '0.1.0' })).stats?.parsed, 0);
    assert.equal((await loadBank(roots, { cacheFile, cacheTag: '0.2.0' })).stats?.parsed, 3);
  });

  it('is invalidated by a schema change', async () => {
    const { roots, cacheFile } = await setUp();
    await loadBank(roots, { cacheFile });
    const cache = JSON.parse(await fs.readFile(cacheFile, 'utf8'));
    cache.key = `0000000000000000${String(cache.key).slice(16)}`;
    await fs.writeFile(cacheFile, JSON.stringify(cache));
    assert.equal((await loadBank(roots, { cacheFile })).stats?.parsed, 3);
  });

  it('still loads when the cache cannot be written', async () => {
    const { roots, dir } = await setUp();
    const cacheFile = path.join(dir, 'concepts', 'alpha.yaml', 'cache.json'); // under a file
    const bank = await loadBank(roots, { cacheFile });
    assert.equal(bank.questions.length, 3);
    assert.equal(bank.stats?.cacheWritten, false);
    assert.ok(bank.stats?.cacheError);
  });

  it('leaves no temporary files next to the cache', async () => {
    const { roots, dir, cacheFile } = await setUp();
    await loadBank(roots, { cacheFile });
    await fs.writeFile(path.join(dir, 'concepts', 'delta.yaml'), conceptYaml('delta'));
    await loadBank(roots, { cacheFile });
    assert.deepEqual(await fs.readdir(path.dirname(cacheFile)), ['bank-cache.json']);
  });
});
