// The Reports screen's numbers (issue 12) against a hand-built store with known answers: opt-outs
// per day by how (STOP, UNSUB, manual, import, gateway) and by dealer account; blocked attempts per
// account split into "opted out for this dealer", "Twilio's block on the sender" and "applied
// across dealers because the reply could not be attributed" (R4, on its own); reviews waiting and
// how long; unsubscribe handling. And the queries' plans: index range reads, never a table scan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld, T0 } from '../support/seed-world.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { zonedDayStart } from '../../src-main/reports/iso-time.ts';

const SHARED = '+61480000001';
const JANE = '+61412345678';
const KEN = '+61412000333';
const PETE = '+61412000444';
const TZ = 'Australia/Sydney';
const DAY = 86_400_000;
let sid = 0;

async function store() {
  const w = seedWorld();
  const reply = (from: string, body: string) => w.core.ingestor.ingestPage([gatewayMessage({ sid: `SMr${++sid}`, from, to: SHARED, body, at: w.clock() })]);
  const send = (dealerAccountId: number, customerId: number) => w.core.sends.send({ dealerAccountId, customerId, body: 'Service special', actor: 'Sam', origin: 'manual' });
  const lead = (dealerAccountId: number, firstName: string, mobile: string, optIn = true) =>
    w.core.leads.createLead({ dealerAccountId, firstName, lastName: 'Test', mobile, optInToMarketing: optIn }, 'Sam').customerId;
  const ken = lead(w.dealerB, 'Ken', '0412 000 333');
  const pete = lead(w.dealerA, 'Pete', '0412 000 444');

  // Day 1 (20 Nov, Sydney). Jane texts STOP with no message before it: both dealers (R4, unattributed).
  w.clock.advance(60_000);
  reply(JANE, 'STOP');
  w.clock.advance(60_000);
  await send(w.dealerA, w.customerId); // refused: cross-dealer
  await send(w.dealerB, w.customerId); // refused: cross-dealer
  await send(w.dealerB, ken); // sent
  w.clock.advance(60_000);
  reply(KEN, 'unsub'); // Mazda's: latest outbound
  w.clock.advance(60_000);
  await send(w.dealerB, ken); // refused: opted out for this dealer
  reply(KEN, 'please stop texting me'); // a possible opt-out, left open

  // Day 2 (21 Nov).
  w.clock.advance(DAY);
  w.core.consent.optOutManually({ dealerAccountId: w.dealerA, customerId: pete, channel: 'sms', actor: 'Sam', reason: 'Asked at the counter' });
  lead(w.dealerA, 'Mo', '0412 000 555', false); // R10 import flag off
  w.core.store.gatewayBlocks.block(w.shared, PETE, 21610, null, w.clock());
  w.core.consent.optInManually({ dealerAccountId: w.dealerA, customerId: pete, channel: 'sms', actor: 'Sam', reason: 'Asked to come back' });
  await send(w.dealerA, pete); // refused: Twilio's block on the sender
  return { ...w, ken, pete };
}

test('opt-outs per day by how (keyword, manual, import, gateway) and by dealer account', async () => {
  const w = await store();
  const r = w.core.reports.consent({ from: zonedDayStart('2026-11-20', TZ)!, to: zonedDayStart('2026-11-22', TZ)!, dealerAccountId: null }, TZ, w.clock());
  assert.deepEqual(r.days, ['2026-11-20', '2026-11-21']);
  assert.deepEqual(
    r.optOutsByHow.map((s) => [s.key, s.label, s.counts]),
    [
      ['STOP', 'STOP', [2, 0]],
      ['UNSUB', 'UNSUB', [1, 0]],
      ['manual', 'manual', [0, 1]],
      ['import', 'import', [0, 1]],
      // Day 1: Jane's STOP to the shared line, which Twilio's own filtering (on, its default) blocks at once (R13); day 2: Pete's 21610.
      ['gateway', 'gateway (Twilio) block', [1, 1]],
    ],
  );
  assert.deepEqual(
    r.optOutsByAccount.map((s) => [s.label, s.counts]),
    [
      // Toyota: Jane's STOP and Twilio's block it caused on the shared line (R13); Pete by hand, Mo at import, the gateway block on the shared sender.
      ['Harbour City Toyota', [2, 3]],
      // Mazda: Jane's STOP and the same Twilio block, Ken's UNSUB (Twilio does not act on it); the same gateway block (the sender is shared).
      ['Parramatta Mazda', [3, 1]],
    ],
  );
  const mazda = w.core.reports.consent({ from: T0 - DAY, to: T0 + 3 * DAY, dealerAccountId: w.dealerB }, TZ, w.clock());
  assert.deepEqual(mazda.optOutsByAccount.map((s) => s.label), ['Parramatta Mazda']);
});

