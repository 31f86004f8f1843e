import type { EventName, EventPayload } from '../../shared/ipc/contract.ts';

/** Receives every event with its payload. */
export type EventListener = (event: EventName, payload: unknown) => void;

/**
 * Main-process events for the renderer (over Electron IPC or server-sent events). Synchronous and
 * in-process; a throwing listener is reported and never stops the others or the emitter.
 */
export class EventBus {
  readonly #listeners = new Set<EventListener>();
  readonly #onListenerError: (err: unknown) => void;

  constructor(onListenerError: (err: unknown) => void = (err) => console.error('event listener failed:', err)) {
    this.#onListenerError = onListenerError;
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of [...this.#listeners]) {
      try {
        l(event, payload);
      } catch (err) {
        this.#onListenerError(err);
      }
    }
  }

  /** Every event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Resolves with the first `event` whose payload passes `match` (for tests and readiness). */
  next<E extends EventName>(event: E, match: (p: EventPayload<E>) => boolean = () => true, timeoutMs = 10_000): Promise<EventPayload<E>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${event}`));
      }, timeoutMs);
      const off = this.subscribe((name: EventName, payload: unknown) => {
        if (name !== event || !match(payload as EventPayload<E>)) return;
        clearTimeout(timer);
        off();
        resolve(payload as EventPayload<E>);
      });
    });
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
