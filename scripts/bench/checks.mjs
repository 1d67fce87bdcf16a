// Check runs on the duplicate-files exercise with 10 cases, from "run" to verdicts, against the
// floors a user cannot beat (a plain node / python3 process running the same cases on the same
// fixtures) and against the test runner a user would otherwise reach for (vitest).
//   ts_warm_ms, js_warm_ms, py_warm_ms, ts_cold_ms, node_floor_ms, python_floor_ms, vitest_ms,
//   ts_vs_floor_x, js_vs_floor_x, py_vs_floor_x, vitest_vs_ts_x, and fixtures_make_ms (what
//   building the 10 cases' fixture folders from scratch costs; the floors exclude it)
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildExtension, bundleCore, repo } from './bundle.mjs';

const QUESTION = path.join(repo, 'questions', 'coding', 'find-duplicate-files.yaml');

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (n) => Math.round(n * 10) / 10;

/** Wall time of a whole child process, in ms; throws with its output when it fails. */
function timeProcess(cmd, args, options = {}) {
  const started = performance.now();
  const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000, ...options });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return { ms, stdout: result.stdout };
}

/** The exercise with exactly 10 cases: its own, then repeats under new names to make up 10. */
function tenCases(question) {
  const cases = [...question.exercise.cases];
  for (let i = 0; cases.length < 10; i++) cases.push({ ...cases[i % question.exercise.cases.length], name: `${cases[i].name} (again)` });
  return { ...question, exercise: { ...question.exercise, cases: cases.slice(0, 10) } };
}

