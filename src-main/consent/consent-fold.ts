// R11: the current consent of one (dealer account, customer, channel) is a deterministic fold of
// its events, whatever order they arrived in and on whichever desk. The same fold runs with no
// group server (one desk), so one rule decides everywhere.
//
// The events are walked in one order (below). Walking it:
//  - an opt-out opts out (an opt-in of the same moment that did not know of it cannot cancel it:
//    the opt-out wins a tie);
//  - an opt-in opts back in unless the state it meets is an opt-out it did not supersede. Staff
//    (manual, review) opt-ins name the latest opt-out their desk knew of (`supersedes`): an opt-in
//    made on a desk that had not seen an opt-out cannot cancel it. A customer's own keyword reply
//    (START after STOP) is ordered by the gateway's clock, as the customer sent them: it cancels an
//    earlier keyword opt-out, and any opt-out it names.
//  - A staff opt-in that names an opt-out dated after itself (the desks' clocks disagree) is placed
//    right after that opt-out: it was made knowing it.
// Retracted events (a provisional attribution revised, R4/R11) are left out before folding.
//
// Time is read by the best evidence (consent-order.ts, issue 14 finding 4): a keyword reply is dated
// by the gateway to the second, a desk change to the millisecond. Events are walked by that time,
// then by their order of arrival here (`seq`), then by uid. Where a later event meets the standing
// one and their times overlap, consent-order decides: within one stream (a sender's replies, or a
// desk's own changes) the later arrival is the later word; opposite changes from two streams cannot
// be ordered and the opt-out wins.
import type { ConsentSource, ConsentStatus } from '../../shared/domain/types.ts';
import { consentEvidence, supersedes as laterByEvidence } from './consent-order.ts';

export interface FoldEvent {
  uid: string;
  status: ConsentStatus;
  source: ConsentSource;
  occurredAt: number;
  /** For an opt-in: the uid of the latest opt-out its desk knew of (null: none). */
  supersedes: string | null;
  /** A keyword reply: the sender it came to (its stream); null or absent: unknown. */
  senderId?: number | null;
  /** Order of arrival on this desk (the local event id); absent: no order known. */
  seq?: number;
}

interface Keyed<E extends FoldEvent> {
  e: E;
  at: number;
  /** 0: in its own place; 1: an opt-in placed right after the opt-out it names. */
  tier: 0 | 1;
}

const evidenceOf = (e: FoldEvent) => consentEvidence({ status: e.status, source: e.source, at: e.occurredAt, senderId: e.senderId ?? null });

function order<E extends FoldEvent>(events: readonly E[]): Keyed<E>[] {
  const byUid = new Map(events.map((e) => [e.uid, e] as const));
  const keyed = events.map((e): Keyed<E> => {
    const at = evidenceOf(e).at;
    // A staff opt-in naming an opt-out dated at or after itself (desk clocks disagree) was made knowing it.
    if (e.status === 'opted_in' && e.source !== 'inbound_keyword' && e.supersedes) {
      const named = byUid.get(e.supersedes);
      if (named) {
        const namedAt = evidenceOf(named).at;
        if (namedAt >= at) return { e, at: namedAt, tier: 1 };
      }
    }
    return { e, at, tier: 0 };
  });
  return keyed.sort(
    (a, b) => a.at - b.at || a.tier - b.tier || (a.e.seq ?? 0) - (b.e.seq ?? 0) || (a.e.uid < b.e.uid ? -1 : a.e.uid > b.e.uid ? 1 : 0),
  );
}

/** The event that decides the current state, or null when there is none (never opted out or in). */
export function foldConsent<E extends FoldEvent>(events: readonly E[]): E | null {
  let current: E | null = null;
  for (const { e } of order(events)) {
    // An opt-out later in the walk opts out: opposite words of one moment that cannot be ordered
    // leave the opt-out standing. An opt-in after an opt-in replaces it.
    if (current === null || e.status === 'opted_out' || current.status === 'opted_in') {
      current = e;
      continue;
    }
    // An opt-in meeting an opt-out (R11): staff name the opt-out they knew of; the customer's own
    // word (START after their STOP, or after an opt-out their reply's desk knew of) counts when it is
    // the later word by the evidence (the same second to another sender is not).
    const known = e.supersedes === current.uid || (e.source === 'inbound_keyword' && current.source === 'inbound_keyword');
    if (!known) continue;
    if (e.source !== 'inbound_keyword' || laterByEvidence(evidenceOf(e), evidenceOf(current))) current = e;
  }
  return current;
}

/**
 * What a new opt-in should name as superseded: the opt-out that decides the state at `at`
 * (the latest opt-out before it in the fold's order), or null.
 */
export function supersededAt<E extends FoldEvent>(events: readonly E[], at: number): string | null {
  const before = events.filter((e) => e.occurredAt <= at);
  const state = foldConsent(before);
  return state && state.status === 'opted_out' ? state.uid : null;
}
