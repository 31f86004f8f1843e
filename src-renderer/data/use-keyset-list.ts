// One keyset-list hook: `useKeysetList('sms.list', filters, { key })` loads the first page, appends
// the next one on `more()` (the "Load more" button, or the sentinel scrolled into view), and on an
// event that makes the list stale (data/invalidation.ts) reloads as deep as the user has paged, so
// the pages they loaded stay on screen (new items come in at the head). One load at a time: a
// reload asked for meanwhile runs after it; answers for an old filter are dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiInput, ApiOutput, IpcResult } from '../../shared/ipc/contract.ts';
import { client } from '../api/api.ts';
import { errorText } from '../lib/format.ts';
import { useInvalidation, type InvalidationOptions } from './use-invalidation.ts';
import { loadKeysetWindow, nextCursor, PAGE_SIZE, type KeysetChannel, type KeysetCursor, type KeysetFilter, type KeysetItem } from './keyset.ts';
import { queryKey } from './use-query.ts';

export interface KeysetListOptions<I> extends InvalidationOptions {
  /** An item's identity (deduplicates pages, finds the last item loaded). */
  key: (item: I) => string | number;
  /** Items per "more" page (default 100). */
  pageSize?: number;
  /** Items in the first page (default pageSize). */
  firstPage?: number;
}

/** A first page asked for before the app rendered (api/early.ts): used for the first filter, once. */
export interface EarlyPage<T> {
  promise: Promise<IpcResult<T>>;
  /** The answer, when it is already in: the first render shows it. */
  settled: IpcResult<T> | null;
}

export interface KeysetList<C extends KeysetChannel> {
  items: KeysetItem<C>[];
  /** The last page's answer (for totals that ride on it), undefined before the first. */
  last: ApiOutput<C> | undefined;
  /** The first page is on its way. */
  loading: boolean;
  /** A further page is on its way. */
  loadingMore: boolean;
  /** More items exist after those loaded. */
  hasMore: boolean;
  /** The first page came and every item is loaded. */
  done: boolean;
  error: string | null;
  /** Appends the next page (no-op while a load runs or at the end). */
  more(): void;
  /** Reloads what is loaded (called for you on a stale event). */
  refresh(): void;
  /**
   * Changes the items on screen (and the last page's totals) at once: an action's known effect,
   * which the next reload confirms.
   */
  update(change: (items: KeysetItem<C>[]) => KeysetItem<C>[], changeLast?: (last: ApiOutput<C>) => ApiOutput<C>): void;
  /** A ref for an element at the list's end: scrolled into view, it loads the next page. */
  sentinel: (el: HTMLElement | null) => void;
}

interface State<C extends KeysetChannel> {
  key: string;
  items: KeysetItem<C>[];
  next: KeysetCursor<C> | null;
  last: ApiOutput<C> | undefined;
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
}

const empty = <C extends KeysetChannel>(key: string): State<C> => ({
  key,
  items: [],
  next: null,
  last: undefined,
  loading: key !== '',
  loadingMore: false,
  error: null,
});

