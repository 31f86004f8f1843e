// R11 when the group server cannot be reached: a desk cut off by a paused proxy, the server
// stopped, PostgreSQL restarted in the middle of an exchange. Desks keep working on their own
// stores, changes wait in the push queue, then everything converges: nothing lost, nothing doubled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDatabase, groupDatabase, ownPgCluster, pgMissing, sql } from '../support/pg.ts';
import { fordAndHyundai, PRIYA, sendFrom, type Desk } from '../support/group-world.ts';
import type { GroupServer } from '../../src-main/group/group-server.ts';

const MIN = 60_000;
type T = Parameters<typeof ownPgCluster>[0];

const world = (t: T, url: string, group: { batchSize?: number } = {}) => fordAndHyundai(t, { url, group });

/** Consent rows of Priya on a desk, by dealer code and channel. */
function priya(d: Desk): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of d.core.store.consent.forCustomer(d.customerByMobile(PRIYA))) out[`${d.core.store.accounts.account(r.dealer_account_id)?.code}:${r.channel}`] = r.status;
  return out;
}

/** The group server with its push replaced (to cut or refuse it part way); everything else goes to it. */
function withPush(server: GroupServer, push: GroupServer['push']): GroupServer {
  return {
    migrate: () => server.migrate(),
    schemaVersion: () => server.schemaVersion(),
    pull: (c, l) => server.pull(c, l),
    listen: (a, b) => server.listen(a, b),
    status: () => server.status(),
    claimStep: (k, d, n) => server.claimStep(k, d, n),
    close: () => server.close(),
    push,
  };
}

async function serverCounts(url: string): Promise<{ events: number; distinct: number }> {
  const [r] = await sql<{ events: string; distinct: string }>(url, 'SELECT count(*) AS events, count(DISTINCT uid) AS distinct FROM group_events');
  return { events: Number(r?.events), distinct: Number(r?.distinct) };
}

test('R11 a desk cut off from the group (paused proxy) keeps working, says since when in preflight, holds automated sends, then converges: nothing lost, nothing doubled', async (t) => {
  const url = await groupDatabase(t);
  if (!url) return;
  const { ford, hyundai, clock } = await world(t, url);
  const lastHeard = clock();

  hyundai.proxy.pause();
  clock.advance(5 * MIN);
  // Cut off, Hyundai's desk records an opt-out by hand and a new lead.
  hyundai.core.consent.optOutManually({ dealerAccountId: hyundai.account('HYUNDAI'), customerId: hyundai.customerByMobile(PRIYA), channel: 'sms', actor: 'lee' });
  hyundai.core.leads.createLead({ dealerAccountId: hyundai.account('HYUNDAI'), firstName: 'Tom', lastName: 'Ly', mobile: '0412 000 111', optInToMarketing: false }, 'walk-in');
  await assert.rejects(hyundai.core.group.exchange());
  assert.equal(hyundai.core.group.status().state, 'unreachable');
  assert.ok(hyundai.core.group.status().waiting > 0, 'the changes wait in the push queue');

  // A manual send still goes (the desk works), and preflight says since when it has not heard from the group.
  const pre = hyundai.core.sends.preflight({ dealerAccountId: hyundai.account('FORD'), customerId: hyundai.customerByMobile(PRIYA) });
  assert.equal(pre.decision.allowed, true);
  assert.match(pre.warning ?? '', /This desk has not heard from the group server since .*: an opt-out made on another desk since then may not be here yet\./);
  assert.equal(pre.decision.caution?.code, 'GROUP_UNREACHABLE');
  void lastHeard;
  assert.equal((await sendFrom(hyundai, 'FORD', 'Your service is due, Priya.')).outcome, 'sent');
  // An automated send waits for the group's state instead.
  const auto = await hyundai.core.sends.send({ dealerAccountId: hyundai.account('FORD'), customerId: hyundai.customerByMobile(PRIYA), body: 'Automated reminder', actor: 'automation', origin: 'automation' });
  assert.equal(auto.outcome, 'queued');
  assert.match(auto.message.error_message ?? '', /Held: This desk has not heard from the group server since .* The automated message waits until it has\./);
  assert.equal(auto.message.status, 'queued');

  // Meanwhile Ford's desk, online, makes its own changes.
  ford.core.consent.optOutManually({ dealerAccountId: ford.account('FORD'), customerId: ford.customerByMobile(PRIYA), channel: 'email', actor: 'sam' });
  await ford.core.group.exchange();

  hyundai.proxy.resume();
  clock.advance(MIN);
  await hyundai.core.group.exchange();
  await ford.core.group.exchange();
  assert.equal(hyundai.core.group.status().state, 'connected');
  assert.equal(hyundai.core.group.status().waiting, 0);
  assert.deepEqual(priya(ford), priya(hyundai));
  assert.deepEqual(priya(ford), { 'FORD:email': 'opted_out', 'HYUNDAI:sms': 'opted_out' });
  assert.equal(ford.core.store.customers.byMobile('+61412000111').length, 1, 'the lead made offline arrived');
  assert.equal(ford.sms('HYUNDAI', '+61412000111'), false, 'with its R10 opt-out');
  // The held automated message leaves once the group state is fresh.
  await hyundai.core.outbox.drain();
  assert.equal(hyundai.core.store.messages.get(auto.message.id)?.status, 'accepted');
  await hyundai.core.group.exchange();
  const counts = await serverCounts(url);
  assert.equal(counts.events, counts.distinct, 'no event stored twice');
  // The same events pushed again (a desk that died before it could drop them from its queue) add nothing.
  const all = await hyundai.server.pull(null, 10_000);
  assert.equal(all.events.length, counts.events);
  assert.equal(await hyundai.server.push(all.events), 0);
  assert.deepEqual(await serverCounts(url), counts);
});

