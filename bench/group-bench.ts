// Group server benchmark (R11), on loopback, against a throw-away PostgreSQL cluster started for
// the run (scripts/pg-cluster.mjs; fsync off there, the same for every side measured):
//  - group_push_events_per_s: a desk pushing its queue (consent events read from SQLite, sent in
//    batches of 500, dropped from the queue) vs raw_pg_insert_rows_per_s: the same rows inserted
//    with plain `pg` in the same batches (one multi-row INSERT each). Alternated, best of rounds.
//  - group_pull_events_per_s: another desk pulling those events and applying them to its store
//    (customers and consent folded into SQLite) vs raw_pg_select_rows_per_s: the same rows selected
//    with plain `pg` in the same pages. Alternated, best of rounds.
//  - group_convergence_p50_ms / p99_ms: a consent change on desk A until desk B's store has it,
//    both running as in the app (LISTEN wake-up, periodic pull, quick push of local changes).
//  - send_group_check_p99_ms: the pre-send exchange of a desk that is up to date.
//  - group_join_*: a new desk joining a group holding 100,000 customers and 500,000 messages
//    (generated on the server): time until its store has everything, and its peak memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { uuidV7Generator } from '../src-main/uuid-v7.ts';
import pg from 'pg';
import { openDatabase } from '../src-main/db/open-database.ts';
import { createCore, type Core } from '../src-main/core.ts';
import { systemClock } from '../src-main/clock.ts';
import { PgGroupServer } from '../src-main/group/pg-group-server.ts';
import { startPgCluster } from '../scripts/pg-cluster.mjs';
import { percentile, sortedSample, type Emit } from './stats.ts';

export interface GroupBenchSpec {
  /** Consent events pushed and pulled in the throughput rounds. */
  events: number;
  convergenceSamples: number;
  checkSamples: number;
  joinCustomers: number;
  joinMessages: number;
}

export const GROUP_SPEC: GroupBenchSpec = { events: 20_000, convergenceSamples: 200, checkSamples: 500, joinCustomers: 100_000, joinMessages: 500_000 };
export const GROUP_SMALL: GroupBenchSpec = { events: 4_000, convergenceSamples: 50, checkSamples: 200, joinCustomers: 10_000, joinMessages: 50_000 };

const BATCH = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createDb(adminUrl: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

interface Desk {
  core: Core;
  server: PgGroupServer;
  close(): Promise<void>;
}

function openDesk(dir: string, name: string, url: string, o: { pullIntervalMs?: number } = {}): Desk {
  const db = openDatabase(join(dir, `${name}.db`));
  const core = createCore({ db, clock: systemClock, group: { batchSize: BATCH, pullIntervalMs: o.pullIntervalMs ?? 5_000, preSendTimeoutMs: 5_000 } });
  const server = new PgGroupServer({ url });
  core.group.attach(server);
  return {
    core,
    server,
    async close() {
      await core.group.stop();
      await server.close();
      db.close();
    },
  };
}

/** A desk with `n` consent events (and their customers and leads) queued, joined, nothing pushed. */
function seededDesk(dir: string, name: string, url: string, n: number): Desk {
  const d = openDesk(dir, name, url);
  const { core } = d;
  const acc = core.store.accounts.createAccount('FORD', 'Parramatta Ford', 0);
  core.store.group.join(randomUUID(), name, 0, true);
  const customers = Math.max(1, Math.floor(n / 4));
  core.store.transaction(() => {
    const ids: number[] = [];
    for (let i = 0; i < customers; i++) {
      ids.push(core.leads.createLead({ dealerAccountId: acc, firstName: 'Bench', lastName: `${name} ${i}`, mobile: `+6142${String(i).padStart(7, '0')}`, optInToMarketing: true }, 'import').customerId);
    }
    for (let i = 0; i < n; i++) {
      const change = { dealerAccountId: acc, customerId: ids[i % customers] as number, channel: 'sms' as const, actor: 'bench' };
      if (i % 2 === 0) core.consent.optOutManually(change);
      else core.consent.optInManually({ ...change, reason: 'bench' });
    }
  });
  return d;
}

/** Plain pg: the same rows, inserted BATCH per statement as the push does. */
async function rawInsert(url: string, rows: { uid: string; kind: string; subject: string; payload: string; occurredAt: number }[]): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  // The same table shape (defaults, keys, indexes), without the app's triggers.
  await c.query('CREATE TABLE IF NOT EXISTS raw_events (LIKE group_events INCLUDING ALL)');
  await c.query('TRUNCATE raw_events');
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += BATCH) {
    const b = rows.slice(i, i + BATCH);
    await c.query(
      `INSERT INTO raw_events (uid, kind, subject, desk, desk_name, actor, occurred_at, payload)
       SELECT u, k, s, 'raw', 'raw', 'bench', o, p::jsonb FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[]) AS t(u, k, o, p, s)`,
      [b.map((r) => r.uid), b.map((r) => r.kind), b.map((r) => String(r.occurredAt)), b.map((r) => r.payload), b.map((r) => r.subject)],
    );
  }
  const ms = performance.now() - t0;
  await c.end();
  return (rows.length / ms) * 1000;
}

