// The renderer's API client: the same shape as shared/ipc/client.ts (createApiClient,
// createHttpTransport, ApiError), but it imports the contract for its TYPES only. The shared
// client imports the contract's values (CHANNEL_NAMES), which pulls zod and every schema into the
// bundle: ~250 KB of script to parse before the first screen, for checks that main does anyway.
// Inputs are validated in main; the renderer only needs the types.
import type { ErrorCode } from '../../shared/errors.ts';
import type { Api, ApiInput, ApiOutput, ChannelName, EventName, EventPayload, IpcError, IpcResult } from '../../shared/ipc/contract.ts';
import type { ApiClient, ApiTransport } from '../../shared/ipc/client.ts';

export type { ApiClient, ApiTransport };

/** A refused call: switch on `code`, show `message`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.details = error.details;
  }
}

export function createApiClient(transport: ApiTransport): ApiClient {
  const invoke = async <C extends ChannelName>(channel: C, input: ApiInput<C>): Promise<IpcResult<ApiOutput<C>>> => {
    try {
      return (await transport.invoke(channel, input)) as IpcResult<ApiOutput<C>>;
    } catch (err) {
      return { ok: false, error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
    }
  };
  const call = async <C extends ChannelName>(channel: C, input: ApiInput<C>): Promise<ApiOutput<C>> => {
    const r = await invoke(channel, input);
    if (!r.ok) throw new ApiError(r.error);
    return r.value;
  };
  // One function per channel, made on first use (no list of channel names needed at run time).
  const fns = new Map<string, (input: unknown) => Promise<unknown>>();
  const api = new Proxy({} as Api, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      let fn = fns.get(name);
      if (!fn) {
        fn = (input: unknown) => call(name as ChannelName, input as never);
        fns.set(name, fn);
      }
      return fn;
    },
  });
  return {
    invoke,
    call,
    on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => transport.on(event, (p) => listener(p as EventPayload<E>)),
    api,
  };
}

/** The web host's token from the URL fragment `#token=...`. */
export function tokenFromLocation(hash: string): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(hash);
  return m?.[1] ?? null;
}

/** The loopback web host: `POST /api/<channel>` with the bearer token; events from one EventSource. */
export function createHttpTransport(o: { baseUrl: string; token: string }): ApiTransport & { close(): void } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const subscribed = new Set<string>();
  let source: EventSource | null = null;

  const ensureSource = (event: string): void => {
    source ??= new EventSource(`${o.baseUrl}/api/_events?token=${encodeURIComponent(o.token)}`);
    if (subscribed.has(event)) return;
    subscribed.add(event);
    source.addEventListener(event, (e) => {
      let payload: unknown;
      try {
        payload = JSON.parse((e as MessageEvent<string>).data);
      } catch {
        return;
      }
      for (const l of listeners.get(event) ?? []) l(payload);
    });
  };

  return {
    async invoke(channel, input) {
      const res = await fetch(`${o.baseUrl}/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${o.token}` },
        body: JSON.stringify(input ?? {}),
      });
      try {
        return (await res.json()) as IpcResult<unknown>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: `The app answered ${res.status} without a result.` } };
      }
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      ensureSource(event);
      return () => {
        set.delete(listener);
      };
    },
    close() {
      source?.close();
      source = null;
      subscribed.clear();
    },
  };
}
