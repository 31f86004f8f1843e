// Issue 9: archiving a dealer account, a sender or a Twilio account from Settings. What is archived
// stays with its history and can be restored; nothing leaves through it (the one send policy
// refuses, manual, queued or automated: ARCHIVED, recorded as an attempt, R6); a sender that is
// archived is no longer the default, and replies to it still count (R4, a STOP included, R3).
// Settings warns before a change leaves a dealer account with no sender in use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { seedWorld } from '../support/seed-world.ts';
import { contextFor } from '../support/handler-context.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import type { IpcResult, Settings } from '../../shared/ipc/contract.ts';
import { accountsLeftWithoutSender, accountsWithoutSender, type CoverageSetup } from '../../shared/domain/sender-coverage.ts';

const JANE = '+61412345678';

function world() {
  const w = seedWorld();
  const ctx = contextFor(w);
  const { accounts } = w.core.store;
  const gw = accounts.gatewayAccounts()[0]!.id;
  // Toyota (A) also has a line of its own, after the shared one.
  const own = accounts.createSender(gw, 'number', '+61480000002', 'Toyota direct', w.clock());
  accounts.shareSender(own, w.dealerA);
  return { ...w, ctx, gw, own, call: (channel: string, input: unknown) => invokeHandler(channel, input, ctx) };
}

function value<T>(r: IpcResult<unknown>): T {
  assert.ok(r.ok, `expected success, got ${JSON.stringify(r).slice(0, 300)}`);
  return r.value as T;
}

type SendOut = { outcome: string; message: { id: number; status: string; senderId: number | null; blockReason: string | null }; refusal: { code: string; text: string } | null };

const send = (w: ReturnType<typeof world>, dealerAccountId: number, senderId?: number) =>
  w.call('sms.send', { dealerAccountId, customerId: w.customerId, body: 'Your car is ready.', requestId: randomUUID(), ...(senderId ? { senderId } : {}) });

test('issue 9: an archived sender is no longer the default, a send through it is refused as ARCHIVED and recorded (R6), and restoring it brings it back', async () => {
  const w = world();
  const archived = value<{ archivedAt: number | null }>(await w.call('settings.setSenderArchived', { senderId: w.shared, archived: true }));
  assert.equal(archived.archivedAt, w.clock());
  assert.deepEqual(w.ctx.events.at(-1), ['settings:changed', {}]);

  // Toyota's default is now its own line; the lead's screen offers only senders in use.
  const sent = value<SendOut>(await send(w, w.dealerA));
  assert.equal(sent.outcome, 'sent');
  assert.equal(sent.message.senderId, w.own);
  const lead = value<{ accounts: { dealerAccountId: number; senders: { id: number }[] }[] }>(await w.call('leads.get', { customerId: w.customerId }));
  assert.deepEqual(lead.accounts.find((a) => a.dealerAccountId === w.dealerA)?.senders.map((s) => s.id), [w.own]);

  // Asked for by id (a stale screen): refused, said why, recorded; nothing reaches the gateway.
  const before = w.gateway.sent.length;
  const refused = value<SendOut>(await send(w, w.dealerA, w.shared));
  assert.equal(refused.outcome, 'refused');
  assert.equal(refused.refusal?.code, 'ARCHIVED');
  assert.match(refused.refusal?.text ?? '', /^Not sent: The sender Group shared number is archived \(since .+\): choose another sender, or restore it in Settings\.$/);
  assert.equal(refused.message.status, 'failed');
  assert.equal(w.gateway.sent.length, before);

  // Mazda has no other sender: it cannot text until the line is restored, and is told so.
  const mazda = await send(w, w.dealerB);
  assert.equal(mazda.ok, false);
  assert.match(mazda.ok ? '' : mazda.error.message, /Parramatta Mazda has no SMS sender in use/);

  const restored = value<{ archivedAt: number | null }>(await w.call('settings.setSenderArchived', { senderId: w.shared, archived: false }));
  assert.equal(restored.archivedAt, null);
  assert.equal(value<SendOut>(await send(w, w.dealerB)).outcome, 'sent');
});

test('issue 9 R3 R4: a reply to an archived sender is still attributed, and a STOP to it still opts the customer out of the dealer it answered', async () => {
  const w = world();
  assert.equal(value<SendOut>(await send(w, w.dealerB)).outcome, 'sent');
  w.clock.advance(60_000);
  await w.call('settings.setSenderArchived', { senderId: w.shared, archived: true });
  w.clock.advance(60_000);
  w.core.ingestor.ingestPage([gatewayMessage({ sid: 'SM' + 'c'.repeat(32), from: JANE, to: '+61480000001', body: 'STOP', at: w.clock() })]);
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, false, 'Mazda, which the STOP answered, is opted out');
  assert.equal(w.core.consent.decide(w.dealerA, w.customerId, 'sms').allowed, true, 'Toyota is not (R1)');
});

