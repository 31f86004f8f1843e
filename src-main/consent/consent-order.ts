// Which of two consent changes is the later one (issue 14, finding 4), by the best evidence there is:
//  1. their times, each known to its resolution: the gateway dates a reply to the second (Twilio's
//     dates have no milliseconds), the desk's own clock to the millisecond;
//  2. within one stream (the replies to one sender, as the gateway lists them; or this desk's own
//     changes), the order they arrived in: the gateway lists a sender's messages by (date sent, SID),
//     and a change arriving now came after every change already recorded from that stream;
//  3. two opposite changes that still cannot be ordered (same second, different senders): the
//     opt-out wins, as R11 says for desks. Polling order across senders is no evidence at all.
import type { ConsentSource, ConsentStatus } from '../../shared/domain/types.ts';

/** What is known about when a consent change happened. */
export interface ConsentEvidence {
  status: ConsentStatus;
  /** When it happened, epoch ms, to `resolutionMs`: the true instant is in [at, at + resolutionMs). */
  at: number;
  resolutionMs: number;
  /** Changes in one stream arrive in the order they happened: a sender's replies, or 'local'. */
  stream: string;
}

/** A reply's date from the gateway is to the second. */
export const GATEWAY_TIME_RESOLUTION_MS = 1000;

/** The evidence a recorded or arriving change carries: a keyword reply is dated by the gateway and streams by its sender. */
export function consentEvidence(c: { status: ConsentStatus; source: ConsentSource; at: number; senderId: number | null }): ConsentEvidence {
  if (c.source === 'inbound_keyword') {
    return {
      status: c.status,
      at: Math.floor(c.at / GATEWAY_TIME_RESOLUTION_MS) * GATEWAY_TIME_RESOLUTION_MS,
      resolutionMs: GATEWAY_TIME_RESOLUTION_MS,
      stream: c.senderId !== null ? `sender:${c.senderId}` : 'sender:unknown',
    };
  }
  return { status: c.status, at: c.at, resolutionMs: 1, stream: 'local' };
}

/**
 * Whether `arriving` (being recorded now) becomes the current state over `current`. The arriving
 * change always joins the audit trail; this decides only which one is in force.
 */
export function supersedes(arriving: ConsentEvidence, current: ConsentEvidence): boolean {
  if (arriving.at >= current.at + current.resolutionMs) return true; // certainly later
  if (current.at >= arriving.at + arriving.resolutionMs) return false; // certainly earlier
  // The times overlap. Within one stream, arrival order is the order they happened in.
  if (arriving.stream === current.stream) return true;
  // Not ordered: between opposite changes the opt-out wins; the same change leaves things as they are.
  if (arriving.status !== current.status) return arriving.status === 'opted_out';
  return false;
}
