// The leads list: a sparse window over up to 100k+ leads, loaded a page at a time as the
// virtualised list scrolls. Search input is coalesced: at most one search is in flight, and
// keystrokes typed meanwhile collapse into the next one (latest wins, stale answers dropped).
// That bounds load like a ~100 ms debounce while answering a pause in typing at once.
import { create } from 'zustand';
import type { ApiOutput, LeadSummary } from '../../shared/ipc/contract.ts';
import { api, valueOf } from '../api/api.ts';
import { takeFirstLeadsPage } from '../api/early.ts';
import { errorText } from '../lib/format.ts';
import { mark } from '../lib/perf.ts';

export const LEADS_PAGE = 100;

interface LeadsState {
  /** What is in the search box. */
  query: string;
  /** The query the rows belong to. */
  appliedQuery: string;
  total: number;
  totalIsEstimate: boolean;
  /**
   * The rows loaded, a page of LEADS_PAGE per entry (a sparse window over the result set). A new
   * Map when a page arrives (the list re-renders); a page is never copied.
   */
  pages: ReadonlyMap<number, readonly LeadSummary[]>;
  /** Pages loaded since the rows last changed (others still show, and load again when in view). */
  current: ReadonlySet<number>;
  /** Pages on their way. */
  pending: ReadonlySet<number>;
  /** Bumped when a new result set replaces the rows (scroll back to the top). */
  generation: number;
  loaded: boolean;
  searching: boolean;
  /** A search is on its way; `nextQuery` (typed meanwhile) runs after it. */
  inFlight: boolean;
  nextQuery: string | null;
  error: string | null;
  selected: number;
  scrollTop: number;
}

export const useLeads = create<LeadsState>(() => ({
  query: '',
  appliedQuery: '',
  total: 0,
  totalIsEstimate: false,
  pages: new Map(),
  current: new Set(),
  pending: new Set(),
  generation: 0,
  loaded: false,
  searching: false,
  inFlight: false,
  nextQuery: null,
  error: null,
  selected: 0,
  scrollTop: 0,
}));

/** The lead at `index` of the result set, if its page is loaded (from `pages`, or the store now). */
export function leadAt(index: number, pages: LeadsState['pages'] = useLeads.getState().pages): LeadSummary | undefined {
  return pages.get(Math.floor(index / LEADS_PAGE))?.[index % LEADS_PAGE];
}

function withItem<T>(set: ReadonlySet<T>, item: T): Set<T> {
  const next = new Set(set);
  next.add(item);
  return next;
}
function withoutItem<T>(set: ReadonlySet<T>, item: T): Set<T> {
  const next = new Set(set);
  next.delete(item);
  return next;
}

export function setQuery(query: string): void {
  mark('smsdesk:leads-input', { query });
  useLeads.setState({ query });
  search(query);
}

/** Runs `query` now, or after the search in flight (coalescing keystrokes typed meanwhile). */
function search(query: string): void {
  if (useLeads.getState().inFlight) {
    useLeads.setState({ nextQuery: query });
    return;
  }
  void run(query);
}

type LeadsPage = ApiOutput<'leads.list'>;

/** The first page asked for at start: already answered (shown in the first render) or on its way. */
function earlyPage(): LeadsPage | Promise<LeadsPage> | null {
  const early = takeFirstLeadsPage();
  if (!early) return null;
  if (early.settled?.ok) return early.settled.value;
  return early.promise.then(valueOf);
}

async function run(query: string): Promise<void> {
  useLeads.setState({ inFlight: true, searching: true });
  try {
    const early = query === '' ? earlyPage() : null;
    // No await for an answer already in: the rows are in the state before the first render.
    const page = early && !(early instanceof Promise) ? early : await (early ?? api()['leads.list']({ query, offset: 0, limit: LEADS_PAGE }));
    mark('smsdesk:leads-data', { query });
    // Drop an answer the user has typed past (the next search is already queued).
    const { nextQuery } = useLeads.getState();
    if (nextQuery === null || nextQuery === query) {
      useLeads.setState((s) => ({
        appliedQuery: query,
        total: page.total,
        totalIsEstimate: page.totalIsEstimate,
        pages: new Map([[0, page.items]]),
        current: new Set([0]),
        pending: new Set(),
        generation: s.generation + 1,
        loaded: true,
        error: null,
        selected: 0,
        scrollTop: 0,
      }));
    }
  } catch (err) {
    useLeads.setState({ error: errorText(err), loaded: true });
  } finally {
    const next = useLeads.getState().nextQuery;
    useLeads.setState({ inFlight: false, nextQuery: null });
    if (next !== null && next !== useLeads.getState().appliedQuery) void run(next);
    else useLeads.setState({ searching: false });
  }
}

/**
 * Loads page `p` of the query's rows (dropped if a new result set replaced them meanwhile). The
 * first page also brings the current total (a lead added or edited may change it).
 */
function loadPage(p: number, query: string, generation: number): void {
  useLeads.setState((s) => ({ pending: withItem(s.pending, p) }));
  api()
    ['leads.list']({ query, offset: p * LEADS_PAGE, limit: LEADS_PAGE })
    .then((page) => {
      if (useLeads.getState().generation !== generation) return;
      useLeads.setState((s) => ({
        pages: new Map(s.pages).set(p, page.items),
        current: withItem(s.current, p),
        total: p === 0 ? page.total : s.total,
      }));
    })
    .catch(() => undefined)
    .finally(() => {
      if (useLeads.getState().generation === generation) useLeads.setState((s) => ({ pending: withoutItem(s.pending, p) }));
    });
}

/** Makes sure the rows [start, end] are loaded (or loading). */
export function ensureRange(start: number, end: number): void {
  const { appliedQuery, total, generation, current, pending } = useLeads.getState();
  if (total === 0) return;
  const first = Math.floor(Math.max(0, start) / LEADS_PAGE);
  const last = Math.floor(Math.min(total - 1, end) / LEADS_PAGE);
  for (let p = first; p <= last; p++) {
    if (!current.has(p) && !pending.has(p)) loadPage(p, appliedQuery, generation);
  }
}

/**
 * Reloads the rows around [first, last] (consent changed, a lead was edited), keeping the scroll
 * position; pages further away still show and load again when scrolled to.
 */
export function refreshLeads(first: number, last: number): void {
  const { appliedQuery, total, generation, loaded } = useLeads.getState();
  if (!loaded) return;
  useLeads.setState({ current: new Set() });
  const from = Math.floor(Math.max(0, first - 20) / LEADS_PAGE);
  const to = Math.floor(Math.min(Math.max(0, total - 1), last + 40) / LEADS_PAGE);
  for (let p = from; p <= to; p++) loadPage(p, appliedQuery, generation);
}

export function initLeads(): void {
  const s = useLeads.getState();
  if (!s.loaded && !s.inFlight) search(s.query);
}
