// The adapter over the official `twilio` client, against the simulator on 127.0.0.1: Twilio's
// errors as typed outcomes (R7, R8), listing and paging, fetching one message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewaySimulator, seededRandom } from '../../src-main/gateway/simulator/index.ts';
import { TwilioGateway, parseRetryAfter } from '../../src-main/gateway/twilio-gateway.ts';
import { GatewayError, type OutboundSms } from '../../src-main/gateway/sms-gateway.ts';

const FROM = '+61480000001';
const CUSTOMER = '+61412345678';

async function setUp(t: { after: (fn: () => Promise<void>) => void }, timeoutMs = 2_000) {
  const sim = new GatewaySimulator({ random: seededRandom(3), ownedNumbers: [FROM], faults: { slowMs: 300, retryAfterSeconds: 7 } });
  await sim.start({ port: 0, host: '127.0.0.1' });
  t.after(() => sim.stop());
  const gateway = new TwilioGateway({ accountSid: sim.accountSid, authToken: sim.authToken, baseUrl: sim.url, timeoutMs });
  const sms = (over: Partial<OutboundSms> = {}): OutboundSms => ({ to: CUSTOMER, sender: { kind: 'number', address: FROM }, body: 'Hello', ...over });
  return { sim, gateway, sms };
}

test('send: accepted with the SID; final refusals typed with Twilio\'s code and message (R7: 21610)', async (t) => {
  const { sim, gateway, sms } = await setUp(t);
  const ok = await gateway.send(sms());
  assert.equal(ok.kind, 'accepted');
  assert.ok(ok.kind === 'accepted' && /^SM[0-9a-f]{32}$/.test(ok.sid) && ok.status === 'accepted');

  assert.deepEqual(await gateway.send(sms({ to: '+61298765432' })), { kind: 'invalid_recipient', code: 21614, message: "'To' number is not a valid mobile number" });
  const invalid = await gateway.send(sms({ to: '12' }));
  assert.equal(invalid.kind, 'invalid_recipient');
  assert.equal(invalid.kind === 'invalid_recipient' && invalid.code, 21211);

  sim.injectInbound({ from: CUSTOMER, to: FROM, body: 'STOP' });
  assert.deepEqual(await gateway.send(sms()), { kind: 'recipient_unsubscribed', code: 21610, message: 'Attempt to send to unsubscribed recipient' });

  const other = await gateway.send(sms({ sender: { kind: 'number', address: '+61480000999' } }));
  assert.equal(other.kind, 'rejected');
  assert.equal(other.kind === 'rejected' && other.code, 21606);
});

test('send: 500 and 429 (with Retry-After) are retryable; a timeout or cut-off response is unknown; refused connection retryable', async (t) => {
  const { sim, gateway, sms } = await setUp(t, 150);
  sim.forceFault('500');
  assert.deepEqual(await gateway.send(sms()), { kind: 'retryable', code: 20500, message: 'Internal Server Error', retryAfterMs: null });
  sim.forceFault('429');
  assert.deepEqual(await gateway.send(sms()), { kind: 'retryable', code: 20429, message: 'Too Many Requests', retryAfterMs: 7_000 });
  assert.equal(sim.sentTo(CUSTOMER), 0, 'neither created a message');

  sim.forceFault('slow');
  const slow = await gateway.send(sms());
  assert.equal(slow.kind, 'unknown');
  assert.match(slow.kind === 'unknown' ? slow.message : '', /timeout of 150ms exceeded/);
  sim.forceFault('cut');
  assert.equal((await gateway.send(sms())).kind, 'unknown');
  assert.equal(sim.sentTo(CUSTOMER), 2, 'both were acted on: only reconciliation can tell');

  const wrong = new TwilioGateway({ accountSid: sim.accountSid, authToken: 'nope', baseUrl: sim.url });
  const auth = await wrong.send(sms());
  assert.equal(auth.kind, 'auth_failed');
  assert.match(auth.kind === 'auth_failed' ? auth.message : '', /rejected the account credentials \(Authenticate\)/);

  await sim.setOnline(false);
  const offline = await gateway.send(sms());
  // A kept-alive socket closed under us may read as a reset (unknown); a new connection is refused.
  const again = offline.kind === 'unknown' ? await gateway.send(sms()) : offline;
  assert.equal(again.kind, 'retryable');
  assert.match(again.kind === 'retryable' ? again.message : '', /could not be reached: .*ECONNREFUSED/);
});

test('listing: filters, pages by next page URL, fetch by SID; read failures are GatewayErrors', async (t) => {
  const { sim, gateway } = await setUp(t);
  const t0 = Date.now();
  for (let i = 0; i < 5; i++) sim.injectInbound({ from: CUSTOMER, to: FROM, body: `Reply ${i}`, at: t0 - (5 - i) * 1000 });
  sim.injectInbound({ from: '+61412000000', to: FROM, body: 'Other customer', at: t0 });
  const first = await gateway.listMessages({ from: CUSTOMER, to: FROM, dateSentAfter: t0 - 60_000, pageSize: 2 });
  assert.deepEqual(first.messages.map((m) => m.body), ['Reply 4', 'Reply 3']);
  assert.equal(first.messages[0]?.direction, 'inbound');
  assert.equal(typeof first.messages[0]?.dateSent, 'number');
  assert.ok(first.nextPageUrl?.startsWith(sim.url));
  const second = await gateway.listMessages({ pageUrl: first.nextPageUrl! });
  assert.deepEqual(second.messages.map((m) => m.body), ['Reply 2', 'Reply 1']);

  const one = await gateway.fetchMessage(first.messages[0]!.sid);
  assert.equal(one?.body, 'Reply 4');
  assert.equal(await gateway.fetchMessage('SM' + '0'.repeat(32)), null);

  await assert.rejects(gateway.listMessages({ pageUrl: 'http://example.com/2010-04-01/Accounts/x/Messages.json' }), (e: unknown) => e instanceof GatewayError && e.kind === 'rejected');
  sim.forceFault('429');
  await assert.rejects(gateway.listMessages({ to: FROM }), (e: unknown) => e instanceof GatewayError && e.kind === 'retryable' && e.retryAfterMs === 7_000);
  const wrong = new TwilioGateway({ accountSid: sim.accountSid, authToken: 'nope', baseUrl: sim.url });
  await assert.rejects(wrong.listMessages({ to: FROM }), (e: unknown) => e instanceof GatewayError && e.kind === 'auth_failed' && e.code === 20003);
});

test('Retry-After: seconds or an HTTP date', () => {
  assert.equal(parseRetryAfter('3', 0), 3000);
  assert.equal(parseRetryAfter(['1.5'], 0), 1500);
  assert.equal(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000), 6000);
  assert.equal(parseRetryAfter('soon', 0), null);
  assert.equal(parseRetryAfter(undefined, 0), null);
});
