// Installs a built extension folder into a code-server --extensions-dir the way installing its
// .vsix would: a copy of the packaged files in `<publisher>.<name>-<version>/`, and an entry in the
// dir's extensions.json. That manifest matters: once it exists, VS Code 1.139 loads only the
// extensions listed in it (a folder that is merely copied next to it is ignored).
import fs from 'node:fs';
import path from 'node:path';

/**
 * What a user's install holds when package.json has no `files` list: the manifest and the folders
 * the extension reads at run time. Keep in step with .vscodeignore when it appears.
 */
export const EXTENSION_FILES = [
  'package.json',
  'package.nls.json',
  'dist',
  'media',
  'runners',
  'questions',
  'schemas',
  'l10n',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'LICENSE.md',
  'LICENSE.txt',
];

function readManifest(extensionsDir) {
  const file = path.join(extensionsDir, 'extensions.json');
  if (!fs.existsSync(file)) return [];
  try {
    const list = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/**
 * @param {{ source: string, extensionsDir: string }} options  source: the extension's root folder
 *   (package.json next to the built dist/).
 * @returns {{ id: string, version: string, location: string }}
 */
export function installExtensionFolder({ source, extensionsDir }) {
  const pkg = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
  const id = `${pkg.publisher}.${pkg.name}`;
  const folderName = `${id}-${pkg.version}`;
  const target = path.join(extensionsDir, folderName);
  const main = pkg.main ? path.join(source, pkg.main) : undefined;
  if (main && !fs.existsSync(main) && !fs.existsSync(`${main}.js`)) {
    throw new Error(`${path.relative(process.cwd(), main)} does not exist: build the extension first (node esbuild.js)`);
  }

  fs.mkdirSync(extensionsDir, { recursive: true });
  // Replace every installed version of this extension: a stale copy must never win.
  const manifest = readManifest(extensionsDir).filter((entry) => {
    if (entry?.identifier?.id?.toLowerCase() !== id.toLowerCase()) return true;
    if (entry.relativeLocation) fs.rmSync(path.join(extensionsDir, entry.relativeLocation), { recursive: true, force: true });
    return false;
  });
  fs.rmSync(target, { recursive: true, force: true });

  const staging = `${target}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const entries = Array.isArray(pkg.files) ? ['package.json', ...pkg.files] : EXTENSION_FILES;
  for (const entry of entries) {
    const from = path.join(source, entry);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(staging, entry), { recursive: true, dereference: true });
  }
  fs.renameSync(staging, target);

  // The same shape `code-server --install-extension x.vsix` writes.
  manifest.push({
    identifier: { id },
    version: pkg.version,
    location: { $mid: 1, path: target, scheme: 'file' },
    relativeLocation: folderName,
    metadata: { installedTimestamp: Date.now(), pinned: true, source: 'vsix' },
  });
  fs.writeFileSync(path.join(extensionsDir, 'extensions.json'), JSON.stringify(manifest));
  return { id, version: pkg.version, location: target };
}
