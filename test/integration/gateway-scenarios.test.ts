// The seed's scenario, R7 and R8 end to end: the core, the REAL official `twilio` client and the
// local Twilio-compatible simulator on 127.0.0.1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SendResult } from '../../src-main/messaging/send-service.ts';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { connect, gatewayWorld, JANE, SHARED_NUMBER } from '../support/gateway-world.ts';

/** A send's refusal by the send policy (or by the gateway, R7): its code and how it reads. */
async function refusal(p: Promise<SendResult>): Promise<{ code: string; message: string }> {
  const r = await p;
  assert.equal(r.outcome, 'refused', `expected a refusal, got ${r.outcome}`);
  return { code: r.refusal?.code ?? '', message: r.refusal?.text ?? '' };
}

/** The message row a send recorded, whatever its outcome. */
async function row(p: Promise<SendResult>): Promise<SendResult['message']> {
  return (await p).message;
}

const MIN = 60_000;

test('seed scenario through the gateway (R3 R4 R5): STOP replying to B blocks B only, A still sends, START re-opts in B only', async (t) => {
  const w = await gatewayWorld(t);
  const { core, sim, clock, dealerA, dealerB, shared, aOwn, customerId } = w;
  const send = (dealerAccountId: number, body: string, senderId = shared) =>
    core.sends.send({ dealerAccountId, customerId, senderId, body, actor: 'sam', origin: 'manual' });

  clock.advance(MIN);
  const fromA = await row(send(dealerA, 'Hi Jane, your Corolla service is booked for Friday.'));
  clock.advance(MIN);
  const fromB = await row(send(dealerB, 'Hi Jane, your CX-5 is ready for a test drive.'));
  assert.equal(fromB.status, 'accepted');
  assert.match(fromB.gateway_sid ?? '', /^SM[0-9a-f]{32}$/, 'accepted by the gateway');
  assert.ok(fromA.gateway_sid);

  // The customer answers B's conversation with STOP; the poller brings it in.
  clock.advance(MIN);
  sim.injectInbound({ from: JANE, to: SHARED_NUMBER, body: 'STOP' });
  const report = await core.poller.pollOnce();
  assert.equal(report.error, null);
  assert.equal(report.stats.replies, 1);
  const stop = core.store.messages.list({ limit: 10 }).find((m) => m.direction === 'inbound');
  assert.ok(stop);
  assert.equal(stop.customer_id, customerId, 'on the lead timeline');
  assert.equal(stop.dealer_account_id, dealerB);
  const [decision] = core.store.sync.attributions(stop.id);
  assert.equal(decision?.rule, 'latest_outbound');
  assert.equal(decision?.dealer_account_id, dealerB);
  assert.match(decision?.reason ?? '', /shared by Harbour City Toyota, Parramatta Mazda; the latest message to \+61412345678 through it before the reply was sent for Parramatta Mazda/);
  assert.equal(core.consent.decide(dealerB, customerId, 'sms').allowed, false);
  assert.equal(core.consent.decide(dealerA, customerId, 'sms').allowed, true, 'A untouched');
  assert.equal(core.consent.decide(dealerB, customerId, 'email').allowed, true, 'email untouched (R1)');
  assert.equal(core.store.notifications.recent(5)[0]?.kind, 'opt_out');

  // B is refused in the core; nothing reaches the gateway.
  clock.advance(MIN);
  const before = sim.sentTo(JANE);
  const e = await refusal(send(dealerB, 'Still keen on the CX-5?'));
  assert.equal(e.code, 'SMS_OPTED_OUT');
  assert.match(e.message, /Jane Citizen previously opted out of SMS from Parramatta Mazda .* customer replied STOP/);
  assert.equal(sim.sentTo(JANE), before);

  // A still sends (through its own number, so B's conversation stays the latest on the shared one).
  const aStill = await row(send(dealerA, 'Your Corolla is ready for pickup.', aOwn));
  assert.ok(aStill.gateway_sid, 'A reached the gateway');
  assert.equal(sim.sentTo(JANE), before + 1);

  // START, still answering B's conversation: B opted back in, A never changed.
  clock.advance(MIN);
  sim.injectInbound({ from: JANE, to: SHARED_NUMBER, body: 'Start' });
  await core.poller.pollOnce();
  assert.equal(core.consent.decide(dealerB, customerId, 'sms').allowed, true);
  const history = core.store.consent.history(customerId);
  assert.deepEqual(
    history.map((h) => [h.account_name, h.status, h.source, h.keyword, h.reason]),
    [
      ['Parramatta Mazda', 'opted_in', 'inbound_keyword', 'START', null],
      ['Parramatta Mazda', 'opted_out', 'inbound_keyword', 'STOP', null],
    ],
    'only B has consent events',
  );

  // Both send through the shared number again.
  clock.advance(MIN);
  assert.ok((await row(send(dealerA, 'See you Friday.'))).gateway_sid);
  assert.ok((await row(send(dealerB, 'Welcome back, Jane!'))).gateway_sid);
  assert.equal(sim.sentTo(JANE), before + 3);

  // Every local outbound message holds its own gateway SID once; the poller's outbound pass adds none.
  const after = await core.poller.pollOnce();
  assert.equal(after.stats.inserted, 0);
  const sids = core.store.messages.list({ limit: 50 }).filter((m) => m.gateway_sid).map((m) => m.gateway_sid);
  assert.equal(new Set(sids).size, sids.length);
});

