// R4: each attribution branch, with the decision and its reason stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { MessageIngestor } from '../../src-main/sync/ingestor.ts';

const JANE = '+61412345678';
const SHARED = '+61480000001';

function world() {
  const w = seedWorld();
  const ingestor = new MessageIngestor(w.core.store, w.core.consent, w.clock);
  const reply = (body: string, o: { from?: string; to?: string; at?: number } = {}) => {
    const m = gatewayMessage({ from: o.from ?? JANE, to: o.to ?? SHARED, body, at: o.at ?? w.clock() });
    ingestor.ingestPage([m]);
    const row = w.core.store.messages.bySid(m.sid);
    assert.ok(row);
    return { row, decisions: w.core.store.sync.attributions(row.id) };
  };
  /** An outbound message that reached the gateway, as the outbox or the poller would store it. */
  const outbound = (dealerAccountId: number | null, o: { senderId?: number; status?: 'sent' | 'failed' | 'blocked_opted_out'; sid?: boolean } = {}) =>
    w.core.store.messages.insert({
      direction: 'outbound', origin: dealerAccountId === null ? 'remote' : 'manual', status: o.status ?? 'sent',
      customerId: w.customerId, dealerAccountId, senderId: o.senderId ?? w.shared, toNumber: JANE, fromNumber: SHARED,
      body: 'Hi Jane', segments: 1, gatewaySid: o.sid === false ? null : `SM${Math.random().toString(16).slice(2).padEnd(32, '0')}`,
      createdAt: w.clock(),
    });
  const openReviews = () => w.core.store.reviews.open(50).map((r) => [r.kind, r.message_id, r.dealer_account_id]);
  return { ...w, ingestor, reply, outbound, openReviews };
}

test('R4 sole owner: a number used by one account attributes the reply to it', () => {
  const w = world();
  const { accounts } = w.core.store;
  const gw = accounts.gatewayAccounts()[0]!.id;
  const own = accounts.createSender(gw, 'number', '+61480000009', 'Toyota direct', w.clock());
  accounts.shareSender(own, w.dealerA);
  w.clock.advance(1000);
  const { row, decisions } = w.reply('Thanks, see you then', { to: '+61480000009' });
  assert.equal(row.dealer_account_id, w.dealerA);
  assert.equal(row.customer_id, w.customerId);
  assert.deepEqual(decisions.map((d) => [d.rule, d.dealer_account_id]), [['sole_owner', w.dealerA]]);
  assert.equal(decisions[0]?.reason, 'Toyota direct (+61480000009) is used only by Harbour City Toyota.');
  assert.deepEqual(w.openReviews(), []);
});

test('R4 shared sender: the account with the most recent outbound message before the reply wins, with the reason kept', () => {
  const w = world();
  w.outbound(w.dealerA);
  w.clock.advance(60_000);
  const fromB = w.outbound(w.dealerB);
  w.clock.advance(60_000);
  const { row, decisions } = w.reply('Sounds good');
  assert.equal(row.dealer_account_id, w.dealerB);
  assert.deepEqual(decisions.map((d) => [d.rule, d.dealer_account_id]), [['latest_outbound', w.dealerB]]);
  assert.match(decisions[0]!.reason, new RegExp(`shared by Harbour City Toyota, Parramatta Mazda; the latest message to \\+61412345678 through it before the reply was sent for Parramatta Mazda \\(message ${fromB}, 2026-11-20T01:01:00Z\\)`));

  // Only messages before the reply count, and only ones that reached the gateway.
  const replyAt = w.clock();
  w.clock.advance(60_000);
  w.outbound(w.dealerA); // after the reply below was sent
  w.outbound(w.dealerA, { status: 'blocked_opted_out', sid: false });
  const late = w.reply('Late reply', { at: replyAt });
  assert.equal(late.decisions[0]?.dealer_account_id, w.dealerB);
  w.clock.advance(60_000);
  w.outbound(w.dealerB, { status: 'failed', sid: false }); // never left: not a conversation
  assert.equal(w.reply('Hello?').decisions[0]?.dealer_account_id, w.dealerA);
});

