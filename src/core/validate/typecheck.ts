// TypeScript starters and references must compile for the user, not only run: the answer folder
// type-checks them with the support files the extension writes beside answers (scratch.ts), so
// the same is done here. The compiler is a development dependency: where it is not installed
// (an installed extension) the check is skipped and said so.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as TypeScript from 'typescript';
import type { Problem } from '../bank/problem';
import type { Question } from '../bank/question';
import { SCRIPT_SUPPORT_FILES, starterText } from '../scratch';
import type { Locator } from './questionChecks';

export interface TypeCheckResult {
  problems: Problem[];
  /** Why nothing was checked, when nothing was. */
  note?: string;
  files: number;
  ms: number;
}

/** At most this many diagnostics per file: the first ones say what is wrong. */
const PER_FILE = 3;

export function typeCheck(questions: readonly Question[], where: Locator, extensionRoot: string): TypeCheckResult {
  const started = performance.now();
  const typed = questions.filter((q) => q.kind === 'code' && q.exercise?.languages.includes('typescript'));
  if (typed.length === 0) return { problems: [], files: 0, ms: 0 };
  let ts: typeof TypeScript;
  try {
    ts = createRequire(path.join(extensionRoot, 'package.json'))('typescript') as typeof TypeScript;
  } catch {
    return { problems: [], files: 0, ms: 0, note: 'TypeScript is not installed here (npm install), so TypeScript starters and references were not type-checked' };
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-drills-typecheck-'));
  try {
    for (const file of SCRIPT_SUPPORT_FILES) {
      fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, file.path), file.text);
    }
    /** Absolute file → what it holds. */
    const owners = new Map<string, { q: Question; role: 'starter' | 'solution'; offset: number }>();
    for (const q of typed) {
      const exercise = q.exercise!;
      const starter = exercise.starter.typescript;
      if (starter !== undefined) {
        const text = starterText(q, 'typescript');
        const at = text.indexOf(starter.trimEnd());
        owners.set(write(dir, `${q.id}.starter.ts`, text), { q, role: 'starter', offset: at <= 0 ? 0 : text.slice(0, at).split('\n').length - 1 });
      }
      const solution = exercise.solution.typescript;
      if (solution?.trim()) owners.set(write(dir, `${q.id}.solution.ts`, solution), { q, role: 'solution', offset: 0 });
    }
    const config = ts.readConfigFile(path.join(dir, 'tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir);
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const problems: Problem[] = [];
    const counted = new Map<string, number>();
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const owner = d.file ? owners.get(path.resolve(d.file.fileName)) : undefined;
      if (!owner || !d.file) continue;
      const seen = counted.get(d.file.fileName) ?? 0;
      counted.set(d.file.fileName, seen + 1);
      if (seen >= PER_FILE) continue;
      const line = d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 - owner.offset;
      const block = ['exercise', owner.role, 'typescript'];
      const at = line >= 1 ? where.inBlock(owner.q.file, block, line) : where.at(owner.q.file, block, 'key');
      const what = owner.role === 'starter' ? 'the starter (typescript)' : 'the reference solution (typescript)';
      problems.push({
        file: owner.q.file,
        line: at.line,
        col: at.col,
        severity: 'error',
        message: `${what} does not type-check: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')} (TS${d.code})`,
      });
    }
    return { problems, files: owners.size, ms: Math.round(performance.now() - started) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Writes one answer file. A file without import or export is a script, whose top-level names
 * would clash with every other script in the program: `export {}` at the end (after the last
 * line, so line numbers stay) makes it a module of its own, as it is when the user opens it alone.
 */
function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  const isModule = /^\s*(import|export)\b/m.test(text);
  fs.writeFileSync(file, isModule ? text : `${text}\nexport {};\n`);
  return path.resolve(file);
}
