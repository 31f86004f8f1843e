// R3 (with R4, R7): what each classified reply does, for the attributed account only; possible
// opt-outs go to review and hold automated sends; every reply is on the timeline and notified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { MessageIngestor } from '../../src-main/sync/ingestor.ts';
import { ReviewService } from '../../src-main/reviews/review-service.ts';
import { refused } from '../support/send-result.ts';

const JANE = '+61412345678';
const SHARED = '+61480000001';

function world() {
  const w = seedWorld();
  const ingestor = new MessageIngestor(w.core.store, w.core.consent, w.clock);
  const reviews = new ReviewService(w.core.store, w.core.consent, w.clock);
  // B texted Jane through the shared number: replies are B's (R4).
  w.core.store.messages.insert({
    direction: 'outbound', origin: 'manual', status: 'sent', customerId: w.customerId, dealerAccountId: w.dealerB, senderId: w.shared,
    toNumber: JANE, fromNumber: SHARED, body: 'Hi Jane, test drive Saturday?', segments: 1, gatewaySid: 'SM' + 'b'.repeat(32), createdAt: w.clock(),
  });
  const reply = (body: string, at?: number) => {
    w.clock.advance(60_000);
    const m = gatewayMessage({ from: JANE, to: SHARED, body, at: at ?? w.clock() });
    const stats = ingestor.ingestPage([m]);
    return { m, stats, row: w.core.store.messages.bySid(m.sid)! };
  };
  const sms = (account: number) => w.core.consent.decide(account, w.customerId, 'sms').allowed;
  return { ...w, ingestor, reviews, reply, sms };
}

test('R3 opt-out keyword: the attributed account only; on the timeline, with a notification', () => {
  const w = world();
  const { row } = w.reply('  Unsubscribe! ');
  assert.equal(w.sms(w.dealerB), false);
  assert.equal(w.sms(w.dealerA), true);
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'email').allowed, true, 'R1: email untouched');
  const [event] = w.core.store.consent.history(w.customerId);
  // The keyword is data in its own column; the reason carries no sentence to parse.
  assert.deepEqual([event?.source, event?.keyword, event?.reason, event?.message_id], ['inbound_keyword', 'UNSUBSCRIBE', null, row.id]);
  const timeline = w.core.store.timeline.page(w.customerId, 10).items;
  assert.ok(timeline.some((i) => i.kind === 'message' && i.message.id === row.id && i.message.direction === 'inbound'));
  const [n] = w.core.store.notifications.recent(1);
  assert.equal(n?.kind, 'opt_out');
  assert.equal(n?.title, 'Jane Citizen replied UNSUBSCRIBE: opted out of SMS from Parramatta Mazda');
  assert.equal(n?.message_id, row.id);
});

test('R3 opt-in keyword re-opts in the attributed account only; UNSUB is ours, not the gateway\'s', () => {
  const w = world();
  w.core.consent.optOutManually({ dealerAccountId: w.dealerA, customerId: w.customerId, channel: 'sms', actor: 'kim' });
  w.reply('UNSUB');
  assert.equal(w.sms(w.dealerB), false);
  w.reply('yes');
  assert.equal(w.sms(w.dealerB), true);
  assert.equal(w.sms(w.dealerA), false, 'A\'s own opt-out stays');
  assert.equal(w.core.store.notifications.recent(1)[0]?.kind, 'opt_in');
});

test('R3 HELP is recognised: no consent change, a reply notification', () => {
  const w = world();
  w.reply('help');
  assert.equal(w.core.store.consent.history(w.customerId).length, 0);
  const [n] = w.core.store.notifications.recent(1);
  assert.equal(n?.kind, 'reply');
  assert.equal(n?.title, 'Jane Citizen asked for HELP');
});

test('R3 free text that merely contains a keyword is just a reply', () => {
  const w = world();
  w.reply('I will stop by Saturday');
  assert.equal(w.sms(w.dealerB), true);
  assert.equal(w.core.store.reviews.open(10).length, 0);
  assert.equal(w.core.store.notifications.recent(1)[0]?.kind, 'reply');
});

