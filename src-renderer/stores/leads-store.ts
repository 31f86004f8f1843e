// The leads list: a sparse window over up to 100k+ leads, loaded a page at a time as the
// virtualised list scrolls. Search input is coalesced: at most one search is in flight, and
// keystrokes typed meanwhile collapse into the next one (latest wins, stale answers dropped).
// That bounds load like a ~100 ms debounce while answering a pause in typing at once.
import { create } from 'zustand';
import type { LeadSummary } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { ApiError } from '../../shared/ipc/client.ts';
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
  /** Bumped when rows arrive, to re-render the list; the rows live in `rows`. */
  version: number;
  /** Bumped when a new result set replaces the rows (scroll back to the top). */
  generation: number;
  loaded: boolean;
  searching: boolean;
  error: string | null;
  selected: number;
  scrollTop: number;
}

const rows = new Map<number, LeadSummary>();
const pagesLoading = new Set<number>();
const pagesLoaded = new Set<number>();

export const useLeads = create<LeadsState>(() => ({
  query: '',
  appliedQuery: '',
  total: 0,
  totalIsEstimate: false,
  version: 0,
  generation: 0,
  loaded: false,
  searching: false,
  error: null,
  selected: 0,
  scrollTop: 0,
}));

export function leadAt(index: number): LeadSummary | undefined {
  return rows.get(index);
}

async function unwrap<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: ConstructorParameters<typeof ApiError>[0] }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new ApiError(r.error);
  return r.value;
}

let inFlight = false;
let pending: string | null = null;

export function setQuery(query: string): void {
  mark('smsdesk:leads-input', { query });
  useLeads.setState({ query });
  search(query);
}

/** Runs `query` now, or after the search in flight (coalescing keystrokes typed meanwhile). */
function search(query: string): void {
  if (inFlight) {
    pending = query;
    return;
  }
  void run(query);
}

type LeadsPage = Awaited<ReturnType<ReturnType<typeof api>['leads.list']>>;

/** The first page asked for at start: already answered (shown in the first render) or on its way. */
function earlyPage(): LeadsPage | Promise<LeadsPage> | null {
  const early = takeFirstLeadsPage();
  if (!early) return null;
  if (early.settled?.ok) return early.settled.value;
  return unwrap(early.promise);
}

async function run(query: string): Promise<void> {
  inFlight = true;
  useLeads.setState({ searching: true });
  try {
    const early = query === '' ? earlyPage() : null;
    // No await for an answer already in: the rows are in the state before the first render.
    const page = early && !(early instanceof Promise) ? early : await (early ?? api()['leads.list']({ query, offset: 0, limit: LEADS_PAGE }));
    mark('smsdesk:leads-data', { query });
    // Drop an answer the user has typed past (the next search is already queued).
    if (pending === null || pending === query) {
      rows.clear();
      pagesLoaded.clear();
      pagesLoading.clear();
      page.items.forEach((item, i) => rows.set(i, item));
      pagesLoaded.add(0);
      useLeads.setState((s) => ({
        appliedQuery: query,
        total: page.total,
        totalIsEstimate: page.totalIsEstimate,
        version: s.version + 1,
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
    inFlight = false;
    const next = pending;
    pending = null;
    if (next !== null && next !== useLeads.getState().appliedQuery) void run(next);
    else useLeads.setState({ searching: false });
  }
}

/**
 * Loads page `p` of the query's rows (dropped if a new result set replaced them meanwhile). The
 * first page also brings the current total (a lead added or edited may change it).
 */
function loadPage(p: number, query: string, generation: number): void {
  pagesLoading.add(p);
  api()
    ['leads.list']({ query, offset: p * LEADS_PAGE, limit: LEADS_PAGE })
    .then((page) => {
      if (useLeads.getState().generation !== generation) return;
      page.items.forEach((item, i) => rows.set(p * LEADS_PAGE + i, item));
      pagesLoaded.add(p);
      useLeads.setState((s) => ({ version: s.version + 1, total: p === 0 ? page.total : s.total }));
    })
    .catch(() => undefined)
    .finally(() => pagesLoading.delete(p));
}

/** Makes sure the rows [start, end] are loaded (or loading). */
export function ensureRange(start: number, end: number): void {
  const { appliedQuery, total, generation } = useLeads.getState();
  if (total === 0) return;
  const first = Math.floor(Math.max(0, start) / LEADS_PAGE);
  const last = Math.floor(Math.min(total - 1, end) / LEADS_PAGE);
  for (let p = first; p <= last; p++) {
    if (!pagesLoaded.has(p) && !pagesLoading.has(p)) loadPage(p, appliedQuery, generation);
  }
}

/**
 * Reloads the rows around [first, last] (consent changed, a lead was edited), keeping the scroll
 * position; pages further away are dropped and load again when scrolled to.
 */
export function refreshLeads(first: number, last: number): void {
  const { appliedQuery, total, generation, loaded } = useLeads.getState();
  if (!loaded) return;
  pagesLoaded.clear();
  const from = Math.floor(Math.max(0, first - 20) / LEADS_PAGE);
  const to = Math.floor(Math.min(Math.max(0, total - 1), last + 40) / LEADS_PAGE);
  for (let p = from; p <= to; p++) loadPage(p, appliedQuery, generation);
}

export function initLeads(): void {
  if (!useLeads.getState().loaded && !inFlight) search(useLeads.getState().query);
}