test('R4, R7: blocked attempts per account split: opted out for this dealer, Twilio\'s block, applied across dealers (unattributed)', async () => {
  const w = await store();
  const r = w.core.reports.consent({ from: T0 - DAY, to: T0 + 3 * DAY, dealerAccountId: null }, TZ, w.clock());
  assert.deepEqual(
    r.blocked.map((b) => [b.accountName, b.attempts, b.dealer, b.gateway, b.crossDealer, b.heldForReview]),
    [
      ['Harbour City Toyota', 2, 0, 1, 1, 0],
      ['Parramatta Mazda', 3, 1, 0, 1, 0],
    ],
  );
  // Narrowed afterwards to Toyota: Mazda's refusal still came from the cross-dealer opt-out.
  const item = w.core.reviews.open(10).find((i) => i.kind === 'unattributed')!;
  w.core.reviews.narrow(item.id, [w.dealerA], { actor: 'Pat', reason: 'Toyota only' });
  const after = w.core.reports.consent({ from: T0 - DAY, to: T0 + 3 * DAY, dealerAccountId: w.dealerB }, TZ, w.clock());
  assert.deepEqual(after.blocked.map((b) => [b.accountName, b.dealer, b.crossDealer]), [['Parramatta Mazda', 1, 1]]);
});

test('reviews waiting and how long; unsubscribe handling with the first blocked attempt after each opt-out', async () => {
  const w = await store();
  const r = w.core.reports.consent({ from: T0 - DAY, to: T0 + 3 * DAY, dealerAccountId: null }, TZ, w.clock());
  // Open: Jane's unattributed STOP and Ken's "please stop texting me", both waiting a day and more.
  assert.equal(r.reviews.open, 2);
  assert.deepEqual(r.reviews.waiting.map((b) => [b.label, b.possibleOptOut, b.unattributed]), [
    ['under 1 hour', 0, 0],
    ['1–4 hours', 0, 0],
    ['4–24 hours', 0, 0],
    ['1–3 days', 1, 1],
    ['over 3 days', 0, 0],
  ]);
  assert.equal(r.reviews.oldestWaitingMs, w.clock() - (T0 + 60_000));
  assert.deepEqual([r.reviews.resolved, r.reviews.medianWaitMs], [0, null]);

  assert.equal(r.unsubscribes.total, 5);
  const day = (d: string) => r.unsubscribes.perDay[r.days.indexOf(d)];
  assert.deepEqual([day('2026-11-19'), day('2026-11-20'), day('2026-11-21')], [0, 3, 2]);
  const byName = new Map(r.unsubscribes.latest.map((u) => [`${u.first_name} ${u.last_name}/${u.account_name}`, u]));
  assert.equal(byName.get('Jane Citizen/Harbour City Toyota')?.first_blocked_at, T0 + 120_000);
  assert.equal(byName.get('Ken Test/Parramatta Mazda')?.first_blocked_at, T0 + 240_000);
  assert.equal(byName.get('Mo Test/Harbour City Toyota')?.first_blocked_at, null);

  // A review decided: its wait (reply to decision) is counted in the range it was decided in.
  const item = w.core.reviews.open(10).find((i) => i.kind === 'possible_opt_out')!;
  w.core.reviews.dismiss(item.id, { actor: 'Pat', reason: 'asked about servicing' });
  const later = w.core.reports.consent({ from: T0 - DAY, to: T0 + 3 * DAY, dealerAccountId: null }, TZ, w.clock());
  assert.deepEqual([later.reviews.open, later.reviews.resolved, later.reviews.medianWaitMs], [1, 1, w.clock() - (T0 + 240_000)]);
});

test('a range is refused when it ends before it starts or spans more than two years', async () => {
  const w = seedWorld();
  assert.throws(() => w.core.reports.consent({ from: T0, to: T0, dealerAccountId: null }, TZ, T0), /end of the range must be after its start/);
  assert.throws(() => w.core.reports.consent({ from: T0, to: T0 + 800 * DAY, dealerAccountId: null }, TZ, T0), /at most two years/);
});

test('every report query reads a range of an index (query plans)', () => {
  const w = seedWorld();
  const db = w.core.store.db;
  const plan = (sql: string, params: Record<string, unknown> = { from: 0, to: 1, account: null }) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join(' | ');
  const sqlOf = (name: string) => (w.core.store.reports as unknown as Record<string, { source: string }>)[name]!.source;
  const optOuts = plan(sqlOf('optOutSlotsStmt'));
  assert.match(optOuts, /SEARCH consent_events USING COVERING INDEX consent_events_by_time \(occurred_at>\? AND occurred_at<\?\)/);
  const attempts = plan(sqlOf('attemptsStmt'), { from: 0, to: 1, account: 1, status: 'delivered' });
  assert.match(attempts, /SEARCH message_attempt_counts USING PRIMARY KEY \(dealer_account_id=\? AND status=\? AND slot>\? AND slot<\?\)/);
  const cross = plan(sqlOf('crossDealerStmt'));
  assert.match(cross, /(SCAN|SEARCH) e USING INDEX consent_events_by_message/);
  assert.match(cross, /SEARCH b USING INDEX messages_timeline \(customer_id=\? AND created_at>\? AND created_at<\?\)/);
  assert.doesNotMatch(`${optOuts} ${attempts} ${cross}`, /SCAN (consent_events|messages)\b(?! USING)/);
  assert.match(plan(sqlOf('unsubscribeDelaysStmt')), /SEARCH e USING INDEX consent_events_by_time/);
  assert.match(plan(sqlOf('resolvedReviewsStmt')), /SEARCH r USING INDEX review_items_resolved_page/);
});
