// Compliance benchmark (issue 12):
//  - report_consent_ms: every chart of the Reports screen (reports.consent) over the core store
//    (1M customers / 5M messages; --small: 100k / 500k), all time, all accounts; median of runs.
//    The store gets the seed's cross-dealer opt-outs (0.15 % of the opted out) and open reviews.
//  - export_consent_rows_per_s: the consent register of 1,000,000 consent events to a file, with
//    the process's peak RSS while it runs (bounded memory: pages of 2,000 rows).
//  - import_leads_rows_per_s against raw_insert_rows_per_s: the same 100,000 rows, imported from
//    CSV (parse, check, find existing, batches, import keys, R10 opt-outs) and inserted with the
//    store's own inserts from rows already parsed, each into a fresh store, warmed up and
//    alternated in one run; import_vs_raw_ratio (target >= 0.5), peak RSS of each.
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../src-main/db/open-database.ts';
import { createCore } from '../src-main/core.ts';
import { systemClock } from '../src-main/clock.ts';
import { textSource } from '../src-main/imports/lead-import-service.ts';
import { writeExport } from '../src-main/reports/csv-export.ts';
import { normaliseAuMobile } from '../shared/phone.ts';
import { describeCoreData, generateCoreData, type CoreDataSpec } from './generate-core-data.ts';
import { type Emit } from './stats.ts';
import { medianRatio, sideBySide } from './side-by-side.ts';

const rssMb = () => process.memoryUsage.rss() / 1_048_576;

/** Samples RSS every 20 ms while `fn` runs (it must yield now and then); answers its peak in MB. */
async function peakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peak = rssMb();
  const timer = setInterval(() => (peak = Math.max(peak, rssMb())), 20);
  try {
    const value = await fn();
    peak = Math.max(peak, rssMb());
    return { value, peakMb: peak };
  } finally {
    clearInterval(timer);
  }
}

function addCrossDealerAndReviews(db: Db, share = 0.0015) {
  // The seed's case: opt-outs applied across dealers because the reply could not be attributed.
  const optedOut = db.prepare("SELECT customer_id, dealer_account_id, occurred_at FROM consent_events WHERE status = 'opted_out' ORDER BY id").all() as {
    customer_id: number;
    dealer_account_id: number;
    occurred_at: number;
  }[];
  const every = Math.max(1, Math.round(1 / share / 20));
  const insMsg = db.prepare(
    "INSERT INTO messages (direction, origin, status, customer_id, dealer_account_id, to_number, from_number, body, created_at, updated_at) VALUES ('inbound', 'inbound', 'received', ?, NULL, '+61480000000', '+61400000000', 'STOP', ?, ?)",
  );
  const insEv = db.prepare(
    "INSERT INTO consent_events (dealer_account_id, customer_id, channel, status, source, keyword, message_id, occurred_at) VALUES (?, ?, 'sms', 'opted_out', 'inbound_keyword', 'STOP', ?, ?)",
  );
  const insAttr = db.prepare("INSERT INTO attributions (message_id, dealer_account_id, rule, reason, decided_at) VALUES (?, ?, 'all_sharing_accounts', 'bench', ?)");
  const insReview = db.prepare("INSERT INTO review_items (kind, message_id, customer_id, created_at) VALUES ('unattributed', ?, ?, ?)");
  const insBlocked = db.prepare(
    "INSERT INTO messages (direction, origin, status, customer_id, dealer_account_id, to_number, body, created_at, updated_at) VALUES ('outbound', 'manual', 'blocked_opted_out', ?, ?, '+61400000000', 'Hi', ?, ?)",
  );
  let n = 0;
  db.transaction(() => {
    for (let i = 0; i < optedOut.length; i += every) {
      const o = optedOut[i]!;
      const at = o.occurred_at + 1000;
      const m = Number(insMsg.run(o.customer_id, at, at).lastInsertRowid);
      insEv.run(o.dealer_account_id, o.customer_id, m, at);
      insAttr.run(m, o.dealer_account_id, at);
      insReview.run(m, o.customer_id, at);
      insBlocked.run(o.customer_id, o.dealer_account_id, at + 3_600_000, at + 3_600_000);
      n++;
    }
  })();
  db.exec('ANALYZE');
  return n;
}