test('R4 shared sender with no outbound message: every sharing account holding the customer, flagged for review', () => {
  const w = world();
  const { row, decisions } = w.reply('STOP');
  assert.equal(row.dealer_account_id, null, 'no single account');
  assert.equal(row.customer_id, w.customerId, 'still on the lead timeline');
  assert.deepEqual(decisions.map((d) => [d.rule, d.dealer_account_id]), [['all_sharing_accounts', w.dealerA], ['all_sharing_accounts', w.dealerB]]);
  assert.match(decisions[0]!.reason, /no message to \+61412345678 went through it before the reply\. Applied to every sharing account holding the customer: Harbour City Toyota, Parramatta Mazda\./);
  assert.deepEqual(w.openReviews(), [['unattributed', row.id, null]]);
  assert.equal(w.core.consent.decide(w.dealerA, w.customerId, 'sms').allowed, false);
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, false);

  // An account sharing the number that does not hold the customer is left alone.
  const w2 = world();
  const c = w2.core.store.accounts.createAccount('C', 'Penrith Kia', w2.clock());
  w2.core.store.accounts.shareSender(w2.shared, c);
  const second = w2.reply('STOP');
  assert.deepEqual(second.decisions.map((d) => d.dealer_account_id), [w2.dealerA, w2.dealerB]);
  assert.equal(w2.core.consent.decide(c, w2.customerId, 'sms').allowed, true);
});

test('R4 the latest message came from another install (account unknown): not guessed, applied to every sharing account and flagged', () => {
  const w = world();
  w.outbound(w.dealerB);
  w.clock.advance(60_000);
  w.outbound(null); // another desktop sent it through the shared number
  w.clock.advance(60_000);
  const { decisions } = w.reply('ok thanks');
  assert.deepEqual(decisions.map((d) => [d.rule, d.dealer_account_id]), [['all_sharing_accounts', w.dealerA], ['all_sharing_accounts', w.dealerB]]);
  assert.match(decisions[0]!.reason, /was sent from another installation, for an account not known here/);
});

test('R4 unknown customer: the reply is stored with no customer and goes to review', () => {
  const w = world();
  const { row, decisions } = w.reply('STOP', { from: '+61400000999' });
  assert.equal(row.customer_id, null);
  assert.equal(row.status, 'received');
  assert.deepEqual(decisions.map((d) => [d.rule, d.dealer_account_id]), [['no_customer', null]]);
  assert.match(decisions[0]!.reason, /No customer has the number \+61400000999/);
  assert.deepEqual(w.openReviews(), [['unattributed', row.id, null]]);
  assert.equal(w.core.store.consent.history(w.customerId).length, 0, 'nobody opted out');
  assert.equal(w.core.store.notifications.recent(1)[0]?.kind, 'unattributed');
});

test('R4 a reply to a number that is not a configured sender is stored and flagged', () => {
  const w = world();
  const { row, decisions } = w.reply('Hello', { to: '+61480000777' });
  assert.equal(row.sender_id, null);
  assert.equal(row.customer_id, w.customerId);
  assert.deepEqual(decisions.map((d) => d.rule), ['unknown_sender']);
  assert.match(decisions[0]!.reason, /sent to \+61480000777, which is not a sender configured here/);
  assert.equal(w.openReviews().length, 1);
});

test('R4 with R2: a reply from a number the customer used to have still finds the customer', () => {
  const w = world();
  w.outbound(w.dealerB);
  w.core.leads.changeMobile(w.customerId, '0498 765 432', 'sam');
  w.clock.advance(60_000);
  const { row, decisions } = w.reply('STOP');
  assert.equal(row.customer_id, w.customerId);
  assert.equal(decisions[0]?.rule, 'latest_outbound');
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, false);
});
