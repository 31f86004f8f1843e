// Inbound ingestion benchmark: 200,000 inbound replies served by the local Twilio-compatible
// simulator at 1,000 per page, through the real adapter (official `twilio` client) and the poller
// (attribution R4, classification and reply processing R3, notifications) into a fresh SQLite file.
// Baselines from the same run: the same pages fetched through the twilio client and not processed
// (raw_fetch_msgs_per_s), and the same rows inserted with plain better-sqlite3 in one transaction
// per page (raw_insert_rows_per_s). Target: ingest >= half the slower baseline. The three are
// measured side by side (bench/side-by-side.ts): warmed up, alternated, median of the rounds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openDatabase, type Db } from '../src-main/db/open-database.ts';
import { createConnectedCore } from '../src-main/connected-core.ts';
import { TwilioGateway } from '../src-main/gateway/twilio-gateway.ts';
import type { GatewayMessage } from '../src-main/gateway/sms-gateway.ts';
import { benchMobile, type IngestSimSpec } from './ingest-data.ts';
import type { Emit } from './stats.ts';
import { medianRatio, sideBySide, type Side, type SideBySideOptions } from './side-by-side.ts';

export interface IngestBenchSpec {
  messages: number;
  pageSize: number;
  customers: number;
}

export const INGEST_SPEC: IngestBenchSpec = { messages: 200_000, pageSize: 1_000, customers: 20_000 };

const SENDERS = [
  { number: '+61480000101', label: 'Harbour City group (shared)', dealers: [0, 1] },
  { number: '+61480000102', label: 'Harbour City Toyota direct', dealers: [0] },
  { number: '+61480000103', label: 'Westside Kia', dealers: [2] },
  { number: '+61480000104', label: 'Group service line (shared)', dealers: [0, 1, 2] },
];
const DEALERS = ['Harbour City Toyota', 'Harbour City Mazda', 'Westside Kia'];

interface SimHandle {
  url: string;
  accountSid: string;
  authToken: string;
  stop(): Promise<void>;
}

/** The simulator on a worker thread, loaded with the spec's replies. */
function startSimWorker(spec: IngestSimSpec): Promise<SimHandle> {
  // A worker does not inherit the tsx loader: register it, then load the TypeScript entry.
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./ingest-sim-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: spec });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: { url: string; accountSid: string; authToken: string }) => {
      resolve({
        ...m,
        stop: async () => {
          worker.postMessage('stop');
          await new Promise((r) => worker.once('exit', r));
        },
      });
    });
  });
}

export interface IngestBenchOptions {
  /** Measured rounds (median reported); default 3. */
  rounds?: number;
  /** Unmeasured runs of every side first; default 1. */
  warmups?: number;
  /** Sees every run (tests check the schedule). */
  onRun?: SideBySideOptions['onRun'];
}

/**
 * The three sides (raw fetch, raw insert, the real ingest) are measured side by side with
 * sideBySide(): each warmed up first, then in rounds of alternating order, each round on a fresh
 * store; each metric is the median of the rounds, and the ratio the median of per-round ratios.
 */
