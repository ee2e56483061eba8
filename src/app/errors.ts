/**
 * The one error type of the application. `code` is a closed list: user-caused codes become a
 * helpful reply, `fault` codes become a logged incident with a short apology (see the dispatcher).
 */
export const USER_ERROR_CODES = ['not_found', 'ambiguous', 'invalid', 'forbidden', 'conflict'] as const;
export const FAULT_CODES = ['unavailable', 'internal'] as const;
export type AppErrorCode = (typeof USER_ERROR_CODES)[number] | (typeof FAULT_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    /** Safe to show to the user as is. */
    readonly userMessage: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = 'AppError';
  }

  get isUserError(): boolean {
    return (USER_ERROR_CODES as readonly string[]).includes(this.code);
  }
}

export const notFound = (what: string, details?: Record<string, unknown>) =>
  new AppError('not_found', what, details);
export const invalid = (message: string, details?: Record<string, unknown>) =>
  new AppError('invalid', message, details);
export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new AppError('forbidden', message, details);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError('conflict', message, details);

export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
