// What the bench files share: the repository's root, the extension's own build, and a CommonJS
// bundle of some of src/core that a bench loads directly (no vscode in it).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs esbuild.js: dist/ (runners, SQL worker, data-directory archive) as the extension uses it. */
export function buildExtension() {
  const built = spawnSync(process.execPath, ['esbuild.js'], { cwd: repo, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the extension did not build');
}

/**
 * Bundles `source` into `outfile` for Node: a file of the repository (`{ entry }`) or a module
 * written out here (`{ contents }`, resolved from the repository's root).
 * @param {{ entry: string } | { contents: string }} source
 * @param {string} outfile
 */
export async function bundleCore(source, outfile) {
  await build({
    ...('entry' in source
      ? { entryPoints: [path.join(repo, source.entry)] }
      : { stdin: { contents: source.contents, resolveDir: repo, loader: 'ts' } }),
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    logLevel: 'warning',
  });
}
