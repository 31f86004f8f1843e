// The loopback web host refuses what it must (no token, wrong token, foreign Origin, foreign Host,
// invalid payload, path traversal) with the right status, and nothing changes in the store.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startWebHost, type RunningWebHost } from '../../src-main/app/start-web-host.ts';
import { CHANNEL_NAMES } from '../../shared/ipc/contract.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let host: RunningWebHost;
let dir: string;
let dealerId: number;
let customerId: number;

/** A raw request, so Host, Origin and odd paths go out exactly as written. */
function send(
  method: string,
  path: string,
  o: { headers?: Record<string, string>; body?: string; readMs?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, method, path, headers: { Host: `127.0.0.1:${host.port}`, ...o.headers } }, (res) => {
      const chunks: Buffer[] = [];
      const done = (): void => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', done);
      if (o.readMs) {
        setTimeout(() => {
          res.destroy();
          done();
        }, o.readMs);
      }
    });
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

const json = { 'Content-Type': 'application/json' };
const auth = (): Record<string, string> => ({ Authorization: `Bearer ${host.token}` });
const optOut = (): string => JSON.stringify({ dealerAccountId: dealerId, customerId, channel: 'sms', reason: 'web host test' });
const consentEvents = (): number => host.app.core.store.consent.history(customerId).length;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smsdesk-webhost-'));
  const site = join(dir, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>Dealer SMS Desk</title><div id="root"></div>');
  writeFileSync(join(site, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET-OUTSIDE-THE-BUILD');
  host = await startWebHost({ dbPath: join(dir, 'desk.db'), port: 0, demo: false, background: false, staticRoot: site, log: { info: () => undefined, error: () => undefined } });
  const { core } = host.app;
  dealerId = core.store.accounts.createAccount('A', 'Harbour City Toyota', core.clock());
  customerId = core.leads.createLead({ dealerAccountId: dealerId, firstName: 'Jane', lastName: 'Citizen', mobile: '0412 345 678', optInToMarketing: true }, 'test').customerId;
});

after(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('it listens on 127.0.0.1 only and prints the URL with the token in the fragment', () => {
  const addr = host.host.server.address() as AddressInfo;
  assert.equal(addr.address, '127.0.0.1');
  assert.equal(host.url, `http://127.0.0.1:${host.port}/#token=${host.token}`);
  assert.match(host.token, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url');
});

test('no token: 401, and nothing changes', async () => {
  const r = await send('POST', '/api/consent.optOut', { headers: json, body: optOut() });
  assert.equal(r.status, 401);
  assert.equal(JSON.parse(r.body).ok, false);
  assert.equal(r.headers['www-authenticate'], 'Bearer');
  assert.equal(consentEvents(), 0);
});

test('a wrong token: 401 (also in the query string, which only the event stream accepts), and nothing changes', async () => {
  const wrong = await send('POST', '/api/consent.optOut', { headers: { ...json, Authorization: `Bearer ${host.token.slice(0, -1)}x` }, body: optOut() });
  assert.equal(wrong.status, 401);
  const short = await send('POST', '/api/consent.optOut', { headers: { ...json, Authorization: 'Bearer x' }, body: optOut() });
  assert.equal(short.status, 401);
  const inQuery = await send('POST', `/api/consent.optOut?token=${host.token}`, { headers: json, body: optOut() });
  assert.equal(inQuery.status, 401);
  assert.equal(consentEvents(), 0);
});

test('a foreign Origin (a cross-site request): 403 even with the right token, and nothing changes', async () => {
  for (const origin of ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, 'null', `https://127.0.0.1:${host.port}`]) {
    const r = await send('POST', '/api/consent.optOut', { headers: { ...json, ...auth(), Origin: origin }, body: optOut() });
    assert.equal(r.status, 403, origin);
    assert.equal(JSON.parse(r.body).error.code, 'FORBIDDEN');
  }
  const crossSite = await send('POST', '/api/consent.optOut', { headers: { ...json, ...auth(), 'Sec-Fetch-Site': 'cross-site' }, body: optOut() });
  assert.equal(crossSite.status, 403);
  assert.equal(consentEvents(), 0);
});

test('a foreign Host (DNS rebinding): 403 even with the right token, for the API and the pages, and nothing changes', async () => {
  for (const h of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `127.0.0.2:${host.port}`]) {
    const r = await send('POST', '/api/consent.optOut', { headers: { ...json, ...auth(), Host: h }, body: optOut() });
    assert.equal(r.status, 403, h);
  }
  const page = await send('GET', '/', { headers: { Host: `rebind.example:${host.port}` } });
  assert.equal(page.status, 403);
  assert.equal(consentEvents(), 0);
});

test('an invalid payload: 400 with INVALID_INPUT and the field, and nothing changes', async () => {
  const cases = [
    JSON.stringify({ dealerAccountId: dealerId, customerId, channel: 'fax' }),
    JSON.stringify({ dealerAccountId: 'one', customerId, channel: 'sms' }),
    JSON.stringify({ dealerAccountId: dealerId, customerId, channel: 'sms', actor: 'mallory' }),
    '{"dealerAccountId": ',
    '[]',
  ];
  for (const body of cases) {
    const r = await send('POST', '/api/consent.optOut', { headers: { ...json, ...auth() }, body });
    assert.equal(r.status, 400, body);
    const parsed = JSON.parse(r.body);
    assert.equal(parsed.ok, false);
    assert.equal(parsed.error.code, 'INVALID_INPUT');
  }
  const notJson = await send('POST', '/api/consent.optOut', { headers: { 'Content-Type': 'text/plain', ...auth() }, body: optOut() });
  assert.equal(notJson.status, 415);
  const big = await send('POST', '/api/consent.optOut', { headers: { ...json, ...auth() }, body: `{"x":"${'a'.repeat(1_100_000)}"}` });
  assert.equal(big.status, 413);
  assert.equal(consentEvents(), 0);
});

test('an unknown channel is 404; a GET to a channel is 405', async () => {
  const r = await send('POST', '/api/consent.eraseEverything', { headers: { ...json, ...auth() }, body: '{}' });
  assert.equal(r.status, 404);
  assert.equal(JSON.parse(r.body).error.code, 'NOT_FOUND');
  assert.equal((await send('GET', '/api/leads.list', { headers: auth() })).status, 405);
});

test('a valid call works and changes the store; a refusal by the rules answers 200 with ok:false and its code', async () => {
  const r = await send('POST', '/api/consent.optOut', { headers: { ...json, ...auth(), Origin: `http://127.0.0.1:${host.port}` }, body: optOut() });
  assert.equal(r.status, 200, r.body);
  const parsed = JSON.parse(r.body);
  assert.equal(parsed.ok, true);
  assert.equal(typeof parsed.value.eventId, 'number');
  assert.equal(r.headers['cache-control'], 'no-store');
  assert.equal(consentEvents(), 1);

  // localhost names this host too.
  const local = await send('POST', '/api/leads.list', { headers: { ...json, ...auth(), Host: `localhost:${host.port}` }, body: '{"query":"jane"}' });
  assert.equal(local.status, 200);
  assert.equal(JSON.parse(local.body).value.items[0].accounts[0].sms, 'opted_out');

  const sender = host.app.core.store.accounts;
  const gw = sender.createGatewayAccount(`AC${'2'.repeat(32)}`, 'Test', 0);
  sender.shareSender(sender.createSender(gw, 'number', '+61480000009', 'Shared', 0), dealerId);
  const refusal = await send('POST', '/api/sms.send', { headers: { ...json, ...auth() }, body: JSON.stringify({ dealerAccountId: dealerId, customerId, body: 'Hi', requestId: '3f0c2a1e-8b7d-4c6e-9a5f-1d2e3c4b5a69' }) });
  assert.equal(refusal.status, 200, 'a refusal by the rules is an answer, not a transport error');
  const answer = JSON.parse(refusal.body);
  assert.equal(answer.ok, true, 'the refusal is the value of the call');
  assert.equal(answer.value.outcome, 'refused');
  assert.equal(answer.value.refusal.code, 'SMS_OPTED_OUT');
  assert.match(answer.value.refusal.text, /previously opted out of SMS from Harbour City Toyota/);
  assert.equal(answer.value.message.status, 'blocked_opted_out', 'the attempt is recorded (R6)');
});

test('GET /api/_contract lists every channel with a JSON Schema of its input (token required)', async () => {
  assert.equal((await send('GET', '/api/_contract')).status, 401);
  const r = await send('GET', '/api/_contract', { headers: auth() });
  assert.equal(r.status, 200);
  const { value } = JSON.parse(r.body) as { value: { channels: { name: string; input: { type: string; properties: Record<string, unknown> } }[]; events: string[] } };
  assert.deepEqual(value.channels.map((c) => c.name).sort(), [...CHANNEL_NAMES].sort());
  const sendSchema = value.channels.find((c) => c.name === 'sms.send')!.input;
  assert.equal(sendSchema.type, 'object');
  assert.deepEqual(Object.keys(sendSchema.properties).sort(), ['body', 'customerId', 'dealerAccountId', 'requestId', 'senderId']);
  assert.ok(value.events.includes('message:new'));
});

test('events: server-sent events with the token in the query; refused without it', async () => {
  assert.equal((await send('GET', '/api/_events')).status, 401);
  assert.equal((await send('GET', '/api/_events?token=nope')).status, 401);
  const foreign = await send('GET', `/api/_events?token=${host.token}`, { headers: { Origin: 'http://evil.example' } });
  assert.equal(foreign.status, 403);
  const stream = await send('GET', `/api/_events?token=${host.token}`, { readMs: 300 });
  assert.equal(stream.status, 200);
  assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
  assert.match(stream.body, /event: app:ready\ndata: \{"mode":"live"\}/);
  assert.match(stream.body, /event: sync:status\ndata: \{"online":false,"gateway":"none"/);
});

test('static files: served with a strict CSP; ../ traversal in any spelling is refused', async () => {
  const index = await send('GET', '/');
  assert.equal(index.status, 200);
  assert.match(index.body, /Dealer SMS Desk/);
  const csp = String(index.headers['content-security-policy']);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  assert.equal((await send('GET', '/assets/app.js')).headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal((await send('GET', '/assets/missing.js')).status, 404);
  assert.equal((await send('GET', '/leads/42')).status, 200, 'client routes get the app');

  for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/%00/../secret.txt', '/.%2e/secret.txt']) {
    const r = await send('GET', path);
    assert.ok(r.status === 403 || r.status === 400, `${path} answered ${r.status}`);
    assert.doesNotMatch(r.body, /TOP-SECRET/, path);
  }
  assert.equal((await send('POST', '/index.html', { body: 'x' })).status, 405);
});
