import type { ErrorCode } from '../shared/errors.ts';
import type { ErrorDetails } from '../shared/ipc/contract.ts';

/**
 * An error meant for the user: a stable code, a message that says what happened, and the details
 * the contract defines for that code (checked again at the IPC boundary).
 */
export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details?: ErrorDetails<C>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function invalidInput(message: string, details?: ErrorDetails<'INVALID_INPUT'>): AppError<'INVALID_INPUT'> {
  return new AppError('INVALID_INPUT', message, details);
}

export function notFound(what: string): AppError<'NOT_FOUND'> {
  return new AppError('NOT_FOUND', `${what} was not found.`);
}

/** What a full disk means for the user: the write was refused whole, nothing half-written. */
export const DISK_FULL_MESSAGE = 'The disk is full: nothing was lost. Free some space and try again.';

/** SQLite's SQLITE_FULL or the file system's ENOSPC, on the error or anything it was caused by. */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') return true;
  }
  return false;
}
