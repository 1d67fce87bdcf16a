// The seed list: the questions users were promised (../shared/SEED-QUESTIONS.md), kept in the repo
// as data/seed-ids.json (id and kinds only) so a clean clone can check coverage without the
// shared folder. A unit test keeps the two in step when the Markdown is there.
import * as fs from 'node:fs';
import type { Question, QuestionKind } from '../bank/question';
import { QUESTION_KINDS } from '../bank/question';
import builtinSeeds from '../../../data/seed-ids.json';

export interface SeedRow {
  id: string;
  /** Every kind the row names; a "concept + code" row needs a question of each kind. */
  kinds: QuestionKind[];
}

export interface MissingSeed {
  id: string;
  kind: QuestionKind;
  /** Questions that carry the seed, in other kinds. */
  have: string[];
}

const SEED_ID = /^s[0-9]-[a-z0-9]+$/;

/**
 * The rows of SEED-QUESTIONS.md's tables. A row's last cell names its kinds ("concept + code
 * (...)"); a table without a kinds column (the interview-day drills) holds written drills of the
 * behavioral kind, as the document says.
 */
export function parseSeedMarkdown(text: string): SeedRow[] {
  const rows: SeedRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('|')) continue;
    const cells = trimmed.replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
    const id = cells[0];
    if (!SEED_ID.test(id)) continue;
    const kinds = cells.length >= 3 ? kindsOf(cells[cells.length - 1]) : ['behavioral' as const];
    if (kinds.length === 0) throw new Error(`seed ${id}: no kind named in '${cells[cells.length - 1]}'`);
    rows.push({ id, kinds });
  }
  return rows;
}

function kindsOf(cell: string): QuestionKind[] {
  const named = cell.replace(/\([^)]*\)/g, ' ').split('+').map((k) => k.trim().toLowerCase());
  const kinds: QuestionKind[] = [];
  for (const k of named) if ((QUESTION_KINDS as readonly string[]).includes(k) && !kinds.includes(k as QuestionKind)) kinds.push(k as QuestionKind);
  return kinds;
}

/** The list shipped in the repository, bundled with the code. */
export function builtinSeedList(): SeedRow[] {
  return seedRows(builtinSeeds, 'data/seed-ids.json');
}

/** Reads a seed list file: `{ "seeds": [{ "id": "s1-01", "kinds": ["concept"] }, ...] }`. */
export function readSeedList(file: string): SeedRow[] {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the seed list ${file}: ${(error as Error).message}`);
  }
  return seedRows(data, file);
}

function seedRows(data: unknown, file: string): SeedRow[] {
  const seeds = (data as { seeds?: unknown })?.seeds;
  if (!Array.isArray(seeds)) throw new Error(`${file}: expected { "seeds": [...] }`);
  return seeds.map((row, i) => {
    const { id, kinds } = (row ?? {}) as { id?: unknown; kinds?: unknown };
    const valid = typeof id === 'string' && SEED_ID.test(id) && Array.isArray(kinds) && kinds.length > 0
      && kinds.every((k) => (QUESTION_KINDS as readonly unknown[]).includes(k));
    if (!valid) throw new Error(`${file}: seeds[${i}] must be { "id": "s1-01", "kinds": [${QUESTION_KINDS.map((k) => `"${k}"`).join(' | ')}, ...] }`);
    return { id: id as string, kinds: kinds as QuestionKind[] };
  });
}

/** Each (seed, kind) the rows promise that no question delivers. */
export function missingSeeds(rows: readonly SeedRow[], questions: readonly Pick<Question, 'id' | 'seed' | 'kind'>[]): MissingSeed[] {
  const bySeed = new Map<string, Pick<Question, 'id' | 'kind'>[]>();
  for (const q of questions) {
    if (!q.seed) continue;
    bySeed.set(q.seed, [...(bySeed.get(q.seed) ?? []), q]);
  }
  const missing: MissingSeed[] = [];
  for (const row of rows) {
    const have = bySeed.get(row.id) ?? [];
    for (const kind of row.kinds) {
      if (!have.some((q) => q.kind === kind)) missing.push({ id: row.id, kind, have: have.map((q) => `${q.id} (${q.kind})`) });
    }
  }
  return missing;
}

/** Seed ids questions carry that the list does not know (a typo, most likely). */
export function unknownSeeds(rows: readonly SeedRow[], questions: readonly Pick<Question, 'id' | 'seed'>[]): Pick<Question, 'id' | 'seed'>[] {
  const known = new Set(rows.map((r) => r.id));
  return questions.filter((q) => q.seed !== undefined && !known.has(q.seed));
}
