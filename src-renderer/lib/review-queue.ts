// The review queue of the Notifications screen: open items newest first, a page at a time
// ("Load more" follows the keyset cursor), with the true number open. A reload (a review resolved
// here or elsewhere, new replies) fetches as many items as the user has brought in, so the pages
// they loaded stay on screen.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Api, ReviewCursor, ReviewItem } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { errorText } from './format.ts';
import { EVENT_BURST_MS, throttled } from './throttled.ts';

export const REVIEW_PAGE_SIZE = 100;
/** The most reviews.list answers at once. */
const MAX_PAGE = 500;

export interface ReviewWindow {
  items: ReviewItem[];
  /** Open items in all (not just those loaded). */
  open: number;
  /** Where the next page starts; null when every open item is loaded. */
  next: ReviewCursor | null;
}

/** The newest `want` open items (or all, when fewer are open), fetched page by page. */
export async function loadReviewWindow(list: Api['reviews.list'], want: number): Promise<ReviewWindow> {
  const items: ReviewItem[] = [];
  let next: ReviewCursor | null = null;
  let open = 0;
  do {
    const r = await list({ limit: Math.min(MAX_PAGE, Math.max(1, want - items.length)), ...(next ? { cursor: next } : {}) });
    items.push(...r.items);
    open = r.open;
    next = r.nextCursor;
  } while (next && items.length < want);
  return { items, open, next };
}

export interface ReviewQueue extends ReviewWindow {
  loading: boolean;
  error: string | null;
  /** Appends the next page. */
  more(): void;
  /** Reloads what is on screen (throttled: call it on every event). */
  reload(): void;
  /** Takes a resolved item off the list and the count at once (a reload confirms it). */
  resolved(id: number): void;
}

export function useReviewQueue(): ReviewQueue {
  const [win, setWin] = useState<ReviewWindow>({ items: [], open: 0, next: null });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  /** How many items the user has asked to see: a reload fetches that many. */
  const depth = useRef(REVIEW_PAGE_SIZE);
  /** The latest load wins; an older answer arriving late is dropped. */
  const seq = useRef(0);
  /** False once unmounted: a throttled reload still due then does nothing. */
  const alive = useRef(false);

  const load = useCallback(() => {
    if (!alive.current) return;
    const mine = ++seq.current;
    setLoading(true);
    loadReviewWindow(api()['reviews.list'], depth.current)
      .then((w) => {
        if (mine !== seq.current) return;
        setWin(w);
        setError(null);
      })
      .catch((err: unknown) => mine === seq.current && setError(errorText(err)))
      .finally(() => mine === seq.current && setLoading(false));
  }, []);
  const reload = useMemo(() => throttled(load, EVENT_BURST_MS), [load]);

  useEffect(() => {
    alive.current = true;
    load();
    return () => {
      alive.current = false;
      seq.current++; // answers still on their way are dropped
    };
  }, [load]);

  const more = useCallback(() => {
    const cursor = win.next;
    if (!cursor || loading) return;
    const mine = ++seq.current;
    depth.current = win.items.length + REVIEW_PAGE_SIZE;
    setLoading(true);
    api()
      ['reviews.list']({ cursor, limit: REVIEW_PAGE_SIZE })
      .then((r) => {
        if (mine !== seq.current) return;
        setWin((w) => ({ items: [...w.items, ...r.items], open: r.open, next: r.nextCursor }));
        setError(null);
      })
      .catch((err: unknown) => mine === seq.current && setError(errorText(err)))
      .finally(() => mine === seq.current && setLoading(false));
  }, [win, loading]);

  const resolved = useCallback((id: number) => {
    setWin((w) => (w.items.some((i) => i.id === id) ? { ...w, items: w.items.filter((i) => i.id !== id), open: Math.max(0, w.open - 1) } : w));
  }, []);

  return { ...win, loading, error, more, reload, resolved };
}
