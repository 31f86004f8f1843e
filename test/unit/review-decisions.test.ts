// Review decisions are consent decisions (issue 12): confirming or dismissing a possible opt-out
// asks who and why (a reason is required to dismiss), the decision lands in the lead's consent
// audit trail, resolved reviews stay findable, and an unattributed STOP applied to every sharing
// dealer (R4) can be narrowed by staff to the dealer it was meant for, each change audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';
import { contextFor } from '../support/handler-context.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import { createApiClient } from '../../shared/ipc/client.ts';

const SHARED = '+61480000001';
const JANE = '+61412345678';

/** The replies arrive on the shared number; with `mazdaTexted`, after Mazda texted Jane (so they are Mazda's, R4). */
async function world(replies: { from: string; body: string }[], mazdaTexted = false) {
  const w = seedWorld();
  const ctx = contextFor(w);
  const client = createApiClient({ invoke: (c, i) => invokeHandler(c, i, ctx), on: () => () => undefined });
  if (mazdaTexted) await w.core.sends.send({ dealerAccountId: w.dealerB, customerId: w.customerId, body: 'Your Mazda service is due', actor: 'sam', origin: 'manual' });
  w.clock.advance(60_000);
  w.core.ingestor.ingestPage(replies.map((r, i) => gatewayMessage({ ...r, sid: `SMreply${i}`, to: SHARED, at: w.clock() })));
  const call = async <T>(p: Promise<T>) => {
    try {
      return { ok: true as const, value: await p };
    } catch (error) {
      return { ok: false as const, error: error as { code: string; message: string; details?: { field?: string } } };
    }
  };
  return { ...w, ctx, api: client.api, call };
}

test('R3: dismissing a possible opt-out needs a reason; with one, who/why/when is on the lead and nothing changes for consent', async () => {
  const w = await world([{ from: JANE, body: 'please stop texting me' }], true);
  const item = (await w.api['reviews.list']({})).items.find((i) => i.kind === 'possible_opt_out')!;

  const refused = await w.call(w.api['reviews.dismiss']({ reviewId: item.id }));
  assert.equal(refused.ok, false);
  assert.ok(!refused.ok && refused.error.code === 'INVALID_INPUT' && refused.error.details?.field === 'reason');
  assert.match(!refused.ok ? refused.error.message : '', /reason is required to dismiss a possible opt-out/);
  const blank = await w.call(w.api['reviews.dismiss']({ reviewId: item.id, reason: '   ' }));
  assert.equal(blank.ok, false, 'a blank reason is no reason');
  assert.equal((await w.api['reviews.list']({})).open, 1, 'a refused dismissal leaves the item open');

  w.clock.advance(5_000);
  const dismissed = await w.api['reviews.dismiss']({ reviewId: item.id, actor: 'Pat (compliance)', reason: 'She meant the Mazda newsletter emails; SMS is fine' });
  assert.equal(dismissed.status, 'dismissed');
  assert.equal(dismissed.resolvedBy, 'Pat (compliance)');
  assert.deepEqual(
    [dismissed.decision?.decision, dismissed.decision?.actor, dismissed.decision?.reason, dismissed.decision?.decidedAt],
    ['dismissed', 'Pat (compliance)', 'She meant the Mazda newsletter emails; SMS is fine', w.clock()],
  );
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, true);

  const lead = await w.api['leads.get']({ customerId: w.customerId });
  assert.equal(lead.consentHistory.length, 0, 'no consent change');
  assert.equal(lead.reviewDecisions.length, 1, 'the decision is on the lead');
  const [d] = lead.reviewDecisions;
  assert.deepEqual(
    [d?.decision, d?.kind, d?.actor, d?.reason, d?.accountName, d?.body],
    ['dismissed', 'possible_opt_out', 'Pat (compliance)', 'She meant the Mazda newsletter emails; SMS is fine', 'Parramatta Mazda', 'please stop texting me'],
  );
});

test('R3: confirming a possible opt-out keeps the optional reason on the consent event and the decision, by the desk user by default', async () => {
  const w = await world([{ from: JANE, body: 'Thanks but please dont text me again, bought elsewhere' }], true);
  const item = (await w.api['reviews.list']({})).items.find((i) => i.kind === 'possible_opt_out')!;
  const confirmed = await w.api['reviews.confirm']({ reviewId: item.id, reason: 'Clear request to stop' });
  assert.equal(confirmed.decision?.actor, 'Kim (BDC)');
  const lead = await w.api['leads.get']({ customerId: w.customerId });
  const [event] = lead.consentHistory;
  assert.deepEqual([event?.source, event?.status, event?.actor, event?.reason], ['review_confirmed', 'opted_out', 'Kim (BDC)', 'Clear request to stop']);
  assert.equal(lead.reviewDecisions[0]?.consentEventId, event?.id, 'the decision links the opt-out it recorded');
});

