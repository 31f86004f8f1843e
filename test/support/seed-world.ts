import { openDatabase } from '../../src-main/db/open-database.ts';
import { createConnectedCore } from '../../src-main/connected-core.ts';
import { manualClock } from '../../src-main/clock.ts';
import { RecordingGateway } from './recording-gateway.ts';

export const T0 = Date.UTC(2026, 10, 20, 1, 0, 0); // 20 Nov 2026 12:00 in Sydney

/**
 * The seed's world: two dealer accounts sharing one gateway sender, and one customer who is a
 * lead of both.
 */
export function seedWorld(dbPath = ':memory:') {
  const clock = manualClock(T0);
  const db = openDatabase(dbPath);
  const gateway = new RecordingGateway(clock);
  const core = createConnectedCore({ db, gateway, clock, timeZone: 'Australia/Sydney' });
  const { accounts } = core.store;
  const dealerA = accounts.createAccount('A', 'Harbour City Toyota', T0);
  const dealerB = accounts.createAccount('B', 'Parramatta Mazda', T0);
  const gw = accounts.createGatewayAccount('AC' + 'a'.repeat(32), 'Group gateway', T0);
  const shared = accounts.createSender(gw, 'number', '+61480000001', 'Group shared number', T0);
  accounts.shareSender(shared, dealerA);
  accounts.shareSender(shared, dealerB);
  const { customerId } = core.leads.createLead(
    { dealerAccountId: dealerA, firstName: 'Jane', lastName: 'Citizen', mobile: '0412 345 678', email: 'jane@example.com', optInToMarketing: true },
    'import',
  );
  core.leads.createLead({ dealerAccountId: dealerB, customerId, firstName: '', lastName: '', optInToMarketing: true }, 'import');
  return { core, db, clock, gateway, dealerA, dealerB, shared, customerId };
}
