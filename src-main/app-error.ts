import type { ErrorCode } from '../shared/errors.ts';

/** An error meant for the user: a stable code and a message that says what happened. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function invalidInput(message: string, details?: unknown): AppError {
  return new AppError('INVALID_INPUT', message, details);
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} was not found.`);
}
