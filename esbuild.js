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

async function main() {
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
