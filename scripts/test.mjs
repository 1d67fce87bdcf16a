// `npm test`: build, type-check, lint, unit tests, then the integration and UI tests inside a
// real VS Code. Prints one closing line, "N passed, N failed", summed over every stage.
import { spawn } from 'node:child_process';
import { ensureDependencies } from './lib/ensure-deps.mjs';

ensureDependencies();

const stages = [
  { name: 'build', cmd: ['node', 'esbuild.js', '--tests'] },
  { name: 'check-types', cmd: ['npm', 'run', '--silent', 'check-types'] },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  { name: 'unit', cmd: ['npx', 'mocha'], passed: /(\d+) passing/, failed: /(\d+) failing/ },
  // The built-in bank proves itself: every reference passes, every starter fails, and so on.
  // Missing seeds are listed but do not fail while the bank is being filled; each question file
  // counts as one passed or failed check.
  { name: 'validate', cmd: ['node', 'dist/cli.js', 'validate'], passed: /^validate: (\d+) passed/m, failed: /^validate: \d+ passed, (\d+) failed$/m },
  { name: 'integration', cmd: ['node', 'scripts/run-integration.mjs'], passed: /^integration: (\d+) passed/m, failed: /^integration: \d+ passed, (\d+) failed$/m },
  { name: 'ui', cmd: ['node', 'scripts/ui-test.mjs'], passed: /^ui: (\d+) passed/m, failed: /^ui: \d+ passed, (\d+) failed$/m },
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

/** The counts a stage printed (stages without tests count nothing). */
function countsOf(stage, output) {
  const read = (pattern) => Number(pattern?.exec(output)?.[1] ?? 0);
  return { passed: read(stage.passed), failed: read(stage.failed) };
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
