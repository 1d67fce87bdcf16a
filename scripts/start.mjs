// `npm start`: Interview Drills in a real VS Code in your browser, for someone without VS Code.
// Installs what is missing (once), builds the extension, installs it into a private code-server,
// and prints the address to open. Your progress and settings persist between runs in
// .cache/start/. With VS Code installed, press F5 in this repo or install the .vsix instead.
//
//   node scripts/start.mjs [--no-build] [--extension DIR]
// Env: PORT (default 8080), HOST (default 127.0.0.1), INTERVIEW_DRILLS_WORKSPACE (the folder the
// window opens; default .cache/start/workspace).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { installExtensionFolder } from './lib/install-extension.mjs';
import { cacheDir, provision } from './provision.mjs';
import { startVSCode } from './vscode-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: { build: { type: 'boolean', default: true }, extension: { type: 'string', default: root } },
  allowNegative: true,
});
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const stateDir = path.join(cacheDir, 'start');
const workspace = path.resolve(process.env.INTERVIEW_DRILLS_WORKSPACE ?? path.join(stateDir, 'workspace'));

const say = (line) => process.stdout.write(`[start] ${line}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function step(label, fn) {
  const t = Date.now();
  say(`${label}…`);
  const result = await fn();
  say(`${label}: done in ${seconds(Date.now() - t)}`);
  return result;
}

function portIsFree() {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

function ensureWorkspace() {
  if (fs.existsSync(workspace)) return;
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.md'),
    '# Interview Drills workspace\n\nOpen the Interview Drills view in the activity bar (left) to pick a question.\n');
}

async function main() {
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT=${process.env.PORT} is not a port number`);
  if (!(await portIsFree())) {
    throw new Error(`${host}:${port} is already in use (another \`npm start\`?). Stop it, or choose another port: PORT=8081 npm start`);
  }
  await step('checking Node 24, code-server and Chromium (installs them the first time, a few minutes)', () => provision());
  if (opts.build) {
    await step('building the extension (node esbuild.js)', () => {
      const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('the build failed (see above); fix it and run `npm start` again');
    });
  }
  const extensionsDir = path.join(stateDir, 'extensions');
  const source = path.resolve(opts.extension);
  const installed = await step('installing it into code-server', () => installExtensionFolder({ source, extensionsDir }));
  say(`  ${installed.id}@${installed.version} → ${path.relative(root, installed.location)}`);
  ensureWorkspace();

  const server = await step(`starting code-server on ${host}:${port}`, () => startVSCode({
    host,
    port,
    folder: workspace,
    userDataDir: path.join(stateDir, 'user-data'),
    extensionsDir,
    // Our own folder: no "do you trust the authors" prompt in front of the first question.
    workspaceTrust: false,
  }));

  process.stdout.write(`\n  Interview Drills is ready: open ${server.url}\n` +
    `  (workspace ${workspace}; code-server's log: ${server.logFile})\n  Press Ctrl-C to stop.\n\n`);

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      stopping = true;
      say('stopping…'); // vscode-server.mjs's handler stops code-server and exits
    });
  }
  const { code, signal } = await server.exited;
  if (stopping) return;
  say(`code-server exited (code ${code}, signal ${signal}); the last lines it printed:\n${server.logTail()}`);
  process.exit(1);
}

main().catch((error) => {
  say(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
