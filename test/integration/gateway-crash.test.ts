// R8 crash safety: a desk process (spawned with node --import tsx) ingests replies and sends
// queued messages against the simulator in this process, and is killed with SIGKILL at random
// points, at least 10 times while ingesting and 10 times while sending (20 kills), restarted each time. In
// the end nothing is lost and nothing is duplicated: every reply stored and processed once, every
// queued message sent at most once (exactly once unless refused), checked against the simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openDatabase, type Db } from '../../src-main/db/open-database.ts';
import { createStore } from '../../src-main/db/store.ts';
import { createCore } from '../../src-main/core.ts';
import { GatewaySimulator, seededRandom } from '../../src-main/gateway/simulator/index.ts';

const CHILD = join(import.meta.dirname, '..', 'support', 'crash-child.ts');
const SHARED = '+61480000021';
const OWN = '+61480000022';
const KILLS_PER_PHASE = 10;

interface Run {
  done: boolean;
  killed: boolean;
}

/** Runs the child; kills it `killAfterMs` after it is ready (unless it finished first). */
function runChild(mode: 'ingest' | 'send', dbPath: string, sim: GatewaySimulator, killAfterMs: number | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, dbPath, sim.url, sim.accountSid, sim.authToken], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let done = false;
    let killed = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'READY' && killAfterMs !== null) {
        setTimeout(() => {
          if (!done && child.exitCode === null) {
            killed = true;
            child.kill('SIGKILL');
          }
        }, killAfterMs);
      }
      if (line === 'DONE') done = true;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve({ done: false, killed: true });
      else if (code === 0 && done) resolve({ done: true, killed: false });
      else reject(new Error(`child ${mode} exited ${code ?? signal}: ${stderr}`));
    });
  });
}

function setUp(dbPath: string, sim: GatewaySimulator): { customers: string[] } {
  const db = openDatabase(dbPath);
  const now = Date.now();
  const core = createCore({ db, clock: Date.now });
  const { accounts } = core.store;
  const a = accounts.createAccount('A', 'Harbour City Toyota', now);
  const b = accounts.createAccount('B', 'Parramatta Mazda', now);
  const gw = accounts.createGatewayAccount(sim.accountSid, 'Group gateway', now);
  const shared = accounts.createSender(gw, 'number', SHARED, 'Shared', now);
  accounts.shareSender(shared, a);
  accounts.shareSender(shared, b);
  accounts.shareSender(accounts.createSender(gw, 'number', OWN, 'Toyota direct', now), a);
  const customers: string[] = [];
  for (let i = 0; i < 100; i++) {
    const mobile = `+6142${String(2_000_000 + i).padStart(7, '0')}`;
    const { customerId } = core.leads.createLead({ dealerAccountId: a, firstName: 'Crash', lastName: `No${i}`, mobile, optInToMarketing: true }, 'import');
    if (i % 3 !== 0) core.leads.createLead({ dealerAccountId: b, customerId, firstName: '', lastName: '', optInToMarketing: true }, 'import');
    customers.push(mobile);
  }
  db.close();
  return { customers };
}

function replyBody(i: number): string {
  if (i % 97 === 0) return 'STOP';
  if (i % 89 === 0) return 'START';
  if (i % 31 === 0) return 'please stop texting me';
  return `Reply ${i}`;
}

/** Queues sends as SendService does before dispatch: persisted rows with status queued. */
function queueSends(db: Db, from: number, count: number): void {
  const store = createStore(db);
  const senders = store.accounts.senders();
  const accounts = store.accounts.accounts();
  const now = Date.now();
  store.transaction(() => {
    for (let i = from; i < from + count; i++) {
      const customer = store.customers.get(1 + (i % 100))!;
      const sender = senders[i % senders.length]!;
      const owners = store.accounts.accountsOfSender(sender.id).filter((acc) => store.customers.isLeadOf(customer.id, acc.id));
      const account = owners[i % owners.length] ?? accounts[0]!;
      store.messages.insert({
        direction: 'outbound', origin: 'manual', status: 'queued', customerId: customer.id, dealerAccountId: account.id, senderId: sender.id,
        toNumber: customer.mobile!, fromNumber: sender.address, body: `Queued #${i}`, segments: 1, createdBy: 'crash-test', createdAt: now,
      });
    }
  });
}

