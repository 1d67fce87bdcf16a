// The seed list shipped in data/seed-ids.json must say what ../shared/SEED-QUESTIONS.md says (when
// that file is there: CI runs from a clean clone without it), and coverage counts every kind a
// row names.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinSeedList, missingSeeds, parseSeedMarkdown, readSeedList } from '../../src/core/validate';
import { REPO_ROOT } from './fixtures/bank/tempBank';

const SHARED = path.join(REPO_ROOT, '..', 'shared', 'SEED-QUESTIONS.md');

describe('validate: the seed list', () => {
  it('data/seed-ids.json matches SEED-QUESTIONS.md row for row', function () {
    if (!fs.existsSync(SHARED)) {
      console.log(`      (skipped: ${SHARED} is not here)`);
      this.skip();
    }
    const fromMarkdown = parseSeedMarkdown(fs.readFileSync(SHARED, 'utf8'));
    assert.ok(fromMarkdown.length >= 50, `${fromMarkdown.length} rows`);
    assert.deepEqual(builtinSeedList(), fromMarkdown);
  });

  it('the bundled list is the file in data/', () => {
    assert.deepEqual(builtinSeedList(), readSeedList(path.join(REPO_ROOT, 'data', 'seed-ids.json')));
    const ids = builtinSeedList().map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'no id twice');
  });

  it('reads the kinds of a row, and the rows of a table without a kinds column as behavioral', () => {
    const rows = parseSeedMarkdown([
      '| id | question | kinds |',
      '|---|---|---|',
      '| s1-06 | Made a program faster | behavioral + code (optimise a slow function under a time budget) |',
      '| s1-19 | Relational databases (MySQL, SQL Server, Oracle...) | concept + sql |',
      '| s1-20 | NoSQL | concept |',
      'Some prose | with a pipe',
      '| id | item |',
      '|---|---|',
      '| s2-t1 | Research the company |',
    ].join('\n'));
    assert.deepEqual(rows, [
      { id: 's1-06', kinds: ['behavioral', 'code'] },
      { id: 's1-19', kinds: ['concept', 'sql'] },
      { id: 's1-20', kinds: ['concept'] },
      { id: 's2-t1', kinds: ['behavioral'] },
    ]);
  });

  it('a "concept + code" row needs a question of each kind with the seed', () => {
    const rows = [{ id: 's1-21', kinds: ['concept' as const, 'code' as const] }];
    assert.deepEqual(missingSeeds(rows, []).map((m) => m.kind), ['concept', 'code']);
    const concept = { id: 'sql-injection', seed: 's1-21', kind: 'concept' as const };
    assert.deepEqual(missingSeeds(rows, [concept]), [{ id: 's1-21', kind: 'code', have: ['sql-injection (concept)'] }]);
    assert.deepEqual(missingSeeds(rows, [concept, { id: 'safe-query', seed: 's1-21', kind: 'code' }]), []);
    // A question of the right kind with another seed does not count.
    assert.deepEqual(missingSeeds(rows, [{ id: 'x', seed: 's1-22', kind: 'code' }]).length, 2);
  });

  it('a malformed seed list is an error that names the file and the row', () => {
    const file = path.join(REPO_ROOT, 'out', 'bad-seeds.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ seeds: [{ id: 's1-01', kinds: ['concept'] }, { id: 's1-02', kinds: ['poem'] }] }));
    try {
      assert.throws(() => readSeedList(file), (error: Error) => error.message.startsWith(`${file}: seeds[1] must be`));
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
