// A desk process for the automation crash test: runner ticks and the outbox against the simulator
// run by the parent, until nothing is due and nothing is queued. The parent kills it with SIGKILL
// at random points (mid-tick, mid-reservation, mid-send) and starts it again.
// Usage: node --import tsx test/support/automation-crash-child.ts <dbPath> <simUrl> <accountSid> <authToken>
// (the crash test runs it bundled by esbuild, for a fast restart)
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createConnectedCore } from '../../src-main/connected-core.ts';
import { TwilioGateway } from '../../src-main/gateway/twilio-gateway.ts';
import { systemClock } from '../../src-main/clock.ts';

const [dbPath, url, accountSid, authToken] = process.argv.slice(2);
if (!dbPath || !url || !accountSid || !authToken) {
  process.stderr.write('usage: automation-crash-child <dbPath> <simUrl> <accountSid> <authToken>\n');
  process.exit(2);
}

const db = openDatabase(dbPath);
const gateway = new TwilioGateway({ accountSid, authToken, baseUrl: url, timeoutMs: 500 });
const core = createConnectedCore({
  db,
  gateway,
  clock: systemClock,
  runner: { releaseBatch: 40, enrolBatch: 100 },
  outbox: { concurrency: 4, reconcileDelayMs: 200, reconcileSlackMs: 60_000, offlineRetryMs: 100, maxAttempts: 50, backoffMs: (n) => Math.min(300, 50 * n) },
});
process.stdout.write('READY\n');

for (;;) {
  const s = await core.runner.tick();
  await core.outbox.drain();
  const { pending } = core.outbox.status();
  if (s.enrolled === 0 && s.due === 0 && Object.keys(pending).length === 0) break;
  if (s.due === 0 && Object.keys(pending).length > 0) await new Promise((r) => setTimeout(r, 50));
}
db.close();
process.stdout.write('DONE\n');