test('R3 possible opt-out: a review item for the attributed account, automated sends held until reviewed; confirm opts out with who', async () => {
  const w = world();
  const { row } = w.reply('please stop texting me');
  assert.equal(w.sms(w.dealerB), true, 'not applied automatically');
  const [item] = w.reviews.open();
  assert.deepEqual([item?.kind, item?.message_id, item?.dealer_account_id, item?.customer_id], ['possible_opt_out', row.id, w.dealerB, w.customerId]);
  assert.equal(w.core.store.notifications.recent(1)[0]?.kind, 'possible_opt_out');
  const caution = (dealerAccountId: number) => w.core.sends.preflight({ dealerAccountId, customerId: w.customerId }).decision.caution;
  assert.equal(caution(w.dealerB)?.reviewId, item?.id, 'the composer warns');
  assert.equal(caution(w.dealerA), null);

  const auto = await refused(w.core.sends.send({ dealerAccountId: w.dealerB, customerId: w.customerId, body: 'Service special!', actor: 'automation', origin: 'automation' }));
  assert.ok(auto.refusal.code === 'HELD_FOR_REVIEW');
  assert.equal(auto.message.status, 'held_review');
  const { message: manual } = await w.core.sends.send({ dealerAccountId: w.dealerB, customerId: w.customerId, body: 'Sorry Jane, noted.', actor: 'sam', origin: 'manual' });
  assert.ok(manual.gateway_sid, 'a person may still answer');
  const { message: autoA } = await w.core.sends.send({ dealerAccountId: w.dealerA, customerId: w.customerId, body: 'Corolla special', actor: 'automation', origin: 'automation' });
  assert.ok(autoA.gateway_sid, 'other accounts are not held');

  w.clock.advance(60_000);
  const { consentEventId, item: done } = w.reviews.confirm(item!.id, { actor: 'kim' });
  assert.ok(consentEventId);
  assert.deepEqual([done.status, done.resolved_by, done.resolved_at], ['confirmed', 'kim', w.clock()]);
  assert.equal(w.sms(w.dealerB), false);
  const [event] = w.core.store.consent.history(w.customerId);
  assert.deepEqual([event?.source, event?.actor, event?.message_id], ['review_confirmed', 'kim', row.id]);
  assert.throws(() => w.reviews.dismiss(item!.id, { actor: 'lee', reason: 'not an opt-out' }), /already confirmed by kim/);
});

test('R3 a disguised keyword (issue 14: <b>STOP</b>, S T O P, st0p) is a review item with its reason, never an automatic opt-out', () => {
  const w = world();
  for (const body of ['<b>STOP</b>', 'S T O P', 'st0p']) w.reply(body);
  assert.equal(w.sms(w.dealerB), true, 'not applied automatically');
  assert.equal(w.core.store.consent.history(w.customerId).length, 0);
  const items = w.reviews.open().reverse();
  assert.deepEqual(items.map((i) => [i.body, i.intent]), [['<b>STOP</b>', 'possible_opt_out'], ['S T O P', 'possible_opt_out'], ['st0p', 'possible_opt_out']]);
  const reasons = items.map((i) => JSON.parse(i.reasons ?? 'null') as { rule: string; steps: string[] }[]);
  assert.deepEqual(reasons.map((r) => [r[0]?.rule, r[0]?.steps]), [
    ['disguised_keyword', ['markup']],
    ['disguised_keyword', ['spaced_letters']],
    ['disguised_keyword', ['digits_for_letters']],
  ]);
});

test('R3 a request in words keeps the classifier\'s reason with the review item (the phrase, the slang read)', () => {
  const w = world();
  w.reply('pls stop txting me bro');
  const [item] = w.reviews.open();
  assert.equal(item?.intent, 'possible_opt_out');
  const [reason] = JSON.parse(item?.reasons ?? '[]') as { rule: string; family: string; matched: string; corrections: unknown[] }[];
  assert.deepEqual([reason?.rule, reason?.family, reason?.matched, reason?.corrections], ['phrase', 'STOP', 'stop txting me', [{ from: 'txting', to: 'TEXTING' }]]);
});

test('R3 "wrong number" (issue 13): a review item of its own intent holds automated sends; confirming takes the number off the lead, consent untouched', async () => {
  const w = world();
  const { row } = w.reply('Sorry, wrong number');
  assert.equal(w.sms(w.dealerB), true);
  const [item] = w.reviews.open();
  assert.deepEqual([item?.kind, item?.intent, item?.message_id, item?.dealer_account_id], ['possible_opt_out', 'wrong_number', row.id, w.dealerB]);
  const [n] = w.core.store.notifications.recent(1);
  assert.equal(n?.kind, 'possible_opt_out');
  assert.equal(n?.title, 'A reply to Jane Citizen says wrong number (Parramatta Mazda): the mobile may have been reassigned, please review');
  const caution = w.core.sends.preflight({ dealerAccountId: w.dealerB, customerId: w.customerId }).decision.caution;
  assert.match(caution?.reason ?? '', /the mobile may have been reassigned/);
  const auto = await refused(w.core.sends.send({ dealerAccountId: w.dealerB, customerId: w.customerId, body: 'Service special!', actor: 'automation', origin: 'automation' }));
  assert.equal(auto.refusal.code, 'HELD_FOR_REVIEW');

  const { consentEventId } = w.reviews.confirm(item!.id, { actor: 'kim' });
  assert.equal(consentEventId, null, 'the customer never asked to stop');
  assert.equal(w.core.store.consent.history(w.customerId).length, 0);
  assert.equal(w.core.store.customers.get(w.customerId)?.mobile, null, 'the number is off the lead');
  assert.ok(w.core.store.customers.phoneHistory(w.customerId).some((p) => p.number === JANE && p.valid_to !== null), 'R2: kept in the phone history');
});

test('R3 a phone reaction quoting the dealer\'s text (opt-out footer included) is never flagged: a reply notification', () => {
  const w = world();
  w.reply('Loved “Hi Jane, test drive Saturday? Reply STOP to opt out”');
  assert.equal(w.reviews.open().length, 0);
  assert.equal(w.sms(w.dealerB), true);
  const [n] = w.core.store.notifications.recent(1);
  assert.deepEqual([n?.kind, n?.title], ['reply', 'Jane Citizen reacted ❤️ to a message']);
});

