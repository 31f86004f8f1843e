// Keyset paging, the one implementation: the channels whose answers come a page at a time with a
// cursor for the next page, and how a reload brings back as many items as the user has loaded.
import type { ApiInput, ApiOutput } from '../../shared/ipc/contract.ts';

/** Channels paged by a keyset cursor (`cursor` in, `next`/`nextCursor` out). */
export type KeysetChannel = 'sms.list' | 'automation.history' | 'reviews.list' | 'timeline.page' | 'inbox.list';
export type KeysetItem<C extends KeysetChannel> = ApiOutput<C>['items'][number];
export type KeysetCursor<C extends KeysetChannel> = NonNullable<ApiInput<C>['cursor']>;
/** A list's input without its paging (the filters). */
export type KeysetFilter<C extends KeysetChannel> = Omit<ApiInput<C>, 'cursor' | 'limit'>;

/** Items per page, unless a list says otherwise. */
export const PAGE_SIZE = 100;

/** The most items each channel answers at once (its contract's limit). */
export const MAX_PAGE: Record<KeysetChannel, number> = {
  'sms.list': 500,
  'automation.history': 500,
  'reviews.list': 500,
  'timeline.page': 200,
  'inbox.list': 200,
};

/** Where a page says the next one starts (reviews.list calls it `nextCursor`). */
export function nextCursor<C extends KeysetChannel>(page: ApiOutput<C>): KeysetCursor<C> | null {
  const p = page as { next?: unknown; nextCursor?: unknown };
  return ((p.next ?? p.nextCursor ?? null) as KeysetCursor<C> | null);
}

export interface KeysetWindow<I, K, P> {
  items: I[];
  next: K | null;
  /** The last page's answer (totals such as reviews.list's `open` ride on it). */
  last: P | undefined;
}

/**
 * The newest `want` items (all, when fewer exist), fetched in pages of at most `maxPage`; then
 * further pages, while `more(items)` says the window is still short (a reload that must reach the
 * last item the user had loaded, although new items have arrived at the head).
 */
export async function loadWindow<I, K, P extends { items: I[] }>(
  fetchPage: (cursor: K | null, limit: number) => Promise<P>,
  cursorOf: (page: P) => K | null,
  want: number,
  maxPage: number,
  more: (items: I[]) => boolean = () => false,
): Promise<KeysetWindow<I, K, P>> {
  const items: I[] = [];
  let next: K | null = null;
  let last: P | undefined;
  do {
    const short = want - items.length;
    const page: P = await fetchPage(next, Math.min(maxPage, Math.max(1, short > 0 ? short : maxPage)));
    items.push(...page.items);
    last = page;
    next = cursorOf(page);
  } while (next !== null && (items.length < want || more(items)));
  return { items, next, last };
}

/**
 * A keyset list's newest `want` items (and on while `more(items)`), through `call` (the channel's
 * API function): what a list's reload fetches, so the pages the user loaded stay.
 */
export function loadKeysetWindow<C extends KeysetChannel>(
  channel: C,
  call: (input: ApiInput<C>) => Promise<ApiOutput<C>>,
  filter: KeysetFilter<C>,
  want: number,
  more?: (items: KeysetItem<C>[]) => boolean,
): Promise<KeysetWindow<KeysetItem<C>, KeysetCursor<C>, ApiOutput<C>>> {
  const fetchPage = (cursor: KeysetCursor<C> | null, limit: number) => call({ ...filter, ...(cursor ? { cursor } : {}), limit } as unknown as ApiInput<C>);
  return loadWindow<KeysetItem<C>, KeysetCursor<C>, ApiOutput<C>>(fetchPage, nextCursor<C>, want, MAX_PAGE[channel], more);
}