export async function runIngestBench(
  emit: Emit,
  spec: IngestBenchSpec = INGEST_SPEC,
  log: (s: string) => void = () => {},
  options: IngestBenchOptions = {},
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-ingest-bench-'));
  const t0 = Date.now() - spec.messages * 50 - 60_000;
  const t = Date.now();
  const sim = await startSimWorker({ messages: spec.messages, customers: spec.customers, senders: SENDERS.map((s) => s.number), startMs: t0 });
  log(`simulator (worker thread) holds ${spec.messages} inbound messages (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  try {
    const since = t0 - 1000;
    const gateway = (): TwilioGateway =>
      new TwilioGateway({ accountSid: sim.accountSid, authToken: sim.authToken, baseUrl: sim.url, timeoutMs: 60_000 });

    /** Every page of every sender through the twilio client, not processed. */
    const fetchAll = async (): Promise<GatewayMessage[][]> => {
      const g = gateway();
      const pages: GatewayMessage[][] = [];
      for (const s of SENDERS) {
        let page = await g.listMessages({ to: s.number, dateSentAfter: since, pageSize: spec.pageSize });
        pages.push(page.messages);
        while (page.nextPageUrl) {
          page = await g.listMessages({ pageUrl: page.nextPageUrl });
          pages.push(page.messages);
        }
      }
      const n = pages.reduce((a, p) => a + p.length, 0);
      if (n !== spec.messages) throw new Error(`raw fetch saw ${n} messages, expected ${spec.messages}`);
      return pages;
    };
    const pages = await fetchAll(); // the data set the insert baseline writes (untimed)

    let db: Db | null = null;
    const fresh = (name: string, round: number): Db => {
      db = openDatabase(join(dir, `${name}-${round < 0 ? `w${-round}` : round}.db`));
      return db;
    };
    const dropDb = (): void => {
      const d = db as Db | null;
      if (!d) return;
      const file = d.name;
      d.close();
      db = null;
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    };
    const timed = async (fn: () => Promise<number> | number): Promise<number> => {
      const start = performance.now();
      const n = await fn();
      return n / ((performance.now() - start) / 1000);
    };

    // Baseline 1: the same pages through the twilio client, not processed.
    const rawFetch: Side = {
      name: 'raw_fetch',
      run: () => timed(async () => (await fetchAll()).reduce((a, p) => a + p.length, 0)),
    };

    // Baseline 2: the same rows, plain better-sqlite3, one transaction per page, same schema.
    let insertPage: ((rows: GatewayMessage[]) => void) | null = null;
    const rawInsert: Side = {
      name: 'raw_insert',
      prepare: (round) => {
        const d = fresh('raw', round);
        const insert = d.prepare(
          `INSERT INTO messages (direction, origin, status, to_number, from_number, body, segments, gateway_sid, created_at, sent_at, updated_at)
           VALUES ('inbound', 'inbound', 'received', ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        insertPage = d.transaction((rows: GatewayMessage[]) => {
          for (const m of rows) insert.run(m.to, m.from, m.body, m.numSegments, m.sid, m.dateSent, m.dateSent, m.dateSent);
        });
      },
      run: () =>
        timed(() => {
          for (const p of pages) insertPage!(p);
          return spec.messages;
        }),
      cleanup: dropDb,
    };

    // The real thing: adapter + poller + attribution + reply processing, into a fresh file.
    let ingestCore: ReturnType<typeof createConnectedCore> | null = null;
    let senderIds: number[] = [];
    const ingest: Side = {
      name: 'inbound_ingest',
      prepare: (round) => {
        const d = fresh('ingest', round);
        const prepared = prepareIngestStore(d, gateway(), spec, since, sim.accountSid, t0);
        ingestCore = prepared.core;
        senderIds = prepared.senders;
      },
      run: () =>
        timed(async () => {
          let inserted = 0;
          for (const id of senderIds) {
            const sender = ingestCore!.store.accounts.sender(id)!;
            const r = await ingestCore!.poller.pollSender(sender);
            if (!r.complete || r.error) throw new Error(`poll of ${sender.address} did not complete: ${r.error?.message}`);
            inserted += r.stats.inserted;
          }
          if (inserted !== spec.messages) throw new Error(`ingest stored ${inserted} messages, expected ${spec.messages}`);
          return inserted;
        }),
      cleanup: () => {
        ingestCore = null;
        dropDb();
      },
    };

    const result = await sideBySide([rawFetch, rawInsert, ingest], {
      rounds: options.rounds ?? 3,
      warmups: options.warmups ?? 1,
      onRun: (e) => {
        log(`${e.warmup ? 'warm-up' : `round ${e.round + 1}`}: ${e.side} ${e.rate.toFixed(0)}/s`);
        options.onRun?.(e);
      },
    });
    const fetchRounds = result.sides.raw_fetch!.rounds;
    const insertRounds = result.sides.raw_insert!.rounds;
    emit('raw_fetch_msgs_per_s', result.sides.raw_fetch!.median, 'msgs/s');
    emit('raw_insert_rows_per_s', result.sides.raw_insert!.median, 'rows/s');
    emit('inbound_ingest_msgs_per_s', result.sides.inbound_ingest!.median, 'msgs/s');
    // The target: at least 0.5 (each round's ingest against that round's slower baseline).
    emit('inbound_ingest_vs_slower_baseline', medianRatio(result, 'inbound_ingest', (r) => Math.min(fetchRounds[r]!, insertRounds[r]!)), 'ratio');
    log(`orders: ${result.orders.map((o) => o.join(' > ')).join(' | ')}`);
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh store with the dealers, the gateway account, its senders and the customers (untimed). */
function prepareIngestStore(
  db: Db,
  gw: TwilioGateway,
  spec: IngestBenchSpec,
  since: number,
  accountSid: string,
  t0: number,
): { core: ReturnType<typeof createConnectedCore>; senders: number[] } {
  const clock = () => Date.now();
  const core = createConnectedCore({ db, gateway: gw, clock, poller: { pageSize: spec.pageSize, initialLookbackMs: Date.now() - since + 86_400_000 } });
  const { accounts } = core.store;
  const now = Date.now();
  const dealerIds = DEALERS.map((name, i) => accounts.createAccount(`D${i}`, name, now));
  const gwId = accounts.createGatewayAccount(accountSid, 'Group gateway', now);
  const senders = SENDERS.map((s) => {
    const id = accounts.createSender(gwId, 'number', s.number, s.label, now);
    for (const d of s.dealers) accounts.shareSender(id, dealerIds[d]!);
    return id;
  });
  core.store.transaction(() => {
    for (let i = 0; i < spec.customers; i++) {
      const { customerId } = core.leads.createLead(
        { dealerAccountId: dealerIds[i % 3]!, firstName: 'Bench', lastName: `Customer ${i}`, mobile: benchMobile(i).replace('+61', '0'), optInToMarketing: true },
        'bench',
      );
      if (i % 2 === 0) core.leads.createLead({ dealerAccountId: dealerIds[(i + 1) % 3]!, customerId, firstName: '', lastName: '', optInToMarketing: true }, 'bench');
      // Half the customers have an earlier message through a shared sender (R4 latest outbound).
      if (i % 2 === 0) {
        core.store.messages.insert({
          direction: 'outbound', origin: 'manual', status: 'delivered', customerId, dealerAccountId: dealerIds[i % 3]!, senderId: senders[0]!,
          toNumber: benchMobile(i), fromNumber: SENDERS[0]!.number, body: 'Hi, thanks for your enquiry', segments: 1,
          gatewaySid: `SMbench${String(i).padStart(27, '0')}`, createdAt: t0 - 3_600_000,
        });
      }
    }
  });
  return { core, senders };
}