test('R7 with the gateway enforcing opt-out: 21610 becomes a gateway block apart from dealer consent; START clears it', async (t) => {
  const w = await gatewayWorld(t, { sim: { enforceOptOut: true } });
  const { core, sim, clock, dealerA, dealerB, shared, customerId } = w;
  // The app was told Twilio's STOP filtering is off for this account, but Twilio still filters.
  core.store.accounts.setStopFiltering(core.store.accounts.sender(shared)!.gateway_account_id, false);
  const send = (dealerAccountId: number, body: string) =>
    core.sends.send({ dealerAccountId, customerId, senderId: shared, body, actor: 'sam', origin: 'manual' });

  clock.advance(MIN);
  await send(dealerB, 'Hi Jane, CX-5 test drive?');
  clock.advance(MIN);
  sim.injectInbound({ from: JANE, to: SHARED_NUMBER, body: 'STOP' });
  assert.ok(sim.isOptedOut(SHARED_NUMBER, JANE), 'the gateway unsubscribed Jane from the shared number');
  await core.poller.pollOnce();
  assert.equal(core.consent.decide(dealerB, customerId, 'sms').allowed, false);
  assert.equal(core.store.gatewayBlocks.active(shared, JANE), undefined, 'not known to the app yet: the account is marked as not filtering STOP');

  // A's consent allows it, but the gateway refuses: recorded as a gateway block (R7).
  clock.advance(MIN);
  const refused = await row(send(dealerA, 'Hi Jane, service reminder.'));
  assert.equal(refused.status, 'blocked_gateway');
  assert.equal(refused.error_code, 21610);
  assert.match(refused.block_reason ?? '', /^Not sent: Twilio blocks 0480 000 001 for Jane Citizen since a send on .* was refused as unsubscribed \(Twilio error 21610\); it affects Harbour City Toyota and Parramatta Mazda on this line\. Jane Citizen must text START to 0480 000 001 to lift it\.$/);
  const block = core.store.gatewayBlocks.active(shared, JANE);
  assert.equal(block?.error_code, 21610);
  assert.equal(block?.message_id, refused.id);
  assert.equal(core.consent.decide(dealerA, customerId, 'sms').allowed, true, 'dealer consent untouched');
  assert.equal(core.store.notifications.recent(1)[0]?.kind, 'send_failed');

  // The next send on that sender is refused locally, for either dealer, without a request.
  const before = sim.sentTo(JANE);
  const e = await refusal(send(dealerA, 'Hi again'));
  assert.equal(e.code, 'GATEWAY_BLOCKED');
  assert.equal(sim.sentTo(JANE), before);

  // START re-subscribes at the gateway and clears the block; B (whose conversation it answers) is back in.
  clock.advance(MIN);
  sim.injectInbound({ from: JANE, to: SHARED_NUMBER, body: 'START' });
  await core.poller.pollOnce();
  assert.equal(core.store.gatewayBlocks.active(shared, JANE), undefined);
  assert.equal(core.consent.decide(dealerB, customerId, 'sms').allowed, true);
  clock.advance(MIN);
  assert.ok((await row(send(dealerA, 'Service reminder, take two.'))).gateway_sid);

  // With the account marked as filtering STOP (Twilio's default), a polled STOP records the block straight away.
  core.store.accounts.setStopFiltering(core.store.accounts.sender(shared)!.gateway_account_id, true);
  clock.advance(MIN);
  sim.injectInbound({ from: JANE, to: SHARED_NUMBER, body: 'stop' });
  await core.poller.pollOnce();
  assert.ok(core.store.gatewayBlocks.active(shared, JANE));
  assert.equal(core.consent.decide(dealerA, customerId, 'sms').allowed, false, 'A sent last: the STOP is A\'s');
  assert.equal(core.consent.decide(dealerB, customerId, 'sms').allowed, true);
  const n = sim.sentTo(JANE);
  assert.equal((await refusal(send(dealerB, 'Hi'))).code, 'GATEWAY_BLOCKED');
  assert.equal(sim.sentTo(JANE), n);
});

