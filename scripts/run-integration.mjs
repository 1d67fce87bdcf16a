// Runs the integration suites (out/test/integration/, built by `node esbuild.js --tests`) inside a
// real VS Code extension host: code-server on a free port, a fresh user-data dir and a temp
// workspace, opened in Debian's Chromium with the development payload.
//
// Two passes share one browser: a trusted window runs every `*.test.js` except
// `*.restricted.test.js`; then, only when such files exist, a window with Workspace Trust on (the
// temp folder is untrusted: Restricted Mode) runs the `*.restricted.test.js` ones. The test entry
// (index.js) picks the files from vscode.workspace.isTrusted. Exits non-zero when anything failed,
// and ends with the one line `integration: N passed, N failed` that scripts/test.mjs sums.
//
//   node scripts/run-integration.mjs [--only trusted|restricted] [--suite NAME ...] [--extension DIR] [--tests FILE]
//                                    [--keep] [--verbose]
// Env: INTEGRATION_TIMEOUT_MS, per pass (default 300000).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exposeAutomation, formatAutomationLog, launchBrowser } from './lib/browser.mjs';
import { extensionHostLog, fileTail, makeTempDir, payloadUrl, startVSCode } from './vscode-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COUNTS = /^integration: (\d+) passed, (\d+) failed$/;
const RESTRICTED_SUITE = /\.restricted\.test\.js$/;

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    // Run only these suites (file names without .test.js), e.g. --suite review --suite sql-query.
    suite: { type: 'string', multiple: true, default: [] },
    extension: { type: 'string', default: root },
    tests: { type: 'string', default: path.join(root, 'out', 'test', 'integration', 'index.js') },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
// codeAutomationLog carries the whole window's console, the extension host's included. These are
// the workbench's own start-up lines and the expected offline failures (no marketplace, no GitHub):
// hidden unless --verbose, so what remains is the suites' output.
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /^Creation of workbench contribution '.*' took \d+ms/,
  /^\[lifecycle\] Long running operations during shutdown/,
  /ENOTFOUND|EAI_AGAIN|open-vsx\.org|api\.github\.com|github-authentication/,
  // Reads the workbench cancels while the test run closes the window.
  /Canceled: Canceled/,
];
const timeoutMs = Number(process.env.INTEGRATION_TIMEOUT_MS ?? 300_000);
// The test entry (test/integration/index.ts) reads this in the extension host; code-server passes
// its environment on.
if (opts.suite.length > 0) process.env.INTERVIEW_DRILLS_SUITES = opts.suite.join(',');
const say = (line) => process.stdout.write(`[integration] ${line}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function hasRestrictedSuites(testsDir) {
  return fs.readdirSync(testsDir, { recursive: true }).map(String).some((f) => RESTRICTED_SUITE.test(f));
}

/** One window, one run of the test entry. @returns {Promise<{ exitCode: number, counts?: { passed: number, failed: number } }>} */
async function runPass(browser, { name, trusted, extensionPath, testsPath }) {
  const workspace = makeTempDir('workspace');
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Integration workspace\n\nA file so the folder is not empty.\n');
  let server;
  let context;
  let counts;
  let exitCode = 1;
  const pageErrors = [];
  try {
    const t0 = Date.now();
    server = await startVSCode({ folder: workspace, workspaceTrust: !trusted, keep: opts.keep });
    say(`${name}: code-server ${server.url} ready in ${seconds(Date.now() - t0)} (user data ${server.userDataDir})`);

    context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
    });
    const { exitCode: exited } = await exposeAutomation(page, {
      onLog: (_type, args) => {
        const text = formatAutomationLog(args);
        if (!opts.verbose && WORKBENCH_NOISE.some((re) => re.test(text))) return;
        for (const line of text.split('\n')) {
          const m = COUNTS.exec(line.trim());
          // Kept for the one final line, so the output holds exactly one counts line.
          if (m) counts = { passed: Number(m[1]), failed: Number(m[2]) };
          else process.stdout.write(`${line}\n`);
        }
      },
    });

    const t1 = Date.now();
    await page.goto(payloadUrl(server, { extensionDevelopmentPath: extensionPath, extensionTestsPath: testsPath }));
    let timer;
    const timedOut = new Promise((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
    const result = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      say(`${name}: TIMEOUT: the test entry did not finish within ${seconds(timeoutMs)} after the page opened ` +
        '(a hung test, an extension that never activates, or a workbench that never loaded the payload)');
    } else {
      exitCode = result;
      say(`${name}: page open → exit ${exitCode} in ${seconds(Date.now() - t1)}`);
    }
  } finally {
    // Tests that ran and failed explain themselves (mocha's report above). A run that never
    // counted (timeout, crash, a suite that did not load) needs the logs to be understood.
    if (exitCode !== 0 && !counts) {
      if (server) {
        const hostLog = extensionHostLog(server.userDataDir);
        say(`--- extension host log (${hostLog ?? 'not found'}) ---`);
        if (hostLog) process.stdout.write(`${fileTail(hostLog, 40)}\n`);
        say('--- code-server output (tail) ---');
        process.stdout.write(`${server.logTail()}\n`);
      }
      const relevant = pageErrors.filter((e) => !WORKBENCH_NOISE.some((re) => re.test(e)));
      if (relevant.length) {
        say('--- errors in the page (tail) ---');
        process.stdout.write(`${relevant.slice(-20).join('\n')}\n`);
      }
    }
    await context?.close().catch(() => {});
    await server?.stop();
    if (!opts.keep) fs.rmSync(workspace, { recursive: true, force: true });
  }
  return { exitCode, counts };
}

async function main() {
  const extensionPath = path.resolve(opts.extension);
  const testsPath = path.resolve(opts.tests);
  if (!fs.existsSync(path.join(extensionPath, 'package.json'))) {
    throw new Error(`no package.json in the extension folder ${extensionPath}`);
  }
  if (!fs.existsSync(testsPath)) {
    throw new Error(`test entry ${path.relative(root, testsPath)} does not exist: build it with \`node esbuild.js --tests\``);
  }
  if (opts.only && !['trusted', 'restricted'].includes(opts.only)) throw new Error('--only takes trusted or restricted');

  const passes = [];
  if (opts.only !== 'restricted') passes.push({ name: 'trusted', trusted: true });
  if (opts.only === 'restricted' || (!opts.only && hasRestrictedSuites(path.dirname(testsPath)))) {
    passes.push({ name: 'restricted', trusted: false });
  }

  const total = { passed: 0, failed: 0 };
  let exitCode = 0;
  const browser = await launchBrowser();
  try {
    for (const pass of passes) {
      const result = await runPass(browser, { ...pass, extensionPath, testsPath });
      // A pass that failed without counting (crash, timeout, no suite loaded) is one failure.
      const counts = result.counts ?? { passed: 0, failed: 0 };
      if (result.exitCode !== 0 && counts.failed === 0) counts.failed = 1;
      total.passed += counts.passed;
      total.failed += counts.failed;
      if (result.exitCode !== 0) exitCode = 1;
    }
  } finally {
    await browser.close().catch(() => {});
  }
  console.log(`integration: ${total.passed} passed, ${total.failed} failed`);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    say(`error: ${error instanceof Error ? error.message : String(error)}`);
    console.log('integration: 0 passed, 1 failed');
    process.exit(1);
  },
);