async function reportBench(emit: Emit, spec: CoreDataSpec, log: (s: string) => void, dir: string, keepDbPath?: string) {
  const path = keepDbPath ? `${keepDbPath}.compliance` : join(dir, 'report.db');
  const reuse = keepDbPath !== undefined && existsSync(path);
  const db = openDatabase(path);
  try {
    let t = Date.now();
    if (!reuse) {
      generateCoreData(db, spec);
      const n = addCrossDealerAndReviews(db);
      log(`report store: ${spec.customers} customers, ${spec.messages} messages, ${n} cross-dealer opt-outs in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    } else {
      describeCoreData(db);
      log(`reusing ${path}`);
    }
    const core = createCore({ db, clock: systemClock });
    // The screen opens on the last 30 days (here: the data's last 30 days); all time is the worst case.
    const last = (db.prepare('SELECT max(created_at) FROM messages').pluck().get() as number | null) ?? Date.now();
    const ranges = {
      report_consent_ms: { from: last - 30 * 86_400_000, to: last + 1, dealerAccountId: null },
      report_consent_all_time_ms: { from: last - 729 * 86_400_000, to: last + 1, dealerAccountId: null },
    };
    for (const [metric, range] of Object.entries(ranges)) {
      core.reports.consent(range, 'Australia/Sydney', Date.now());
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        t = performance.now();
        const r = core.reports.consent(range, 'Australia/Sydney', Date.now());
        times.push(performance.now() - t);
        if (i === 0) log(`${metric}: ${r.days.length} days, ${r.optOutsByHow.length} how-series, ${r.blocked.length} accounts, ${r.blocked.reduce((a, b) => a + b.attempts, 0)} attempts, cross-dealer ${r.blocked.reduce((a, b) => a + b.crossDealer, 0)}, open reviews ${r.reviews.open}`);
      }
      times.sort((a, b) => a - b);
      emit(metric, times[2]!, 'ms');
    }
  } finally {
    db.close();
  }
}

async function exportBench(emit: Emit, rows: number, log: (s: string) => void, dir: string) {
  const db = openDatabase(join(dir, 'export.db'));
  try {
    const now = Date.UTC(2026, 0, 1);
    db.pragma('synchronous = OFF');
    db.prepare("INSERT INTO dealer_accounts (id, code, name, created_at) VALUES (1, 'A', 'Harbour City Toyota', 0), (2, 'B', 'Parramatta Mazda', 0)").run();
    const customers = Math.ceil(rows / 10);
    const insC = db.prepare('INSERT INTO customers (id, first_name, last_name, mobile, email, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, 0, 0)');
    const insM = db.prepare("INSERT INTO messages (id, direction, origin, status, customer_id, to_number, from_number, body, created_at, updated_at) VALUES (?, 'inbound', 'inbound', 'received', ?, '+61480000001', ?, 'STOP', ?, ?)");
    const insA = db.prepare("INSERT INTO attributions (message_id, dealer_account_id, rule, reason, decided_at) VALUES (?, ?, 'latest_outbound', 'The latest message to the number through it was sent for this account.', ?)");
    const insE = db.prepare(
      'INSERT INTO consent_events (dealer_account_id, customer_id, channel, status, source, actor, reason, keyword, message_id, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (let c = 1; c <= customers; c++) insC.run(c, `First${c}`, `Last, ${c}`, `+614${String(10_000_000 + c).slice(-8)}`);
      for (let i = 0; i < rows; i++) {
        const c = 1 + (i % customers);
        const at = now + i * 1000;
        const account = 1 + (i % 2);
        if (i % 4 === 0) {
          insM.run(i + 1, c, `+614${String(10_000_000 + c).slice(-8)}`, at, at);
          insA.run(i + 1, account, at);
          insE.run(account, c, 'sms', 'opted_out', 'inbound_keyword', null, null, 'STOP', i + 1, at);
        } else {
          insE.run(account, c, i % 3 ? 'sms' : 'email', i % 2 ? 'opted_in' : 'opted_out', 'manual', 'Sam', 'Asked at the counter, "no more"', null, null, at);
        }
      }
    })();
    db.exec('ANALYZE');
    const core = createCore({ db, clock: systemClock });
    const out = join(dir, 'consent.csv');
    const before = rssMb();
    const t = performance.now();
    const { value, peakMb } = await peakRss(() => writeExport({ kind: 'consent' }, { store: core.store, timeZone: 'Australia/Sydney', desk: 'bench' }, createWriteStream(out)));
    const s = (performance.now() - t) / 1000;
    log(`export: ${value.rows} rows in ${s.toFixed(1)} s; RSS ${before.toFixed(0)} MB before, ${peakMb.toFixed(0)} MB peak`);
    emit('export_consent_rows', value.rows, 'rows');
    emit('export_consent_rows_per_s', value.rows / s, 'rows/s');
    emit('export_consent_peak_rss_mb', peakMb, 'MB');
    emit('export_consent_rss_growth_mb', peakMb - before, 'MB');
  } finally {
    db.close();
  }
}

function leadRows(n: number): { csv: string; rows: { id: string; first: string; last: string; mobile: string; email: string; optIn: boolean }[] } {
  const rows = [];
  const lines = ['Lead ID,First Name,Surname,Mobile,Email,Opt in to future marketing communication,Notes'];
  for (let i = 0; i < n; i++) {
    const r = { id: `L${i}`, first: `First${i}`, last: `Last${i}`, mobile: `04${String(20_000_000 + i).padStart(8, '0')}`, email: `lead${i}@example.com`, optIn: i % 5 !== 0 };
    rows.push(r);
    lines.push(`${r.id},${r.first},${r.last},${r.mobile.slice(0, 4)} ${r.mobile.slice(4, 7)} ${r.mobile.slice(7)},${r.email},${r.optIn ? 'Yes' : 'No'},"Walk-in, test drive"`);
  }
  return { csv: `\uFEFF${lines.join('\r\n')}\r\n`, rows };
}

function freshStore(dir: string, name: string) {
  const path = join(dir, name);
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  const db = openDatabase(path);
  const core = createCore({ db, clock: systemClock });
  const account = core.store.accounts.createAccount('A', 'Harbour City Toyota', 0);
  return { db, core, account };
}

async function importBench(emit: Emit, n: number, log: (s: string) => void, dir: string, rounds: number) {
  const { csv, rows } = leadRows(n);
  const importOnce = async () => {
    const { db, core, account } = freshStore(dir, 'import.db');
    try {
      const t = performance.now();
      const { value, peakMb } = await peakRss(() => core.imports.run(textSource(csv, 'leads.csv'), { dealerAccountId: account, optInDefault: null, actor: 'bench' }));
      if (value.created !== n) throw new Error(`import created ${value.created} of ${n}`);
      return { rowsPerS: n / ((performance.now() - t) / 1000), peakMb };
    } finally {
      db.close();
    }
  };
  const rawOnce = async () => {
    const { db, core, account } = freshStore(dir, 'raw.db');
    try {
      // The same rows, already parsed and their mobiles normalised: what the store must write for them.
      const parsed = rows.map((r) => ({ ...r, e164: normaliseAuMobile(r.mobile) }));
      const t = performance.now();
      const { peakMb } = await peakRss(async () => {
        for (let i = 0; i < parsed.length; i += 500) {
          core.store.transaction(() => {
            for (const r of parsed.slice(i, i + 500)) {
              const id = core.store.customers.insert({ firstName: r.first, lastName: r.last, mobile: r.e164, email: r.email }, 0, 'bench');
              core.store.customers.addLead(id, account, 'import', 0);
              core.consent.applyImportFlag(account, id, r.optIn, 'bench');
            }
          });
        }
      });
      return { rowsPerS: n / ((performance.now() - t) / 1000), peakMb };
    } finally {
      db.close();
    }
  };
  // Warmed up, then alternated in rounds (bench/side-by-side.ts); the ratio is the median of each
  // round's pair.
  const peaks: Record<string, number> = { import: 0, raw: 0 };
  const result = await sideBySide(
    [
      { name: 'import', run: async () => { const r = await importOnce(); peaks.import = Math.max(peaks.import ?? 0, r.peakMb); return r.rowsPerS; } },
      { name: 'raw', run: async () => { const r = await rawOnce(); peaks.raw = Math.max(peaks.raw ?? 0, r.peakMb); return r.rowsPerS; } },
    ],
    { rounds, warmups: 1 },
  );
  const imp = result.sides.import!;
  const raw = result.sides.raw!;
  log(`import ${imp.median.toFixed(0)} rows/s vs raw ${raw.median.toFixed(0)} rows/s over ${n} rows (rounds: ${imp.rounds.map((x) => x.toFixed(0)).join(', ')} / ${raw.rounds.map((x) => x.toFixed(0)).join(', ')})`);
  emit('import_leads_rows_per_s', imp.median, 'rows/s');
  emit('raw_insert_rows_per_s', raw.median, 'rows/s');
  emit('import_vs_raw_ratio', medianRatio(result, 'import', (r) => raw.rounds[r]!), 'x');
  emit('import_leads_peak_rss_mb', peaks.import ?? 0, 'MB');
  emit('raw_insert_peak_rss_mb', peaks.raw ?? 0, 'MB');
}

export async function runComplianceBench(emit: Emit, spec: CoreDataSpec, log: (s: string) => void = () => {}, opts: { keepDbPath?: string; exportRows?: number; importRows?: number; rounds?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-compliance-'));
  try {
    await importBench(emit, opts.importRows ?? 100_000, log, dir, opts.rounds ?? 3);
    await exportBench(emit, opts.exportRows ?? 1_000_000, log, dir);
    await reportBench(emit, spec, log, dir, opts.keepDbPath);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
