// Imported first by main.tsx, before React and the app evaluate: connects to the main process and,
// when the app opens on the leads list, asks for the first page of leads at once, so the answer is
// usually in before the app's first render needs it.
import type { ApiOutput, IpcResult } from '../../shared/ipc/contract.ts';
import { connect, type Bridge } from './bridge.ts';

export const FIRST_LEADS_PAGE = 100;

type FirstLeads = IpcResult<ApiOutput<'leads.list'>>;

let bridge: Bridge | null = null;
let failure: unknown = null;
try {
  bridge = connect(window);
} catch (err) {
  failure = err;
}

function opensOnLeads(hash: string): boolean {
  const path = hash.replace(/^#/, '');
  return path === '' || path === '/' || path.startsWith('/leads') && !/^\/leads\/\d/.test(path);
}

export interface EarlyLeadsPage {
  promise: Promise<FirstLeads>;
  /** The answer, when it came in before it was taken: the first render can show it at once. */
  settled: FirstLeads | null;
}

let firstLeads: EarlyLeadsPage | null = null;
if (bridge && opensOnLeads(location.hash)) {
  const early: EarlyLeadsPage = {
    promise: bridge.client.invoke('leads.list', { query: '', offset: 0, limit: FIRST_LEADS_PAGE }),
    settled: null,
  };
  early.promise.then(
    (r) => {
      early.settled = r;
    },
    () => undefined,
  );
  firstLeads = early;
}

/** The bridge made at start, or throws what went wrong (no token, no preload). */
export function earlyBridge(): Bridge {
  if (!bridge) throw failure instanceof Error ? failure : new Error(String(failure));
  return bridge;
}

/** Resolves when the first leads page (if one was asked for) has its answer, or after `ms`. */
export function firstLeadsPageWithin(ms: number): Promise<void> {
  const early = firstLeads;
  if (!early || early.settled) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    early.promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => resolve(),
    );
  });
}

/** The first leads page requested at start (once; later callers get null and ask themselves). */
export function takeFirstLeadsPage(): EarlyLeadsPage | null {
  const p = firstLeads;
  firstLeads = null;
  return p;
}
