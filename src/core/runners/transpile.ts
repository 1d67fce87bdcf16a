// TypeScript and JavaScript answers to the CommonJS JavaScript the harness loads. Types are
// stripped, never checked (the editor already shows type errors; a check run wants speed), by
// sucrase in this long-lived process, where a transpile takes about a millisecond once warm. The
// output carries an inline source map back to the user's file, so stacks point at their lines.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Language } from '../bank/question';

export type Compiled =
  | { ok: true; code: string }
  | { ok: false; message: string; line?: number; col?: number };

type SucraseModule = typeof import('sucrase');

/** ES module syntax at the start of a line: only then is the imports transform (and its "use strict") applied. */
const ESM_SYNTAX = /^\s*(import\s*[{*'"]|import\s+[\w$]|export[\s{*])/m;

/** How many recent results are kept: running the same text again (re-run, Test Explorer) costs nothing. */
const CACHE_ENTRIES = 8;

/** Loads sucrase the first time it is needed, and keeps it. One per engine. */
export class Transpiler {
  private sucrase: Promise<SucraseModule> | undefined;
  /** file + source → result, least recently used first. */
  private readonly recent = new Map<string, Compiled>();

  /** Loads and exercises sucrase ahead of the first run, so that run does not pay for it. */
  warm(): void {
    void this.compile('typescript', 'export const warm: number = 1;\n', path.join(path.sep, 'warm.ts')).catch(() => undefined);
  }

  async compile(language: Exclude<Language, 'python'>, source: string, userFile: string): Promise<Compiled> {
    const isTypeScript = language === 'typescript';
    // Plain CommonJS needs nothing: it is compiled under the user's file name as it is.
    if (!isTypeScript && !ESM_SYNTAX.test(source)) return { ok: true, code: source };
    const key = `${language}\0${userFile}\0${source}`;
    const known = this.recent.get(key);
    if (known) {
      this.recent.delete(key);
      this.recent.set(key, known);
      return known;
    }
    const compiled = await this.transpile(isTypeScript, source, userFile);
    this.recent.set(key, compiled);
    if (this.recent.size > CACHE_ENTRIES) this.recent.delete(this.recent.keys().next().value as string);
    return compiled;
  }

  private async transpile(isTypeScript: boolean, source: string, userFile: string): Promise<Compiled> {
    const sucrase = await this.load();
    let result: ReturnType<SucraseModule['transform']>;
    try {
      result = sucrase.transform(source, {
        transforms: isTypeScript ? ['typescript', 'imports'] : ['imports'],
        disableESTransforms: true, // the Node that runs it has every ES feature
        filePath: userFile,
        sourceMapOptions: { compiledFilename: `${path.basename(userFile)}.js` },
      });
    } catch (error) {
      return syntaxError(error);
    }
    const map = { ...result.sourceMap, sources: [pathToFileURL(userFile).href] };
    const inline = Buffer.from(JSON.stringify(map), 'utf8').toString('base64');
    return { ok: true, code: `${result.code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${inline}\n` };
  }

  private load(): Promise<SucraseModule> {
    this.sucrase ??= import('sucrase').then((mod) => {
      const withDefault = mod as SucraseModule & { default?: SucraseModule };
      return typeof mod.transform === 'function' ? mod : (withDefault.default as SucraseModule);
    });
    return this.sucrase;
  }
}

function syntaxError(error: unknown): Compiled {
  const e = error as { message?: unknown; loc?: { line?: unknown; column?: unknown } };
  const message = String(e.message ?? error).replace(/\s*\(\d+:\d+\)\s*$/, '');
  const line = typeof e.loc?.line === 'number' ? e.loc.line : undefined;
  const col = typeof e.loc?.column === 'number' ? e.loc.column : undefined;
  return { ok: false, message, line, col };
}
