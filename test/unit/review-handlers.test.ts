// reviews.confirm / reviews.dismiss over the IPC handler map: a confirmed possible opt-out opts the
// customer out of SMS for the account it was attributed to (R3), and the handler announces exactly
// that consent change, read from the consent event ReviewService.confirm recorded. Dismissing, or
// confirming an unattributed reply (R4), changes no consent and announces none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';
import { contextFor } from '../support/handler-context.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import { createApiClient } from '../../shared/ipc/client.ts';

const SHARED = '+61480000001';
const JANE = '+61412345678';

function world(replies: { from: string; body: string }[]) {
  const w = seedWorld();
  const ctx = contextFor(w);
  const api = createApiClient({ invoke: (c, i) => invokeHandler(c, i, ctx), on: () => () => undefined }).api;
  w.clock.advance(60_000);
  w.core.ingestor.ingestPage(replies.map((r) => gatewayMessage({ ...r, to: SHARED, at: w.clock() })));
  return { ...w, ctx, api };
}

const consentEvents = (w: ReturnType<typeof world>) => w.ctx.events.filter(([e]) => e === 'consent:changed');

test('R3: confirming a possible opt-out opts the customer out for that account and announces that consent change once', async () => {
  const w = world([{ from: JANE, body: 'please stop texting me' }]);
  const { items } = await w.api['reviews.list']({ limit: 10 });
  const item = items.find((i) => i.kind === 'possible_opt_out');
  assert.ok(item, 'the reply in words opened a possible opt-out');
  assert.equal(item.dealerAccountId, w.dealerB);
  const before = consentEvents(w).length;

  const confirmed = await w.api['reviews.confirm']({ reviewId: item.id });

  assert.equal(confirmed.status, 'confirmed');
  assert.equal(confirmed.resolvedBy, 'Kim (BDC)');
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, false);
  assert.equal(w.core.consent.decide(w.dealerA, w.customerId, 'sms').allowed, true, 'R1: the other account is untouched');
  assert.deepEqual(consentEvents(w).slice(before), [
    ['consent:changed', { customerId: w.customerId, dealerAccountId: w.dealerB, channel: 'sms', status: 'opted_out' }],
  ]);
  const [latest] = w.core.consent.history(w.customerId);
  assert.equal(latest?.source, 'review_confirmed');
  assert.equal(latest?.actor, 'Kim (BDC)');
});

test('R3: dismissing a possible opt-out changes no consent and announces no consent change', async () => {
  const w = world([{ from: JANE, body: 'please stop texting me' }]);
  const item = (await w.api['reviews.list']({ limit: 10 })).items.find((i) => i.kind === 'possible_opt_out')!;
  const before = consentEvents(w).length;

  const dismissed = await w.api['reviews.dismiss']({ reviewId: item.id, reason: 'She asked about servicing, not to stop' });

  assert.equal(dismissed.status, 'dismissed');
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, true);
  assert.equal(consentEvents(w).length, before);
  assert.deepEqual(w.ctx.events.at(-1), ['review:changed', { reviewId: item.id }]);
});

test('R4: confirming an unattributed reply changes no consent and announces no consent change', async () => {
  const w = world([{ from: '+61490000196', body: 'Who is this?' }]);
  const item = (await w.api['reviews.list']({ limit: 10 })).items.find((i) => i.kind === 'unattributed');
  assert.ok(item, 'a reply from a number no customer has opened an unattributed review');
  const before = consentEvents(w).length;

  const confirmed = await w.api['reviews.confirm']({ reviewId: item.id });

  assert.equal(confirmed.status, 'confirmed');
  assert.equal(consentEvents(w).length, before);
  assert.deepEqual(w.ctx.events.at(-1), ['review:changed', { reviewId: item.id }]);
});
