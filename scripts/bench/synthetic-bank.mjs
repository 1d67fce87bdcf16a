// Writes a synthetic question bank: realistic ~2 KB question files in the four categories,
// the same every time (seeded), valid against the schema.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

const WORDS = (
  'request latency cache index query replica shard queue worker thread lock retry timeout client server '
  + 'database transaction commit rollback isolation consistency partition leader follower log stream batch '
  + 'throughput memory heap stack pointer hash table tree graph node edge path cost budget deploy rollout '
  + 'metric alert incident review design trade-off failure recovery backup snapshot schema migration column '
  + 'row join filter sort limit offset cursor page token session cookie header payload gateway proxy'
).split(' ');

/** mulberry32: small, fast, seeded. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeText(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const words = (n) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const sentence = () => {
    const s = words(6 + Math.floor(random() * 10));
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  };
  const paragraph = (n) => Array.from({ length: n }, sentence).join(' ');
  return { pick, words, sentence, paragraph };
}

/** Indents every line of a block scalar's content. */
function block(text, indent = '  ') {
  return text.split('\n').map((line) => (line ? indent + line : line)).join('\n');
}

/** Wraps prose at ~96 columns, as authors do. */
function wrap(text) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length + word.length > 96) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

const DIFFICULTIES = ['easy', 'medium', 'hard'];

function question(index, random) {
  const t = makeText(random);
  const roll = index % 10;
  const kind = roll < 4 ? 'concept' : roll < 7 ? 'code' : roll < 9 ? 'sql' : 'behavioral';
  const category = { concept: 'concepts', code: 'coding', sql: 'sql', behavioral: 'behavioral' }[kind];
  const id = `q${String(index).padStart(5, '0')}-${t.pick(WORDS)}-${t.pick(WORDS)}`.replace(/[^a-z0-9-]/g, '');
  const lines = [
    `id: ${id}`,
    `title: ${t.words(3 + Math.floor(random() * 5))}`,
    ...(random() < 0.5 ? [`seed: s${1 + Math.floor(random() * 5)}-${Math.floor(random() * 60)}`] : []),
    `kind: ${kind}`,
    `difficulty: ${t.pick(DIFFICULTIES)}`,
    `tags: [${[t.pick(WORDS), t.pick(WORDS), t.pick(WORDS)].join(', ')}]`,
    'prompt: |',
    block(wrap(t.paragraph(3))),
    '',
    block('```text'),
    block(`${t.words(5)}\n${t.words(4)}`),
    block('```'),
    'hints:',
    ...Array.from({ length: 3 }, () => `  - ${t.sentence()}`),
    'answer: |',
    block(wrap(t.paragraph(4))),
    '',
    block(wrap(t.paragraph(3))),
    'followUps:',
    ...Array.from({ length: 2 }, () => `  - ${t.sentence()}`),
  ];
  if (kind === 'concept' || kind === 'behavioral') {
    lines.push('keyPoints:');
    for (let k = 0; k < 4; k++) {
      lines.push(`  - point: ${t.sentence()}`, `    evidence: [${t.pick(WORDS)}, ${t.pick(WORDS)}]`);
    }
  }
  if (kind === 'behavioral') lines.push('speakingTime: {minSeconds: 60, maxSeconds: 180}');
  if (kind === 'code') {
    const entry = `solve${index}`;
    lines.push(
      'exercise:',
      '  languages: [typescript, javascript, python]',
      `  entry: ${entry}`,
      '  starter:',
      '    typescript: |',
      `      export function ${entry}(items: number[], k: number): number[] {`,
      '        // your code here',
      '        return [];',
      '      }',
      '    javascript: |',
      `      export function ${entry}(items, k) {`,
      '        return [];',
      '      }',
      '    python: |',
      `      def ${entry}(items, k):`,
      '          return []',
      '  solution:',
      '    typescript: |',
      `      export function ${entry}(items: number[], k: number): number[] {`,
      '        return [...items].sort((a, b) => b - a).slice(0, k);',
      '      }',
      '  cases:',
    );
    for (let c = 0; c < 4; c++) {
      const items = Array.from({ length: 6 }, () => Math.floor(random() * 100));
      const k = 1 + Math.floor(random() * 3);
      const expect = [...items].sort((a, b) => b - a).slice(0, k);
      lines.push(`    - name: ${t.words(3)}`, `      args: [[${items.join(', ')}], ${k}]`, `      expect: [${expect.join(', ')}]`);
      if (c % 2 === 1) lines.push('      compare: unordered');
    }
  }
  if (kind === 'sql') {
    lines.push(
      'sql:',
      '  schema: |',
      '    CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount numeric NOT NULL, placed date);',
      '    CREATE TABLE customers (name text PRIMARY KEY, country text);',
      '  seed: |',
      ...Array.from({ length: 4 }, (_, r) => `    INSERT INTO orders VALUES (${r + 1}, '${t.pick(WORDS)}', ${Math.floor(random() * 500)}, '2024-0${1 + r}-1${r}');`),
      '  solution: |',
      '    SELECT customer, sum(amount) AS total FROM orders GROUP BY customer ORDER BY total DESC LIMIT 3;',
      '  ordered: true',
      '  cases:',
      '    - name: sample data',
      `    - name: ${t.words(2)}`,
      `      setup: INSERT INTO orders VALUES (99, '${t.pick(WORDS)}', 1000, '2024-05-01');`,
    );
  }
  return { category, id, text: `${lines.join('\n')}\n` };
}

/** Writes `count` questions under `dir`/<category>/; returns the total bytes written. */
export async function writeSyntheticBank(dir, count, seed = 42) {
  const random = prng(seed);
  const files = Array.from({ length: count }, (_, i) => question(i, random));
  for (const category of new Set(files.map((f) => f.category))) {
    await fs.mkdir(path.join(dir, category), { recursive: true });
  }
  let bytes = 0;
  for (let i = 0; i < files.length; i += 200) {
    await Promise.all(files.slice(i, i + 200).map((f) => {
      bytes += Buffer.byteLength(f.text);
      return fs.writeFile(path.join(dir, f.category, `${f.id}.yaml`), f.text);
    }));
  }
  return bytes;
}