test('R11 an opt-in made on an offline desk does not cancel an opt-out made meanwhile on another desk', async (t) => {
  const url = await groupDatabase(t);
  if (!url) return;
  const { ford, hyundai, clock } = await world(t, url);
  const change = (d: Desk) => ({ dealerAccountId: d.account('FORD'), customerId: d.customerByMobile(PRIYA), channel: 'sms' as const, actor: d.name });
  ford.core.consent.optOutManually(change(ford));
  await ford.core.group.exchange();
  await hyundai.core.group.exchange();
  assert.equal(hyundai.sms('FORD'), false);

  hyundai.proxy.pause();
  clock.advance(MIN);
  // Ford's desk: Priya phoned again to opt out (a new opt-out). Hyundai's desk, offline, opts her back in.
  ford.core.consent.optOutManually(change(ford));
  await ford.core.group.exchange();
  clock.advance(MIN);
  hyundai.core.consent.optInManually({ ...change(hyundai), reason: 'Said yes at the counter' });
  assert.equal(hyundai.sms('FORD'), true, 'offline, the desk sees its own opt-in');

  hyundai.proxy.resume();
  await hyundai.core.group.exchange();
  await ford.core.group.exchange();
  for (const d of [ford, hyundai]) assert.equal(d.sms('FORD'), false, `${d.name}: the opt-out it never saw stands`);
  const optIn = hyundai.core.consent.history(hyundai.customerByMobile(PRIYA)).find((e) => e.status === 'opted_in');
  assert.equal(optIn?.reason, 'Said yes at the counter', 'the opt-in is kept in the audit trail');
});

