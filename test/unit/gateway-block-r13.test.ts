// R13: Twilio's own STOP filtering (on by default, per gateway account) blocks a number on the whole
// sender — a number, or a whole messaging service — for every dealer sharing it. The app records
// that block the moment the reply is polled, says so before any send (naming every dealer on the
// line and what lifts it), and defaults to a sender Twilio does not block. No gateway request decides it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { contextFor } from '../support/handler-context.ts';
import { refused } from '../support/send-result.ts';
import { MessageIngestor } from '../../src-main/sync/ingestor.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import type { ApiOutput } from '../../shared/ipc/contract.ts';
import { gatewayBlockReason } from '../../shared/domain/gateway-block.ts';

const JANE = '+61412345678';
const SHARED = '+61480000001';
const TOYOTA_OWN = '+61480000002';
const SERVICE = 'MG' + 'c'.repeat(32);

function world() {
  const w = seedWorld();
  const { accounts } = w.core.store;
  const gw = accounts.gatewayAccountBySid('AC' + 'a'.repeat(32))!.id;
  const ingestor = new MessageIngestor(w.core.store, w.core.consent, w.clock);
  // Toyota (A) also has a number of its own.
  const toyotaOwn = accounts.createSender(gw, 'number', TOYOTA_OWN, 'Toyota direct', w.clock());
  accounts.shareSender(toyotaOwn, w.dealerA);
  // Mazda (B) texted Jane through the shared line last: her replies there are Mazda's (R4).
  w.core.store.messages.insert({
    direction: 'outbound', origin: 'manual', status: 'sent', customerId: w.customerId, dealerAccountId: w.dealerB, senderId: w.shared,
    toNumber: JANE, fromNumber: SHARED, body: 'Hi Jane, test drive Saturday?', segments: 1, gatewaySid: 'SM' + 'b'.repeat(32), createdAt: w.clock(),
  });
  const reply = (body: string, to = SHARED, extra: { messagingServiceSid?: string; at?: number } = {}) => {
    w.clock.advance(60_000);
    const m = gatewayMessage({ from: JANE, to, body, at: extra.at ?? w.clock(), ...(extra.messagingServiceSid ? { messagingServiceSid: extra.messagingServiceSid } : {}) });
    ingestor.ingestPage([m]);
    return w.core.store.messages.bySid(m.sid)!;
  };
  const ctx = contextFor(w);
  const call = async <C extends 'sms.preflight' | 'leads.get' | 'leads.list'>(channel: C, input: unknown): Promise<ApiOutput<C>> => {
    const r = await invokeHandler(channel, input, ctx);
    assert.ok(r.ok, JSON.stringify(r));
    return r.value as ApiOutput<C>;
  };
  return { ...w, gw, toyotaOwn, reply, ctx, call };
}

test('R13 a STOP to the shared line is recorded at once as Twilio\'s block for every dealer on it; the other dealer is told before any send, with no gateway request', async () => {
  const w = world();
  const stop = w.reply('STOP');
  // R4: Mazda's opt-out; Toyota's consent is untouched.
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, false);
  assert.equal(w.core.consent.decide(w.dealerA, w.customerId, 'sms').allowed, true);
  // R13: Twilio's block on the whole line, with the keyword and the reply that caused it.
  const row = w.core.store.gatewayBlocks.active(w.shared, JANE);
  assert.deepEqual([row?.error_code, row?.keyword, row?.message_id, row?.blocked_at], [21610, 'STOP', stop.id, stop.created_at]);

  const pre = await w.call('sms.preflight', { dealerAccountId: w.dealerA, customerId: w.customerId, senderId: w.shared });
  const sentence =
    'Twilio blocks 0480 000 001 for Jane Citizen since their STOP on 20 Nov 2026, 12:01 pm; it affects Harbour City Toyota and Parramatta Mazda on this line. ' +
    'Jane Citizen must text START to 0480 000 001 to lift it.';
  assert.equal(pre.allowed, false);
  assert.equal(pre.gatewayBlocked, true);
  assert.equal(pre.warning, `${sentence} A send will be refused.`);
  assert.deepEqual(pre.gatewayBlock?.dealerAccountNames, ['Harbour City Toyota', 'Parramatta Mazda']);

  const before = w.gateway.sent.length;
  const r = await refused(w.core.sends.send({ dealerAccountId: w.dealerA, customerId: w.customerId, senderId: w.shared, body: 'Hi Jane', actor: 'sam', origin: 'manual' }));
  assert.equal(r.refusal.code, 'GATEWAY_BLOCKED');
  assert.equal(r.refusal.text, `Not sent: ${sentence}`);
  assert.equal(r.message.status, 'blocked_gateway');
  assert.equal(w.gateway.sent.length, before, 'decided locally: no request to the gateway');

  // Mazda's own opt-out refuses first, and Twilio's block is still shown beside it.
  const mazda = await w.call('sms.preflight', { dealerAccountId: w.dealerB, customerId: w.customerId });
  assert.equal(mazda.block?.keyword, 'STOP');
  assert.equal(mazda.gatewayBlock?.senderId, w.shared);
});

