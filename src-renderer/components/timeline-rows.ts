// The lead's timeline as a chat reads: oldest at the top, newest at the bottom next to the
// composer, with a separator where the day changes. Main pages it newest first; this turns the
// loaded pages into the rows shown. Pure, so the order and the separators are tested alone.
import { fmtDayLong } from '../lib/format.ts';
import type { TimelineItem } from '../../shared/ipc/contract.ts';

/**
 * One item of the timeline and, for the first item of a day, that day's heading (shown above it,
 * in the same row: the rows are the items, so what the user reads stays put while older pages
 * come in above).
 */
export interface TimelineRow {
  key: string;
  item: TimelineItem;
  day: string | null;
}

export function itemKey(i: TimelineItem): string {
  return `${i.kind}:${i.id}`;
}

/** The local calendar day of a time, as a key ('2026-12-04'). */
export function dayKey(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** "Today", "Yesterday", else "Friday 4 December 2026". */
export function dayHeading(at: number, now: number): string {
  const key = dayKey(at);
  if (key === dayKey(now)) return 'Today';
  const y = new Date(now);
  y.setDate(y.getDate() - 1);
  if (key === dayKey(y.getTime())) return 'Yesterday';
  return fmtDayLong(at);
}

/** Loaded items (newest first, as paged) as chat rows: oldest first, each day's heading on its first item. */
export function timelineRows(newestFirst: readonly TimelineItem[], now: number): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let day: string | null = null;
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    const item = newestFirst[i]!;
    const k = dayKey(item.at);
    rows.push({ key: itemKey(item), item, day: k !== day ? dayHeading(item.at, now) : null });
    day = k;
  }
  return rows;
}