test('R8 offline: a queued send survives a restart; the STOP that arrived meanwhile is applied before it leaves, and it is blocked and recorded', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-offline-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'desk.db');
  const w = await gatewayWorld(t, { dbPath });
  const { sim, clock, dealerB, shared, customerId } = w;

  clock.advance(MIN);
  await w.core.sends.send({ dealerAccountId: dealerB, customerId, senderId: shared, body: 'Hi Jane, CX-5 test drive?', actor: 'sam', origin: 'manual' });
  assert.equal(sim.sentTo(JANE), 1);

  await sim.setOnline(false);
  clock.advance(MIN);
  const queued = await row(w.core.sends.send({ dealerAccountId: dealerB, customerId, senderId: shared, body: 'Reminder: test drive Saturday 10am', actor: 'sam', origin: 'manual' }));
  assert.equal(queued.status, 'queued');
  assert.equal(queued.gateway_sid, null);
  assert.match(queued.error_message ?? '', /Waiting to send: the SMS gateway cannot be reached .* It will be sent when the connection returns/);
  assert.equal(w.core.outbox.status().online, false);
  assert.deepEqual(w.core.outbox.status().pending, { queued: 1 });

  // The app quits while offline; the customer texts STOP meanwhile.
  w.db.close();
  clock.advance(MIN);
  sim.injectInbound({ from: JANE, to: SHARED_NUMBER, body: 'STOP' });
  await sim.setOnline(true);

  // Restart, reconnect: the queued message is still there and is checked before it leaves.
  const db = openDatabase(dbPath);
  t.after(() => db.close());
  const { core } = connect(db, sim, clock);
  assert.equal(core.store.messages.get(queued.id)?.status, 'queued');
  clock.advance(10_000);
  assert.equal(await core.outbox.drain(), 1);
  const blocked = core.store.messages.get(queued.id);
  assert.equal(blocked?.status, 'blocked_opted_out');
  assert.match(blocked?.block_reason ?? '', /Jane Citizen previously opted out of SMS from Parramatta Mazda .* customer replied STOP/);
  assert.equal(sim.sentTo(JANE), 1, 'never sent');
  assert.equal(core.consent.decide(dealerB, customerId, 'sms').allowed, false);
  assert.equal(core.store.outbox.attempts(queued.id).length, 0, 'no request was made for it');
  const timeline = core.store.timeline.page(customerId, 20).items.map((i) => (i.kind === 'message' ? `${i.message.direction}:${i.message.status}` : `consent:${i.event.status}`));
  // Newest first: the STOP and the opt-out it caused, then the attempt queued before them (blocked).
  assert.deepEqual(timeline.slice(0, 3), ['inbound:received', 'consent:opted_out', 'outbound:blocked_opted_out']);
  assert.equal(core.outbox.status().online, true);
  assert.deepEqual(core.outbox.status().pending, {});
});

test('R8 unknown outcome: a send whose response timed out or was cut off is reconciled against the gateway list, never sent twice', async (t) => {
  const w = await gatewayWorld(t, { timeoutMs: 150, sim: { faults: { slowMs: 400 } } });
  const { core, gateway, sim, clock, dealerA, aOwn, customerId } = w;
  // The fault hits the create request itself (the pre-send poll before it goes through).
  let fault: 'slow' | 'cut' | null = null;
  const send = gateway.send.bind(gateway);
  gateway.send = (sms) => {
    if (fault) sim.forceFault(fault);
    return send(sms);
  };
  for (const f of ['slow', 'cut'] as const) {
    fault = f;
    clock.advance(MIN);
    const before = sim.sentTo(JANE);
    const m = await row(core.sends.send({ dealerAccountId: dealerA, customerId, senderId: aOwn, body: `Fault ${f}`, actor: 'sam', origin: 'manual' }));
    fault = null;
    assert.equal(m.status, 'unknown', `${f}: outcome unknown`);
    assert.equal(m.gateway_sid, null);
    assert.equal(sim.sentTo(JANE), before + 1, `${f}: the gateway did act on it`);
    clock.advance(2_000);
    await core.outbox.drain();
    const done = core.store.messages.get(m.id);
    assert.ok(done?.gateway_sid, `${f}: reconciled to the gateway's message`);
    assert.equal(sim.getMessage(done.gateway_sid)?.body, `Fault ${f}`);
    assert.equal(sim.sentTo(JANE), before + 1, `${f}: sent exactly once`);
    assert.deepEqual(core.store.outbox.attempts(m.id).map((a) => a.outcome), ['reconciled_sent']);
  }
  // A 500 is answered before acting: retried, and sent once.
  clock.advance(MIN);
  fault = null;
  sim.forceFault('500', 0);
  const before = sim.sentTo(JANE);
  gateway.send = (sms) => {
    gateway.send = send;
    sim.forceFault('500');
    return send(sms);
  };
  const m = await row(core.sends.send({ dealerAccountId: dealerA, customerId, senderId: aOwn, body: 'After a 500', actor: 'sam', origin: 'manual' }));
  assert.equal(m.status, 'queued');
  assert.equal(m.error_code, 20500);
  assert.ok(m.next_attempt_at !== null && m.next_attempt_at > clock());
  clock.advance(10_000);
  await core.outbox.drain();
  assert.ok(core.store.messages.get(m.id)?.gateway_sid);
  assert.equal(sim.sentTo(JANE), before + 1);
});

