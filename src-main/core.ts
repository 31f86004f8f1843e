import type { Clock } from './clock.ts';
import type { Db } from './db/open-database.ts';
import type { SmsGateway } from './gateway/sms-gateway.ts';
import { createStore, type Store } from './db/store.ts';
import { ConsentService } from './consent/consent-service.ts';
import { LeadService } from './customers/lead-service.ts';
import { SendService, type Dispatcher } from './messaging/send-service.ts';
import { GatewayDispatcher } from './outbox/gateway-dispatcher.ts';

export interface CoreOptions {
  db: Db;
  gateway: SmsGateway;
  clock: Clock;
  timeZone?: string;
  /** Replaces the direct gateway dispatcher (the outbox supplies its own). */
  dispatcher?: (parts: { store: Store; consent: ConsentService }) => Dispatcher;
}

/** The Electron-free core: every service over one store. */
export interface Core {
  store: Store;
  clock: Clock;
  consent: ConsentService;
  leads: LeadService;
  sends: SendService;
}

export function createCore(o: CoreOptions): Core {
  const store = createStore(o.db);
  const consent = new ConsentService(store, o.clock);
  const leads = new LeadService(store, consent, o.clock);
  const dispatcher = o.dispatcher
    ? o.dispatcher({ store, consent })
    : new GatewayDispatcher(store, consent, o.gateway, o.clock, { timeZone: o.timeZone });
  const sends = new SendService(store, consent, dispatcher, o.clock, { timeZone: o.timeZone });
  return { store, clock: o.clock, consent, leads, sends };
}
