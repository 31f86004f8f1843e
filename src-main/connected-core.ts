// The core connected to a gateway: the durable outbox as SendService's dispatcher (R8), the
// inbound poller with attribution and reply processing (R3, R4, R7), and the background loops
// that drive them (timers injected). Staff review (core.reviews) needs no gateway: it is in the core.
import { createCore, type Core, type CoreOptions } from './core.ts';
import type { SyncGateway } from './gateway/sms-gateway.ts';
import { MessageIngestor, type IngestorOptions } from './sync/ingestor.ts';
import { InboundPoller, type PollerOptions } from './sync/inbound-poller.ts';
import { Outbox, type OutboxOptions } from './outbox/outbox.ts';
import { Scheduler, type Timers } from './outbox/scheduler.ts';

export interface ConnectedCoreOptions extends Omit<CoreOptions, 'dispatcher'> {
  gateway: SyncGateway;
  poller?: PollerOptions;
  outbox?: OutboxOptions;
  ingestor?: IngestorOptions;
}

export interface BackgroundOptions {
  /** Inbound poll interval, ms. Default 30 s. */
  pollEveryMs?: number;
  /** Longest wait between outbox runs, ms (sooner when a message falls due). Default 5 s. */
  outboxEveryMs?: number;
  timers?: Timers;
  onError?: (where: 'poller' | 'outbox', err: unknown) => void;
}

export interface ConnectedCore extends Core {
  gateway: SyncGateway;
  ingestor: MessageIngestor;
  poller: InboundPoller;
  outbox: Outbox;
  /** Starts the poll and outbox loops; resolves the returned stop() once both are idle. */
  startBackground(options?: BackgroundOptions): { stop(): Promise<void>; kickOutbox(): void; kickPoller(): void };
}

export function createConnectedCore(o: ConnectedCoreOptions): ConnectedCore {
  let parts: { ingestor: MessageIngestor; poller: InboundPoller; outbox: Outbox } | undefined;
  const core = createCore({
    db: o.db,
    clock: o.clock,
    timeZone: o.timeZone,
    dispatcher: ({ store, consent, policy }) => {
      const ingestor = new MessageIngestor(store, consent, o.clock, o.ingestor);
      const poller = new InboundPoller(store, ingestor, o.gateway, o.clock, o.poller);
      const outbox = new Outbox({ store, policy, gateway: o.gateway, poller, clock: o.clock }, o.outbox);
      parts = { ingestor, poller, outbox };
      return outbox;
    },
  });
  if (!parts) throw new Error('createCore did not build the dispatcher');
  const { ingestor, poller, outbox } = parts;

  const startBackground: ConnectedCore['startBackground'] = (b = {}) => {
    const pollLoop = new Scheduler(() => poller.pollOnce(), {
      intervalMs: b.pollEveryMs ?? 30_000,
      timers: b.timers,
      onError: (err) => b.onError?.('poller', err),
    });
    const outboxEvery = b.outboxEveryMs ?? 5_000;
    const outboxLoop = new Scheduler(() => outbox.drain(), {
      intervalMs: outboxEvery,
      nextDelayMs: () => {
        const at = core.store.messages.nextDueAt();
        return at === null ? outboxEvery : at - o.clock();
      },
      timers: b.timers,
      onError: (err) => b.onError?.('outbox', err),
    });
    pollLoop.start();
    outboxLoop.start();
    return {
      stop: async () => {
        await Promise.all([pollLoop.stop(), outboxLoop.stop()]);
      },
      kickOutbox: () => outboxLoop.kick(),
      kickPoller: () => pollLoop.kick(),
    };
  };

  return { ...core, gateway: o.gateway, ingestor, poller, outbox, startBackground };
}
