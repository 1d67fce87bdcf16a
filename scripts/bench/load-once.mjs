// One bank load in a fresh process, as an editor start does it:
//   node load-once.mjs <bundle.cjs> <bank dir> <cache file | -> → {"ms", "questions", "problems", "parsed"}
import { pathToFileURL } from 'node:url';

const [bundle, dir, cacheFile] = process.argv.slice(2);
const bank = await import(pathToFileURL(bundle).href);
const loadBank = bank.loadBank ?? bank.default.loadBank;

const started = performance.now();
const result = await loadBank([{ dir, origin: 'builtin' }], cacheFile === '-' ? {} : { cacheFile });
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({
  ms,
  questions: result.questions.length,
  problems: result.problems.length,
  firstProblem: result.problems[0],
  parsed: result.stats.parsed,
}));
