// Gateway credentials (src-main/gateway/credentials.ts): write-only tokens kept in the secret store
// by account SID, the built-in demo gateway counted as configured, "Test connection", and which
// client the app's gateway uses (live credentials first, else the simulator, else none).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayCredentials, liveCredentials, type SimulatedTwilio } from '../../src-main/gateway/credentials.ts';
import { GatewaySimulator } from '../../src-main/gateway/simulator/simulator.ts';
import { DEMO_ACCOUNT_SID } from '../../src-main/gateway/simulator/demo-scenario.ts';
import { authTokens, MemorySecretStore } from '../../src-main/app/secret-store.ts';
import type { GatewayAccountRow } from '../../src-main/db/repos/accounts-repo.ts';

const LIVE_SID = `AC${'1'.repeat(32)}`;
const OTHER_SID = `AC${'2'.repeat(32)}`;
const clock = () => Date.UTC(2026, 11, 1, 9, 0);

function accounts(...sids: string[]): { gatewayAccounts(): GatewayAccountRow[] } {
  const rows = sids.map((account_sid, i) => ({ id: i + 1, account_sid, label: `Account ${i + 1}`, created_at: 0, stop_filtering: 1, archived_at: null }));
  return { gatewayAccounts: () => rows };
}

function credentials(o: { sids: string[]; simulator?: SimulatedTwilio | null; demo?: boolean; secrets?: MemorySecretStore; gatewayBaseUrl?: string }) {
  const secrets = o.secrets ?? new MemorySecretStore();
  const creds = new GatewayCredentials({
    accounts: accounts(...o.sids),
    tokens: authTokens(secrets),
    simulator: o.simulator ?? null,
    demo: o.demo ?? false,
    clock,
    ...(o.gatewayBaseUrl ? { gatewayBaseUrl: o.gatewayBaseUrl } : {}),
  });
  return { creds, secrets };
}

test('a token is stored in the secret store under its account SID, reported as configured, and cleared', async () => {
  const { creds, secrets } = credentials({ sids: [LIVE_SID] });
  assert.equal(await creds.isConfigured(1), false);
  await creds.set(1, 'tok-secret');
  assert.equal(await secrets.get(`gateway:${LIVE_SID}:authToken`), 'tok-secret');
  assert.equal(await creds.isConfigured(1), true);
  assert.equal(creds.isSimulated(1), false);
  await creds.clear(1);
  assert.equal(await creds.isConfigured(1), false);
  await assert.rejects(creds.set(9, 'tok'), /gateway account 9 not found/);
});

test("the simulator's account is simulated and configured without a token; live credentials skip it", async () => {
  const simulator = { accountSid: DEMO_ACCOUNT_SID, authToken: 'sim-token', url: 'http://127.0.0.1:9' };
  const secrets = new MemorySecretStore();
  await secrets.set(`gateway:${DEMO_ACCOUNT_SID}:authToken`, 'stale');
  const { creds } = credentials({ sids: [DEMO_ACCOUNT_SID, LIVE_SID], simulator, secrets });
  assert.equal(creds.isSimulated(1), true);
  assert.equal(await creds.isConfigured(1), true);
  assert.equal(creds.isSimulated(2), false);
  assert.equal(await creds.live(), null, "the simulator's account never counts as live");
  assert.equal((await creds.clientFor(1)).kind, 'simulator');
  assert.deepEqual(await creds.clientFor(2), { client: null, kind: 'none' }, 'no token yet');

  await creds.set(2, 'tok-live');
  assert.deepEqual(await creds.live(), { accountSid: LIVE_SID, token: 'tok-live' });
  const chosen = await creds.clientFor(2);
  assert.equal(chosen.kind, 'twilio', 'the live account is served live');
  assert.ok(chosen.client);
  assert.equal((await creds.clientFor(1)).kind, 'simulator', 'several accounts at once: the demo account stays on the simulator');
  // Before the simulator runs (choosing the mode), every account with a token counts.
  assert.deepEqual(await liveCredentials(accounts(DEMO_ACCOUNT_SID), authTokens(secrets)), { accountSid: DEMO_ACCOUNT_SID, token: 'stale' });
});

test('with neither credentials nor a simulator an account has no client; the demo account counts as simulated in demo mode', async () => {
  const { creds } = credentials({ sids: [DEMO_ACCOUNT_SID, OTHER_SID], demo: true });
  assert.deepEqual(await creds.clientFor(2), { client: null, kind: 'none' });
  assert.equal(creds.isSimulated(1), true);
  assert.equal(creds.isSimulated(2), false);
  assert.equal(credentials({ sids: [DEMO_ACCOUNT_SID] }).creds.isSimulated(1), false, 'not outside the demo');
});

test('Test connection: no such account, no token, an unreachable gateway, and the built-in demo gateway', async () => {
  // A closed local port: nothing leaves this machine.
  const { creds } = credentials({ sids: [LIVE_SID], gatewayBaseUrl: 'http://127.0.0.1:9' });
  assert.deepEqual(await creds.test(7), { ok: false, message: 'No such gateway account.' });
  assert.deepEqual(await creds.test(1), { ok: false, message: 'No credentials are stored for this account yet.' });
  await creds.set(1, 'tok-live');
  const unreachable = await creds.test(1);
  assert.equal(unreachable.ok, false);
  assert.ok(unreachable.message.length > 0 && !unreachable.message.includes('tok-live'), unreachable.message);

  const sim = new GatewaySimulator({ clock });
  await sim.start();
  try {
    const demo = credentials({ sids: [sim.accountSid], simulator: sim, demo: true }).creds;
    assert.deepEqual(await demo.test(1), { ok: true, message: 'Connected to the built-in demo gateway.' });
    // A live account answered by a Twilio API host (here the simulator, with its token).
    const live = credentials({ sids: [sim.accountSid], gatewayBaseUrl: sim.url }).creds;
    await live.set(1, sim.authToken);
    assert.deepEqual(await live.test(1), { ok: true, message: `Connected to Twilio as ${sim.accountSid}.` });
  } finally {
    await sim.stop();
  }
});
