// Core benchmark: consent decisions against a raw indexed lookup, blocked-send recording, timeline
// paging and lead search, over a generated store of 1M customers and 5M messages.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src-main/db/open-database.ts';
import { createCore } from '../src-main/core.ts';
import { systemClock } from '../src-main/clock.ts';
import type { TimelineCursor } from '../src-main/db/repos/timeline-repo.ts';
import { describeCoreData, generateCoreData, FULL_SPEC, type CoreDataSpec } from './generate-core-data.ts';
import { percentile, sortedSample, timeUs, type Emit } from './stats.ts';
import { seededRandom, pick } from './prng.ts';


/**
 * Runs the core benchmark. With `keepDbPath` the generated store is kept there and reused by later
 * runs with the same spec (generation takes minutes); otherwise it lives in a temporary folder.
 */
export async function runCoreBench(
  emit: Emit,
  spec: CoreDataSpec = FULL_SPEC,
  log: (s: string) => void = () => {},
  keepDbPath?: string,
) {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-bench-'));
  try {
    const path = keepDbPath ?? join(dir, 'bench.db');
    const reuse = keepDbPath !== undefined && existsSync(keepDbPath);
    let db = openDatabase(path);
    let t = Date.now();
    const data = reuse ? describeCoreData(db) : generateCoreData(db, spec);
    log(
      reuse
        ? `reusing ${path}`
        : `generated ${spec.customers} customers and ${spec.messages} messages in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    // Opening the store as the app does: schema check and PRAGMA quick_check before use (issue 14).
    db.close();
    t = performance.now();
    db = openDatabase(path);
    emit('store_open_with_quick_check_ms', performance.now() - t, 'ms');
    emit('store_file_mb', statSync(path).size / 1024 / 1024, 'MB');
    const core = createCore({ db, clock: systemClock });
    const random = seededRandom(7);

    // Consent decisions: the service against the same lookup with plain better-sqlite3, interleaved
    // so both see the same cache state. 95% allowed, 5% opted out, as generated.
    const raw = db.prepare('SELECT * FROM consent WHERE dealer_account_id = ? AND customer_id = ? AND channel = ?');
    const pairs: [number, number][] = [];
    for (let i = 0; i < 200_000; i++) {
      const customer = 1 + Math.floor(random() * spec.customers);
      pairs.push([data.customerAccount[customer]!, customer]);
    }
    for (const [a, c] of pairs.slice(0, 20_000)) {
      core.consent.decide(a, c, 'sms');
      raw.get(a, c, 'sms');
    }
    const service: number[] = [];
    const direct: number[] = [];
    for (const [a, c] of pairs) {
      service.push(timeUs(() => core.consent.decide(a, c, 'sms')));
      direct.push(timeUs(() => raw.get(a, c, 'sms')));
    }
    const s = sortedSample(service);
    const r = sortedSample(direct);
    emit('consent_decide_p50_us', percentile(s, 50), 'us');
    emit('consent_decide_p99_us', percentile(s, 99), 'us');
    emit('raw_indexed_lookup_p50_us', percentile(r, 50), 'us');
    emit('raw_indexed_lookup_p99_us', percentile(r, 99), 'us');
    emit('consent_decide_p99_vs_raw_ratio', percentile(s, 99) / percentile(r, 99), 'x');

    // Blocked sends: the full pipeline (validate, decide, record the attempt, refuse).
    const blockedSends = Math.min(20_000, data.optedOut.length);
    t = performance.now();
    for (let i = 0; i < blockedSends; i++) {
      const [account, customer] = data.optedOut[i]!;
      // A refusal is an answer of send(), not an exception.
      const r = await core.sends.send({ dealerAccountId: account, customerId: customer, body: 'Weekend sale on now!', actor: 'bench', origin: 'manual' });
      if (r.outcome !== 'refused' || r.refusal.code !== 'SMS_OPTED_OUT') throw new Error(`expected an SMS_OPTED_OUT refusal, got ${r.outcome}`);
    }
    emit('blocked_send_record_per_s', blockedSends / ((performance.now() - t) / 1000), 'sends/s');

    // Timeline: 50-item pages through a lead with 10,000 messages.
    const pageTimes: number[] = [];
    for (let round = 0; round < 20; round++) {
      let cursor: TimelineCursor | undefined;
      for (;;) {
        let next: TimelineCursor | null = null;
        pageTimes.push(timeUs(() => (next = core.store.timeline.page(data.heavyCustomer, 50, cursor).next)) / 1000);
        if (!next) break;
        cursor = next;
      }
    }
    emit('timeline_page_p99_ms', percentile(sortedSample(pageTimes), 99), 'ms');
    emit('timeline_pages_measured', pageTimes.length, 'pages');

    // Lead search: what the leads list does per keystroke (a page of matches with their total, then
    // each lead's accounts and consent).
    const queries: string[] = [];
    const names = ['ol', 'jac', 'charl', 'no', 'smi', 'wil', 'ngu', 'pat', "o'b", 'kel', 'mitch', 'zo', 'ha', 'r', 'le'];
    for (let i = 0; i < 2000; i++) {
      const kind = random();
      const id = 1 + Math.floor(random() * spec.customers);
      const mobile = `04${String(id * 7 + 10_000_000).slice(-8)}`;
      if (kind < 0.4) queries.push(pick(random, names));
      else if (kind < 0.6) queries.push(`${pick(random, names)} ${pick(random, names)}`);
      else if (kind < 0.8) queries.push(mobile.slice(0, 4 + Math.floor(random() * 6)));
      else queries.push(`${pick(random, ['olivia', 'jack', 'mia'])}.${pick(random, ['smith', 'lee'])}`);
    }
    const searchTimes = queries.map(
      (q) =>
        timeUs(() => {
          const { rows } = core.store.customers.find(q, 50);
          core.store.customers.leadAccounts(rows.map((c) => c.id));
        }) / 1000,
    );
    emit('leads_search_p99_ms', percentile(sortedSample(searchTimes), 99), 'ms');
    emit('leads_search_p50_ms', percentile(sortedSample(searchTimes), 50), 'ms');
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
