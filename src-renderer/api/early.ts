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

/** The home screen (`#/`): the inbox once some customer has replied, else the leads. */
function opensOnHome(hash: string): boolean {
  const path = hash.replace(/^#/, '').split(/[?&]/)[0] ?? '';
  return path === '' || path === '/';
}

type FirstInbox = IpcResult<ApiOutput<'inbox.list'>>;
/** Home asks the inbox too, at once: its answer says which screen home is. */
let firstInbox: Promise<FirstInbox> | null = null;
if (bridge && opensOnHome(location.hash)) firstInbox = bridge.client.invoke('inbox.list', { limit: 1 });

/** Which screen home is: the inbox when a customer has replied (asked at start), else the leads. */
export async function homeScreen(waitMs: number): Promise<'inbox' | 'leads'> {
  const asked = firstInbox ?? earlyBridge().client.invoke('inbox.list', { limit: 1 });
  firstInbox = null;
  const r = await Promise.race([asked, new Promise<null>((resolve) => setTimeout(() => resolve(null), waitMs))]);
  return r?.ok && r.value.hasReplies ? 'inbox' : 'leads';
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
