// SQL checks: a 3-table exercise with 1,000 order rows and 6 cases, from "run" to verdicts, cold
// (a fresh engine: the worker and PostgreSQL start) and warm; PGlite's own start time measured in
// the same run, and the worker's peak memory.
//   sql_cold_ms, sql_warm_ms, sql_warm_no_pause_ms, pglite_start_ms, sql_cold_vs_pglite_x, sql_worker_rss_mb
// PostgreSQL starts from the prepared data directory (dist/pglite/datadir.tar.gz); one more cold
// run without it shows what initdb would cost: pglite_new_dir_start_ms, sql_worker_rss_new_dir_mb.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildExtension, bundleCore, repo } from './bundle.mjs';

const round = (n) => Math.round(n * 10) / 10;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const REFERENCE = `SELECT c.name, p.category, COUNT(*) AS orders, SUM(o.quantity * p.price) AS revenue
FROM orders o JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = o.product_id
WHERE o.status = 'paid'
GROUP BY c.name, p.category
HAVING SUM(o.quantity * p.price) > 100;`;

function question() {
  return {
    id: 'bench-revenue-by-category',
    title: 'Revenue by customer and category',
    kind: 'sql',
    difficulty: 'medium',
    prompt: 'Paid revenue per customer and product category, above 100.',
    answer: REFERENCE,
    category: 'sql',
    file: '/bench/sql/bench-revenue-by-category.yaml',
    origin: 'builtin',
    sql: {
      schema: `CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE products (id int PRIMARY KEY, category text NOT NULL, price numeric(10,2) NOT NULL);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, product_id int REFERENCES products, quantity int NOT NULL, status text NOT NULL);`,
      seed: `INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 100) g;
INSERT INTO products SELECT g, 'category ' || (g % 7), (g % 13) * 3.5 + 1 FROM generate_series(1, 50) g;
INSERT INTO orders SELECT g, 1 + (g * 37) % 100, 1 + (g * 11) % 50, 1 + g % 4, CASE WHEN g % 5 = 0 THEN 'refunded' ELSE 'paid' END FROM generate_series(1, 1000) g;`,
      solution: REFERENCE,
      cases: [
        { name: 'the sample data' },
        { name: 'no orders at all', setup: 'DELETE FROM orders;' },
        { name: 'everything refunded', setup: "UPDATE orders SET status = 'refunded';" },
        { name: 'one big paid order', setup: "INSERT INTO orders VALUES (5001, 1, 1, 1000, 'paid');" },
        { name: 'a customer with no orders', setup: "INSERT INTO customers VALUES (1001, 'newcomer');" },
        { name: 'prices doubled', setup: 'UPDATE products SET price = price * 2;' },
      ],
    },
  };
}

/** @param {{ work: string, runs: number, log: (line: string) => void }} context */
export async function* sqlMetrics({ work, runs, log }) {
  buildExtension();
  const bundle = path.join(work, 'sql.cjs');
  await bundleCore({ entry: 'src/core/sql/engine.ts' }, bundle);
  const { SqlEngine } = await import(bundle);
  const q = question();
  const file = path.join(work, 'answer.sql');
  fs.writeFileSync(file, REFERENCE);

  const cold = [];
  const pglite = [];
  const warm = [];
  const warmNoPause = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    // A fresh engine each round: its first run is a cold start (worker + PostgreSQL + schema).
    const engine = new SqlEngine({ extensionRoot: repo });
    try {
      let started = performance.now();
      let report = await engine.run({ question: q, file });
      cold.push(performance.now() - started);
      if (!report.passed) throw new Error(`reference failed: ${JSON.stringify(report.cases.filter((c) => c.status !== 'passed'))}`);
      pglite.push(engine.stats.pgliteStartMs);
      // A user reads the verdicts before running again; the worker warms PostgreSQL up meanwhile
      // (see WARMUP_* in sql-worker.ts). Runs sent back to back right after a cold start, before
      // any warm-up, are slower: sql_warm_no_pause_ms.
      started = performance.now();
      report = await engine.run({ question: q, file });
      warmNoPause.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (let j = 0; j < 5; j++) {
        started = performance.now();
        report = await engine.run({ question: q, file });
        warm.push(performance.now() - started);
        if (!report.passed) throw new Error('reference failed on a warm run');
      }
      rss = Math.max(rss, engine.stats.peakRssMb);
      if (engine.stats.pgliteStartMode !== 'dump') log(`sql: PostgreSQL did not start from the prepared data directory: ${engine.stats.dumpProblem}`);
    } finally {
      engine.dispose();
    }
    log(`sql round ${i + 1}: cold ${round(cold.at(-1))} ms, pglite ${round(pglite.at(-1))} ms (${engine.stats.pgliteStartMode})`);
  }
  // The same cold start from a new data directory (initdb), for comparison.
  const fresh = new SqlEngine({ extensionRoot: repo, dataDirDump: null });
  let freshStart;
  let freshRss;
  try {
    const report = await fresh.run({ question: q, file });
    if (!report.passed) throw new Error('reference failed on a new data directory');
    freshStart = fresh.stats.pgliteStartMs;
    freshRss = fresh.stats.peakRssMb;
  } finally {
    fresh.dispose();
  }
  log(`sql without the prepared data directory: pglite ${freshStart} ms, worker ${freshRss} MB`);
  const m = { cold: median(cold), warm: median(warm), pglite: median(pglite) };
  yield { metric: 'sql_cold_ms', value: round(m.cold), unit: 'ms' };
  yield { metric: 'sql_warm_ms', value: round(m.warm), unit: 'ms' };
  yield { metric: 'sql_warm_no_pause_ms', value: round(median(warmNoPause)), unit: 'ms' };
  yield { metric: 'pglite_start_ms', value: round(m.pglite), unit: 'ms' };
  yield { metric: 'sql_cold_vs_pglite_x', value: round(m.cold / m.pglite), unit: 'x' };
  yield { metric: 'sql_worker_rss_mb', value: round(rss), unit: 'MB' };
  yield { metric: 'pglite_new_dir_start_ms', value: round(freshStart), unit: 'ms' };
  yield { metric: 'sql_worker_rss_new_dir_mb', value: round(freshRss), unit: 'MB' };
}
