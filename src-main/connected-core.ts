// The core connected to a gateway: the durable outbox as SendService's dispatcher (R8), the
// inbound poller with attribution and reply processing (R3, R4, R7) and staff review. The loops
// that drive them in the background are the app's (src-main/app/background-sync.ts).
import { createCore, type Core, type CoreOptions } from './core.ts';
import type { SyncGateway } from './gateway/sms-gateway.ts';
import { MessageIngestor, type IngestorOptions } from './sync/ingestor.ts';
import { InboundPoller, type PollerOptions } from './sync/inbound-poller.ts';
import { Outbox, type OutboxOptions } from './outbox/outbox.ts';
import { CalendarService } from './calendar/calendar-service.ts';

export interface ConnectedCoreOptions extends Omit<CoreOptions, 'dispatcher'> {
  gateway: SyncGateway;
  poller?: PollerOptions;
  outbox?: OutboxOptions;
  ingestor?: IngestorOptions;
}

export interface ConnectedCore extends Core {
  gateway: SyncGateway;
  ingestor: MessageIngestor;
  poller: InboundPoller;
  outbox: Outbox;
}

export function createConnectedCore(o: ConnectedCoreOptions): ConnectedCore {
  let parts: { ingestor: MessageIngestor; poller: InboundPoller; outbox: Outbox } | undefined;
  const core = createCore({
    db: o.db,
    clock: o.clock,
    timeZone: o.timeZone,
    ...(o.group ? { group: o.group } : {}),
    ...(o.newId ? { newId: o.newId } : {}),
    ...(o.stepClaim ? { stepClaim: o.stepClaim } : {}),
    ...(o.runner ? { runner: o.runner } : {}),
    dispatcher: ({ store, consent, policy, group }) => {
      const ingestor = new MessageIngestor(store, consent, o.clock, o.ingestor);
      const poller = new InboundPoller(store, ingestor, o.gateway, o.clock, o.poller);
      const calendar = new CalendarService(store);
      const sendWindow = (dealerAccountId: number, at: number) => calendar.windowAt(dealerAccountId, at);
      const outbox = new Outbox({ store, policy, gateway: o.gateway, poller, clock: o.clock, sendWindow, group }, o.outbox);
      parts = { ingestor, poller, outbox };
      return outbox;
    },
  });
  if (!parts) throw new Error('createCore did not build the dispatcher');
  const { ingestor, poller, outbox } = parts;


  return { ...core, gateway: o.gateway, ingestor, poller, outbox };
}