/** Plain pg: the same rows, selected in BATCH pages by (xid, seq) as the pull does. */
async function rawSelect(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  let n = 0;
  let cursor: [string, string] = ['0', '0'];
  const t0 = performance.now();
  for (;;) {
    const r = await c.query<{ xid: string; seq: string }>(
      `SELECT xid::text AS xid, seq::text AS seq, uid, kind, subject, desk, desk_name, actor, occurred_at, payload FROM group_events
       WHERE (xid, seq) > ($1::xid8, $2::bigint) ORDER BY xid, seq LIMIT $3`,
      [cursor[0], cursor[1], BATCH],
    );
    n += r.rows.length;
    const last = r.rows[r.rows.length - 1];
    if (!last || r.rows.length < BATCH) break;
    cursor = [last.xid, last.seq];
  }
  const ms = performance.now() - t0;
  await c.end();
  return (n / ms) * 1000;
}

async function throughput(emit: Emit, adminUrl: string, spec: GroupBenchSpec, dir: string, log: (s: string) => void): Promise<void> {
  const rounds = 2;
  let bestPush = 0;
  let bestInsert = 0;
  let bestPull = 0;
  let bestSelect = 0;
  for (let round = 0; round < rounds; round++) {
    const url = await createDb(adminUrl, `bench_tp_${round}`);
    await new PgGroupServer({ url }).migrate();
    const a = seededDesk(dir, `pusher-${round}`, url, spec.events);
    const queued = a.core.store.group.waiting();
    // Raw first on even rounds, the desk first on odd ones. The same rows: ids of the kind the desk
    // makes (time-ordered, src-main/uuid-v7.ts), so both sides insert into the uid index alike.
    const id = uuidV7Generator(Date.now);
    const rows = Array.from({ length: queued }, (_, i) => ({ uid: id(), kind: 'consent_event', subject: randomUUID(), occurredAt: i, payload: JSON.stringify({ customer: randomUUID(), account: 'FORD', channel: 'sms', status: 'opted_out', source: 'manual', reason: null, keyword: null, supersedes: null, replySid: null, basisSid: null, basisAt: null, desk: 'bench' }) }));
    const runPush = async () => {
      const t0 = performance.now();
      const n = await a.core.group.pushOnly();
      return (n / (performance.now() - t0)) * 1000;
    };
    let push: number;
    let insert: number;
    if (round % 2 === 0) {
      insert = await rawInsert(url, rows);
      push = await runPush();
    } else {
      push = await runPush();
      insert = await rawInsert(url, rows);
    }
    bestPush = Math.max(bestPush, push);
    bestInsert = Math.max(bestInsert, insert);
    log(`round ${round}: push ${push.toFixed(0)}/s, raw insert ${insert.toFixed(0)}/s (${queued} events)`);

    const b = openDesk(dir, `puller-${round}`, url);
    b.core.store.group.join(randomUUID(), `puller-${round}`, 0, false);
    const runPull = async () => {
      const t0 = performance.now();
      const s = await b.core.group.exchange();
      return (s.pulled / (performance.now() - t0)) * 1000;
    };
    let pull: number;
    let select: number;
    if (round % 2 === 0) {
      select = await rawSelect(url);
      pull = await runPull();
    } else {
      pull = await runPull();
      select = await rawSelect(url);
    }
    bestPull = Math.max(bestPull, pull);
    bestSelect = Math.max(bestSelect, select);
    log(`round ${round}: pull ${pull.toFixed(0)}/s (applied into SQLite), raw select ${select.toFixed(0)}/s`);
    await a.close();
    await b.close();
  }
  emit('group_push_events_per_s', bestPush, 'events/s');
  emit('raw_pg_insert_rows_per_s', bestInsert, 'rows/s');
  emit('group_push_vs_raw_insert', bestPush / bestInsert, 'ratio');
  emit('group_pull_events_per_s', bestPull, 'events/s');
  emit('raw_pg_select_rows_per_s', bestSelect, 'rows/s');
  emit('group_pull_vs_raw_select', bestPull / bestSelect, 'ratio');
}

