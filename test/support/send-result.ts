// Test helpers for the one send result: a refusal is an answer (outcome 'refused'), invalid input
// is still an AppError.
import assert from 'node:assert/strict';
import { AppError } from '../../src-main/app-error.ts';
import type { SendResult } from '../../src-main/messaging/send-service.ts';

export type Refused = Extract<SendResult, { outcome: 'refused' }>;

/** The send's result, asserted to be a refusal by the send policy. */
export async function refused(p: Promise<SendResult>): Promise<Refused> {
  const r = await p;
  assert.equal(r.outcome, 'refused', `expected a refusal, got ${r.outcome} (${r.message.status})`);
  return r as Refused;
}

/** The AppError a call threw (invalid input, not found). */
export async function rejected(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => assert.fail('expected an error'), (err: unknown) => err);
  assert.ok(e instanceof AppError, String(e));
  return e;
}
