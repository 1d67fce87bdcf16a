// Starts a real VS Code (code-server from the npm registry, on Node 24) for tests, the UI test,
// the bench and `npm start`. One place knows the flags, the clean-window settings, how to wait for
// the server and how to stop every process it started. See docs/real-vscode-tests.md.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { provision } from './provision.mjs';

/** Settings that make the window show the extension and none of code-server's extras. */
export const CLEAN_WINDOW_SETTINGS = Object.freeze({
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
});

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const LOG_TAIL_LINES = 60;

/** Servers still running in this process, so an exit or a signal stops them all. */
const live = new Set();
let hooksInstalled = false;

function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // 'exit' runs synchronously: a group SIGKILL and a sync delete are all that can happen there.
  process.on('exit', () => {
    for (const server of live) server.killNow();
  });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      // Graceful first; the 'exit' hook above kills whatever is left if someone exits sooner
      // (playwright-core's own SIGINT handler closes its browser and exits with 130).
      Promise.allSettled([...live].map((s) => s.stop())).finally(() => process.exit(code));
      setTimeout(() => process.exit(code), STOP_GRACE_MS + 1000).unref();
    });
  }
}

/** Stops every server started by this process; for callers that handle signals themselves. */
export function stopAll() {
  return Promise.allSettled([...live].map((s) => s.stop()));
}

/** A fresh, empty directory under the system temp folder. */
export function makeTempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `interview-drills-${prefix}-`));
}

function writeSettings(userDataDir, settings) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let existing = {};
  if (fs.existsSync(file)) {
    try {
      existing = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      // JSON with comments, edited by hand in a kept user-data dir: the user's file wins, untouched.
      return file;
    }
  }
  // Clean-window defaults, then what the user changed since, then what the caller insists on.
  const merged = { ...CLEAN_WINDOW_SETTINGS, ...existing, ...settings };
  fs.writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  return file;
}

/** The environment code-server runs with: nothing from a VS Code terminal this script may run in. */
function serverEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    // VSCODE_IPC_HOOK_CLI makes code-server hand the folder to the VS Code that owns that
    // terminal and exit instead of starting; the other VSCODE_*/ELECTRON_* vars would leak too.
    if (key.startsWith('VSCODE_') || key.startsWith('ELECTRON_')) continue;
    if (key === 'PASSWORD' || key === 'HASHED_PASSWORD' || key === 'PORT') continue;
    env[key] = value;
  }
  return env;
}

