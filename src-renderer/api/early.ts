// Imported first by main.tsx, before React and the app evaluate: connects to the main process and,
// when the app opens on the leads list, asks for the first page of leads at once, so the request
// runs while the rest of the script is still being evaluated.
import type { ApiOutput, IpcResult } from '../../shared/ipc/contract.ts';
import { connect, type Bridge } from './bridge.ts';

export const FIRST_LEADS_PAGE = 100;

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

let firstLeads: Promise<IpcResult<ApiOutput<'leads.list'>>> | null =
  bridge && opensOnLeads(location.hash) ? bridge.client.invoke('leads.list', { query: '', offset: 0, limit: FIRST_LEADS_PAGE }) : null;

/** The bridge made at start, or throws what went wrong (no token, no preload). */
export function earlyBridge(): Bridge {
  if (!bridge) throw failure instanceof Error ? failure : new Error(String(failure));
  return bridge;
}

/** The first leads page requested at start (once; later callers get null and ask themselves). */
export function takeFirstLeadsPage(): Promise<IpcResult<ApiOutput<'leads.list'>>> | null {
  const p = firstLeads;
  firstLeads = null;
  return p;
}
