// What a new answer file holds: the header that ties it to its question, then the starter for the
// chosen language (code), the schema as a comment (SQL) or a template (written answers).
import type { Language, Question } from './bank/question';

export type AnswerLanguage = Language | 'sql' | 'markdown';

const EXTENSIONS: Record<AnswerLanguage, string> = {
  typescript: 'ts',
  javascript: 'js',
  python: 'py',
  sql: 'sql',
  markdown: 'md',
};

export const LANGUAGE_LABELS: Record<AnswerLanguage, string> = {
  typescript: 'TypeScript',
  javascript: 'JavaScript',
  python: 'Python',
  sql: 'SQL',
  markdown: 'Markdown',
};

/** The header marker; `check` (later) finds the question from it when no --question is given. */
export const HEADER_MARKER = 'Interview Drills question:';

export function scratchFileName(questionId: string, language: AnswerLanguage): string {
  return `${questionId}.${EXTENSIONS[language]}`;
}

/** Which question and language a scratch file belongs to, from its name alone. */
export function parseScratchFileName(fileName: string): { questionId: string; language: AnswerLanguage } | undefined {
  const match = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.(ts|js|py|sql|md)$/.exec(fileName);
  if (!match) return undefined;
  const language = (Object.keys(EXTENSIONS) as AnswerLanguage[]).find((l) => EXTENSIONS[l] === match[2]);
  return language ? { questionId: match[1], language } : undefined;
}

/** The language a question is answered in, given the user's preference for code. */
export function answerLanguageFor(question: Question, preferred: Language | undefined): AnswerLanguage | undefined {
  switch (question.kind) {
    case 'sql':
      return 'sql';
    case 'concept':
    case 'behavioral':
      return 'markdown';
    case 'code': {
      const offered = question.exercise?.languages ?? [];
      if (preferred && offered.includes(preferred)) return preferred;
      return undefined;
    }
  }
}

function lineComment(language: AnswerLanguage): string {
  return language === 'python' ? '#' : language === 'sql' ? '--' : '//';
}

function commentBlock(prefix: string, text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => (line.length > 0 ? `${prefix} ${line}` : prefix))
    .join('\n');
}

function codeStarter(question: Question, language: Language): string {
  const prefix = lineComment(language);
  const header = commentBlock(prefix, `${HEADER_MARKER} ${question.id}\n${question.title}\nWrite \`${question.exercise?.entry}\`; the prompt is in the Interview Drills panel.`);
  const starter = question.exercise?.starter[language] ?? '';
  return `${header}\n\n${starter.trimEnd()}\n`;
}

function sqlStarter(question: Question): string {
  const sql = question.sql;
  const lines = [
    `${HEADER_MARKER} ${question.id}`,
    question.title,
    '',
    'Tables (PostgreSQL):',
    '',
    sql?.schema.trim() ?? '',
  ];
  if (sql?.seed?.trim()) lines.push('', 'Sample rows:', '', sql.seed.trim());
  const header = commentBlock('--', lines.join('\n'));
  const task = commentBlock('--', `Task:\n${question.prompt.trim()}`);
  const starter = sql?.starter?.trim() ?? 'SELECT 1;';
  return `${header}\n--\n${task}\n\n${starter}\n`;
}

const STAR_TEMPLATE = [
  '## Situation',
  '_Where and when: the team, the product, what was at stake._',
  '',
  '## Task',
  '_What you were responsible for, and the goal._',
  '',
  '## Action',
  '_What you did, step by step, in the first person. This is the longest part._',
  '',
  '## Result',
  '_What changed because of it, with a number if you can, and what you learned._',
  '',
].join('\n');

function writtenStarter(question: Question): string {
  const quoted = question.prompt
    .trim()
    .split('\n')
    .map((line) => (line.length > 0 ? `> ${line}` : '>'))
    .join('\n');
  const body = question.template?.trim()
    ? `${question.template.trim()}\n`
    : question.kind === 'behavioral'
      ? STAR_TEMPLATE
      : '## My answer\n\n';
  return `<!-- ${HEADER_MARKER} ${question.id} -->\n# ${question.title}\n\n${quoted}\n\n${body}`;
}

/** The full text of a fresh answer file. */
export function starterText(question: Question, language: AnswerLanguage): string {
  switch (language) {
    case 'typescript':
    case 'javascript':
    case 'python':
      return codeStarter(question, language);
    case 'sql':
      return sqlStarter(question);
    case 'markdown':
      return writtenStarter(question);
  }
}

/** Finds the question id in a scratch file's header comment. */
export function questionIdFromHeader(text: string): string | undefined {
  const head = text.slice(0, 2000);
  const match = /Interview Drills question:\s*([a-z0-9]+(?:-[a-z0-9]+)*)/.exec(head);
  return match?.[1];
}

/**
 * Files written once beside TypeScript and JavaScript answers, so the editor's TypeScript service
 * does not flag `import ... from 'node:fs'` and friends: the answer folder has no node_modules, and
 * this declares Node's modules and globals loosely instead. Never overwritten once there.
 */
export const SCRIPT_SUPPORT_FILES: readonly { path: string; text: string }[] = [
  {
    path: 'tsconfig.json',
    text: `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'commonjs',
          lib: ['ES2022'],
          types: [],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          esModuleInterop: true,
          allowJs: true,
          checkJs: false,
        },
        include: ['*.ts', '*.js', '.interview-drills/*.d.ts'],
      },
      null,
      2,
    )}\n`,
  },
  {
    path: '.interview-drills/node.d.ts',
    text: [
      '// Written by Interview Drills: Node\'s modules and globals, loosely typed, for answer files.',
      "declare module 'node:*';",
      ...['assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'stream', 'url', 'util', 'worker_threads', 'zlib'].map(
        (name) => `declare module '${name}';`,
      ),
      'declare const require: (id: string) => any;',
      'declare const module: { exports: any };',
      'declare const exports: any;',
      'declare const process: any;',
      'declare const Buffer: any;',
      'type Buffer = any;',
      'declare const __dirname: string;',
      'declare const __filename: string;',
      'declare const console: { log(...data: unknown[]): void; error(...data: unknown[]): void; warn(...data: unknown[]): void; info(...data: unknown[]): void; debug(...data: unknown[]): void };',
      'declare function setTimeout(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;',
      'declare function clearTimeout(handle: any): void;',
      'declare function setInterval(callback: (...args: any[]) => void, ms?: number, ...args: any[]): any;',
      'declare function clearInterval(handle: any): void;',
      'declare function setImmediate(callback: (...args: any[]) => void, ...args: any[]): any;',
      'declare function queueMicrotask(callback: () => void): void;',
      'declare class TextEncoder { encode(input?: string): Uint8Array; }',
      'declare class TextDecoder { constructor(label?: string); decode(input?: Uint8Array | ArrayBuffer, options?: { stream?: boolean }): string; }',
      '',
    ].join('\n'),
  },
];