export function useKeysetList<C extends KeysetChannel>(
  channel: C,
  filter: KeysetFilter<C> | null,
  options: KeysetListOptions<KeysetItem<C>>,
  early?: () => EarlyPage<ApiOutput<C>> | null,
): KeysetList<C> {
  const key = queryKey(channel, filter);
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const firstPage = options.firstPage ?? pageSize;
  /** The early first page, taken once at mount (for the filter the list starts with). */
  const earlyPage = useRef<{ key: string; page: EarlyPage<ApiOutput<C>> } | null>(null);
  const [state, setState] = useState<State<C>>(() => {
    const page = early?.() ?? null;
    earlyPage.current = page ? { key, page } : null;
    const done = page?.settled;
    return done?.ok ? { ...empty<C>(key), items: done.value.items as KeysetItem<C>[], next: nextCursor<C>(done.value), last: done.value, loading: false } : empty(key);
  });
  const stateRef = useRef(state);
  stateRef.current = state;
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const keyOf = useRef(options.key);
  keyOf.current = options.key;
  /** Bumped per filter (and on unmount): answers for an older one are dropped. */
  const generation = useRef(0);
  const busy = useRef(false);
  const refreshDue = useRef(false);
  /** How many items the user has asked to see (first page, plus a page per "more"): a reload fetches that many. */
  const depth = useRef(firstPage);

  const fetchPage = useCallback(
    (cursor: KeysetCursor<C> | null, limit: number): Promise<ApiOutput<C>> =>
      client().call(channel, { ...filterRef.current, ...(cursor ? { cursor } : {}), limit } as unknown as ApiInput<C>),
    [channel],
  );

  /** Runs one load at a time; a reload asked for during one runs after it. */
  const run = useCallback((job: () => Promise<void>) => {
    busy.current = true;
    void job().finally(() => {
      busy.current = false;
      if (refreshDue.current) {
        refreshDue.current = false;
        refreshRef.current();
      }
    });
  }, []);

  const refresh = useCallback(() => {
    if (filterRef.current === null) return;
    if (busy.current) {
      refreshDue.current = true;
      return;
    }
    const gen = generation.current;
    const loaded = stateRef.current.items;
    const want = Math.max(depth.current, loaded.length);
    const lastKey = loaded.length > 0 ? keyOf.current(loaded[loaded.length - 1]!) : undefined;
    run(async () => {
      try {
        // As deep as loaded, and on until the last item loaded is back in (new ones pushed it down).
        const call = (input: ApiInput<C>) => client().call(channel, input);
        const win = await loadKeysetWindow(channel, call, filterRef.current ?? ({} as KeysetFilter<C>), want, (items) =>
          lastKey !== undefined && !items.some((i) => keyOf.current(i) === lastKey),
        );
        if (gen !== generation.current) return;
        setState((s) => ({ ...s, items: win.items, next: win.next, last: win.last, loading: false, error: null }));
      } catch (err) {
        if (gen === generation.current) setState((s) => ({ ...s, loading: false, error: errorText(err) }));
      }
    });
  }, [channel, firstPage, run]);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;

  // A new filter: start over from its first page.
  useEffect(() => {
    const gen = ++generation.current;
    refreshDue.current = false;
    depth.current = firstPage;
    // The early page, if it is for this filter: already shown (settled), or on its way.
    // Kept while the filter stays the same (React may run this effect twice at mount).
    const pre = earlyPage.current?.key === key ? earlyPage.current.page : null;
    if (!pre) earlyPage.current = null;
    if (pre?.settled?.ok) return () => {
      generation.current++;
      busy.current = false;
    };
    setState((s) => (s.key === key && s.items.length === 0 ? s : empty(key)));
    if (filterRef.current !== null) {
      busy.current = true;
      const first = pre ? pre.promise.then((r) => (r.ok ? r.value : fetchPage(null, firstPage))) : fetchPage(null, firstPage);
      first
        .then(
          (page) => gen === generation.current && setState({ ...empty(key), items: page.items, next: nextCursor<C>(page), last: page, loading: false }),
          (err: unknown) => gen === generation.current && setState((s) => ({ ...s, loading: false, error: errorText(err) })),
        )
        .finally(() => {
          if (gen !== generation.current) return;
          busy.current = false;
          if (refreshDue.current) {
            refreshDue.current = false;
            refreshRef.current();
          }
        });
    }
    return () => {
      generation.current++;
      busy.current = false;
    };
  }, [key, fetchPage, firstPage]);

  const more = useCallback(() => {
    const s = stateRef.current;
    if (busy.current || s.next === null || s.key !== key) return;
    const gen = generation.current;
    const cursor = s.next;
    depth.current = s.items.length + pageSize;
    setState((cur) => ({ ...cur, loadingMore: true }));
    run(async () => {
      try {
        const page = await fetchPage(cursor, pageSize);
        if (gen !== generation.current) return;
        setState((cur) => {
          const seen = new Set(cur.items.map((i) => keyOf.current(i)));
          const fresh = page.items.filter((i: KeysetItem<C>) => !seen.has(keyOf.current(i)));
          return { ...cur, items: [...cur.items, ...fresh], next: nextCursor<C>(page), last: page, loadingMore: false, error: null };
        });
      } catch (err) {
        if (gen === generation.current) setState((cur) => ({ ...cur, loadingMore: false, error: errorText(err) }));
      }
    });
  }, [fetchPage, key, pageSize, run]);
  const moreRef = useRef(more);
  moreRef.current = more;

  useInvalidation(channel, filter, refresh, options);

  const update = useCallback((change: (items: KeysetItem<C>[]) => KeysetItem<C>[], changeLast?: (last: ApiOutput<C>) => ApiOutput<C>) => {
    setState((s) => ({ ...s, items: change(s.items), last: s.last && changeLast ? changeLast(s.last) : s.last }));
  }, []);

  // The sentinel: one observer per element, calling the latest `more`.
  const observer = useRef<IntersectionObserver | null>(null);
  const sentinel = useCallback((el: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    observer.current = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && moreRef.current(), { rootMargin: '200px' });
    observer.current.observe(el);
  }, []);

  const fresh = state.key === key ? state : empty<C>(key);
  return {
    items: fresh.items,
    last: fresh.last,
    loading: fresh.loading,
    loadingMore: fresh.loadingMore,
    hasMore: fresh.next !== null,
    done: !fresh.loading && fresh.next === null,
    error: fresh.error,
    more,
    refresh,
    update,
    sentinel,
  };
}
