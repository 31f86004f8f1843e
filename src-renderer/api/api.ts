// The one API client of this renderer window (set once at start, or a FakeApi in view tests).
// Screens read through src-renderer/data (useQuery, useKeysetList), which subscribe to events.
import { ApiError, type ApiClient } from '../../shared/ipc/client.ts';
import type { Api, IpcResult } from '../../shared/ipc/contract.ts';

let current: ApiClient | null = null;

export function setClient(client: ApiClient): void {
  current = client;
}

export function client(): ApiClient {
  if (!current) throw new Error('API client not connected yet');
  return current;
}

/** Typed calls: `api()['leads.list']({ query })`. Throws ApiError when main refuses. */
export function api(): Api {
  return client().api;
}

/** A raw result's value, or throws ApiError as `client().call` does (for a result fetched early). */
export function valueOf<T>(r: IpcResult<T>): T {
  if (!r.ok) throw new ApiError(r.error);
  return r.value;
}