test('R3 authentication failure is surfaced, and the message waits until the credentials work', async (t) => {
  const w = await gatewayWorld(t);
  const { core, sim, clock, dealerA, aOwn, customerId } = w;
  const bad = connect(w.db, { ...sim, url: sim.url, accountSid: sim.accountSid, authToken: 'wrong' } as typeof sim, clock);
  const m = await row(bad.core.sends.send({ dealerAccountId: dealerA, customerId, senderId: aOwn, body: 'Hello', actor: 'sam', origin: 'manual' }));
  assert.equal(m.status, 'queued');
  assert.equal(m.error_code, 20003);
  assert.match(bad.core.outbox.status().authProblem?.message ?? '', /rejected the account credentials .*Check the Account SID and Auth Token/);
  const poll = await bad.core.poller.pollOnce();
  assert.equal(poll.error?.kind, 'auth_failed');
  // Fixed credentials: the same row goes out.
  clock.advance(120_000);
  await core.outbox.drain();
  assert.ok(core.store.messages.get(m.id)?.gateway_sid);
  assert.equal(sim.sentTo(JANE), 1);
});

test('R3 poller: late arrivals within the overlap window are caught; other installs\' sends come in as remote; delivery statuses update', async (t) => {
  const w = await gatewayWorld(t);
  const { core, sim, clock, dealerA, aOwn, customerId, gateway } = w;
  clock.advance(MIN);
  const mine = await row(core.sends.send({ dealerAccountId: dealerA, customerId, senderId: aOwn, body: 'From this desk', actor: 'sam', origin: 'manual' }));
  assert.equal(mine.status, 'accepted');
  // Another desktop on the same gateway account texts Jane from the shared number.
  const other = await gateway.send({ to: JANE, sender: { kind: 'number', address: SHARED_NUMBER }, body: 'From the other desk' });
  assert.equal(other.kind, 'accepted');
  sim.injectInbound({ from: JANE, to: SHARED_NUMBER, body: 'Thanks both' });
  clock.advance(5_000); // the gateway delivers both
  const first = await core.poller.pollOnce();
  assert.equal(first.error, null);
  const remote = core.store.messages.list({ limit: 20 }).find((m) => m.origin === 'remote');
  assert.equal(remote?.body, 'From the other desk');
  assert.equal(remote?.customer_id, customerId, 'on Jane\'s timeline');
  assert.equal(remote?.dealer_account_id, null, 'a shared number: which dealer sent it is not known here');
  assert.equal(remote?.status, 'delivered');
  assert.equal(core.store.messages.get(mine.id)?.status, 'delivered', 'status updated from the gateway');

  // The reply to the other desk's message: latest outbound is the remote one (account unknown).
  const reply = core.store.messages.list({ limit: 20 }).find((m) => m.direction === 'inbound');
  assert.equal(core.store.sync.attributions(reply!.id)[0]?.rule, 'all_sharing_accounts');

  // A reply that reaches the gateway's log late (dated 30 s ago, inside the overlap window).
  clock.advance(MIN);
  await core.poller.pollOnce();
  sim.injectInbound({ from: JANE, to: SHARED_NUMBER, body: 'Late one', at: clock() - 30_000 });
  const late = await core.poller.pollOnce();
  assert.equal(late.stats.replies, 1);
  assert.ok(core.store.messages.list({ limit: 20 }).some((m) => m.body === 'Late one'));
  assert.equal(core.poller.neverSynced(), false);
});