test('issue 9: an archived dealer account sends nothing (by hand or queued before it was archived) and takes no new leads; restored, it does again', async () => {
  const w = world();
  // Queued while the account was in use (offline, say), archived before it left.
  const queued = w.core.sends.enqueue({ dealerAccountId: w.dealerB, customerId: w.customerId, body: 'Your service is due.', actor: 'Sam', origin: 'manual' });
  assert.equal(queued.outcome, 'queued');
  const a = value<{ archivedAt: number | null; name: string }>(await w.call('settings.setDealerAccountArchived', { dealerAccountId: w.dealerB, archived: true }));
  assert.equal(a.archivedAt, w.clock());
  const before = w.gateway.sent.length;
  await w.core.outbox.dispatch(queued.message.id);
  const row = w.core.store.messages.get(queued.message.id)!;
  assert.equal(row.status, 'failed');
  assert.match(row.block_reason ?? '', /^Not sent: Parramatta Mazda is archived \(since .+\): restore it in Settings to text from it\.$/);
  assert.equal(w.gateway.sent.length, before, 'nothing reached the gateway');

  const now = value<SendOut>(await send(w, w.dealerB));
  assert.equal(now.refusal?.code, 'ARCHIVED');
  // The same policy for automation and the composer's preflight.
  const pre = w.core.sends.preflight({ dealerAccountId: w.dealerB, customerId: w.customerId, origin: 'automation' });
  assert.equal(pre.decision.refusal?.code, 'ARCHIVED');

  const lead = await w.call('leads.create', { dealerAccountId: w.dealerB, firstName: 'Noah', lastName: 'Brown', mobile: '0412 000 111', optInToMarketing: true });
  assert.equal(lead.ok, false);
  assert.match(lead.ok ? '' : lead.error.message, /Parramatta Mazda is archived: restore it in Settings to add leads to it\./);

  // Its history and consent stay; Toyota is untouched (R1).
  assert.equal(value<SendOut>(await send(w, w.dealerA)).outcome, 'sent');
  await w.call('settings.setDealerAccountArchived', { dealerAccountId: w.dealerB, archived: false });
  assert.equal(value<SendOut>(await send(w, w.dealerB)).outcome, 'sent');
});

test('issue 9: an archived Twilio account sends nothing through any of its senders; Settings says which accounts are archived', async () => {
  const w = world();
  const g = value<{ archivedAt: number | null }>(await w.call('settings.setGatewayAccountArchived', { gatewayAccountId: w.gw, archived: true }));
  assert.equal(g.archivedAt, w.clock());
  const r = await send(w, w.dealerA);
  assert.equal(r.ok, false, 'no sender of Toyota is in use');
  const byId = value<SendOut>(await send(w, w.dealerA, w.own));
  assert.equal(byId.refusal?.code, 'ARCHIVED');
  assert.match(byId.refusal?.text ?? '', /the Twilio account Group gateway is archived/i);
  const s = value<Settings>(await w.call('settings.get', {}));
  assert.equal(s.gatewayAccounts[0]?.archivedAt, w.clock());
  assert.deepEqual(accountsWithoutSender(s).map((a) => a.name), ['Harbour City Toyota', 'Parramatta Mazda']);
  assert.equal((await w.call('settings.setGatewayAccountArchived', { gatewayAccountId: 999, archived: true })).ok, false);
});

test('issue 9: Settings warns before a change leaves a dealer account with no sender in use, naming it, and only then', () => {
  const setup: CoverageSetup = {
    dealerAccounts: [
      { id: 1, name: 'Toyota', archivedAt: null },
      { id: 2, name: 'Mazda', archivedAt: null },
      { id: 3, name: 'Kia (closed)', archivedAt: 5 },
    ],
    gatewayAccounts: [
      { id: 10, archivedAt: null },
      { id: 11, archivedAt: null },
    ],
    senders: [
      { id: 100, gatewayAccountId: 10, dealerAccountIds: [1, 2, 3], archivedAt: null }, // the shared line
      { id: 101, gatewayAccountId: 11, dealerAccountIds: [1], archivedAt: null }, // Toyota's own, on another account
    ],
  };
  const names = (xs: { name: string }[]) => xs.map((x) => x.name);
  assert.deepEqual(names(accountsLeftWithoutSender(setup, { kind: 'archiveSender', senderId: 100 })), ['Mazda'], 'Toyota keeps its own line; Kia is archived');
  assert.deepEqual(names(accountsLeftWithoutSender(setup, { kind: 'archiveSender', senderId: 101 })), []);
  assert.deepEqual(names(accountsLeftWithoutSender(setup, { kind: 'archiveGatewayAccount', gatewayAccountId: 10 })), ['Mazda']);
  assert.deepEqual(names(accountsLeftWithoutSender(setup, { kind: 'senderAccounts', senderId: 100, dealerAccountIds: [1] })), ['Mazda']);
  assert.deepEqual(names(accountsLeftWithoutSender(setup, { kind: 'senderAccounts', senderId: 101, dealerAccountIds: [] })), []);
  // Already without one: not "left" by this change, but marked as it is.
  const bare = { ...setup, senders: [setup.senders[1]!] };
  assert.deepEqual(names(accountsLeftWithoutSender(bare, { kind: 'archiveSender', senderId: 101 })), ['Toyota']);
  assert.deepEqual(names(accountsWithoutSender(bare)), ['Mazda']);
});
