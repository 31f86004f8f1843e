// Keyset paging for the lists ordered newest first by (created_at, id) (the SMS list, the review
// queue): the repository is asked for one row more than the page; that extra row only says
// whether another page follows, and the cursor is the page's last row.
import type { CreatedAtCursor } from '../../shared/ipc/contract.ts';

export interface KeysetPage<R> {
  items: R[];
  next: CreatedAtCursor | null;
}

/** How many rows to fetch for a page of `limit`. */
export function probeLimit(limit: number): number {
  return limit + 1;
}

/** The page out of rows fetched with probeLimit(limit), and the cursor of the next page (or null). */
export function keysetPage<R extends { created_at: number; id: number }>(rows: readonly R[], limit: number): KeysetPage<R> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? { createdAt: last.created_at, id: last.id } : null };
}
