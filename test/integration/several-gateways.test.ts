// Several gateway accounts at once, through the REAL official `twilio` client against two local
// simulators (two Twilio accounts with their own SIDs and tokens): each send goes out through the
// gateway account that owns its sender; replies to both are ingested exactly once; one account's
// 429s (Retry-After honoured) and timeouts do not hold back the other's replies; a wrong token
// shows on that account only. A messaging service sender works end to end (MessagingServiceSid on
// send, a reply attributed through the service, Twilio's STOP scope = the whole service, R13).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { manualClock } from '../../src-main/clock.ts';
import { createConnectedCore } from '../../src-main/connected-core.ts';
import { GatewayRegistry } from '../../src-main/gateway/gateway-registry.ts';
import { AccountsRepo } from '../../src-main/db/repos/accounts-repo.ts';
import { TwilioGateway } from '../../src-main/gateway/twilio-gateway.ts';
import { GatewaySimulator, seededRandom } from '../../src-main/gateway/simulator/index.ts';
import { T0 } from '../support/seed-world.ts';

const JANE = '+61412345678';
const SAM = '+61412000111';
const TOYOTA_LINE = '+61480000001';
const MAZDA_LINE = '+61480000002';
const SERVICE_NUMBER = '+61480000003';
const SERVICE = 'MG' + 'd'.repeat(32);
const ACCOUNT_1 = 'AC' + '1'.repeat(32);
const ACCOUNT_2 = 'AC' + '2'.repeat(32);
const MIN = 60_000;

async function twoAccounts(t: { after: (fn: () => Promise<void> | void) => void }, o: { timeoutMs?: number; account2Token?: string } = {}) {
  const clock = manualClock(T0);
  const simOptions = { clock: () => clock(), random: seededRandom(9), enforceOptOut: true, timing: { queueMs: 1_000, deliverMs: 2_000 } };
  const sim1 = new GatewaySimulator({ ...simOptions, accountSid: ACCOUNT_1, authToken: 'token-one', ownedNumbers: [TOYOTA_LINE] });
  const sim2 = new GatewaySimulator({
    ...simOptions,
    accountSid: ACCOUNT_2,
    authToken: 'token-two',
    ownedNumbers: [MAZDA_LINE],
    messagingServices: [{ sid: SERVICE, friendlyName: 'Group line', numbers: [SERVICE_NUMBER] }],
  });
  await sim1.start();
  await sim2.start();
  const db = openDatabase(':memory:');
  t.after(async () => {
    await sim1.stop();
    await sim2.stop();
    db.close();
  });
  const registry = new GatewayRegistry(new AccountsRepo(db), clock);
  const core = createConnectedCore({
    db,
    gateways: registry,
    clock,
    timeZone: 'Australia/Sydney',
    outbox: { reconcileDelayMs: 1_000, offlineRetryMs: 5_000 },
    poller: { overlapMs: MIN, statusWindowMs: MIN, backoffMs: () => 30_000 },
  });
  const { accounts } = core.store;
  const toyota = accounts.createAccount('toyota', 'Harbour City Toyota', T0);
  const mazda = accounts.createAccount('mazda', 'Parramatta Mazda', T0);
  const gw1 = accounts.createGatewayAccount(ACCOUNT_1, 'Toyota Twilio', T0);
  const gw2 = accounts.createGatewayAccount(ACCOUNT_2, 'Group Twilio', T0);
  const toyotaLine = accounts.createSender(gw1, 'number', TOYOTA_LINE, 'Toyota line', T0);
  accounts.shareSender(toyotaLine, toyota);
  const mazdaLine = accounts.createSender(gw2, 'number', MAZDA_LINE, 'Mazda line', T0);
  accounts.shareSender(mazdaLine, mazda);
  const service = accounts.createSender(gw2, 'messaging_service', SERVICE, 'Group line', T0);
  accounts.shareSender(service, toyota);
  accounts.shareSender(service, mazda);
  const client = (sim: GatewaySimulator, token = sim.authToken) =>
    new TwilioGateway({ accountSid: sim.accountSid, authToken: token, baseUrl: sim.url, timeoutMs: o.timeoutMs ?? 2_000, clock });
  registry.forAccount(gw1).set(client(sim1), 'twilio');
  registry.forAccount(gw2).set(client(sim2, o.account2Token), 'twilio');
  const jane = core.leads.createLead({ dealerAccountId: toyota, firstName: 'Jane', lastName: 'Citizen', mobile: JANE, optInToMarketing: true }, 'import').customerId;
  core.leads.createLead({ dealerAccountId: mazda, customerId: jane, firstName: '', lastName: '', optInToMarketing: true }, 'import');
  const sam = core.leads.createLead({ dealerAccountId: mazda, firstName: 'Sam', lastName: 'Lee', mobile: SAM, optInToMarketing: true }, 'import').customerId;
  const send = (dealerAccountId: number, customerId: number, senderId: number, body: string) =>
    core.sends.send({ dealerAccountId, customerId, senderId, body, actor: 'kim', origin: 'manual' });
  const inbound = () => core.store.messages.list({ limit: 100 }).filter((m) => m.direction === 'inbound');
  return { clock, sim1, sim2, core, registry, toyota, mazda, gw1, gw2, toyotaLine, mazdaLine, service, jane, sam, send, inbound };
}