async function convergence(emit: Emit, adminUrl: string, spec: GroupBenchSpec, dir: string): Promise<void> {
  const url = await createDb(adminUrl, 'bench_conv');
  await new PgGroupServer({ url }).migrate();
  const a = openDesk(dir, 'conv-a', url);
  const acc = a.core.store.accounts.createAccount('FORD', 'Parramatta Ford', 0);
  const { customerId } = a.core.leads.createLead({ dealerAccountId: acc, firstName: 'Conv', lastName: 'Erge', mobile: '+61429999999', optInToMarketing: true }, 'import');
  await a.core.group.join('conv-a');
  const b = openDesk(dir, 'conv-b', url);
  await b.core.group.join('conv-b', { createSchema: false });
  a.core.group.start();
  b.core.group.start();
  await sleep(500);
  const bCustomer = b.core.store.customers.byMobile('+61429999999')[0]?.id as number;
  const bAcc = b.core.store.group.accountByCode('FORD') as number;
  const samples: number[] = [];
  for (let i = 0; i < spec.convergenceSamples; i++) {
    const want = i % 2 === 0 ? 'opted_out' : 'opted_in';
    const t0 = performance.now();
    if (want === 'opted_out') a.core.consent.optOutManually({ dealerAccountId: acc, customerId, channel: 'sms', actor: 'bench' });
    else a.core.consent.optInManually({ dealerAccountId: acc, customerId, channel: 'sms', actor: 'bench', reason: 'bench' });
    for (;;) {
      if (b.core.store.consent.current(bAcc, bCustomer, 'sms')?.status === want) break;
      if (performance.now() - t0 > 10_000) throw new Error('no convergence within 10 s');
      await sleep(2);
    }
    samples.push(performance.now() - t0);
  }
  const sorted = sortedSample(samples);
  emit('group_convergence_p50_ms', percentile(sorted, 50), 'ms');
  emit('group_convergence_p99_ms', percentile(sorted, 99), 'ms');

  // The pre-send exchange of a desk that is up to date.
  await b.core.group.stop();
  const checks: number[] = [];
  for (let i = 0; i < spec.checkSamples; i++) {
    const t0 = performance.now();
    await b.core.group.beforeSend();
    checks.push(performance.now() - t0);
  }
  const c = sortedSample(checks);
  emit('send_group_check_p50_ms', percentile(c, 50), 'ms');
  emit('send_group_check_p99_ms', percentile(c, 99), 'ms');
  await a.close();
  await b.close();
}