/** @param {{ work: string, runs: number, log: (line: string) => void }} context */
export async function* checkMetrics({ work, runs, log }) {
  buildExtension();
  const bundle = path.join(work, 'checks.cjs');
  await bundleCore(
    {
      contents: `
        export { parseQuestionFile } from './src/core/bank/parse';
        export { CheckEngine } from './src/core/runners/engine';
        export { materializeFixture } from './src/core/checks/fixtures';
        export { compareResult } from './src/core/checks/compare';
        export { transform } from 'sucrase';`,
    },
    bundle,
  );
  const core = await import(bundle);
  const parsed = core.parseQuestionFile(fs.readFileSync(QUESTION, 'utf8'), QUESTION, 'coding', 'builtin');
  if (!parsed.question) throw new Error(`cannot load ${QUESTION}`);
  const question = tenCases(parsed.question);
  const entry = question.exercise.entry;

  // The answers: the reference solutions, as a user's files.
  const files = {
    typescript: path.join(work, 'find-duplicate-files.ts'),
    javascript: path.join(work, 'find-duplicate-files.js'),
    python: path.join(work, 'find_duplicate_files.py'),
  };
  for (const [language, file] of Object.entries(files)) fs.writeFileSync(file, question.exercise.solution[language]);

  // Floors: fixtures made the way the engine makes them, then one plain process that runs the same
  // 10 cases on them with the solution already compiled to JavaScript.
  const fixtureRoot = path.join(work, 'floor-fixtures');
  const makeFixtures = () => {
    fs.rmSync(fixtureRoot, { recursive: true, force: true });
    const started = performance.now();
    const dirs = question.exercise.cases.map((c, i) => {
      const dir = path.join(fixtureRoot, String(i));
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    });
    return Promise.all(question.exercise.cases.map((c, i) => core.materializeFixture(dirs[i], c.fixture?.files ?? []))).then(() => ({
      dirs,
      ms: performance.now() - started,
    }));
  };
  const casesWith = (dirs) => question.exercise.cases.map((c, i) => ({
    args: JSON.parse(JSON.stringify(c.args).split('"$FIXTURE"').join(JSON.stringify(dirs[i]))),
    expect: c.expect,
    compare: c.compare ?? 'exact',
  }));
  const precompiled = path.join(work, 'solution.cjs');
  fs.writeFileSync(precompiled, core.transform(question.exercise.solution.typescript, { transforms: ['typescript', 'imports'] }).code);
  const nodeFloorScript = path.join(work, 'node-floor.cjs');
  fs.writeFileSync(nodeFloorScript, `
    const fs = require('node:fs');
    const solution = require(${JSON.stringify(precompiled)});
    const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
    const canon = (v) => JSON.stringify(v, (k, x) => Array.isArray(x) ? x : x);
    let passed = 0;
    for (const c of cases) {
      const actual = solution[${JSON.stringify(entry)}](...c.args);
      const norm = (groups) => JSON.stringify(groups.map((g) => [...g].sort()).sort());
      if ((c.compare === 'unordered-groups' ? norm(actual) === norm(c.expect) : canon(actual) === canon(c.expect))) passed++;
    }
    process.stdout.write(String(passed));
  `);
  const pythonFloorScript = path.join(work, 'python_floor.py');
  fs.writeFileSync(pythonFloorScript, `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location('solution', ${JSON.stringify(files.python)})
module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)
cases = json.load(open(sys.argv[1]))
norm = lambda groups: sorted(sorted(g) for g in groups)
passed = 0
for c in cases:
    actual = getattr(module, ${JSON.stringify(entry)})(*c['args'])
    if (norm(actual) == norm(c['expect'])) if c['compare'] == 'unordered-groups' else (actual == c['expect']):
        passed += 1
sys.stdout.write(str(passed))
`);
  const vitestDir = path.join(work, 'vitest');
  fs.mkdirSync(vitestDir, { recursive: true });
  fs.copyFileSync(files.typescript, path.join(vitestDir, 'solution.ts'));
  const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim() || 'python3';

  const floors = { node: [], python: [], vitest: [] };
  const fixtureTimes = [];
  for (let i = 0; i < runs + 1; i++) {
    const { dirs, ms: fixturesMs } = await makeFixtures();
    const casesFile = path.join(work, 'cases.json');
    fs.writeFileSync(casesFile, JSON.stringify(casesWith(dirs)));
    const node = timeProcess(process.execPath, [nodeFloorScript, casesFile]);
    const py = timeProcess(python, [pythonFloorScript, casesFile]);
    if (node.stdout !== '10' || py.stdout !== '10') throw new Error(`floor runs passed ${node.stdout} / ${py.stdout} of 10 cases`);
    fs.writeFileSync(path.join(vitestDir, 'dups.test.ts'), `
      import { findDuplicates } from './solution';
      const cases = ${JSON.stringify(casesWith(dirs))};
      const norm = (groups: string[][]) => JSON.stringify(groups.map((g) => [...g].sort()).sort());
      describe('find duplicates', () => {
        cases.forEach((c, i) => it('case ' + i, () => {
          const actual = findDuplicates(...(c.args as [string]));
          if (c.compare === 'unordered-groups') expect(norm(actual)).toBe(norm(c.expect as string[][]));
          else expect(actual).toEqual(c.expect);
        }));
      });`);
    const vitest = timeProcess(process.execPath, [path.join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--globals', '--root', vitestDir, '--cache=false'], { cwd: vitestDir });
    if (i === 0) continue; // the first round warms the disk cache
    // The engine keeps untouched fixture folders between runs, so a warm run finds them made:
    // the floors are the processes alone, on fixtures made beforehand (the stricter comparison).
    floors.node.push(node.ms);
    floors.python.push(py.ms);
    floors.vitest.push(vitest.ms);
    fixtureTimes.push(fixturesMs);
  }

  // Cold: a fresh process, a fresh engine, the first TypeScript run (transpiler loaded on demand).
  const coldScript = path.join(work, 'cold.cjs');
  fs.writeFileSync(coldScript, `
    const core = require(${JSON.stringify(bundle)});
    const fs = require('node:fs');
    const question = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
    const engine = new core.CheckEngine({ extensionRoot: ${JSON.stringify(repo)}, nodePath: process.execPath });
    const started = performance.now();
    engine.run({ question, language: 'typescript', file: ${JSON.stringify(files.typescript)} }).then((report) => {
      const ms = performance.now() - started;
      engine.dispose();
      if (!report.passed) { console.error(JSON.stringify(report)); process.exit(1); }
      process.stdout.write(String(ms));
    });
  `);
  const questionFile = path.join(work, 'question.json');
  fs.writeFileSync(questionFile, JSON.stringify(question));
  const cold = [];
  for (let i = 0; i < runs; i++) cold.push(Number(execFileSync(process.execPath, [coldScript, questionFile], { encoding: 'utf8' })));

  // Warm: one engine, as in the editor; the first run of each language is discarded.
  const engine = new core.CheckEngine({ extensionRoot: repo, nodePath: process.execPath });
  const warm = {};
  try {
    for (const language of ['typescript', 'javascript', 'python']) {
      warm[language] = [];
      for (let i = 0; i < runs + 1; i++) {
        const started = performance.now();
        const report = await engine.run({ question, language, file: files[language], pythonPath: python });
        const ms = performance.now() - started;
        if (!report.passed) throw new Error(`${language} reference failed: ${JSON.stringify(report.cases.filter((c) => c.status !== 'passed'))}`);
        if (i > 0) warm[language].push(ms);
        // The editor starts the next idle child while the user types; give it that moment here.
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      log(`${language} warm runs: ${warm[language].map(round).join(', ')} ms`);
    }
  } finally {
    engine.dispose();
  }

  const m = {
    ts_warm_ms: median(warm.typescript),
    js_warm_ms: median(warm.javascript),
    py_warm_ms: median(warm.python),
    ts_cold_ms: median(cold),
    node_floor_ms: median(floors.node),
    python_floor_ms: median(floors.python),
    vitest_ms: median(floors.vitest),
  };
  for (const [metric, value] of Object.entries(m)) yield { metric, value: round(value), unit: 'ms' };
  yield { metric: 'fixtures_make_ms', value: round(median(fixtureTimes)), unit: 'ms' };
  yield { metric: 'ts_vs_floor_x', value: round(m.ts_warm_ms / m.node_floor_ms), unit: 'x' };
  yield { metric: 'js_vs_floor_x', value: round(m.js_warm_ms / m.node_floor_ms), unit: 'x' };
  yield { metric: 'py_vs_floor_x', value: round(m.py_warm_ms / m.python_floor_ms), unit: 'x' };
  yield { metric: 'vitest_vs_ts_x', value: round(m.vitest_ms / m.ts_warm_ms), unit: 'x' };
}
