// R8 under fire: over a third of the requests to the simulator fail (500, 429 with Retry-After,
// responses slower than the client's timeout, responses cut off mid-body) and list pages repeat
// messages across pages, through 2,000 sends and 2,000 inbound replies with the poller and the
// outbox running side by side. In the end every message is present exactly once locally, and no
// recipient was texted twice for one send (checked against the simulator's own records).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { manualClock } from '../../src-main/clock.ts';
import { connect, startSimulator } from '../support/gateway-world.ts';
import { T0 } from '../support/seed-world.ts';

const SENDS = 2_000;
const REPLIES = 2_000;
const CUSTOMERS = 200;
const SENDERS = Array.from({ length: 16 }, (_, i) => `+614800000${String(11 + i).padStart(2, '0')}`);

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

function replyBody(i: number): string {
  if (i % 29 === 0) return 'STOP';
  if (i % 31 === 0) return 'START';
  if (i % 37 === 0) return 'HELP';
  if (i % 41 === 0) return 'please stop texting me';
  return `Reply ${i}: sounds good, thanks`;
}

test('R8 fault-injected run: >=30% faults of every kind over 2,000 sends and 2,000 replies; every message once locally, nobody texted twice', async (t) => {
  const clock = manualClock(T0);
  const sim = await startSimulator(clock, {
    ownedNumbers: SENDERS,
    faults: { rate500: 0.1, rate429: 0.1, rateSlow: 0.05, rateCut: 0.1, rateDup: 0.3, retryAfterSeconds: 1, slowMs: 500, seed: 20261126 },
  });
  t.after(() => sim.stop());
  const db = openDatabase(':memory:');
  t.after(() => db.close());
  const { core } = connect(db, sim, clock, {
    timeoutMs: 400,
    outbox: { concurrency: 16, batchSize: 200, maxAttempts: 30, reconcileDelayMs: 1_000, backoffMs: (n) => Math.min(4_000, 500 * 2 ** (n - 1)) },
    // A poll that met a fault is tried again within the few seconds the test's clock moves per round.
    poller: { pageSize: 50, overlapMs: 30_000, statusWindowMs: 30_000, backoffMs: (n) => Math.min(4_000, 500 * 2 ** (n - 1)) },
  });

  const { accounts } = core.store;
  const dealerA = accounts.createAccount('A', 'Harbour City Toyota', T0);
  const dealerB = accounts.createAccount('B', 'Parramatta Mazda', T0);
  const gw = accounts.createGatewayAccount(sim.accountSid, 'Group gateway', T0);
  const senders = SENDERS.map((n, i) => {
    const id = accounts.createSender(gw, 'number', n, `Shared ${i + 1}`, T0);
    accounts.shareSender(id, dealerA);
    accounts.shareSender(id, dealerB);
    return id;
  });
  const customers: { id: number; mobile: string }[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const mobile = `+6141${String(1_000_000 + i).padStart(7, '0')}`;
    const { customerId } = core.leads.createLead({ dealerAccountId: dealerA, firstName: 'Cust', lastName: `No${i}`, mobile, optInToMarketing: true }, 'import');
    core.leads.createLead({ dealerAccountId: dealerB, customerId, firstName: '', lastName: '', optInToMarketing: true }, 'import');
    customers.push({ id: customerId, mobile });
  }

  let sent = 0;
  let injected = 0;
  const refusedAtSend = new Map<string, string>();
  const sendBatch = async (n: number): Promise<void> => {
    const batch = Array.from({ length: Math.min(n, SENDS - sent) }, () => sent++);
    await pool(batch, 16, async (i) => {
      const c = customers[i % CUSTOMERS]!;
      const body = `Send #${i} for customer ${c.id}`;
      const r = await core.sends.send({
        dealerAccountId: i % 2 === 0 ? dealerA : dealerB,
        customerId: c.id,
        senderId: senders[(i + Math.floor(i / CUSTOMERS)) % senders.length],
        body,
        actor: 'load',
        origin: i % 5 === 0 ? 'automation' : 'manual',
      });
      if (r.outcome === 'refused') refusedAtSend.set(body, r.refusal.code);
    });
  };

  let rounds = 0;
  const caughtUp = new Set<string>();
  for (;;) {
    rounds++;
    assert.ok(rounds < 400, 'the run converges');
    for (let k = 0; k < 80 && injected < REPLIES; k++, injected++) {
      const c = customers[(injected * 7) % CUSTOMERS]!;
      sim.injectInbound({ from: c.mobile, to: SENDERS[injected % SENDERS.length]!, body: replyBody(injected), at: clock() - (injected % 5) * 1000 });
    }
    const [, poll] = await Promise.all([sendBatch(100), core.poller.pollOnce(), core.outbox.drain()]);
    const pending = core.outbox.status().pending;
    // Done when, after the last reply was injected, every stream has completed a pass and the
    // outbox is empty.
    if (sent === SENDS && injected === REPLIES) {
      for (const s of poll.streams) if (s.complete && s.error === null) caughtUp.add(s.stream);
    }
    if (caughtUp.size === SENDERS.length + 1 && Object.keys(pending).length === 0) break;
    clock.advance(1_500);
  }

  // The faults really happened: every kind, at least 30% of API requests.
  const log = sim.faultLog();
  const kinds = new Set(log.map((f) => f.kind));
  for (const k of ['500', '429', 'slow', 'cut', 'dup'] as const) assert.ok(kinds.has(k), `fault ${k} injected`);
  const requests = Math.max(...log.map((f) => f.seq));
  const requestFaults = log.filter((f) => f.kind !== 'dup').length;
  assert.ok(requestFaults / requests >= 0.3, `fault share ${(requestFaults / requests).toFixed(3)} over ${requests} requests`);
  for (const route of ['create', 'list'] as const) {
    assert.ok(log.some((f) => f.route === route && f.kind === 'slow') && log.some((f) => f.route === route && f.kind === 'cut'), `${route} faults`);
  }

  // Every gateway message is present exactly once locally (SIDs are UNIQUE: present means once).
  const all = sim.allMessages();
  const inbound = all.filter((m) => m.direction === 'inbound');
  const outbound = all.filter((m) => m.direction === 'outbound-api');
  assert.equal(inbound.length, REPLIES);
  const local = db.prepare('SELECT gateway_sid AS sid, direction, origin, body, to_number, status FROM messages WHERE gateway_sid IS NOT NULL').all() as {
    sid: string; direction: string; origin: string; body: string; to_number: string; status: string;
  }[];
  const bySid = new Map(local.map((r) => [r.sid, r]));
  for (const m of [...inbound, ...outbound]) assert.ok(bySid.has(m.sid), `${m.direction} ${m.sid} stored locally`);
  assert.equal(local.length, inbound.length + outbound.length, 'nothing extra');
  assert.equal(local.filter((r) => r.origin === 'remote').length, 0, 'no own send mistaken for another install\'s');

  // Every send is one local row, and reached the recipient at most once: exactly once if accepted.
  const rows = db.prepare(`SELECT body, status, gateway_sid FROM messages WHERE direction = 'outbound'`).all() as { body: string; status: string; gateway_sid: string | null }[];
  assert.equal(rows.length, SENDS);
  assert.equal(new Set(rows.map((r) => r.body)).size, SENDS);
  const timesSent = new Map<string, number>();
  for (const m of outbound) timesSent.set(m.body, (timesSent.get(m.body) ?? 0) + 1);
  for (const r of rows) {
    const n = timesSent.get(r.body) ?? 0;
    if (r.gateway_sid) {
      assert.equal(n, 1, `${r.body} sent exactly once`);
      assert.equal(sim.getMessage(r.gateway_sid)?.body, r.body);
    } else {
      assert.equal(n, 0, `${r.body} (${r.status}) never sent`);
      assert.ok(['blocked_opted_out', 'held_review', 'blocked_gateway'].includes(r.status), `${r.body}: ${r.status}`);
    }
  }
  const statuses = db.prepare(`SELECT status, count(*) AS n FROM messages WHERE direction = 'outbound' GROUP BY status`).all();
  t.diagnostic(`sends by status: ${JSON.stringify(statuses)}; refused at send: ${refusedAtSend.size}; rounds ${rounds}; requests ${requests}, faults ${requestFaults}`);
  assert.ok(rows.filter((r) => r.gateway_sid).length > SENDS / 2, 'most sends went out');

  // Each reply processed exactly once: one notification and one attribution decision set per reply.
  const perReply = db.prepare(`SELECT
      (SELECT count(*) FROM notifications n JOIN messages m ON m.id = n.message_id WHERE m.direction = 'inbound') AS notes,
      (SELECT count(DISTINCT message_id) FROM attributions) AS attributed,
      (SELECT count(*) FROM (SELECT message_id, dealer_account_id FROM attributions GROUP BY 1, 2 HAVING count(*) > 1)) AS dupAttr,
      (SELECT count(*) FROM (SELECT message_id, dealer_account_id FROM consent_events WHERE message_id IS NOT NULL AND source = 'inbound_keyword' GROUP BY 1, 2 HAVING count(*) > 1)) AS dupConsent`).get();
  assert.deepEqual(perReply, { notes: REPLIES, attributed: REPLIES, dupAttr: 0, dupConsent: 0 });
});