test('several gateway accounts: each send goes through the account that owns its sender; replies to both are ingested exactly once', async (t) => {
  const w = await twoAccounts(t);
  w.clock.advance(MIN);
  const a = await w.send(w.toyota, w.jane, w.toyotaLine, 'Hi Jane, Toyota here');
  const b = await w.send(w.mazda, w.sam, w.mazdaLine, 'Hi Sam, Mazda here');
  assert.deepEqual([a.outcome, b.outcome], ['sent', 'sent']);
  assert.equal(w.sim1.sentTo(JANE), 1);
  assert.equal(w.sim2.sentTo(JANE), 0, 'account 2 never saw the Toyota send');
  assert.equal(w.sim2.sentTo(SAM), 1);
  assert.equal(w.sim1.getMessage(a.message.gateway_sid!)?.from, TOYOTA_LINE);
  assert.equal(w.sim2.getMessage(b.message.gateway_sid!)?.from, MAZDA_LINE);

  w.clock.advance(MIN);
  w.sim1.injectInbound({ from: JANE, to: TOYOTA_LINE, body: 'Thanks Toyota' });
  w.sim2.injectInbound({ from: SAM, to: MAZDA_LINE, body: 'Thanks Mazda' });
  const first = await w.core.poller.pollOnce();
  assert.equal(first.error, null);
  assert.equal(first.stats.replies, 2);
  const again = await w.core.poller.pollOnce();
  assert.equal(again.stats.inserted, 0, 'nothing twice');
  const replies = w.inbound();
  assert.deepEqual(replies.map((m) => [m.body, m.dealer_account_id]).sort(), [['Thanks Mazda', w.mazda], ['Thanks Toyota', w.toyota]]);
  // Each account keeps its own cursors, named by its Account SID.
  const names = (w.core.store.db.prepare('SELECT name FROM sync_cursors ORDER BY name').pluck().all() as string[]);
  assert.ok(names.includes(`account:${ACCOUNT_1}`) && names.includes(`account:${ACCOUNT_2}`), names.join());
  assert.deepEqual(w.core.poller.states().map((s) => [s.gatewayAccountId, s.error, s.neverSynced]), [[w.gw1, null, false], [w.gw2, null, false]]);
});

test('a messaging service sender end to end: sent with MessagingServiceSid through its account; a reply through the service is attributed; its STOP blocks the whole service (R13)', async (t) => {
  const w = await twoAccounts(t);
  w.clock.advance(MIN);
  const sent = await w.send(w.mazda, w.jane, w.service, 'Hi Jane, from the group line');
  assert.equal(sent.outcome, 'sent');
  const remote = w.sim2.getMessage(sent.message.gateway_sid!);
  assert.equal(remote?.messaging_service_sid, SERVICE);
  w.clock.advance(2 * 1_000);
  w.clock.advance(MIN);
  w.sim2.injectInbound({ from: JANE, to: SERVICE_NUMBER, body: 'STOP' });
  await w.core.poller.pollOnce();
  const [reply] = w.inbound();
  assert.deepEqual([reply?.sender_id, reply?.dealer_account_id], [w.service, w.mazda], 'attributed through the service to the dealer that texted last');
  assert.equal(w.core.consent.decide(w.toyota, w.jane, 'sms').allowed, true, 'R4: Toyota\'s consent is untouched');
  assert.equal(w.core.store.gatewayBlocks.active(w.service, JANE)?.keyword, 'STOP', 'Twilio\'s block on the whole service');
  const before = w.sim2.sentTo(JANE);
  const refused = await w.send(w.toyota, w.jane, w.service, 'Hi Jane, Toyota here');
  assert.equal(refused.outcome, 'refused');
  assert.match(refused.refusal?.reason ?? '', /Twilio blocks the messaging service Group line for Jane Citizen since their STOP .* it affects Harbour City Toyota and Parramatta Mazda on this line/);
  assert.equal(w.sim2.sentTo(JANE), before, 'decided locally');
  // Toyota's own number still reaches her.
  assert.equal((await w.send(w.toyota, w.jane, w.toyotaLine, 'Hi Jane, Toyota direct')).outcome, 'sent');
});

