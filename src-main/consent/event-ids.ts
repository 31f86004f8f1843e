// Ids that every desk of a group derives alike (R11), so one fact is one event group-wide: the
// consent effect of a keyword reply for one account on one basis of attribution, whichever desk
// polled the reply first.
import { createHash } from 'node:crypto';

/** A UUID (version 5 layout) from a SHA-256 of the parts. */
export function derivedUid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest();
  h[6] = ((h[6] as number) & 0x0f) | 0x50;
  h[8] = ((h[8] as number) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** The consent event a keyword reply makes for one dealer account (by its code), on one basis (the message it answered; null: none known). */
export const replyConsentUid = (replySid: string, accountCode: string, channel: string, basisSid: string | null): string =>
  derivedUid('reply-consent', replySid, accountCode, channel, basisSid ?? '');