test('R11 the group server stopped, then PostgreSQL restarted in the middle of an exchange: desks keep working, then converge with nothing lost or doubled', async (t) => {
  const missing = pgMissing();
  if (missing) return t.skip(missing);
  const cluster = await ownPgCluster(t);
  const url = await freshDatabase(cluster.url);
  const { ford, hyundai } = await world(t, url, { batchSize: 100 });

  cluster.stop();
  for (let i = 0; i < 300; i++) {
    ford.core.leads.createLead({ dealerAccountId: ford.account('FORD'), firstName: 'Lead', lastName: `${i}`, mobile: `+614140${String(i).padStart(5, '0')}`, optInToMarketing: i % 3 !== 0 }, 'import');
  }
  hyundai.core.consent.optOutManually({ dealerAccountId: hyundai.account('FORD'), customerId: hyundai.customerByMobile(PRIYA), channel: 'sms', actor: 'lee' });
  await assert.rejects(ford.core.group.exchange());
  await assert.rejects(hyundai.core.group.exchange());
  const waiting = ford.core.group.status().waiting;
  assert.ok(waiting >= 700, `Ford's changes wait (${waiting})`);
  cluster.start();

  // Ford pushes in small batches; PostgreSQL restarts after the second batch is sent, mid-exchange.
  const server = ford.server;
  let pushes = 0;
  const restarting = withPush(server, async (events) => {
    const pending = server.push(events);
    if (++pushes === 2) cluster.restart();
    return pending;
  });
  ford.core.group.attach(restarting);
  const push = ford.core.group.exchange();
  await push.catch(() => undefined);
  // Whatever the restart cut, the next exchanges finish the job.
  for (let i = 0; i < 3; i++) await ford.core.group.exchange().catch(() => undefined);
  assert.equal(ford.core.group.status().waiting, 0);
  // Hyundai's pull is cut by another restart, then completes.
  const pulling = hyundai.core.group.exchange();
  cluster.restart();
  await pulling.catch(() => undefined);
  await hyundai.core.group.exchange();
  await ford.core.group.exchange();

  assert.equal(hyundai.core.store.customers.count(''), 301, 'every lead arrived once');
  assert.equal(ford.sms('FORD'), false, 'Hyundai\'s opt-out reached Ford');
  const counts = await serverCounts(url);
  assert.equal(counts.events, counts.distinct);
  for (const i of [0, 1, 299]) assert.equal(hyundai.sms('FORD', `+614140${String(i).padStart(5, '0')}`), i % 3 !== 0);
});

test('R11 a push that fails part way (the third of several batches refused): what the server took leaves the queue, the rest waits and follows in the order it was made, each event once', async (t) => {
  const url = await groupDatabase(t);
  if (!url) return;
  const { ford, hyundai } = await world(t, url, { batchSize: 50 });
  // 200 new leads on Ford's desk: with their customers, consent and phone history, several batches.
  for (let i = 0; i < 200; i++) {
    ford.core.leads.createLead({ dealerAccountId: ford.account('FORD'), firstName: 'Lead', lastName: `${i}`, mobile: `+614150${String(i).padStart(5, '0')}`, optInToMarketing: i % 2 === 0 }, 'import');
  }
  const queued = ford.core.group.status().waiting;
  assert.ok(queued > 150, `several batches wait (${queued})`);

  const server = ford.server;
  let pushes = 0;
  const sent: string[][] = [];
  const refusing = withPush(server, async (events) => {
    if (++pushes === 3) throw new Error('connection reset');
    sent.push(events.map((e) => e.uid));
    return server.push(events);
  });
  ford.core.group.attach(refusing);
  await assert.rejects(ford.core.group.exchange(), /connection reset/);
  const pushedFirst = sent.flat().length;
  assert.equal(sent.length, 2, 'the push stopped at the refused batch');
  assert.ok(ford.core.group.status().waiting > 0 && ford.core.group.status().waiting < queued, 'what the server took left the queue, the rest waits');

  ford.core.group.attach(server);
  await ford.core.group.exchange();
  assert.equal(ford.core.group.status().waiting, 0);
  const counts = await serverCounts(url);
  assert.equal(counts.events, counts.distinct, 'nothing doubled');
  // The server keeps Ford's events in the order Ford made them: a lead's customer before its lead.
  const order = await sql<{ uid: string; kind: string; subject: string | null }>(url, "SELECT uid::text AS uid, kind, subject FROM group_events WHERE desk = (SELECT desk FROM group_events WHERE uid = $1::uuid) ORDER BY xid, seq", [sent[0]![0]!]);
  const start = order.findIndex((r) => r.uid === sent[0]![0]); // after what the world's set-up pushed
  assert.deepEqual(order.slice(start, start + pushedFirst).map((r) => r.uid), sent.flat(), 'the first two batches first, as sent');
  assert.ok(order.length - start >= queued - 1, 'and the rest after them');
  const seenCustomers = new Set<string>();
  for (const r of order) {
    if (r.kind === 'customer' && r.subject) seenCustomers.add(r.subject);
    if (r.kind === 'lead' && r.subject) assert.ok(seenCustomers.has(r.subject), 'a lead never arrives before its customer');
  }
  await hyundai.core.group.exchange();
  assert.equal(hyundai.core.store.customers.count(''), ford.core.store.customers.count(''), 'every lead reached the other desk');
  for (const i of [0, 1, 199]) assert.equal(hyundai.sms('FORD', `+614150${String(i).padStart(5, '0')}`), i % 2 === 0);
});