test('resolved reviews stay findable: the resolved list, most recently decided first, with each decision', async () => {
  const w = await world(
    [
      { from: JANE, body: 'please stop texting me' },
      { from: '+61490000196', body: 'Who is this?' },
    ],
    true,
  );
  const open = (await w.api['reviews.list']({})).items;
  assert.equal(open.length, 2);
  const possible = open.find((i) => i.kind === 'possible_opt_out')!;
  const unattributed = open.find((i) => i.kind === 'unattributed')!;
  assert.equal((await w.api['reviews.list']({ status: 'resolved' })).items.length, 0);

  await w.api['reviews.dismiss']({ reviewId: possible.id, reason: 'Asked about service times' });
  w.clock.advance(1_000);
  await w.api['reviews.confirm']({ reviewId: unattributed.id, reason: 'Wrong number' });

  const resolved = await w.api['reviews.list']({ status: 'resolved', limit: 1 });
  assert.equal(resolved.open, 0);
  assert.deepEqual(resolved.items.map((i) => [i.id, i.decision?.decision, i.decision?.reason]), [[unattributed.id, 'confirmed', 'Wrong number']]);
  assert.ok(resolved.nextCursor);
  const next = await w.api['reviews.list']({ status: 'resolved', limit: 1, cursor: resolved.nextCursor });
  assert.deepEqual(next.items.map((i) => [i.id, i.decision?.decision, i.decision?.reason]), [[possible.id, 'dismissed', 'Asked about service times']]);
  assert.equal(next.nextCursor, null);
  assert.equal((await w.api['reviews.list']({})).items.length, 0, 'the queue is empty');
});

test('R4: an unattributed STOP applied to both sharing dealers is narrowed to the one it was meant for; the other is withdrawn and audited', async () => {
  const w = await world([{ from: JANE, body: 'STOP' }]);
  // No outbound on the shared number: the STOP could not be attributed, so both dealers hold the opt-out.
  assert.equal(w.core.consent.decide(w.dealerA, w.customerId, 'sms').allowed, false);
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, false);
  const item = (await w.api['reviews.list']({})).items.find((i) => i.kind === 'unattributed')!;
  assert.deepEqual(item.appliedTo.map((a) => a.accountName), ['Harbour City Toyota', 'Parramatta Mazda']);

  const noReason = await w.call(w.api['reviews.narrow']({ reviewId: item.id, keepAccountIds: [w.dealerA] }));
  assert.ok(!noReason.ok && noReason.error.details?.field === 'reason');
  const foreign = await w.call(w.api['reviews.narrow']({ reviewId: item.id, keepAccountIds: [999], reason: 'x' }));
  assert.ok(!foreign.ok && /was not one of the accounts/.test(foreign.error.message));
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, false, 'refusals change nothing');

  w.clock.advance(10_000);
  const before = w.ctx.events.length;
  const narrowed = await w.api['reviews.narrow']({
    reviewId: item.id,
    keepAccountIds: [w.dealerA],
    actor: 'Pat (compliance)',
    reason: 'She rang Toyota: the STOP was for Toyota only',
  });
  assert.equal(narrowed.status, 'confirmed');
  assert.equal(w.core.consent.decide(w.dealerA, w.customerId, 'sms').allowed, false, 'kept for the dealer it was meant for');
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, true, 'withdrawn for the other');
  assert.deepEqual(
    w.ctx.events.slice(before).filter(([e]) => e === 'consent:changed'),
    [['consent:changed', { customerId: w.customerId, dealerAccountId: w.dealerB, channel: 'sms', status: 'opted_in' }]],
  );

  const lead = await w.api['leads.get']({ customerId: w.customerId });
  const [withdrawal] = lead.consentHistory;
  assert.deepEqual(
    [withdrawal?.accountName, withdrawal?.status, withdrawal?.actor, withdrawal?.reason, withdrawal?.messageId, withdrawal?.occurredAt],
    ['Parramatta Mazda', 'opted_in', 'Pat (compliance)', 'She rang Toyota: the STOP was for Toyota only', item.messageId, w.clock()],
  );
  const d = lead.reviewDecisions[0]!;
  assert.equal(d.decision, 'narrowed');
  assert.deepEqual(
    d.accounts.map((a) => [a.accountName, a.effect, a.consentEventId]),
    [
      ['Harbour City Toyota', 'kept', null],
      ['Parramatta Mazda', 'withdrawn', withdrawal?.id],
    ],
  );
  const again = await w.call(w.api['reviews.narrow']({ reviewId: item.id, keepAccountIds: [w.dealerB], reason: 'changed my mind' }));
  assert.ok(!again.ok && /already confirmed by Pat/.test(again.error.message), 'a decided review is not decided twice');
});

test('R4: narrowing leaves an account whose consent changed since the STOP as it is (superseded), and says so', async () => {
  const w = await world([{ from: JANE, body: 'STOP' }]);
  const item = (await w.api['reviews.list']({})).items.find((i) => i.kind === 'unattributed')!;
  w.clock.advance(1_000);
  // Meanwhile the customer is opted out of Mazda by hand: a newer decision than the STOP.
  w.core.consent.optOutManually({ dealerAccountId: w.dealerB, customerId: w.customerId, channel: 'sms', actor: 'Sam', reason: 'Asked on the phone' });
  const narrowed = await w.api['reviews.narrow']({ reviewId: item.id, keepAccountIds: [w.dealerA], reason: 'For Toyota' });
  assert.deepEqual(narrowed.decision?.accounts.map((a) => [a.accountName, a.effect]), [
    ['Harbour City Toyota', 'kept'],
    ['Parramatta Mazda', 'superseded'],
  ]);
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, false, 'the newer manual opt-out stands');
});

test('R4: only an unattributed opt-out can be narrowed', async () => {
  const w = await world(
    [
      { from: JANE, body: 'please stop texting me' },
      { from: '+61490000196', body: 'Who is this?' },
    ],
    true,
  );
  const items = (await w.api['reviews.list']({})).items;
  assert.equal(items.length, 2);
  for (const item of items) {
    const r = await w.call(w.api['reviews.narrow']({ reviewId: item.id, keepAccountIds: [w.dealerA], reason: 'x' }));
    assert.ok(!r.ok && /Only an opt-out that was applied to several dealer accounts/.test(r.error.message), item.kind);
  }
});
