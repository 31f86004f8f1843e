// A typed client over any transport: Electron's preload bridge (`window.smsdesk`) or the loopback
// web host (fetch + server-sent events). Both answer `{ok, value} | {ok:false, error}`.
import type { ErrorCode } from '../errors.ts';
// Types only from the contract, names from the zod-free list: the renderer bundles this client
// without zod or the schemas (main validates every call anyway).
import type { Api, ApiInput, ApiOutput, ChannelName, ErrorDetails, EventName, EventPayload, IpcError, IpcResult } from './contract.ts';
import { CHANNEL_NAME_LIST } from './names.ts';

export interface ApiTransport {
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  /** Subscribes to a main-process event; returns the unsubscribe function. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** A refused call, thrown by `call`: switch on `code`, show `message`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: IpcError['details'];
  /** The error as main answered it: narrowing `error.code` types `error.details`. */
  readonly error: IpcError;
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.details = error.details;
    this.error = error;
  }

  /** The details when the refusal has this code (each code's details have a schema, checked in main). */
  detailsFor<C extends ErrorCode>(code: C): ErrorDetails<C> | undefined {
    return this.error.code === code ? (this.error.details as ErrorDetails<C>) : undefined;
  }
}

export interface ApiClient {
  /** The raw result: never throws for a refused call. */
  invoke<C extends ChannelName>(channel: C, input: ApiInput<C>): Promise<IpcResult<ApiOutput<C>>>;
  /** The value, or throws ApiError. */
  call<C extends ChannelName>(channel: C, input: ApiInput<C>): Promise<ApiOutput<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** The same calls as a plain function per channel: `api['leads.list']({query: 'ol'})`. */
  api: Api;
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
  const api = Object.fromEntries(
    CHANNEL_NAME_LIST.map((name) => [name, (input: unknown) => call(name as ChannelName, input as never)]),
  ) as unknown as Api;
  return {
    invoke,
    call,
    on: (event, listener) => transport.on(event, (p) => listener(p as never)),
    api,
  };
}

/** Where the web host's token comes from: the URL fragment `#token=...` (never sent to the server in URLs). */
export function tokenFromLocation(hash: string): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(hash);
  return m?.[1] ?? null;
}

/**
 * What the transport needs of an EventSource: named events carrying text. The browser's global
 * EventSource fits, and so does a stand-in; shared/ names neither DOM nor Node types.
 */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: { data: string }) => void): void;
  close(): void;
}
export type EventSourceConstructor = new (url: string) => EventSourceLike;

export interface HttpTransportOptions {
  /** e.g. 'http://127.0.0.1:5123' or '' for same origin. */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** Defaults to the global EventSource; null disables events. */
  EventSource?: EventSourceConstructor | null;
}

/**
 * The loopback web host transport: `POST /api/<channel>` with the bearer token; events through
 * one shared EventSource on `/api/_events`.
 */
export function createHttpTransport(o: HttpTransportOptions): ApiTransport & { close(): void } {
  const doFetch = o.fetch ?? fetch;
  const ES: EventSourceConstructor | null =
    o.EventSource === undefined ? (typeof EventSource === 'undefined' ? null : EventSource) : o.EventSource;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const subscribed = new Set<string>();
  let source: EventSourceLike | null = null;

  const ensureSource = (event: string): void => {
    if (!ES) return;
    if (!source) source = new ES(`${o.baseUrl}/api/_events?token=${encodeURIComponent(o.token)}`);
    if (!subscribed.has(event)) {
      subscribed.add(event);
      source.addEventListener(event, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse(e.data);
        } catch {
          return;
        }
        for (const l of listeners.get(event) ?? []) l(payload);
      });
    }
  };

  return {
    async invoke(channel, input) {
      const res = await doFetch(`${o.baseUrl}/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${o.token}` },
        body: JSON.stringify(input ?? {}),
      });
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: `The app answered ${res.status} without a result.` } };
      }
      return body as IpcResult<unknown>;
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
