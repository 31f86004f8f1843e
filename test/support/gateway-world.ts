// The core connected through the REAL official `twilio` client to the local Twilio-compatible
// simulator on 127.0.0.1, sharing one manual clock (the simulator's message dates follow it).
import { openDatabase, type Db } from '../../src-main/db/open-database.ts';
import { manualClock, type ManualClock } from '../../src-main/clock.ts';
import { createConnectedCore, type ConnectedCore, type ConnectedCoreOptions } from '../../src-main/connected-core.ts';
import { TwilioGateway } from '../../src-main/gateway/twilio-gateway.ts';
import { GatewaySimulator, seededRandom, type GatewaySimulatorOptions } from '../../src-main/gateway/simulator/index.ts';
import { T0 } from './seed-world.ts';

export const SHARED_NUMBER = '+61480000001';
export const A_OWN_NUMBER = '+61480000002';
export const JANE = '+61412345678';

export interface GatewayWorldOptions {
  sim?: GatewaySimulatorOptions;
  dbPath?: string;
  timeoutMs?: number;
  outbox?: ConnectedCoreOptions['outbox'];
  poller?: ConnectedCoreOptions['poller'];
  group?: ConnectedCoreOptions['group'];
}


/** Builds (or rebuilds, after a "restart") the connected core over an open database. */
export function connect(db: Db, sim: GatewaySimulator, clock: ManualClock, o: GatewayWorldOptions = {}): { core: ConnectedCore; gateway: TwilioGateway } {
  const gateway = new TwilioGateway({ accountSid: sim.accountSid, authToken: sim.authToken, baseUrl: sim.url, timeoutMs: o.timeoutMs ?? 2_000, clock });
  const core = createConnectedCore({
    db,
    gateway,
    clock,
    timeZone: 'Australia/Sydney',
    outbox: { reconcileDelayMs: 1_000, offlineRetryMs: 5_000, backoffMs: (n) => Math.min(8_000, 500 * 2 ** (n - 1)), ...o.outbox },
    poller: { overlapMs: 60_000, statusWindowMs: 60_000, ...o.poller },
    ...(o.group ? { group: o.group } : {}),
  });
  return { core, gateway };
}

export async function startSimulator(clock: ManualClock, options: GatewaySimulatorOptions = {}): Promise<GatewaySimulator> {
  const sim = new GatewaySimulator({
    clock: () => clock(),
    random: seededRandom(7),
    ownedNumbers: [SHARED_NUMBER, A_OWN_NUMBER],
    enforceOptOut: false,
    timing: { queueMs: 1_000, deliverMs: 2_000 },
    ...options,
  });
  await sim.start({ port: 0, host: '127.0.0.1' });
  return sim;
}

/**
 * The seed's world over the gateway: dealers A and B share one sender, A also has its own
 * number, and Jane is a lead of both.
 */
export async function gatewayWorld(t: { after: (fn: () => Promise<void> | void) => void }, o: GatewayWorldOptions = {}) {
  const clock = manualClock(T0);
  const sim = await startSimulator(clock, o.sim);
  const db = openDatabase(o.dbPath ?? ':memory:');
  const { core, gateway } = connect(db, sim, clock, o);
  t.after(async () => {
    await sim.stop();
    if (db.open) db.close();
  });
  const { accounts } = core.store;
  const dealerA = accounts.createAccount('A', 'Harbour City Toyota', T0);
  const dealerB = accounts.createAccount('B', 'Parramatta Mazda', T0);
  const gw = accounts.createGatewayAccount(sim.accountSid, 'Group gateway', T0);
  const shared = accounts.createSender(gw, 'number', SHARED_NUMBER, 'Group shared number', T0);
  accounts.shareSender(shared, dealerA);
  accounts.shareSender(shared, dealerB);
  const aOwn = accounts.createSender(gw, 'number', A_OWN_NUMBER, 'Toyota direct', T0);
  accounts.shareSender(aOwn, dealerA);
  const { customerId } = core.leads.createLead(
    { dealerAccountId: dealerA, firstName: 'Jane', lastName: 'Citizen', mobile: '0412 345 678', email: 'jane@example.com', optInToMarketing: true },
    'import',
  );
  core.leads.createLead({ dealerAccountId: dealerB, customerId, firstName: '', lastName: '', optInToMarketing: true }, 'import');
  return { clock, sim, db, core, gateway, dealerA, dealerB, shared, aOwn, customerId };
}