test('one account\'s 429 (Retry-After honoured) does not hold back the other\'s replies; it is polled again only when Twilio allows', async (t) => {
  const w = await twoAccounts(t);
  w.clock.advance(MIN);
  w.sim1.injectInbound({ from: JANE, to: TOYOTA_LINE, body: 'first reply to Toyota' });
  w.sim2.configureFaults({ rate429: 1, retryAfterSeconds: 120 });
  const r = await w.core.poller.pollOnce();
  assert.equal(r.stats.replies, 1, 'account 1 read');
  const s2 = w.core.poller.states().find((s) => s.gatewayAccountId === w.gw2)!;
  assert.equal(s2.error?.status, 429);
  assert.equal(s2.retryAt, w.clock() + 120_000, 'Retry-After: 120 s');
  assert.equal(w.registry.forAccount(w.gw2).health().state, 'limited');
  assert.match(w.registry.forAccount(w.gw2).health().lastError ?? '', /limiting requests .* wait 120 s/);
  assert.equal(w.registry.forAccount(w.gw1).health().state, 'online');

  // Within the Retry-After: account 2 is left alone, account 1 keeps being read.
  const faultsBefore = w.sim2.faultLog().length;
  w.clock.advance(MIN);
  w.sim1.injectInbound({ from: JANE, to: TOYOTA_LINE, body: 'second reply to Toyota' });
  w.sim2.injectInbound({ from: SAM, to: MAZDA_LINE, body: 'reply to Mazda' });
  assert.equal((await w.core.poller.pollOnce()).stats.replies, 1);
  assert.equal(w.sim2.faultLog().length, faultsBefore, 'no request to account 2 before its Retry-After');

  // After it, and with Twilio no longer limiting: the Mazda reply comes in, once.
  w.sim2.configureFaults(undefined);
  w.clock.advance(2 * MIN);
  assert.equal((await w.core.poller.pollOnce()).stats.replies, 1);
  assert.deepEqual(w.inbound().map((m) => m.body).sort(), ['first reply to Toyota', 'reply to Mazda', 'second reply to Toyota']);
  assert.equal(w.registry.forAccount(w.gw2).health().state, 'online');
});

test('one account timing out does not hold back the other\'s replies: a round waits at most its limit, and the slow account is not polled twice at once', async (t) => {
  const w = await twoAccounts(t, { timeoutMs: 800 });
  w.clock.advance(MIN);
  w.sim1.injectInbound({ from: JANE, to: TOYOTA_LINE, body: 'reply while account 2 hangs' });
  w.sim2.configureFaults({ rateSlow: 1, slowMs: 5_000 });
  const started = Date.now();
  const round = await w.core.poller.pollOnce({ maxWaitMs: 400 });
  assert.ok(Date.now() - started < 790, `the round did not wait for account 2's timeout (${Date.now() - started} ms)`);
  assert.equal(round.stats.replies, 1, 'account 1 read within the round');
  assert.equal(w.inbound()[0]?.body, 'reply while account 2 hangs');
  assert.equal(w.core.poller.states().find((s) => s.gatewayAccountId === w.gw2)?.polling, true, 'account 2 still on its own');
  const again = await w.core.poller.pollOnce({ maxWaitMs: 50 });
  assert.equal(again.streams.some((s) => s.stream.startsWith(`account:${ACCOUNT_2}`)), false, 'not started twice');
  // It ends in its own time, as a timeout on that account only.
  while (w.core.poller.states().find((s) => s.gatewayAccountId === w.gw2)?.polling) await new Promise((r) => setTimeout(r, 50));
  assert.equal(w.registry.forAccount(w.gw2).health().state, 'offline');
  assert.equal(w.registry.forAccount(w.gw1).health().state, 'online');
  w.sim2.configureFaults(undefined);
});

test('a wrong Auth Token on one account is shown on that account only; the other polls and sends as before', async (t) => {
  const w = await twoAccounts(t, { account2Token: 'not-the-token' });
  w.clock.advance(MIN);
  w.sim1.injectInbound({ from: JANE, to: TOYOTA_LINE, body: 'hello Toyota' });
  const r = await w.core.poller.pollOnce();
  assert.equal(r.stats.replies, 1);
  const h1 = w.registry.forAccount(w.gw1).health();
  const h2 = w.registry.forAccount(w.gw2).health();
  assert.equal(h1.state, 'online');
  assert.equal(h1.lastError, null);
  assert.equal(h2.state, 'auth_failed');
  assert.match(h2.lastError ?? '', /Twilio did not accept this Account SID and Auth Token/);
  assert.ok(!(h2.lastError ?? '').includes('not-the-token') && !(h2.lastErrorDetail ?? '').includes('not-the-token'), 'never the token');
  assert.equal((await w.send(w.toyota, w.jane, w.toyotaLine, 'Toyota still sends')).outcome, 'sent');
  const queued = await w.send(w.mazda, w.sam, w.mazdaLine, 'Mazda waits for its token');
  assert.equal(queued.outcome, 'queued');
  assert.match(queued.message.error_message ?? '', /Waiting to send: .*credentials/);
  assert.equal(w.registry.forAccount(w.gw1).health().state, 'online', 'account 1 untouched by account 2\'s refusal');
});
