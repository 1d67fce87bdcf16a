// The prepared PostgreSQL data directory: a tar archive (gzip) of a new PGlite database, made once
// at build time by esbuild.js and shipped in dist/, so the worker starts PostgreSQL from it instead
// of running initdb (about a third of the time and half of the memory). Beside it, `<file>.json`
// describes it; the worker checks that description and falls back to initdb when anything is off.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

/** Bump when the way the archive is made or read changes. */
export const DATADIR_DUMP_FORMAT = 1;

/** The relative path of the archive inside the extension. */
export const DATADIR_DUMP_PATH = ['dist', 'pglite', 'datadir.tar.gz'] as const;

export interface DataDirDumpInfo {
  format: number;
  /** The PGlite version that made it; another version starts from a new directory instead. */
  pglite: string;
  /** Size of the archive file in bytes. */
  bytes: number;
  /** SHA-256 of the archive file, hex. */
  sha256: string;
}

/**
 * Reads and checks a prepared data directory: its description (format, PGlite version, size,
 * SHA-256), then the bytes; returns the tar archive, or throws saying what is wrong.
 */
export function readDataDirDump(file: string, pgliteVersion: string | undefined): Uint8Array {
  const infoFile = `${file}.json`;
  if (!fs.existsSync(file) || !fs.existsSync(infoFile)) throw new Error(`no prepared data directory at ${file}`);
  let info: Partial<DataDirDumpInfo>;
  try {
    info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as Partial<DataDirDumpInfo>;
  } catch (error) {
    throw new Error(`the prepared data directory's description is unreadable: ${(error as Error).message}`);
  }
  if (info?.format !== DATADIR_DUMP_FORMAT) throw new Error(`the prepared data directory has format ${String(info?.format)}, not ${DATADIR_DUMP_FORMAT}`);
  if (!pgliteVersion || info.pglite !== pgliteVersion) {
    throw new Error(`the prepared data directory was made by PGlite ${String(info.pglite)}, this is ${pgliteVersion ?? 'an unknown version'}`);
  }
  const bytes = fs.readFileSync(file);
  if (bytes.length !== info.bytes) throw new Error(`the prepared data directory has ${bytes.length} bytes, expected ${String(info.bytes)}`);
  if (createHash('sha256').update(bytes).digest('hex') !== info.sha256) throw new Error('the prepared data directory is damaged (its SHA-256 differs)');
  let tar: Uint8Array;
  try {
    tar = bytes[0] === 0x1f && bytes[1] === 0x8b ? zlib.gunzipSync(bytes) : bytes;
  } catch (error) {
    throw new Error(`the prepared data directory cannot be unpacked: ${(error as Error).message}`);
  }
  if (tar.length < 1024 || Buffer.from(tar.subarray(257, 262)).toString('latin1') !== 'ustar') throw new Error('the prepared data directory is not a tar archive');
  return tar;
}

/** Writes the description beside an archive (esbuild.js does the same when it makes one). */
export function describeDataDirDump(file: string, pgliteVersion: string): DataDirDumpInfo {
  const bytes = fs.readFileSync(file);
  const info: DataDirDumpInfo = { format: DATADIR_DUMP_FORMAT, pglite: pgliteVersion, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  fs.writeFileSync(`${file}.json`, `${JSON.stringify(info, null, 2)}\n`);
  return info;
}
