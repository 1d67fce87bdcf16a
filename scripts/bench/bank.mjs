// Bank loading: a synthetic bank of 1,000 and 10,000 ~2 KB question files, loaded in a fresh
// process each time (like an editor start), with and without the parse cache.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCore } from './bundle.mjs';
import { writeSyntheticBank } from './synthetic-bank.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function loadOnce(bundle, dir, cacheFile, expected) {
  const out = execFileSync(process.execPath, [path.join(here, 'load-once.mjs'), bundle, dir, cacheFile ?? '-'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const run = JSON.parse(out);
  if (run.questions !== expected.questions || run.problems !== 0 || (expected.parsed !== undefined && run.parsed !== expected.parsed)) {
    throw new Error(`unexpected load result ${out} (wanted ${JSON.stringify(expected)})`);
  }
  return run.ms;
}

/** @param {{ work: string, runs: number, log: (line: string) => void }} context */
export async function* bankMetrics({ work, runs, log }) {
  const bundle = path.join(work, 'bank.cjs');
  await bundleCore({ entry: 'src/core/bank/index.ts' }, bundle);

  const measure = async (count) => {
    const dir = path.join(work, `bank-${count}`);
    const bytes = await writeSyntheticBank(dir, count);
    log(`bank of ${count} files, ${(bytes / count / 1024).toFixed(1)} KB each on average`);
    const cacheFile = path.join(work, `cache-${count}.json`);
    const cold = [];
    const warm = [];
    for (let i = 0; i < runs; i++) {
      await fs.rm(cacheFile, { force: true });
      cold.push(loadOnce(bundle, dir, cacheFile, { questions: count, parsed: count }));
      warm.push(loadOnce(bundle, dir, cacheFile, { questions: count, parsed: 0 }));
    }
    const cacheMb = (await fs.stat(cacheFile)).size / (1024 * 1024);
    log(`${count}: cold ${cold.map((ms) => ms.toFixed(0)).join(', ')} ms; warm ${warm.map((ms) => ms.toFixed(0)).join(', ')} ms; cache ${cacheMb.toFixed(1)} MB`);
    return { cold: median(cold), warm: median(warm) };
  };

  const small = await measure(1000);
  yield { metric: 'load_1k_ms', value: round(small.warm), unit: 'ms' };
  const large = await measure(10_000);
  yield { metric: 'load_10k_ms', value: round(large.warm), unit: 'ms' };
  yield { metric: 'load_10k_cold_ms', value: round(large.cold), unit: 'ms' };
  yield { metric: 'load_10k_cache_speedup', value: Math.round((large.cold / large.warm) * 10) / 10, unit: 'x' };
}

function round(ms) {
  return Math.round(ms * 10) / 10;
}