test('R3 possible opt-out dismissed: nothing changes and automated sends resume', async () => {
  const w = world();
  w.reply('no more messages');
  const [item] = w.reviews.open();
  assert.throws(() => w.reviews.dismiss(item!.id, { actor: ' ', reason: 'asked about service' }), /must be named/);
  assert.throws(() => w.reviews.dismiss(item!.id, { actor: 'kim' }), /reason is required/);
  w.reviews.dismiss(item!.id, { actor: 'kim', reason: 'asked about service' });
  assert.equal(w.sms(w.dealerB), true);
  assert.equal(w.core.sends.preflight({ dealerAccountId: w.dealerB, customerId: w.customerId }).decision.caution, null);
  const { message: auto } = await w.core.sends.send({ dealerAccountId: w.dealerB, customerId: w.customerId, body: 'Service special!', actor: 'automation', origin: 'automation' });
  assert.ok(auto.gateway_sid);
});

test('R7 R13 gateway keywords: START clears a gateway block on that sender; STOP sets one only where the gateway account filters STOP', () => {
  const w = world();
  const { gatewayBlocks, accounts } = w.core.store;
  const gw = accounts.sender(w.shared)!.gateway_account_id;
  gatewayBlocks.block(w.shared, JANE, 21610, null, w.clock());
  w.reply('START');
  assert.equal(gatewayBlocks.active(w.shared, JANE), undefined);
  accounts.setStopFiltering(gw, false);
  w.reply('STOP');
  assert.equal(gatewayBlocks.active(w.shared, JANE), undefined, 'Twilio STOP filtering off for this account: only dealer consent');
  accounts.setStopFiltering(gw, true);
  w.reply('UNSUB');
  assert.equal(gatewayBlocks.active(w.shared, JANE), undefined, 'UNSUB is not one of the gateway\'s keywords');
  const { row } = w.reply('Stop');
  assert.deepEqual([gatewayBlocks.active(w.shared, JANE)?.error_code, gatewayBlocks.active(w.shared, JANE)?.message_id], [21610, row.id]);
});

test('R3 ingestion is idempotent by SID: a page seen twice adds nothing', () => {
  const w = world();
  const { m } = w.reply('STOP');
  const count = (table: string) => (w.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const before = ['messages', 'attributions', 'notifications', 'consent_events', 'review_items'].map(count);
  const again = w.ingestor.ingestPage([m, m]);
  assert.deepEqual([again.inserted, again.duplicates], [0, 2]);
  assert.deepEqual(['messages', 'attributions', 'notifications', 'consent_events', 'review_items'].map(count), before);
});

test('R3 replies polled out of order: the newest keyword decides, the older one joins the audit trail', () => {
  const w = world();
  const t1 = w.clock() + 60_000;
  const t2 = t1 + 60_000;
  const stop = gatewayMessage({ from: JANE, to: SHARED, body: 'STOP', at: t1 });
  const start = gatewayMessage({ from: JANE, to: SHARED, body: 'START', at: t2 });
  w.clock.set(t2 + 1000);
  // One page, newest first as listed: applied oldest first.
  w.ingestor.ingestPage([start, stop]);
  assert.equal(w.sms(w.dealerB), true);
  // Across pages (the older page comes second): the newer state stays.
  const w2 = world();
  w2.clock.set(t2 + 1000);
  w2.ingestor.ingestPage([gatewayMessage({ from: JANE, to: SHARED, body: 'START', at: t2 })]);
  w2.ingestor.ingestPage([gatewayMessage({ from: JANE, to: SHARED, body: 'STOP', at: t1 })]);
  assert.equal(w2.sms(w2.dealerB), true);
  assert.deepEqual(w2.core.store.consent.history(w2.customerId).map((e) => e.status), ['opted_in', 'opted_out']);
});

test('R2 R3 a STOP reaches every record holding the number: a second customer record with the same current mobile is opted out for the attributed account too, each recorded', () => {
  const w = world();
  // A record that got Jane's number before duplicates were refused (the reliability review's finding 2).
  const { customerId: twin } = w.core.leads.createLead(
    { dealerAccountId: w.dealerB, firstName: 'J', lastName: 'Citizen', mobile: '0400 111 222', optInToMarketing: true },
    'import',
  );
  w.core.store.customers.changeMobile(twin, JANE, w.clock(), 'legacy');
  assert.equal(w.core.consent.decide(w.dealerB, twin, 'sms').allowed, true);

  const { row } = w.reply('STOP.');
  assert.equal(w.sms(w.dealerB), false);
  assert.equal(w.core.consent.decide(w.dealerB, twin, 'sms').allowed, false, 'the other record holding the number is opted out too');
  assert.equal(w.core.consent.decide(w.dealerA, twin, 'sms').allowed, true, 'for the attributed account only');
  const [event] = w.core.store.consent.history(twin);
  assert.deepEqual([event?.source, event?.keyword, event?.message_id], ['inbound_keyword', 'STOP', row.id], 'recorded with the reply that caused it');
});