test('R13 the default sender is another of the dealer\'s senders that Twilio does not block; a send without a sender goes through it', async () => {
  const w = world();
  const pre0 = await w.call('sms.preflight', { dealerAccountId: w.dealerA, customerId: w.customerId });
  assert.equal(pre0.senderId, w.shared, 'before the STOP: the first sender');
  w.reply('stop');
  const pre = await w.call('sms.preflight', { dealerAccountId: w.dealerA, customerId: w.customerId });
  assert.deepEqual([pre.allowed, pre.senderId, pre.gatewayBlock], [true, w.toyotaOwn, null]);
  const lead = await w.call('leads.get', { customerId: w.customerId });
  const toyota = lead.accounts.find((a) => a.dealerAccountId === w.dealerA)!;
  assert.equal(toyota.defaultSenderId, w.toyotaOwn);
  assert.deepEqual(toyota.gatewayBlocks.map((b) => [b.senderId, b.keyword]), [[w.shared, 'STOP']]);
  const sent = await w.core.sends.send({ dealerAccountId: w.dealerA, customerId: w.customerId, body: 'Hi Jane, Toyota here', actor: 'sam', origin: 'manual' });
  assert.equal(sent.outcome, 'sent');
  assert.equal(sent.message.sender_id, w.toyotaOwn);
  assert.equal(w.gateway.sent.at(-1)?.sender.address, TOYOTA_OWN);
});

test('R13 the lead list\'s chips say Twilio blocks every line of Mazda and one line of Toyota', async () => {
  const w = world();
  w.reply('STOP');
  const list = await w.call('leads.list', { query: 'Jane' });
  const chips = Object.fromEntries(list.items[0]!.accounts.map((a) => [a.dealerAccountId, [a.sms, a.smsGatewayBlocked]]));
  assert.deepEqual(chips, { [w.dealerA]: ['none', 'some'], [w.dealerB]: ['opted_out', 'all'] });
});

test('R13 UNSUB is not one of Twilio\'s keywords: the dealer\'s opt-out only, no gateway block', () => {
  const w = world();
  w.reply('UNSUB');
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, false);
  assert.equal(w.core.store.gatewayBlocks.active(w.shared, JANE), undefined);
});

test('R13 with Twilio\'s STOP filtering turned off for the gateway account, a STOP opts out the dealer only', () => {
  const w = world();
  w.core.store.accounts.setStopFiltering(w.gw, false);
  w.reply('STOP');
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, false);
  assert.equal(w.core.store.gatewayBlocks.active(w.shared, JANE), undefined);
  assert.equal(w.core.policy.check({ dealerAccountId: w.dealerA, customerId: w.customerId, customerName: 'Jane', toNumber: JANE, sender: w.core.store.accounts.sender(w.shared)!, origin: 'manual' }).allowed, true);
});

test('R13 START lifts Twilio\'s block; a STOP older than that START, polled late, does not put it back', () => {
  const w = world();
  const stop = w.reply('STOP');
  w.reply('START');
  assert.equal(w.core.store.gatewayBlocks.active(w.shared, JANE), undefined);
  // A STOP sent before the START but listed only now (a late page).
  w.reply('Quit', SHARED, { at: stop.created_at + 1_000 });
  assert.equal(w.core.store.gatewayBlocks.active(w.shared, JANE), undefined);
});

test('R13 a STOP to a messaging service blocks the whole service for every dealer on it', async () => {
  const w = world();
  const { accounts } = w.core.store;
  const service = accounts.createSender(w.gw, 'messaging_service', SERVICE, 'Group line', w.clock());
  accounts.shareSender(service, w.dealerA);
  accounts.shareSender(service, w.dealerB);
  // The reply reached one of the service's numbers (not itself a sender here): attributed through the service.
  w.reply('STOP', '+61480000009', { messagingServiceSid: SERVICE });
  assert.equal(accounts.sender(service) && w.core.store.gatewayBlocks.active(service, JANE)?.keyword, 'STOP');
  // No message went out through the service: the STOP opts out both dealers holding Jane (R4), and Twilio's block is shown beside it.
  const pre = await w.call('sms.preflight', { dealerAccountId: w.dealerA, customerId: w.customerId, senderId: service });
  assert.equal(pre.block?.keyword, 'STOP');
  assert.match(gatewayBlockReason(pre.gatewayBlock!, 'Jane Citizen'), /^Twilio blocks the messaging service Group line for Jane Citizen since their STOP .* it affects Harbour City Toyota and Parramatta Mazda on this line\. Jane Citizen must text START to any number of the messaging service Group line to lift it\./);
});

test('R7 R13 a 21610 at send time is recorded as Twilio\'s block and worded by the send policy, naming every dealer on the line', async () => {
  const w = world();
  w.gateway.answerNext(() => ({ kind: 'recipient_unsubscribed', code: 21610, message: 'Attempt to send to unsubscribed recipient' }));
  const r = await refused(w.core.sends.send({ dealerAccountId: w.dealerA, customerId: w.customerId, senderId: w.shared, body: 'Hi Jane', actor: 'sam', origin: 'manual' }));
  assert.equal(r.refusal.code, 'GATEWAY_BLOCKED');
  assert.match(r.refusal.reason, /^Twilio blocks 0480 000 001 for Jane Citizen since a send on 20 Nov 2026, 12:00 pm was refused as unsubscribed \(Twilio error 21610\); it affects Harbour City Toyota and Parramatta Mazda on this line\. Jane Citizen must text START/);
  assert.equal(w.core.store.gatewayBlocks.active(w.shared, JANE)?.keyword, null);
  const pre = await w.call('sms.preflight', { dealerAccountId: w.dealerB, customerId: w.customerId, senderId: w.shared });
  assert.equal(pre.warning, `${r.refusal.reason} A send will be refused.`);
});

test('R13 recording or lifting a block is news for the lead (lead:changed), so its screens reload', async () => {
  const w = world();
  w.reply('STOP');
  w.ctx.feed.flush();
  assert.ok(w.ctx.events.some(([e, p]) => e === 'lead:changed' && (p as { customerId: number }).customerId === w.customerId));
});
