// R8 crash test (issue 14): the desk, run as `smsdesk serve` runs it (instance lock, background poll
// and outbox, web host), and the gateway itself (a journaled simulator process that, like Twilio,
// never forgets a message it created) are killed with SIGKILL at random points while customers
// reply and staff send through sms.send, with the gateway failing about a third of its requests
// (500, 429, answers cut off after the message was created, slow answers). A send whose answer was
// lost is sent again with the same requestId, as the composer does. In the end nothing is lost and
// nothing is doubled: checked against the gateway's own journal.
//
// SMSDESK_CRASH_KILLS sets the number of kill points (default 100, bounded for CI; e.g. 1000 for a
// long run). SMSDESK_CRASH_SEED picks the random schedule (default 14).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { seededRandom } from '../../src-main/seeded-random.ts';
import { alive, call, exited, inject, journaled, kill9, newRequestId, seedDeskDb, startDesk, startSim, type CallResult, type Desk, type Sim } from '../support/desk-processes.ts';

const OWN = '+61480000051';
const SHARED = '+61480000052';
const KILLS = Math.max(1, Number(process.env.SMSDESK_CRASH_KILLS ?? 100));
const SEED = Number(process.env.SMSDESK_CRASH_SEED ?? 14);
// 30 % of requests fail: 10 % 500, 5 % 429, 10 % cut off after the message was created, 5 % slow.
const FAULTS = `500=0.1,429=0.05,cut=0.1,slow=0.05,slowMs=700,dup=0.2,retryAfter=0,seed=${SEED}`;
const REPLIES = ['STOP', 'START', 'Stop.', 'UNSUBSCRIBE', 'please stop texting me', 'Sounds good', 'Can I come Saturday?', 'yes'];

