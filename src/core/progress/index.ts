// The progress module's public surface: the model, the pure rules, and the durable store.

export * from './model';
export { ProgressError, type ProgressErrorCode } from './errors';
export { mergeQuestion, unionAttempts } from './merge';
export { applyCheck, applyRating, applyReset, applyStart, type CheckOutcome } from './transitions';
export { parseProgressText, validateProgressFile, type ParsedProgress, type ValidationIssue } from './validate';
export {
  ProgressStore,
  type Disposable,
  type ImportResult,
  type ProgressChange,
  type ProgressStoreOptions,
  type ProgressWarning,
  type ProgressWarningKind,
  type ResetResult,
} from './store';
export { Clock } from './clock';
export * from './due';
export {
  cardOf,
  DEFAULT_DESIRED_RETENTION,
  dueOf,
  dueQuestions,
  firstReviewForSolved,
  isDue,
  previewRatings,
  scheduleReview,
  validDesiredRetention,
} from './schedule';
