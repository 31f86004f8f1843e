// The core connected to its gateway accounts: the durable outbox as SendService's dispatcher (R8),
// sending each message through the gateway account that owns its sender; the inbound pollers, one
// per gateway account, with attribution and reply processing (R3, R4, R7, R13); staff review. The
// loops that drive them in the background are the app's (src-main/app/background-sync.ts).
import { createCore, type Core, type CoreOptions } from './core.ts';
import type { SyncGateway } from './gateway/sms-gateway.ts';
import { singleGateway, type GatewayRegistry, type GatewayRouter } from './gateway/gateway-registry.ts';
import { MessageIngestor, type IngestorOptions } from './sync/ingestor.ts';
import { AccountPollers, type AccountPollersOptions, type PolledAccount } from './sync/account-pollers.ts';
import { Outbox, type OutboxOptions } from './outbox/outbox.ts';
import { CalendarService } from './calendar/calendar-service.ts';

export interface ConnectedCoreOptions extends Omit<CoreOptions, 'dispatcher'> {
  /** Several gateway accounts (the app): each sender's account serves it; every account with credentials is polled. */
  gateways?: GatewayRegistry;
  /** One gateway for every sender (tests and tools that talk to a single gateway). */
  gateway?: SyncGateway;
  poller?: AccountPollersOptions;
  outbox?: OutboxOptions;
  ingestor?: IngestorOptions;
}

export interface ConnectedCore extends Core {
  /** Which gateway serves a sender. */
  gateways: GatewayRouter;
  ingestor: MessageIngestor;
  /** The inbound pollers of every gateway account. */
  poller: AccountPollers;
  outbox: Outbox;
}

export function createConnectedCore(o: ConnectedCoreOptions): ConnectedCore {
  const { gateways: registry, gateway } = o;
  if (!registry && !gateway) throw new Error('createConnectedCore needs a gateway or a gateway registry');
  const router: GatewayRouter = registry ?? singleGateway(gateway as SyncGateway);
  const polled = (): PolledAccount[] =>
    registry
      ? registry.all().map((g) => ({ gatewayAccountId: g.gatewayAccountId, source: g, configured: g.configured }))
      : [{ gatewayAccountId: null, source: gateway as SyncGateway, configured: true }];
  let parts: { ingestor: MessageIngestor; poller: AccountPollers; outbox: Outbox } | undefined;
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
      const poller = new AccountPollers(store, ingestor, polled, o.clock, o.poller);
      const calendar = new CalendarService(store);
      const sendWindow = (dealerAccountId: number, at: number) => calendar.windowAt(dealerAccountId, at);
      const outbox = new Outbox({ store, policy, gateways: router, poller, clock: o.clock, sendWindow, group }, o.outbox);
      parts = { ingestor, poller, outbox };
      return outbox;
    },
  });
  if (!parts) throw new Error('createCore did not build the dispatcher');
  const { ingestor, poller, outbox } = parts;
  return { ...core, gateways: router, ingestor, poller, outbox };
}
