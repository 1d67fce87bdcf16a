// The question model: what a question file holds once it has been parsed and validated.
// Plain data only, so the CLI, the tests and the extension share it.

export type QuestionKind = 'concept' | 'code' | 'sql' | 'behavioral';
export type Difficulty = 'easy' | 'medium' | 'hard';
export type Language = 'typescript' | 'javascript' | 'python';
export type CompareRule = 'exact' | 'unordered' | 'unordered-groups' | 'float';

export const QUESTION_KINDS: readonly QuestionKind[] = ['concept', 'code', 'sql', 'behavioral'];
export const LANGUAGES: readonly Language[] = ['typescript', 'javascript', 'python'];
export const DIFFICULTIES: readonly Difficulty[] = ['easy', 'medium', 'hard'];

export type PerLanguage = Partial<Record<Language, string>>;

export interface KeyPoint {
  point: string;
  evidence: string[];
}

export interface FixtureFile {
  path: string;
  text?: string;
  base64?: string;
  size?: number;
  seed?: number;
  symlink?: string;
  directory?: boolean;
}

/** One request an `http` case sends to the handler under test. */
export interface HttpRequestSpec {
  method: string;
  /** Starts with `/`; may carry a query string. */
  path: string;
  headers?: Record<string, string>;
  /** Sent as is when a string, else JSON-serialised. */
  body?: unknown;
}

/**
 * The case serves the entry as an HTTP handler on an ephemeral loopback port and sends these
 * requests in order; its result is the list of responses as `{ status, body }`.
 */
export interface HttpCase {
  requests: HttpRequestSpec[];
}

export interface CodeCase {
  name: string;
  /** The entry's arguments; omitted (treated as none) in an `http` case. */
  args?: unknown[];
  http?: HttpCase;
  expect: unknown;
  compare?: CompareRule;
  tolerance?: number;
  fixture?: { files: FixtureFile[] };
  timeLimitMs?: number;
}

export interface CodeExercise {
  languages: Language[];
  entry: string;
  starter: PerLanguage;
  solution: PerLanguage;
  comparator?: string;
  cases: CodeCase[];
}

export interface SqlCase {
  name: string;
  setup?: string;
  expect?: Record<string, unknown>[];
}

export interface SqlExercise {
  dialect?: 'postgresql';
  schema: string;
  seed?: string;
  starter?: string;
  solution: string;
  ordered?: boolean;
  checkColumnNames?: boolean;
  cases: SqlCase[];
}

/** A question as written in its YAML file. */
export interface QuestionData {
  id: string;
  title: string;
  seed?: string;
  kind: QuestionKind;
  difficulty: Difficulty;
  tags?: string[];
  prompt: string;
  why?: string;
  hints?: string[];
  answer: string;
  followUps?: string[];
  keyPoints?: KeyPoint[];
  template?: string;
  speakingTime?: { minSeconds?: number; maxSeconds?: number };
  exercise?: CodeExercise;
  sql?: SqlExercise;
}

/** Where a question came from. Built-in questions are trusted; others may not be. */
export type Origin = 'builtin' | 'user' | 'workspace';

/** A loaded question: the file's data plus where it lives. */
export interface Question extends QuestionData {
  /** Folder name under the bank root, e.g. `coding`. */
  category: string;
  /** Absolute path of the YAML file. */
  file: string;
  origin: Origin;
}

/** The languages a user can answer this question in, in preference order. */
export function answerLanguages(question: QuestionData): readonly string[] {
  switch (question.kind) {
    case 'code':
      return question.exercise?.languages ?? [];
    case 'sql':
      return ['sql'];
    case 'concept':
    case 'behavioral':
      return ['markdown'];
  }
}
