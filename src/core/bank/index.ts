// The question bank: loading, validating and describing question files. No `vscode` here.

export * from './question';
export { type Problem, type Position, type Severity, formatProblem, compareProblems, hasErrors } from './problem';
export { CATEGORY_ORDER, categoryLabel, compareCategories } from './categories';
export { MAX_FILE_BYTES, MAX_DEPTH, MAX_ALIAS_COUNT, MAX_EXPANDED_SIZE } from './limits';
export { parseQuestionFile, idFromFileName, type ParsedQuestionFile } from './parse';
export {
  loadBank,
  readQuestionFile,
  compareQuestions,
  type Bank,
  type LoadResult,
  type BankRoot,
  type LoadOptions,
  type LoadStats,
  type FileResult,
} from './loader';
export { CACHE_FORMAT_VERSION } from './cache';
export { questionSchema, schemaHash, formatPath } from './validation';
