// Issue 9: `smsdesk serve --gateway-url URL` (and SMSDESK_GATEWAY_URL) points live Twilio accounts
// at a Twilio-compatible server. Run as a user would: the CLI serving a fresh store with no demo,
// a live gateway account set up through the app's own API (Account SID, write-once Auth Token,
// a sender, a dealer), a send that reaches the simulator through the official twilio client, and
// the token never in an answer, the log or the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli-run.ts';
import { startSimulator, SHARED_NUMBER } from '../support/gateway-world.ts';
import { manualClock } from '../../src-main/clock.ts';
import { parseServeArgs } from '../../src-main/cli/serve-command.ts';
import { T0 } from '../support/seed-world.ts';

test('--gateway-url and SMSDESK_GATEWAY_URL: a Twilio-compatible URL, no credentials, query or other scheme; the flag wins over the variable', () => {
  assert.equal(parseServeArgs(['--gateway-url', 'http://127.0.0.1:4010/'], {}).gatewayUrl, 'http://127.0.0.1:4010');
  assert.equal(parseServeArgs([], { SMSDESK_GATEWAY_URL: 'https://staging.example.com/twilio' }).gatewayUrl, 'https://staging.example.com/twilio');
  assert.equal(parseServeArgs(['--gateway-url=http://127.0.0.1:1'], { SMSDESK_GATEWAY_URL: 'https://staging.example.com' }).gatewayUrl, 'http://127.0.0.1:1');
  assert.equal(parseServeArgs([], {}).gatewayUrl, null, 'Twilio itself by default');
  assert.throws(() => parseServeArgs(['--gateway-url', 'https://AC123:secret@api.example.com'], {}), /must not carry a user or password/);
  assert.throws(() => parseServeArgs(['--gateway-url', 'ftp://example.com'], {}), /must start with https:\/\/ or http:\/\//);
  assert.throws(() => parseServeArgs(['--gateway-url', 'not a url'], {}), /must be a URL/);
  assert.throws(() => parseServeArgs(['--gateway-url', 'https://example.com/?x=1'], {}), /query or fragment/);
  assert.throws(() => parseServeArgs([], { SMSDESK_GATEWAY_URL: 'nope' }), /SMSDESK_GATEWAY_URL must be a URL/);
});

test('smsdesk serve --gateway-url: a live account set up in the app sends through the official twilio client to that server; its token is never shown, logged or stored in the database', async (t) => {
  const sim = await startSimulator(manualClock(T0));
  t.after(() => sim.stop());
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-gateway-url-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'desk.db');
  const token = sim.authToken;
  const seen: string[] = [];

  const run = await runCli(['serve', '--db', db, '--no-demo', '--port', '0', '--gateway-url', sim.url], {
    timeoutMs: 90_000,
    keepServing: async (served) => {
      const origin = new URL(served.url).origin;
      const call = async (channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> => {
        const res = await fetch(`${origin}/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${served.token}` },
          body: JSON.stringify(input),
        });
        const text = await res.text();
        seen.push(text);
        return JSON.parse(text) as never;
      };
      const gw = await call('settings.createGatewayAccount', { accountSid: sim.accountSid, label: 'Staging Twilio' });
      assert.ok(gw.ok, JSON.stringify(gw));
      const gatewayAccountId = (gw.value as { id: number }).id;
      assert.ok((await call('settings.setCredentials', { gatewayAccountId, authToken: token })).ok);
      const tested = await call('settings.testConnection', { gatewayAccountId });
      assert.ok(tested.ok && (tested.value as { ok: boolean }).ok, `test connection through --gateway-url: ${JSON.stringify(tested)}`);
      const dealer = await call('settings.createDealerAccount', { code: 'FORD', name: 'Parramatta Ford' });
      const dealerAccountId = (dealer.value as { id: number }).id;
      const sender = await call('settings.createSender', { gatewayAccountId, kind: 'number', address: SHARED_NUMBER, label: 'Group line', dealerAccountIds: [dealerAccountId] });
      assert.ok(sender.ok, JSON.stringify(sender));
      const lead = await call('leads.create', { dealerAccountId, firstName: 'Priya', lastName: 'Nair', mobile: '0412 555 666', optInToMarketing: true });
      assert.ok(lead.ok, JSON.stringify(lead));
      const customerId = (lead.value as { customerId: number }).customerId;
      const sent = await call('sms.send', { dealerAccountId, customerId, body: 'Hi Priya, your Ranger is ready.', requestId: 'a1b2c3d4-0000-4000-8000-000000000001' });
      assert.ok(sent.ok, JSON.stringify(sent));
      assert.equal((sent.value as { outcome: string }).outcome, 'sent', JSON.stringify(sent.value));
    },
  });
  assert.ok(run.served, `serve came up: ${run.stderr}`);
  const onSim = sim.allMessages().filter((m) => m.body === 'Hi Priya, your Ranger is ready.');
  assert.equal(onSim.length, 1, 'the message reached the server named by --gateway-url');
  assert.equal(onSim[0]?.to, '+61412555666');

  // The token: in no answer, not on stdout or stderr, not in the log files, not in the database.
  for (const text of [...seen, run.stdout, run.stderr]) assert.ok(!text.includes(token), 'never in an answer or the output');
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && !f.name.startsWith('secret'));
  assert.ok(files.some((f) => f.name === 'desk.db'));
  for (const f of files) assert.ok(!readFileSync(join(f.parentPath, f.name)).includes(token), `not in ${f.name}`);
});
