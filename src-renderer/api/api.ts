// The one API client of this renderer window, and hooks over it.
import { useEffect, useRef } from 'react';
import { ApiError, type ApiClient } from '../../shared/ipc/client.ts';
import type { Api, EventName, EventPayload, IpcResult } from '../../shared/ipc/contract.ts';

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

/** Subscribes to a main-process event for the component's lifetime (latest callback wins). */
export function useApiEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => client().on(event, (p) => ref.current(p)), [event]);
}
