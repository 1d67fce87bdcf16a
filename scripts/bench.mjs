// npm run bench: prints one JSON object per line, {"metric": "...", "value": <number>, "unit": "ms" | "MB" | "x"}.
// Progress notes go to stderr. Options: --runs N (samples per metric, median reported; default 3).
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import activationMetric from './bench/activation.mjs';
import { bankMetrics } from './bench/bank.mjs';
import { checkMetrics } from './bench/checks.mjs';
import { sqlMetrics } from './bench/sql.mjs';

/** activation_ms: activation to the tree's first getChildren, inside a real VS Code; median of runs. */
async function* activationMetrics({ runs, log }) {
  const built = spawnSync(process.execPath, ['esbuild.js', '--production'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the extension did not build');
  const values = [];
  for (let i = 0; i < runs; i++) {
    const metric = await activationMetric();
    log(`activation run ${i + 1}: ${metric.value} ms`);
    values.push(metric.value);
  }
  values.sort((a, b) => a - b);
  yield { metric: 'activation_ms', value: values[Math.floor(values.length / 2)], unit: 'ms' };
}

// Each producer is an async generator of metrics, given { work, runs, log }.
const all = { bank: bankMetrics, checks: checkMetrics, sql: sqlMetrics, activation: activationMetrics };
// --only NAME[,NAME]: run some producers (bank, checks, sql, activation); all by default.
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg === -1 ? Object.keys(all) : process.argv[onlyArg + 1].split(',');
const producers = only.map((name) => {
  if (!all[name]) {
    console.error(`unknown producer ${name}; one of ${Object.keys(all).join(', ')}`);
    process.exit(2);
  }
  return all[name];
});

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg === -1 ? 3 : Number(process.argv[runsArg + 1]);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: node scripts/bench.mjs [--runs N]');
  process.exit(2);
}

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'drills-bench-'));
const log = (line) => process.stderr.write(`bench: ${line}\n`);
try {
  for (const produce of producers) {
    for await (const metric of produce({ work, runs, log })) {
      process.stdout.write(`${JSON.stringify(metric)}\n`);
    }
  }
} finally {
  await fs.rm(work, { recursive: true, force: true });
}
