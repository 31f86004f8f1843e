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
  return keysetPageBy(rows, limit, (last) => ({ createdAt: last.created_at, id: last.id }));
}

/** The same for a list with its own cursor shape (`cursorOf` the page's last row). */
export function keysetPageBy<R, K>(rows: readonly R[], limit: number, cursorOf: (last: R) => K): { items: R[]; next: K | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