test('R8 crash test: killed with SIGKILL at random points while ingesting and while sending, restarted each time; nothing lost or duplicated', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'desk.db');
  const random = seededRandom(99);
  const sim = new GatewaySimulator({
    random: seededRandom(5),
    ownedNumbers: [SHARED, OWN],
    enforceOptOut: false,
    timing: { queueMs: 50, deliverMs: 100 },
    faults: { rate500: 0.05, rateCut: 0.05, rateSlow: 0.05, rateDup: 0.2, slowMs: 2_500, seed: 3 },
  });
  await sim.start({ port: 0, host: '127.0.0.1' });
  t.after(() => sim.stop());
  const { customers } = setUp(dbPath, sim);

  let injected = 0;
  const inject = (n: number): void => {
    const start = Date.now() - n * 20;
    for (let k = 0; k < n; k++, injected++) {
      sim.injectInbound({ from: customers[(injected * 7) % customers.length]!, to: injected % 4 === 0 ? OWN : SHARED, body: replyBody(injected), at: start + k * 20 });
    }
  };

  // Ingestion, killed at random.
  inject(3_000);
  let kills = 0;
  let runs = 0;
  while (kills < KILLS_PER_PHASE) {
    runs++;
    const r = await runChild('ingest', dbPath, sim, 20 + Math.floor(random() * 400));
    if (r.killed) kills++;
    else inject(600); // finished before the kill: more work for the next run
  }
  assert.equal((await runChild('ingest', dbPath, sim, null)).done, true);
  t.diagnostic(`ingestion: ${kills} kills over ${runs} runs, ${injected} replies`);

  const db = openDatabase(dbPath);
  t.after(() => db.close());
  const one = <T>(sql: string): T => db.prepare(sql).get() as T;
  const inbound = sim.allMessages().filter((m) => m.direction === 'inbound');
  assert.equal(inbound.length, injected);
  const local = new Set((db.prepare(`SELECT gateway_sid AS sid FROM messages WHERE direction = 'inbound'`).all() as { sid: string }[]).map((r) => r.sid));
  assert.equal(local.size, injected, 'every reply stored once');
  for (const m of inbound) assert.ok(local.has(m.sid), `reply ${m.sid} stored`);
  assert.deepEqual(
    one(`SELECT
      (SELECT count(*) FROM notifications) AS notes,
      (SELECT count(DISTINCT message_id) FROM attributions) AS attributed,
      (SELECT count(*) FROM (SELECT 1 FROM attributions GROUP BY message_id, dealer_account_id HAVING count(*) > 1)) AS dupAttr,
      (SELECT count(*) FROM (SELECT 1 FROM consent_events WHERE source = 'inbound_keyword' GROUP BY message_id, dealer_account_id HAVING count(*) > 1)) AS dupConsent,
      (SELECT count(*) FROM (SELECT 1 FROM review_items GROUP BY kind, message_id, dealer_account_id HAVING count(*) > 1)) AS dupReview`),
    { notes: injected, attributed: injected, dupAttr: 0, dupConsent: 0, dupReview: 0 },
  );
  const keywords = inbound.filter((m) => m.body === 'STOP' || m.body === 'START').length;
  assert.ok(one<{ n: number }>(`SELECT count(DISTINCT message_id) AS n FROM consent_events WHERE source = 'inbound_keyword'`).n === keywords, 'every keyword applied');

  // Sending, killed at random.
  let queued = 0;
  queueSends(db, queued, 600);
  queued += 600;
  kills = 0;
  runs = 0;
  while (kills < KILLS_PER_PHASE) {
    runs++;
    const r = await runChild('send', dbPath, sim, 20 + Math.floor(random() * 400));
    if (r.killed) kills++;
    else {
      queueSends(db, queued, 200);
      queued += 200;
    }
  }
  assert.equal((await runChild('send', dbPath, sim, null)).done, true);
  const attempts = one<{ n: number; unknown: number; reconciled: number }>(
    `SELECT count(*) AS n, sum(outcome = 'unknown' OR outcome IS NULL) AS unknown, sum(outcome LIKE 'reconciled%') AS reconciled FROM outbox_attempts`,
  );
  const sentCount = one<{ n: number }>(`SELECT count(*) AS n FROM messages WHERE direction = 'outbound' AND gateway_sid IS NOT NULL`).n;
  t.diagnostic(`sending: ${kills} kills over ${runs} runs, ${queued} queued, ${sentCount} sent, ${attempts.n} attempts, ${attempts.reconciled} reconciled`);
  assert.ok(sentCount > queued / 2, 'most queued messages went out');
  assert.equal(attempts.unknown, 0, 'every attempt resolved');

  const rows = db.prepare(`SELECT body, status, gateway_sid FROM messages WHERE direction = 'outbound'`).all() as { body: string; status: string; gateway_sid: string | null }[];
  assert.equal(rows.length, queued, 'no send lost, none added');
  const sentBodies = new Map<string, number>();
  for (const m of sim.allMessages()) if (m.direction === 'outbound-api') sentBodies.set(m.body, (sentBodies.get(m.body) ?? 0) + 1);
  for (const r of rows) {
    const n = sentBodies.get(r.body) ?? 0;
    if (r.gateway_sid) {
      assert.equal(n, 1, `${r.body} sent exactly once`);
      assert.equal(sim.getMessage(r.gateway_sid)?.body, r.body);
    } else {
      assert.equal(n, 0, `${r.body} (${r.status}) never sent`);
      assert.ok(['blocked_opted_out', 'blocked_gateway'].includes(r.status), `${r.body}: ${r.status}`);
    }
  }
  assert.equal(one<{ n: number }>(`SELECT count(*) AS n FROM messages WHERE status IN ('queued', 'sending', 'unknown') AND gateway_sid IS NULL`).n, 0);
});
