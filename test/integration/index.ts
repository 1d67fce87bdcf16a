// The test entry a real VS Code runs in its extension host: code-server through
// scripts/run-integration.mjs here, a downloaded VS Code through @vscode/test-electron on a desktop.
// Suites are the `*.test.js` files bundled next to this file (out/test/integration/**). In a
// trusted window every suite runs except `*.restricted.test.js`; in Restricted Mode (an untrusted
// folder) only those run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

const RESTRICTED_SUITE = /\.restricted\.test\.js$/;

/** `node scripts/run-integration.mjs --suite review --suite sql-query` runs only those suites. */
function chosenSuites(): Set<string> | undefined {
  const names = (process.env.INTERVIEW_DRILLS_SUITES ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  return names.length > 0 ? new Set(names) : undefined;
}

function suiteFiles(dir: string, restricted: boolean): string[] {
  const chosen = chosenSuites();
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.test.js') && RESTRICTED_SUITE.test(name) === restricted)
    .filter((name) => !chosen || chosen.has(path.basename(name).replace(/(\.restricted)?\.test\.js$/, '')))
    .sort()
    .map((name) => path.join(dir, name));
}

export function run(): Promise<void> {
  const restricted = !vscode.workspace.isTrusted;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  const files = suiteFiles(__dirname, restricted);
  for (const file of files) mocha.addFile(file);
  console.log(`${restricted ? 'Restricted Mode' : 'trusted window'}: ${files.length} suite file(s)`);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
        if (pending > 0) console.log(`integration: ${pending} pending`);
        // scripts/run-integration.mjs reads this exact line; scripts/test.mjs sums it.
        console.log(`integration: ${passes} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (error) {
      // A suite file that throws while loading: no test ran, and that is a failure.
      console.error(error);
      console.log('integration: 0 passed, 1 failed');
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
