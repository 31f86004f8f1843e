// R11: the current consent of one (dealer account, customer, channel) is a deterministic fold of
// its events, whatever order they arrived in and on whichever desk. The same fold runs with no
// group server (one desk), so one rule decides everywhere.
//
// The events are put in one order: by time, an opt-in before an opt-out of the same moment (so the
// opt-out wins a tie), then by the event's globally unique id. Walking that order:
//  - an opt-out opts out;
//  - an opt-in opts back in unless the state it meets is an opt-out it did not supersede. Staff
//    (manual, review) opt-ins name the latest opt-out their desk knew of (`supersedes`): an opt-in
//    made on a desk that had not seen an opt-out cannot cancel it. A customer's own keyword reply
//    (START after STOP) is ordered by the gateway's clock, as the customer sent them: it cancels an
//    earlier keyword opt-out, and any opt-out it names.
//  - An opt-in that names an opt-out dated after itself (the desks' clocks disagree) is placed
//    right after that opt-out: it was made knowing it.
// Retracted events (a provisional attribution revised, R4/R11) are left out before folding.
import type { ConsentSource, ConsentStatus } from '../../shared/domain/types.ts';

export interface FoldEvent {
  uid: string;
  status: ConsentStatus;
  source: ConsentSource;
  occurredAt: number;
  /** For an opt-in: the uid of the latest opt-out its desk knew of (null: none). */
  supersedes: string | null;
}

interface Keyed<E extends FoldEvent> {
  e: E;
  at: number;
  rank: number;
}

const RANK = { opted_in: 0, opted_out: 1, opted_in_after: 2 } as const;

function order<E extends FoldEvent>(events: readonly E[]): Keyed<E>[] {
  const byUid = new Map(events.map((e) => [e.uid, e] as const));
  const keyed = events.map((e): Keyed<E> => {
    if (e.status === 'opted_in' && e.supersedes) {
      const named = byUid.get(e.supersedes);
      if (named && named.occurredAt >= e.occurredAt) return { e, at: named.occurredAt, rank: RANK.opted_in_after };
    }
    return { e, at: e.occurredAt, rank: RANK[e.status] };
  });
  return keyed.sort((a, b) => a.at - b.at || a.rank - b.rank || (a.e.uid < b.e.uid ? -1 : a.e.uid > b.e.uid ? 1 : 0));
}

/** The event that decides the current state, or null when there is none (never opted out or in). */
export function foldConsent<E extends FoldEvent>(events: readonly E[]): E | null {
  let current: E | null = null;
  for (const { e } of order(events)) {
    if (e.status === 'opted_out') {
      current = e;
      continue;
    }
    if (current === null || current.status === 'opted_in') {
      current = e;
      continue;
    }
    const customersOwn = e.source === 'inbound_keyword' && current.source === 'inbound_keyword';
    if (customersOwn || e.supersedes === current.uid) current = e;
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
