// A desk as `smsdesk serve` runs it (the app with its instance lock, background poll and outbox,
// behind the loopback web host), live against a gateway simulator at <simUrl>, for tests that kill
// it with SIGKILL. Timings are shortened (poll every 250 ms, reconcile after 300 ms).
// Usage: node --import tsx test/support/desk-child.ts <dbPath> <simUrl> <accountSid> <authToken>
// Prints one JSON line {"origin","token"} once it serves.
import { startWebHost } from '../../src-main/app/start-web-host.ts';
import { authTokens, MemorySecretStore } from '../../src-main/app/secret-store.ts';

const [dbPath, simUrl, accountSid, authToken] = process.argv.slice(2);
if (!dbPath || !simUrl || !accountSid || !authToken) {
  process.stderr.write('usage: desk-child <dbPath> <simUrl> <accountSid> <authToken>\n');
  process.exit(2);
}
const secrets = new MemorySecretStore();
await authTokens(secrets).set(accountSid, authToken);
const host = await startWebHost({
  dbPath,
  port: 0,
  demo: false,
  staticRoot: null,
  secrets,
  gatewayBaseUrl: simUrl,
  pollIntervalMs: 250,
  outbox: { reconcileDelayMs: 300, reconcileSlackMs: 60_000, offlineRetryMs: 150, maxAttempts: 1_000, backoffMs: (n) => Math.min(500, 50 * n), leaseMs: 5_000 },
  log: { info: () => undefined, error: (m, e) => process.stderr.write(`${m} ${e instanceof Error ? e.message : String(e ?? '')}\n`) },
});
process.stdout.write(`${JSON.stringify({ origin: host.origin, token: host.token })}\n`);
const stop = (): void => {
  void host.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
