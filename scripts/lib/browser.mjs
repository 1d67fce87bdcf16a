// Debian's Chromium driven by playwright-core. Never a browser download: that fails here, and a
// test tool that fetches one would hide the failure behind minutes of retries.
import fs from 'node:fs';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumBin } from '../provision.mjs';

/** Flags that keep Chromium quiet on a closed network; --no-sandbox because we run as root. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
];

/** @param {{ headless?: boolean }} [options] */
export async function launchBrowser({ headless = true } = {}) {
  if (!fs.existsSync(chromiumBin)) {
    throw new Error(`Chromium not found at ${chromiumBin}: run \`node scripts/provision.mjs\` (installs Debian's chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: chromiumBin, headless, args: CHROMIUM_ARGS });
}

/**
 * Exposes the two functions the workbench calls in smoke-test-driver mode: the extension host's
 * console output, and the exit code once the test entry's run() settles. Call before page.goto.
 * @returns {Promise<{ exitCode: Promise<number> }>}
 */
export async function exposeAutomation(page, { onLog }) {
  let resolveExit;
  const exitCode = new Promise((r) => { resolveExit = r; });
  await page.exposeFunction('codeAutomationLog', (type, args) => onLog(type, args));
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  return { exitCode };
}

/**
 * Turns the args the workbench passes to codeAutomationLog (console.log's arguments, format string
 * first, as mocha's reporter writes them: ['    ✔ %s (%dms)', title, 12]) into one string.
 */
export function formatAutomationLog(args) {
  const list = Array.isArray(args) ? args : [args];
  return format(...list);
}
