// A fake of the main process for view tests: answers each channel with the handler a test gives
// it (or refuses, as main would), records every call, and emits main-process events on demand.
// It implements the renderer's `Api` and plugs in through the app's one injection point,
// `setClient` (src-renderer/api/api.ts), behind the real client (so refusals arrive as ApiError).
import type { ErrorCode } from '../../shared/errors.ts';
import { createApiClient, type ApiClient, type ApiTransport } from '../../shared/ipc/client.ts';
import type { Api, ApiInput, ApiOutput, ChannelName, EventName, EventPayload, IpcError, IpcResult } from '../../shared/ipc/contract.ts';
import { setClient } from '../../src-renderer/api/api.ts';

export type Handler<C extends ChannelName> = (input: ApiInput<C>) => ApiOutput<C> | Promise<ApiOutput<C>>;
export type Handlers = { [C in ChannelName]?: Handler<C> };

/** Thrown by a handler: the call is refused with this code and sentence, as main refuses. */
export class Refusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface Call {
  channel: ChannelName;
  input: unknown;
}

export class FakeApi implements ApiTransport {
  readonly calls: Call[] = [];
  readonly client: ApiClient;
  readonly api: Api;
  private readonly handlers: Handlers;
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(handlers: Handlers = {}) {
    this.handlers = { ...handlers };
    this.client = createApiClient(this);
    this.api = this.client.api;
  }

  /** Answers `channel` with `handler` from now on. */
  handle<C extends ChannelName>(channel: C, handler: Handler<C>): this {
    (this.handlers as Record<string, unknown>)[channel] = handler;
    return this;
  }

  /** Makes this the app's API (the renderer's injection point). */
  install(): this {
    setClient(this.client);
    return this;
  }

  async invoke(channel: string, input: unknown): Promise<IpcResult<unknown>> {
    this.calls.push({ channel: channel as ChannelName, input });
    const handler = (this.handlers as Record<string, ((i: unknown) => unknown) | undefined>)[channel];
    if (!handler) return { ok: false, error: { code: 'INTERNAL', message: `FakeApi: no handler for ${channel}` } };
    try {
      return { ok: true, value: await handler(input) };
    } catch (err) {
      if (err instanceof Refusal) return { ok: false, error: { code: err.code, message: err.message, ...(err.details !== undefined ? { details: err.details } : {}) } as IpcError };
      throw err;
    }
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Emits a main-process event to every subscriber. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) l(payload);
  }

  /** How many subscribe to `event` now. */
  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** The inputs of every call to `channel`, oldest first. */
  inputsOf<C extends ChannelName>(channel: C): ApiInput<C>[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.input as ApiInput<C>);
  }
}