/** A group holding `customers` customers with leads and `messages` outbound records, generated on the server. */
async function generateGroup(url: string, customers: number, messages: number): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const desk = `'00000000-0000-4000-8000-00000000000a', 'Generator desk'`;
  await c.query(`INSERT INTO group_events (uid, kind, subject, desk, desk_name, actor, occurred_at, payload) VALUES
    (gen_random_uuid(), 'dealer_account', NULL, ${desk}, NULL, 0, '{"code":"FORD","name":"Parramatta Ford"}'),
    (gen_random_uuid(), 'dealer_account', NULL, ${desk}, NULL, 0, '{"code":"HYUNDAI","name":"Parramatta Hyundai"}'),
    (gen_random_uuid(), 'gateway_account', NULL, ${desk}, NULL, 0, '{"sid":"AC00000000000000000000000000000001","label":"Group gateway"}'),
    (gen_random_uuid(), 'sender', NULL, ${desk}, NULL, 0, '{"address":"+61480000001","kind":"number","label":"Shared","gatewayOptOut":true,"gatewaySid":"AC00000000000000000000000000000001","accounts":["FORD","HYUNDAI"]}')`);
  await c.query(
    `INSERT INTO group_events (uid, kind, subject, desk, desk_name, actor, occurred_at, payload)
     SELECT gen_random_uuid(), 'customer', 'c' || i, ${desk}, NULL, i,
            jsonb_build_object('customer', 'c' || i, 'firstName', 'Cust', 'lastName', 'No ' || i, 'mobile', '+6143' || lpad(i::text, 7, '0'),
                               'email', NULL, 'createdAt', i, 'updatedAt', i, 'phones', '[]'::jsonb)
     FROM generate_series(1, $1) i`,
    [customers],
  );
  await c.query(
    `INSERT INTO group_events (uid, kind, subject, desk, desk_name, actor, occurred_at, payload)
     SELECT gen_random_uuid(), 'lead', 'c' || i, ${desk}, NULL, i,
            jsonb_build_object('customer', 'c' || i, 'account', CASE WHEN i % 2 = 0 THEN 'FORD' ELSE 'HYUNDAI' END, 'source', 'import', 'createdAt', i)
     FROM generate_series(1, $1) i`,
    [customers],
  );
  for (let from = 1; from <= messages; from += 100_000) {
    await c.query(
      `INSERT INTO group_events (uid, kind, subject, desk, desk_name, actor, occurred_at, payload)
       SELECT gen_random_uuid(), 'outbound', 'c' || (1 + i % $3), ${desk}, 'sam', i,
              jsonb_build_object('sid', 'SM' || lpad(to_hex(i), 32, '0'), 'account', CASE WHEN i % 2 = 0 THEN 'FORD' ELSE 'HYUNDAI' END,
                                 'customer', 'c' || (1 + i % $3), 'sender', '+61480000001', 'to', '+6143' || lpad((1 + i % $3)::text, 7, '0'),
                                 'from', '+61480000001', 'body', 'Hi, your service is booked for Friday at 9am. Reply STOP to opt out.',
                                 'segments', 1, 'status', 'delivered', 'origin', 'manual', 'createdAt', 1700000000000 + i * 1000, 'sentAt', 1700000000000 + i * 1000)
       FROM generate_series($1::int, $2::int) i`,
      [from, Math.min(messages, from + 99_999), customers],
    );
  }
  await c.end();
}

async function joinBench(emit: Emit, adminUrl: string, spec: GroupBenchSpec, dir: string, log: (s: string) => void): Promise<void> {
  const url = await createDb(adminUrl, 'bench_join');
  await new PgGroupServer({ url }).migrate();
  const g0 = performance.now();
  await generateGroup(url, spec.joinCustomers, spec.joinMessages);
  log(`generated ${spec.joinCustomers} customers, ${spec.joinMessages} messages on the server in ${((performance.now() - g0) / 1000).toFixed(1)} s`);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const d = openDesk(dir, 'joiner', url);
  const t0 = performance.now();
  const stats = await d.core.group.join('New desk', { createSchema: false });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const customers = (d.core.store.db.prepare('SELECT count(*) AS n FROM customers').get() as { n: number }).n;
  log(`joined: ${stats.pulled} events pulled, ${stats.applied} applied, ${customers} customers in ${seconds.toFixed(1)} s`);
  if (customers < spec.joinCustomers) throw new Error(`join incomplete: ${customers} customers`);
  emit('group_join_seconds', seconds, 's');
  emit('group_join_events_per_s', stats.pulled / seconds, 'events/s');
  emit('group_join_peak_rss_mb', peak / 1_048_576, 'MB');
  emit('group_join_rss_growth_mb', (peak - before) / 1_048_576, 'MB');
  await d.close();
}

export async function runGroupBench(emit: Emit, spec: GroupBenchSpec, log: (s: string) => void): Promise<void> {
  const cluster = await startPgCluster({ settings: { shared_buffers: '256MB' } });
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-group-bench-'));
  try {
    log(`PostgreSQL on 127.0.0.1:${cluster.port}`);
    await throughput(emit, cluster.url, spec, dir, log);
    await convergence(emit, cluster.url, spec, dir);
    await joinBench(emit, cluster.url, spec, dir, log);
  } finally {
    cluster.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
