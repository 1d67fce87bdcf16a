// The integration suites in a downloaded desktop VS Code, through @vscode/test-electron: for a
// developer's computer or a hosted CI with internet. It runs the same test entry
// (out/test/integration/index.js) that scripts/run-integration.mjs runs in code-server here.
//
//   node scripts/test-desktop.mjs [--vscode stable|insiders|1.90.0|min]
//   --vscode min: the oldest VS Code package.json's engines.vscode allows.
// On Linux without a display, run it under xvfb-run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({ options: { vscode: { type: 'string', default: process.env.VSCODE_VERSION ?? 'stable' } } });
const say = (line) => process.stdout.write(`[desktop] ${line}\n`);

function vscodeVersion() {
  if (opts.vscode !== 'min') return opts.vscode;
  const range = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines.vscode;
  const min = /(\d+\.\d+\.\d+)/.exec(range);
  if (!min) throw new Error(`cannot read a minimum version from engines.vscode "${range}"`);
  return min[1];
}

async function main() {
  const extensionTestsPath = path.join(root, 'out', 'test', 'integration', 'index.js');
  if (!fs.existsSync(extensionTestsPath)) {
    throw new Error('out/test/integration/index.js does not exist: build it with `node esbuild.js --tests`');
  }
  const version = vscodeVersion();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-drills-desktop-'));
  fs.writeFileSync(path.join(workspace, 'README.md'), '# Integration workspace\n');
  try {
    say(`VS Code ${version}: downloading into .vscode-test/ if not there yet, then running the suites`);
    await runTests({
      version,
      extensionDevelopmentPath: root,
      extensionTestsPath,
      // A fresh window on the temp folder, with no other extension to interfere.
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      timeout: 30_000, // an idle download that long means there is no route to Microsoft's servers
    });
    return 0;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const message = error instanceof Error ? error.message : String(error);
    const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|getaddrinfo|timeout|Failed to get JSON|download/i.test(message);
    say(`failed: ${message}`);
    if (offline) {
      say('VS Code could not be downloaded from update.code.visualstudio.com (no internet here?).');
      say('On this kind of machine run the same suites in code-server instead: npm run test:integration');
    } else if (/exit code|Test run failed/i.test(message)) {
      say('the suites ran and failed (see the output above)');
    }
    process.exit(1);
  },
);
