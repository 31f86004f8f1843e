// A desk process for the crash test: ingests (poller) or sends (outbox) against the simulator run
// by the parent, until there is nothing left to do. The parent kills it with SIGKILL at random.
// Usage: node --import tsx test/support/crash-child.ts <ingest|send> <dbPath> <simUrl> <accountSid> <authToken> [nolock]
// As the app does, it holds the database's instance lock and voids the claims a killed desk left;
// with `nolock` it does neither (two such children on one file: the outbox's claim alone must hold).
import { openDatabase } from '../../src-main/db/open-database.ts';
import { acquireInstanceLock } from '../../src-main/db/instance-lock.ts';
import { createConnectedCore } from '../../src-main/connected-core.ts';
import { TwilioGateway } from '../../src-main/gateway/twilio-gateway.ts';
import { systemClock } from '../../src-main/clock.ts';

const [mode, dbPath, url, accountSid, authToken, lockMode] = process.argv.slice(2);
if ((mode !== 'ingest' && mode !== 'send') || !dbPath || !url || !accountSid || !authToken) {
  process.stderr.write('usage: crash-child <ingest|send> <dbPath> <simUrl> <accountSid> <authToken>\n');
  process.exit(2);
}

const lock = lockMode === 'nolock' ? null : acquireInstanceLock(dbPath);
const db = openDatabase(dbPath);
// The timeout is well above a loaded machine's answer time (a 250 ms timeout livelocked the send
// phase on a busy 2-core machine: every request timed out, was reconciled and retried); the
// simulator's slow faults (2.5 s) still outlast it, so unknown outcomes are still exercised.
const gateway = new TwilioGateway({ accountSid, authToken, baseUrl: url, timeoutMs: 2_000 });
const core = createConnectedCore({
  db,
  gateway,
  clock: systemClock,
  poller: { pageSize: 100, overlapMs: 60_000, statusWindowMs: 60_000, initialLookbackMs: 86_400_000 },
  outbox: {
    concurrency: 4, reconcileDelayMs: 300, reconcileSlackMs: 60_000, offlineRetryMs: 100, maxAttempts: 50, backoffMs: (n) => Math.min(400, 50 * n),
    leaseMs: 2_000,
  },
});
if (lock) core.outbox.adoptOrphanedLeases();
process.stdout.write('READY\n');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Until every stream has completed a pass (a pass covers everything since its floor, resumed or not). */
async function ingest(): Promise<void> {
  const completed = new Set<string>();
  for (;;) {
    const r = await core.poller.pollOnce();
    for (const s of r.streams) if (s.complete) completed.add(s.stream);
    if (r.streams.length > 0 && r.streams.every((s) => completed.has(s.stream))) return;
  }
}

async function send(): Promise<void> {
  for (;;) {
    await core.outbox.drain();
    const { pending, nextDueAt } = core.outbox.status();
    if (Object.keys(pending).length === 0) return;
    await sleep(Math.max(10, Math.min(200, (nextDueAt ?? 0) - Date.now())));
  }
}

await (mode === 'ingest' ? ingest() : send());
db.close();
lock?.release();
process.stdout.write('DONE\n');
