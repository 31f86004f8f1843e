// Issue 14, finding 3, with real processes: the desk is killed (kill -9) after it handed ten messages
// to a slow gateway and before it answered; the user, who saw no answer, sends each again with the
// same requestId (as the composer does) to the restarted desk. Every message leaves exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { call, journaled, kill9, newRequestId, seedDeskDb, startDesk, startSim, type Desk, type Sim } from '../support/desk-processes.ts';

const OWN = '+61480000041';
const SHARED = '+61480000042';

test('issue 14 finding 3 (R8): killed before the answer, then the same 10 sends retried with their requestIds: 10 messages, each sent once', { timeout: 150_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-retry-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'desk.db');
  const journal = join(dir, 'gateway.jsonl');
  let sim: Sim | null = null;
  let desk: Desk | null = null;
  t.after(async () => {
    await kill9(desk);
    await kill9(sim);
  });
  const { customers, dealerA } = await seedDeskDb(dbPath, 10, { own: OWN, shared: SHARED });

  // A gateway that takes 1.5 s to answer (it creates the message first, then answers).
  sim = await startSim(journal, [OWN, SHARED], 'slow=1,slowMs=1500');
  desk = await startDesk(dbPath, sim.info.url);
  const sends = customers.map((c, i) => ({ dealerAccountId: dealerA, customerId: c.id, body: `Retry test #${i}`, requestId: newRequestId() }));
  const first = sends.map((s) => call(desk!, 'sms.send', s));
  // Wait until the gateway has the messages, then kill the desk before it hears back.
  for (let i = 0; i < 200 && journaled(journal).filter((m) => m.direction === 'outbound-api').length < sends.length; i++) await new Promise((r) => setTimeout(r, 50));
  await kill9(desk);
  const answers = await Promise.all(first);
  assert.ok(answers.every((a) => 'lost' in a), `no answer reached the user: ${JSON.stringify(answers.filter((a) => !('lost' in a)))}`);
  assert.equal(journaled(journal).filter((m) => m.direction === 'outbound-api').length, sends.length, 'all ten were created at the gateway');

  // The user tries again; the gateway answers promptly now.
  await kill9(sim);
  sim = await startSim(journal, [OWN, SHARED], 'none');
  desk = await startDesk(dbPath, sim.info.url);
  const retries = await Promise.all(sends.map((s) => call(desk!, 'sms.send', s)));
  for (const r of retries) assert.ok('ok' in r && r.ok, JSON.stringify(r));

  // The outbox reconciles the unanswered attempts against the gateway (R8) rather than resending.
  const db = new Database(dbPath, { readonly: true });
  t.after(() => db.close());
  const settled = () => (db.prepare(`SELECT count(*) AS n FROM messages WHERE direction = 'outbound' AND gateway_sid IS NOT NULL`).get() as { n: number }).n;
  for (let i = 0; i < 300 && settled() < sends.length; i++) await new Promise((r) => setTimeout(r, 100));
  const rows = db.prepare(`SELECT request_id, body, gateway_sid FROM messages WHERE direction = 'outbound' ORDER BY id`).all() as { request_id: string; body: string; gateway_sid: string | null }[];
  assert.deepEqual(rows.map((r) => r.request_id), sends.map((s) => s.requestId), 'one message per request');
  const out = journaled(journal).filter((m) => m.direction === 'outbound-api');
  assert.equal(out.length, sends.length, 'nothing sent twice');
  for (const r of rows) assert.equal(out.find((m) => m.sid === r.gateway_sid)?.body, r.body, `${r.body} reconciled to the gateway's message`);
});
