// Issue 14, finding 4: STOP and START in the same second to two senders of one dealer were resolved
// by the order the senders were polled in (20 of 20 customers whose last word was STOP ended opted
// in). Consent changes are ordered by the best evidence: the gateway's time (to the second), then
// the order within one sender's stream; opposite changes that cannot be ordered: the opt-out wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld, T0 } from '../support/seed-world.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { MessageIngestor } from '../../src-main/sync/ingestor.ts';
import { consentEvidence, supersedes, type ConsentEvidence } from '../../src-main/consent/consent-order.ts';
import type { GatewayMessage } from '../../src-main/gateway/sms-gateway.ts';

const OWN = '+61480000002';
const SHARED = '+61480000001';
const reply = (status: 'opted_out' | 'opted_in', at: number, senderId: number): ConsentEvidence =>
  consentEvidence({ status, source: 'inbound_keyword', at, senderId });

test('R3 ordering: a reply certainly later (by the gateway second) supersedes, certainly earlier does not, whichever arrives first', () => {
  assert.equal(supersedes(reply('opted_in', T0 + 1_000, 1), reply('opted_out', T0, 2)), true);
  assert.equal(supersedes(reply('opted_in', T0, 1), reply('opted_out', T0 + 1_000, 2)), false, 'polled late: history only');
  assert.equal(supersedes(reply('opted_out', T0 + 999, 1), reply('opted_in', T0, 1)), true, 'same sender, same second: in the order listed');
  assert.equal(supersedes(reply('opted_in', T0 + 999, 1), reply('opted_out', T0, 1)), true, 'same sender: a START listed after the STOP');
});

test('R3/R11 ordering: opposite replies in one second to two senders cannot be ordered: the opt-out wins either way round', () => {
  assert.equal(supersedes(reply('opted_in', T0 + 700, 1), reply('opted_out', T0 + 100, 2)), false);
  assert.equal(supersedes(reply('opted_out', T0 + 700, 1), reply('opted_in', T0 + 100, 2)), true);
  assert.equal(supersedes(reply('opted_out', T0, 1), reply('opted_out', T0, 2)), false, 'the same change leaves the state as it was');
});

test('R9 vs R3 ordering: a desk change is dated to the millisecond; a reply in the same second as it is unordered (the opt-out wins)', () => {
  const manual = (status: 'opted_out' | 'opted_in', at: number) => consentEvidence({ status, source: 'manual', at, senderId: null });
  assert.equal(supersedes(reply('opted_out', T0, 1), manual('opted_in', T0 + 500)), true);
  assert.equal(supersedes(reply('opted_in', T0, 1), manual('opted_out', T0 + 500)), false);
  assert.equal(supersedes(reply('opted_in', T0, 1), manual('opted_out', T0 - 1)), true, 'the reply is certainly later');
  assert.equal(supersedes(manual('opted_in', T0 + 5), manual('opted_out', T0 + 5)), true, 'desk changes: in the order made');
});

/**
 * Dealer A has its own number and shares another with B; A texted each of 20 customers last on the
 * shared number, so replies to either number are A's (R4). Each customer texts one keyword to each
 * number within one second; the gateway dates both to that second.
 */
function sameSecondWorld() {
  const w = seedWorld();
  const { store } = w.core;
  const own = store.accounts.createSender(store.accounts.gatewayAccounts()[0]!.id, 'number', OWN, 'Toyota direct', T0);
  store.accounts.shareSender(own, w.dealerA);
  const mobiles: string[] = [];
  for (let i = 0; i < 20; i++) {
    const mobile = `+6141${String(3_000_000 + i).padStart(7, '0')}`;
    const { customerId } = w.core.leads.createLead({ dealerAccountId: w.dealerA, firstName: 'Same', lastName: `Second${i}`, mobile, optInToMarketing: true }, 'import');
    for (const [senderId, from, sid] of [[own, OWN, 'o'], [w.shared, SHARED, 's']] as const) {
      store.messages.insert({
        direction: 'outbound', origin: 'manual', status: 'delivered', customerId, dealerAccountId: w.dealerA, senderId, toNumber: mobile, fromNumber: from,
        body: 'Hi, your car is ready', segments: 1, gatewaySid: `SM${sid}${String(i).padStart(31, '0')}`, createdAt: T0 - 3_600_000,
      });
    }
    mobiles.push(mobile);
  }
  const ingestor = new MessageIngestor(store, w.core.consent, w.clock);
  const optedOut = (): number =>
    mobiles.filter((m) => !w.core.consent.decide(w.dealerA, store.customers.byMobile(m)[0]!.id, 'sms').allowed).length;
  return { ...w, ingestor, mobiles, optedOut };
}

