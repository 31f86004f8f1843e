// The order of a lead's communications timeline, newest first, for main's paging (the keyset
// cursor) and the renderer's merge of fresh items into loaded pages. Within one millisecond a
// message sorts before a consent event (newest first: a reply, then the opt-out it caused), and
// ids break the remaining ties.

export const TIMELINE_KINDS = ['message', 'consent'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** How many items a timeline page holds unless the caller asks otherwise. */
export const TIMELINE_PAGE_SIZE = 50;

/** Where an item stands in the timeline: what the order and the cursor are made of. */
export interface TimelinePosition {
  at: number;
  kind: TimelineKind;
  id: number;
}

export const KIND_RANK: Readonly<Record<TimelineKind, number>> = { message: 1, consent: 0 };

/** A comparator: newer first. */
export function newestFirst(a: TimelinePosition, b: TimelinePosition): number {
  if (a.at !== b.at) return b.at - a.at;
  if (a.kind !== b.kind) return KIND_RANK[b.kind] - KIND_RANK[a.kind];
  return b.id - a.id;
}

/** Whether `a` comes after the cursor `b` (strictly older): the next page starts there. */
export function olderThan(a: TimelinePosition, b: TimelinePosition): boolean {
  return newestFirst(a, b) > 0;
}
