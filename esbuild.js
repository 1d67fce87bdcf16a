// Bundles: the extension (Node, cjs, `vscode` external), the panel script (browser), the CLI,
// and with --tests the unit tests (plain Node) and the integration suite (inside VS Code).
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** @param {string} dir */
function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The child process that loads the user's JavaScript/TypeScript and runs the cases.
    ...common,
    entryPoints: ['src/runners/node-harness.ts'],
    outfile: 'dist/runners/node-harness.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    // The worker process that runs PostgreSQL (PGlite, loaded from node_modules at run time).
    ...common,
    entryPoints: ['src/runners/sql-worker.ts'],
    outfile: 'dist/runners/sql-worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['@electric-sql/pglite'],
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

if (tests) {
  builds.push(
    {
      ...common,
      sourcemap: true,
      entryPoints: testFiles('test/unit'),
      outdir: 'out/test/unit',
      outbase: 'test/unit',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
    },
    {
      ...common,
      sourcemap: true,
      entryPoints: testFiles('test/integration'),
      outdir: 'out/test/integration',
      outbase: 'test/integration',
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      external: ['vscode', 'mocha'],
    },
  );
}

/**
 * The SQL worker loads PGlite at run time (its WebAssembly and data files sit beside its code), and
 * the VSIX carries no node_modules: copy PGlite's runtime into dist/node_modules, where Node finds
 * it from dist/runners/sql-worker.js. Types, source maps and the optional extension archives stay out.
 */
function copyPglite() {
  const from = path.join('node_modules', '@electric-sql', 'pglite');
  const to = path.join('dist', 'node_modules', '@electric-sql', 'pglite');
  const keep = (file) => !/\.(map|d\.ts|d\.cts)$/.test(file) && !file.startsWith(`contrib${path.sep}`) && !file.endsWith('.tar.gz');
  const files = ['package.json', ...fs.readdirSync(path.join(from, 'dist'), { recursive: true }).map(String).filter(keep).map((f) => path.join('dist', f))];
  for (const file of files) {
    const source = path.join(from, file);
    const target = path.join(to, file);
    const stat = fs.statSync(source);
    if (stat.isDirectory()) continue;
    const existing = fs.existsSync(target) ? fs.statSync(target) : undefined;
    if (existing && existing.size === stat.size && existing.mtimeMs >= stat.mtimeMs) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
  }
}

/**
 * The prepared PostgreSQL data directory (see src/core/sql/datadir.ts): a new PGlite database's
 * data directory as a gzip tar, so the SQL worker starts from it instead of running initdb.
 * PGlite is WebAssembly, so the archive is the same on every platform. Made again only when it
 * is missing, damaged or from another PGlite version (about 3 s).
 */
async function makePgliteDump() {
  const crypto = require('node:crypto');
  const file = path.join('dist', 'pglite', 'datadir.tar.gz');
  const infoFile = `${file}.json`;
  const version = JSON.parse(fs.readFileSync(path.join('node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version;
  const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
  try {
    const info = JSON.parse(fs.readFileSync(infoFile, 'utf8'));
    const bytes = fs.readFileSync(file);
    if (info.format === 1 && info.pglite === version && info.bytes === bytes.length && info.sha256 === sha256(bytes)) return;
  } catch {
    // missing or unreadable: make it
  }
  const { PGlite } = require('@electric-sql/pglite');
  const db = await PGlite.create();
  await db.exec('CHECKPOINT');
  const blob = await db.dumpDataDir('gzip');
  const bytes = Buffer.from(await blob.arrayBuffer());
  await db.close();
  // Builds may run side by side: each writes its own temporary files and renames them in place
  // (a reader that sees one new and one old file finds the hashes differ and uses initdb).
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const info = `${JSON.stringify({ format: 1, pglite: version, bytes: bytes.length, sha256: sha256(bytes) }, null, 2)}\n`;
  fs.writeFileSync(`${file}.${process.pid}.tmp`, bytes);
  fs.writeFileSync(`${infoFile}.${process.pid}.tmp`, info);
  fs.renameSync(`${file}.${process.pid}.tmp`, file);
  fs.renameSync(`${infoFile}.${process.pid}.tmp`, infoFile);
}

async function main() {
  copyPglite();
  await makePgliteDump();
  if (watch) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
