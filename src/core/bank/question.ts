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
  /**
   * Response headers to record (case-insensitive names). When present, each response is
   * `{ status, body, headers }` with `headers` keyed by the lower-cased names: the value, all
   * values joined with ", " when the header came more than once, or null when it is absent.
   */
  headers?: string[];
}

/**
 * A case made by code instead of written out: `code` is the body of a JavaScript function
 * `(seed, random) => ({ args, expect })`, run in a child process (src/core/runners/generators.ts).
 */
export interface CaseGeneratorSpec {
  seed: number;
  code: string;
  /** How long the generator may run; 5 s when absent. */
  timeLimitMs?: number;
}

export interface CodeCase {
  name: string;
  /** The entry's arguments; omitted (treated as none) in an `http` case. */
  args?: unknown[];
  http?: HttpCase;
  /** Required unless the case has `generate` (the schema says so). */
  expect?: unknown;
  compare?: CompareRule;
  tolerance?: number;
  fixture?: { files: FixtureFile[] };
  timeLimitMs?: number;
  /** Instead of `args` and `expect`: the generator that makes them. */
  generate?: CaseGeneratorSpec;
  /** Exercises with a `database`: SQL around the built query, and how its rows are compared. */
  database?: CodeCaseDatabase;
}

/**
 * A code exercise whose answer builds a query (returns `{ text, params }`) that the checks run on
 * PostgreSQL: the tables every case starts from. Each case's `expect` is then the rows (records),
 * or `{ error: "SQLSTATE or words of the message" }` when the query must fail.
 */
export interface CodeExerciseDatabase {
  schema: string;
  seed?: string;
  /** Compare rows in order (default false). */
  ordered?: boolean;
}

export interface CodeCaseDatabase {
  /** SQL run in the case's transaction before the built query. */
  setup?: string;
  /** A query run after the built one (same transaction); its rows are what `expect` describes. */
  inspect?: string;
  /** Overrides the exercise's `ordered`. */
  ordered?: boolean;
}

export interface CodeExercise {
  languages: Language[];
  entry: string;
  starter: PerLanguage;
  solution: PerLanguage;
  comparator?: string;
  cases: CodeCase[];
  database?: CodeExerciseDatabase;
}

export interface SqlCase {
  name: string;
  setup?: string;
  expect?: Record<string, unknown>[];
  /** Script exercises: a query run after the statements; its rows are compared with the reference's. */
  inspect?: string;
  /** Script exercises: the plan of `query` (after the statements) must not scan the named tables sequentially. */
  plan?: SqlPlanCheck;
  /** Overrides the exercise's `ordered` for this case's comparison. */
  ordered?: boolean;
}

export interface SqlPlanCheck {
  query: string;
  /** Tables that must not appear as `Seq Scan on <table>` in the plan. */
  noSeqScanOn: string[];
  /** ANALYZE after the statements, before EXPLAIN (the seed tables are analysed already). */
  analyze?: boolean;
}

export interface SqlExercise {
  dialect?: 'postgresql';
  /**
   * 'query' (default): the answer is one query whose rows are compared. 'script': the answer is
   * statements (DDL, DML) run in order; each case then looks at the result with `inspect` or `plan`.
   */
  mode?: 'query' | 'script';
  schema: string;
  seed?: string;
  starter?: string;
  solution: string;
  ordered?: boolean;
  checkColumnNames?: boolean;
  cases: SqlCase[];
}

/** The checks the written-answer rubric can run; a question's `rubric.checks` picks and orders them. */
export type RubricCheck = 'keyPoints' | 'structure' | 'length' | 'fillers' | 'voice' | 'placeholders' | 'checklist' | 'questions' | 'email';

export const RUBRIC_CHECKS: readonly RubricCheck[] = ['keyPoints', 'structure', 'length', 'fillers', 'voice', 'placeholders', 'checklist', 'questions', 'email'];

/** A written drill's own rubric: which checks run (in this order) and their settings. */
export interface RubricSpec {
  checks: RubricCheck[];
  /** A checklist answer (`- [ ]` items): at least `minDone` items ticked or carrying a note. */
  checklist?: { minDone?: number };
  /** Questions to ask: at least `min` distinct real questions. */
  questions?: { min?: number };
  /** An email: subject, thanks, a specific moment, something added, a sign-off, at most `maxWords`. */
  email?: { maxWords?: number };
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
  /** Which rubric checks a written answer gets, and their settings; absent: the kind's defaults. */
  rubric?: RubricSpec;
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
