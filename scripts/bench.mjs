// npm run bench: prints one JSON object per line, {"metric": "...", "value": <number>, "unit": "ms" | "MB" | "x"}.
// Progress notes go to stderr. Options: --runs N (samples per metric, median reported; default 3).
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { bankMetrics } from './bench/bank.mjs';

// Each producer is an async generator of metrics, given { work, runs, log }.
// activation_ms (measured in a real VS Code by scripts/bench/activation.mjs) is added here.
const producers = [bankMetrics];

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
