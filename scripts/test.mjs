// `npm test`: build, type-check, lint, unit tests, then the integration and UI tests inside a
// real VS Code. Prints one closing line, "N passed, N failed", summed over every stage.
import { spawn } from 'node:child_process';
import { ensureDependencies } from './lib/ensure-deps.mjs';

ensureDependencies();

const stages = [
  { name: 'build', cmd: ['node', 'esbuild.js', '--tests'] },
  { name: 'check-types', cmd: ['npm', 'run', '--silent', 'check-types'] },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  { name: 'unit', cmd: ['npx', 'mocha'], counts: /(\d+) passing|(\d+) failing/g },
  { name: 'integration', cmd: ['node', 'scripts/run-integration.mjs'], counts: /^integration: (\d+) passed, (\d+) failed$/m },
  { name: 'ui', cmd: ['node', 'scripts/ui-test.mjs'], counts: /^ui: (\d+) passed, (\d+) failed$/m },
];

function runStage(stage) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(stage.cmd[0], stage.cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.on('error', (error) => resolve({ code: 1, output: String(error), ms: Date.now() - started }));
    child.on('close', (code) => resolve({ code: code ?? 1, output, ms: Date.now() - started }));
  });
}

function countsOf(stage, output) {
  if (stage.name === 'unit') {
    const passing = /(\d+) passing/.exec(output);
    const failing = /(\d+) failing/.exec(output);
    return { passed: passing ? Number(passing[1]) : 0, failed: failing ? Number(failing[1]) : 0 };
  }
  const match = stage.counts?.exec(output);
  return match ? { passed: Number(match[1]), failed: Number(match[2]) } : { passed: 0, failed: 0 };
}

let passed = 0;
let failed = 0;
const failedStages = [];
for (const stage of stages) {
  console.log(`\n=== ${stage.name} ===`);
  const result = await runStage(stage);
  const counts = countsOf(stage, result.output);
  passed += counts.passed;
  failed += counts.failed;
  console.log(`=== ${stage.name}: exit ${result.code} in ${(result.ms / 1000).toFixed(1)} s ===`);
  if (result.code !== 0) {
    failedStages.push(stage.name);
    if (counts.failed === 0) failed += 1;
    if (stage.name === 'build') break;
  }
}
if (failedStages.length > 0) console.log(`\nfailed stages: ${failedStages.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failedStages.length > 0 ? 1 : 0);
