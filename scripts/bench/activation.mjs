// activation_ms: how long the extension's activate() takes in a real VS Code, as the extension
// itself reports it with a line `interview-drills: activation_ms=<n>` (console and/or its
// "Interview Drills" output channel). Starts code-server with the extension in development mode,
// opens the page, clicks the activity bar item (a fresh window activates the extension only when
// its view is shown), and reads the line from whichever source has it first.
//
//   import activationMetric from './bench/activation.mjs'  →  { metric, value, unit }
//   node scripts/bench/activation.mjs  prints the same as JSON.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatAutomationLog, launchBrowser } from '../lib/browser.mjs';
import { extensionHostLog, makeTempDir, outputChannelLogs, payloadUrl, startVSCode } from '../vscode-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LINE = /interview-drills: activation_ms=(\d+(?:\.\d+)?)/;
const ACTIVITY_BAR_ITEM = '.activitybar .action-item a[aria-label*="Interview Drills"]';
const TIMEOUT_MS = 90_000;

function fromFiles(userDataDir) {
  for (const file of [...outputChannelLogs(userDataDir, 'Interview Drills'), extensionHostLog(userDataDir)]) {
    if (!file || !fs.existsSync(file)) continue;
    const m = LINE.exec(fs.readFileSync(file, 'utf8'));
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** @param {{ extensionPath?: string }} [options] */
export default async function activationMetric({ extensionPath = root } = {}) {
  const pkg = JSON.parse(fs.readFileSync(path.join(extensionPath, 'package.json'), 'utf8'));
  if (pkg.main && !fs.existsSync(path.join(extensionPath, pkg.main))) {
    throw new Error(`${pkg.main} is missing: build the extension first (node esbuild.js)`);
  }
  const workspace = makeTempDir('bench-workspace');
  fs.writeFileSync(path.join(workspace, 'README.md'), '# bench\n');
  let server;
  let browser;
  try {
    server = await startVSCode({ folder: workspace });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let reported;
    const see = (text) => {
      const m = LINE.exec(text);
      if (m && reported === undefined) reported = Number(m[1]);
    };
    // The extension host's console reaches the page two ways: the smoke-test driver's hook and
    // the workbench's own console; either is enough.
    await page.exposeFunction('codeAutomationLog', (_type, args) => see(formatAutomationLog(args)));
    page.on('console', (message) => see(message.text()));
    await page.goto(payloadUrl(server, { extensionDevelopmentPath: extensionPath }));
    const item = page.locator(ACTIVITY_BAR_ITEM);
    await item.waitFor({ timeout: TIMEOUT_MS });
    const checked = await item.evaluate((a) => a.closest('.action-item')?.classList.contains('checked') ?? false);
    if (!checked) await item.click();

    const deadline = Date.now() + TIMEOUT_MS;
    while (reported === undefined) {
      reported = fromFiles(server.userDataDir);
      if (reported !== undefined) break;
      if (Date.now() > deadline) {
        throw new Error('the extension never reported "interview-drills: activation_ms=<n>" ' +
          '(on the console or in its "Interview Drills" output channel)');
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return { metric: 'activation_ms', value: reported, unit: 'ms' };
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const extensionPath = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  activationMetric({ extensionPath }).then(
    (result) => console.log(JSON.stringify(result)),
    (error) => {
      console.error(`activation: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