function get(url, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** A timer for Promise.race: it must not keep the process alive once the race is decided. */
const raceTimer = (ms) => new Promise((r) => setTimeout(r, ms).unref());

/**
 * @param {{
 *   port?: number,                     // 0 or absent: a free port chosen by the OS
 *   host?: string,                     // default 127.0.0.1
 *   folder: string,                    // the workspace folder the window opens
 *   extensionDevelopmentPath?: string, // the default for payloadUrl(); the page loads it, not the server
 *   userDataDir?: string,              // absent: a fresh temp dir, deleted on stop()
 *   extensionsDir?: string,            // absent: <userDataDir>/extensions
 *   workspaceTrust?: boolean,          // true: keep Workspace Trust on (Restricted Mode tests)
 *   settings?: Record<string, unknown>,
 *   keep?: boolean,                    // keep the temp user-data dir after stop() (debugging)
 *   log?: (line: string) => void,      // every line code-server prints
 * }} options
 */
export async function startVSCode(options) {
  const { folder, workspaceTrust = false, settings = {}, log } = options;
  if (!folder) throw new Error('startVSCode: `folder` is required');
  const host = options.host ?? '127.0.0.1';
  const { nodeBin, codeServerEntry } = provision();

  const ownsUserDataDir = !options.userDataDir;
  const userDataDir = path.resolve(options.userDataDir ?? makeTempDir('user'));
  const extensionsDir = path.resolve(options.extensionsDir ?? path.join(userDataDir, 'extensions'));
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(folder, { recursive: true });
  writeSettings(userDataDir, settings);
  // Our own config file: otherwise code-server reads (and first writes) ~/.config/code-server.
  const configFile = path.join(userDataDir, 'code-server.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');
  const logFile = path.join(userDataDir, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);

  const args = [
    codeServerEntry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `${host}:${options.port ?? 0}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    // Without this the built workbench ignores the development payload (extension never loads).
    '--vscode-option', 'enable-smoke-test-driver',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
    path.resolve(folder),
  ];
  const started = Date.now();
  const child = spawn(nodeBin, args, {
    detached: true, // its own process group: stop() kills code-server and every process under it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: serverEnv(),
  });

  const tail = [];
  let resolvePort;
  const portSeen = new Promise((r) => { resolvePort = r; });
  let exited = null;
  let resolveExit;
  const exitPromise = new Promise((resolve) => { resolveExit = resolve; });
  const onExit = (result) => {
    if (exited) return;
    exited = result;
    live.delete(server);
    resolveExit(result);
  };
  child.on('exit', (code, signal) => onExit({ code, signal }));
  child.on('error', (error) => { // e.g. Node 24 missing: no 'exit' follows
    tail.push(`could not start ${nodeBin}: ${error.message}`);
    onExit({ code: null, signal: null, error });
  });

  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream.on('data', (chunk) => {
      logStream.write(chunk);
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > LOG_TAIL_LINES) tail.shift();
        const m = /HTTP server listening on https?:\/\/[^\s]*:(\d+)\//.exec(line);
        if (m) resolvePort(Number(m[1]));
        log?.(line);
      }
    });
  }

  let stopping = null;
  const server = {
    url: '',
    port: 0,
    host,
    userDataDir,
    extensionsDir,
    folder: path.resolve(folder),
    extensionDevelopmentPath: options.extensionDevelopmentPath && path.resolve(options.extensionDevelopmentPath),
    logFile,
    pid: child.pid,
    /** Settles with { code, signal } when code-server exits, whoever stopped it. */
    exited: exitPromise,
    /** The last lines code-server printed. */
    logTail: () => tail.join('\n'),
    /** Kills the whole group at once (used on process exit). */
    killNow() {
      if (exited) return;
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      if (ownsUserDataDir && !options.keep) fs.rmSync(userDataDir, { recursive: true, force: true });
    },
    /** SIGTERM to the group, SIGKILL after a grace period; deletes a temp user-data dir. */
    stop() {
      stopping ??= (async () => {
        if (!exited && child.pid) {
          try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
          const timer = raceTimer(STOP_GRACE_MS).then(() => 'timeout');
          if ((await Promise.race([exitPromise, timer])) === 'timeout') {
            try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
            await exitPromise;
          }
        }
        // Its children (extension host, file watcher) may outlive the leader by a moment.
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* group gone */ }
        logStream.end();
        live.delete(server);
        if (ownsUserDataDir && !options.keep) {
          fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
        }
      })();
      return stopping;
    },
  };
  live.add(server);
  installExitHooks();

  const fail = async (what) => {
    const tailText = server.logTail();
    await server.stop();
    throw new Error(
      `code-server ${what}.\n  command: ${nodeBin} ${args.join(' ')}\n  log: ${logFile}` +
      `${ownsUserDataDir && !options.keep ? ' (deleted)' : ''}\n--- last lines of its output ---\n${tailText}`,
    );
  };

  // 1. The port it listens on (the OS picks one when we asked for 0).
  const deadline = started + READY_TIMEOUT_MS;
  const port = await Promise.race([
    portSeen,
    exitPromise.then(() => null),
    raceTimer(READY_TIMEOUT_MS).then(() => undefined),
  ]);
  if (port === null) return fail(`exited before listening (code ${exited?.code}, signal ${exited?.signal})`);
  if (port === undefined) return fail(`did not listen within ${READY_TIMEOUT_MS / 1000} s`);
  server.port = port;
  server.url = `http://${host}:${port}/`;

  // 2. The port answers HTTP.
  for (;;) {
    if (exited) return fail(`exited while starting (code ${exited.code}, signal ${exited.signal})`);
    if (Date.now() > deadline) return fail(`did not answer on ${server.url}healthz within ${READY_TIMEOUT_MS / 1000} s`);
    try {
      if ((await get(`${server.url}healthz`, 2000)) === 200) break;
    } catch { /* not yet */ }
    await sleep(100);
  }
  server.startMs = Date.now() - started;
  return server;
}

/**
 * The URL that opens `folder` with an extension in development mode and, optionally, runs a test
 * entry module (`extensionTestsPath`) in the extension host. Both paths are absolute, on this machine.
 */
export function payloadUrl(server, {
  folder = server.folder,
  extensionDevelopmentPath = server.extensionDevelopmentPath,
  extensionTestsPath,
} = {}) {
  const remote = (p) => `vscode-remote://${server.host}:${server.port}${path.resolve(p)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = `folder=${encodeURIComponent(path.resolve(folder))}`;
  return `${server.url}?${query}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
}

function logSessions(userDataDir) {
  const logsDir = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logsDir)) return [];
  return fs.readdirSync(logsDir)
    .map((name) => path.join(logsDir, name))
    .filter((p) => fs.statSync(p).isDirectory())
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
}

/** The newest extension host log (`logs/<time>/exthost1/remoteexthost.log`), or undefined. */
export function extensionHostLog(userDataDir) {
  const found = [];
  for (const session of logSessions(userDataDir)) {
    if (!fs.existsSync(session)) continue;
    for (const host of fs.readdirSync(session).filter((n) => /^exthost\d+$/.test(n))) {
      const file = path.join(session, host, 'remoteexthost.log');
      if (fs.existsSync(file)) found.push(file);
    }
  }
  return found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
}

/**
 * Log files of an extension's output channels whose file name contains `channelName`, newest
 * first: plain channels are in exthost1/output_logging_<time>/<n>-<name>.log, log channels
 * (createOutputChannel(name, { log: true })) in exthost1/<publisher>.<name>/<name>.log.
 */
export function outputChannelLogs(userDataDir, channelName) {
  const found = [];
  const walk = (dir, depth) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < 2) walk(p, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.log') && entry.name.includes(channelName)) found.push(p);
    }
  };
  for (const session of logSessions(userDataDir)) {
    for (const host of fs.readdirSync(session).filter((n) => /^exthost\d+$/.test(n))) walk(path.join(session, host), 0);
  }
  return found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
}

/** The last `lines` lines of a text file, or '' when it does not exist. */
export function fileTail(file, lines = 40) {
  if (!file || !fs.existsSync(file)) return '';
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n');
}