interface Send {
  requestId: string;
  input: { dealerAccountId: number; customerId: number; body: string; requestId: string };
  answers: CallResult[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(`R8 crash test: ${KILLS} kill -9 points of the desk and of the gateway while sending and ingesting, gateway faults 30 %; nothing lost, nothing doubled`, { timeout: Math.max(600_000, KILLS * 6_000) }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-kill9-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'desk.db');
  const journal = join(dir, 'gateway.jsonl');
  const random = seededRandom(SEED);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  let sim: Sim | null = null;
  let desk: Desk | null = null;
  t.after(async () => {
    await kill9(desk);
    await kill9(sim);
  });
  const { customers, dealerA, dealerB } = await seedDeskDb(dbPath, 60, { own: OWN, shared: SHARED });
  const leadOfB = new Set(customers.filter((_, i) => i % 3 !== 0).map((c) => c.id));
  const db = new Database(dbPath, { readonly: true });
  t.after(() => db.close());
  const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;

  const sends: Send[] = [];
  let injected = 0;
  let injectLost = 0;
  const stats = { deskKills: 0, simKills: 0, whileSending: 0, whileIngesting: 0, cycles: 0, retried: 0 };
  const started = Date.now();

  const newSend = (): Send => {
    const c = pick(customers);
    const account = leadOfB.has(c.id) && random() < 0.5 ? dealerB : dealerA;
    const requestId = newRequestId();
    const s: Send = { requestId, input: { dealerAccountId: account, customerId: c.id, body: `Crash #${sends.length} for ${c.mobile}`, requestId }, answers: [] };
    sends.push(s);
    return s;
  };

  while (stats.deskKills + stats.simKills < KILLS) {
    stats.cycles++;
    const s: Sim = sim !== null && alive(sim) ? sim : await startSim(journal, [OWN, SHARED], FAULTS, sim ?? undefined);
    const d: Desk = desk !== null && alive(desk) ? desk : await startDesk(dbPath, s.info.url);
    sim = s;
    desk = d;
    // Work in flight when the kill comes: new sends, sends whose answer was lost sent again (same
    // requestId), and customers' replies.
    const work: Promise<unknown>[] = [];
    for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
      const send = newSend();
      work.push(call(d, 'sms.send', send.input).then((a) => send.answers.push(a)));
    }
    for (const send of sends.filter((x) => x.answers.length > 0 && x.answers.every((a) => 'lost' in a)).slice(0, 3)) {
      stats.retried++;
      work.push(call(d, 'sms.send', send.input).then((a) => send.answers.push(a)));
    }
    for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
      work.push(
        inject(s, { from: pick(customers).mobile, to: random() < 0.5 ? OWN : SHARED, body: pick(REPLIES) }).then((sid) => (sid ? injected++ : injectLost++)),
      );
    }
    await sleep(20 + Math.floor(random() * 300));
    // What the desk is in the middle of at the kill.
    const inbound = journaled(journal).filter((m) => m.direction === 'inbound').length;
    if (inbound > count(`SELECT count(*) AS n FROM messages WHERE direction = 'inbound'`)) stats.whileIngesting++;
    if (count(`SELECT count(*) AS n FROM messages WHERE direction = 'outbound' AND status IN ('queued', 'sending', 'unknown')`) > 0) stats.whileSending++;
    const r = random();
    if (r < 0.7 || r >= 0.85) {
      await kill9(desk);
      stats.deskKills++;
    }
    if (r >= 0.7) {
      await kill9(sim);
      stats.simKills++;
    }
    await Promise.all(work);
  }

  // The end: the gateway back without faults, the desk up; every send still without an answer is
  // sent once more with its requestId, and the desk drains its outbox and polls everything.
  await kill9(sim);
  sim = await startSim(journal, [OWN, SHARED], 'none', sim ?? undefined);
  await kill9(desk);
  desk = await startDesk(dbPath, sim.info.url);
  for (const send of sends.filter((x) => x.answers.every((a) => 'lost' in a))) {
    send.answers.push(await call(desk, 'sms.send', send.input));
  }
  const inboundAtGateway = journaled(journal).filter((m) => m.direction === 'inbound').length;
  for (let i = 0; i < 600; i++) {
    const waiting = count(`SELECT count(*) AS n FROM messages WHERE direction = 'outbound' AND status IN ('queued', 'sending', 'unknown')`);
    const stored = count(`SELECT count(*) AS n FROM messages WHERE direction = 'inbound'`);
    if (waiting === 0 && stored >= inboundAtGateway) break;
    await sleep(100);
  }
  desk.child.kill('SIGTERM');
  await exited(desk.child);

  const gateway = journaled(journal);
  const outbound = gateway.filter((m) => m.direction === 'outbound-api');
  const inbound = gateway.filter((m) => m.direction === 'inbound');
  t.diagnostic(
    `${stats.deskKills} desk + ${stats.simKills} gateway kills in ${stats.cycles} cycles (${Math.round((Date.now() - started) / 1000)} s): ` +
      `${stats.whileSending} with sends waiting, ${stats.whileIngesting} with replies not yet ingested; ` +
      `${sends.length} sends (${sends.filter((x) => x.answers.some((a) => 'lost' in a)).length} lost an answer, ${stats.retried} retries), ` +
      `${outbound.length} sent; ${inbound.length} replies (${injectLost} injections cut off)`,
  );
  assert.ok(stats.deskKills >= KILLS * 0.6 && stats.simKills >= KILLS * 0.15, 'both processes killed');
  assert.ok(stats.whileSending >= KILLS * 0.3 && stats.whileIngesting >= KILLS * 0.1, 'kills land while sending and while ingesting');

  // Sending: one row per request, every answered request has its row, no message sent twice.
  const rows = db.prepare(`SELECT id, request_id, body, status, gateway_sid FROM messages WHERE direction = 'outbound' ORDER BY id`).all() as {
    id: number; request_id: string | null; body: string; status: string; gateway_sid: string | null;
  }[];
  const byRequest = new Map(rows.map((r) => [r.request_id, r]));
  assert.equal(byRequest.size, rows.length, 'one row per requestId');
  for (const send of sends) {
    const answered = send.answers.find((a): a is { ok: true; value: { message: { id: number } } } => 'ok' in a && a.ok);
    const row = byRequest.get(send.requestId);
    assert.ok(row, `${send.input.body}: the user's last try was answered, so it is recorded`);
    if (answered) assert.equal(answered.value.message.id, row.id, 'every answer names the one message');
  }
  const sentBodies = new Map<string, number>();
  for (const m of outbound) sentBodies.set(m.body, (sentBodies.get(m.body) ?? 0) + 1);
  assert.deepEqual([...sentBodies].filter(([, n]) => n > 1), [], 'nothing sent twice');
  for (const r of rows) {
    if (r.gateway_sid) assert.equal(outbound.find((m) => m.sid === r.gateway_sid)?.body, r.body, `${r.body}: its SID is its message at the gateway`);
    else {
      assert.ok(['blocked_opted_out', 'blocked_gateway', 'held_review'].includes(r.status), `${r.body}: ${r.status}, never left`);
      assert.equal(sentBodies.get(r.body) ?? 0, 0, `${r.body} (${r.status}) was never sent`);
    }
  }
  assert.equal(outbound.length, rows.filter((r) => r.gateway_sid).length, 'every message the gateway has is one of ours, recorded');
  assert.equal(count(`SELECT count(*) AS n FROM messages WHERE origin = 'remote'`), 0, 'no own message taken for another install\'s');
  assert.equal(count(`SELECT count(*) AS n FROM outbox_attempts WHERE outcome IS NULL OR outcome = 'unknown'`), 0, 'every attempt resolved');

  // Ingestion: every reply the gateway has is stored once, attributed once, notified once, and
  // every keyword applied once per account and record.
  const local = db.prepare(`SELECT gateway_sid AS sid FROM messages WHERE direction = 'inbound'`).all() as { sid: string }[];
  assert.equal(local.length, inbound.length, 'every reply stored once');
  const localSids = new Set(local.map((r) => r.sid));
  for (const m of inbound) assert.ok(localSids.has(m.sid), `reply ${m.sid} stored`);
  assert.deepEqual(
    db.prepare(`SELECT
      (SELECT count(*) FROM notifications n JOIN messages m ON m.id = n.message_id WHERE m.direction = 'inbound') AS notes,
      (SELECT count(DISTINCT message_id) FROM attributions) AS attributed,
      (SELECT count(*) FROM (SELECT 1 FROM attributions GROUP BY message_id, dealer_account_id HAVING count(*) > 1)) AS dupAttr,
      (SELECT count(*) FROM (SELECT 1 FROM consent_events WHERE source = 'inbound_keyword' GROUP BY message_id, dealer_account_id, customer_id HAVING count(*) > 1)) AS dupConsent,
      (SELECT count(*) FROM (SELECT 1 FROM review_items GROUP BY kind, message_id, dealer_account_id HAVING count(*) > 1)) AS dupReview`).get(),
    { notes: inbound.length, attributed: inbound.length, dupAttr: 0, dupConsent: 0, dupReview: 0 },
  );
  assert.equal(
    count(`SELECT count(*) AS n FROM messages m WHERE m.direction = 'inbound' AND upper(trim(m.body, ' .')) IN ('STOP', 'START', 'UNSUBSCRIBE', 'YES')
      AND NOT EXISTS (SELECT 1 FROM consent_events e WHERE e.message_id = m.id AND e.source = 'inbound_keyword')`),
    0,
    'every keyword reply applied',
  );
  assert.equal((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
});