for (const pollOrder of ['own number first', 'shared number first'] as const) {
  test(`issue 14 finding 4 (R3, R4): START to the own number at +0.1 s, STOP to the shared number at +0.7 s, same second, ${pollOrder}: 20 of 20 end opted out`, () => {
    const w = sameSecondWorld();
    const second = T0 + 3_600_000; // Twilio's dates: whole seconds
    const starts: GatewayMessage[] = w.mobiles.map((m) => gatewayMessage({ from: m, to: OWN, body: 'START', at: second }));
    const stops: GatewayMessage[] = w.mobiles.map((m) => gatewayMessage({ from: m, to: SHARED, body: 'STOP', at: second }));
    const pages = pollOrder === 'own number first' ? [starts, stops] : [stops, starts];
    for (const page of pages) w.ingestor.ingestPage(page);
    assert.equal(w.optedOut(), 20);
    // Both replies are in the audit trail, whichever is in force.
    const id = w.core.store.customers.byMobile(w.mobiles[0]!)[0]!.id;
    assert.deepEqual(w.core.store.consent.history(id).map((e) => e.keyword).sort(), ['START', 'STOP']);
  });
}

test('issue 14 finding 4: the opposite order in one second (STOP own, START shared) also ends opted out: they cannot be ordered', () => {
  const w = sameSecondWorld();
  const second = T0 + 3_600_000;
  w.ingestor.ingestPage(w.mobiles.map((m) => gatewayMessage({ from: m, to: SHARED, body: 'START', at: second })));
  w.ingestor.ingestPage(w.mobiles.map((m) => gatewayMessage({ from: m, to: OWN, body: 'STOP', at: second })));
  assert.equal(w.optedOut(), 20);
});

test('issue 14 finding 4: a START one second after a STOP to another sender is the later word, whichever sender is polled first', () => {
  const w = sameSecondWorld();
  const second = T0 + 3_600_000;
  const starts = w.mobiles.map((m) => gatewayMessage({ from: m, to: OWN, body: 'START', at: second + 1_000 }));
  const stops = w.mobiles.map((m) => gatewayMessage({ from: m, to: SHARED, body: 'STOP', at: second }));
  w.ingestor.ingestPage(starts);
  w.ingestor.ingestPage(stops);
  assert.equal(w.optedOut(), 0, 'a STOP polled late, a second earlier, is history only');
});

test('issue 14 finding 4: two keywords in one second to the same sender follow the gateway\'s list order (newest first)', () => {
  const second = T0 + 3_600_000;
  const listed = (newer: string, older: string) => (m: string) => [
    gatewayMessage({ from: m, to: SHARED, body: newer, at: second }),
    gatewayMessage({ from: m, to: SHARED, body: older, at: second }),
  ];
  const a = sameSecondWorld();
  a.ingestor.ingestPage(a.mobiles.flatMap(listed('START', 'STOP')));
  assert.equal(a.optedOut(), 0, 'START listed as the newer: opted back in');
  const b = sameSecondWorld();
  b.ingestor.ingestPage(b.mobiles.flatMap(listed('STOP', 'START')));
  assert.equal(b.optedOut(), 20, 'STOP listed as the newer: opted out');
});
