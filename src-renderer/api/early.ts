// Imported first by main.tsx, before React and the app evaluate: connects to the main process and,
// when the app opens on the leads list, asks for the first page of leads at once (on home or the
// inbox, the inbox's first page), so the answer is usually in before the app's first render needs it.
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

/** The inbox's first page (its page size): asked at start when the app opens on the inbox or home. */
export const FIRST_INBOX_PAGE = 50;

type FirstInbox = IpcResult<ApiOutput<'inbox.list'>>;

export interface EarlyInboxPage {
  promise: Promise<FirstInbox>;
  settled: FirstInbox | null;
}

/** The inbox with no filter (`#/inbox`, query parameters aside). */
function opensOnInbox(hash: string): boolean {
  const path = hash.replace(/^#/, '').split(/[?&]/)[0] ?? '';
  return path === '/inbox';
}

/**
 * Home and the inbox ask for the inbox's first page at once: on home its answer also says which
 * screen home is (a customer has replied: the inbox), and the inbox then shows it without asking again.
 */
let firstInbox: EarlyInboxPage | null = null;
if (bridge && (opensOnHome(location.hash) || opensOnInbox(location.hash))) {
  const early: EarlyInboxPage = { promise: bridge.client.invoke('inbox.list', { limit: FIRST_INBOX_PAGE }), settled: null };
  early.promise.then(
    (r) => {
      early.settled = r;
    },
    () => undefined,
  );
  firstInbox = early;
}

/** Which screen home is: the inbox when a customer has replied (asked at start), else the leads. */
export async function homeScreen(waitMs: number): Promise<'inbox' | 'leads'> {
  const asked = firstInbox?.promise ?? earlyBridge().client.invoke('inbox.list', { limit: 1 });
  const r = await Promise.race([asked, new Promise<null>((resolve) => setTimeout(() => resolve(null), waitMs))]);
  if (!(r?.ok && r.value.hasReplies)) firstInbox = null; // the leads it is: the inbox page will not be used
  return r?.ok && r.value.hasReplies ? 'inbox' : 'leads';
}

/** Resolves when the inbox's first page (if one was asked for) has its answer, or after `ms`. */
export function firstInboxPageWithin(ms: number): Promise<void> {
  return settledWithin(firstInbox, ms);
}

/** The inbox's first page, if its answer is in, without taking it (its counts, for the first render). */
export function peekFirstInboxPage(): FirstInbox | null {
  return firstInbox?.settled ?? null;
}

/** The inbox's first page asked for at start (once; later callers get null and ask themselves). */
export function takeFirstInboxPage(): EarlyInboxPage | null {
  const p = firstInbox;
  firstInbox = null;
  return p;
}

function settledWithin(early: { promise: Promise<unknown>; settled: unknown } | null, ms: number): Promise<void> {
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
  return settledWithin(firstLeads, ms);
}

/** The first leads page requested at start (once; later callers get null and ask themselves). */
export function takeFirstLeadsPage(): EarlyLeadsPage | null {
  const p = firstLeads;
  firstLeads = null;
  return p;
}
