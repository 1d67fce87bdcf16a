// Errors a caller can act on, told apart by `code` rather than by message text.

export type ProgressErrorCode =
  /** Another process held the progress lock for longer than the timeout. */
  | 'LOCK_TIMEOUT'
  /** The progress file was written by a newer version of the extension; we refuse to overwrite it. */
  | 'NEWER_VERSION'
  /** The text given to `importJson` is not a progress export this version can read. */
  | 'INVALID_IMPORT'
  /** A caller passed a bad question id or produced a malformed progress value. */
  | 'INVALID_ARGUMENT';

export class ProgressError extends Error {
  constructor(
    readonly code: ProgressErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProgressError';
  }
}

export function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
