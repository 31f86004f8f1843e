// The local Twilio-compatible simulator, driven through the REAL official `twilio` client
// (client.api.baseUrl pointed at 127.0.0.1). R3/R4/R7/R8 depend on it behaving like Twilio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import {
  demoScenario,
  DEMO_KIA_NUMBER,
  DEMO_MESSAGING_SERVICE_SID,
  DEMO_SERVICE_NUMBER,
  DEMO_SHARED_NUMBER,
  GatewaySimulator,
  loadScenarioFile,
  manualClock,
  type ManualClock,
  parseFaultSpec,
  seededRandom,
  countSegments,
  type GatewaySimulatorOptions,
  type TwilioMessagePage,
  type TwilioMessageResource,
} from '../../src-main/gateway/simulator/index.ts';

type ClientOpts = NonNullable<Parameters<typeof twilio>[2]>;

const T0 = Date.parse('2026-11-26T03:46:53Z');
const DEALER = '+61480000101';
const OTHER_DEALER = '+61480000202';
const CUSTOMER = '+61491570156';
const CUSTOMER_2 = '+61491570157';
const SERVICE_SID = 'MG0123456789abcdef0123456789abcdef';
const SERVICE_NUMBERS = ['+61480000303', '+61480000404'];
const RFC2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

interface Harness {
  sim: GatewaySimulator;
  clock: ManualClock;
  client: twilio.Twilio;
  clientWith(opts: ClientOpts, token?: string, accountSid?: string): twilio.Twilio;
  raw(path: string, init?: RequestInit): Promise<Response>;
}

async function harness(t: { after: (fn: () => Promise<void>) => void }, options: GatewaySimulatorOptions = {}): Promise<Harness> {
  const clock = manualClock(T0);
  const sim = new GatewaySimulator({
    clock,
    random: seededRandom(42),
    ownedNumbers: [DEALER, OTHER_DEALER],
    messagingServices: [{ sid: SERVICE_SID, friendlyName: 'Test service', numbers: SERVICE_NUMBERS }],
    ...options,
  });
  const { url } = await sim.start({ port: 0, host: '127.0.0.1' });
  t.after(() => sim.stop());
  const clientWith = (opts: ClientOpts, token = sim.authToken, accountSid = sim.accountSid): twilio.Twilio => {
    const c = twilio(accountSid, token, opts);
    c.api.baseUrl = url;
    return c;
  };
  const auth = `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}`;
  return {
    sim,
    clock,
    client: clientWith({}),
    clientWith,
    raw: (path, init = {}) => fetch(`${url}${path}`, { ...init, headers: { authorization: auth, ...(init.headers ?? {}) } }),
  };
}

/** Asserts a twilio RestException (or any error) with this HTTP status and Twilio code. */
async function rejectsWithTwilio(p: Promise<unknown>, status: number, code: number, message?: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    const e = err as { status?: number; code?: number; message?: string; moreInfo?: string };
    assert.equal(e.status, status, `status of ${String(e.message)}`);
    assert.equal(e.code, code, `code of ${String(e.message)}`);
    if (message) assert.match(e.message ?? '', message);
    assert.equal(e.moreInfo, `https://www.twilio.com/docs/errors/${code}`);
    return true;
  });
}

function accountPath(sim: GatewaySimulator): string {
  return `/2010-04-01/Accounts/${sim.accountSid}`;
}

test('create: 201 Message resource with Twilio fields, SM sid, RFC 2822 dates, status over simulated time', async (t) => {
  const { sim, clock, client, raw } = await harness(t);
  const m = await client.messages.create({ to: CUSTOMER, from: DEALER, body: 'Hi Jack, your car is ready.' });
  assert.match(m.sid, /^SM[0-9a-f]{32}$/);
  assert.equal(m.accountSid, sim.accountSid);
  assert.equal(m.apiVersion, '2010-04-01');
  assert.equal(m.direction, 'outbound-api');
  assert.equal(m.status, 'queued');
  assert.equal(m.to, CUSTOMER);
  assert.equal(m.from, DEALER);
  assert.equal(m.numSegments, '1');
  assert.equal(m.numMedia, '0');
  assert.equal(m.messagingServiceSid, null);
  assert.equal(m.errorCode, null);
  assert.equal(m.dateSent, null);
  assert.equal(m.dateCreated.getTime(), T0);
  assert.equal(m.uri, `${accountPath(sim)}/Messages/${m.sid}.json`);

  // The wire format itself: every documented field, dates as RFC 2822 in GMT.
  const res = await raw(`${accountPath(sim)}/Messages/${m.sid}.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const json = (await res.json()) as TwilioMessageResource;
  for (const field of ['sid', 'account_sid', 'api_version', 'body', 'date_created', 'date_sent', 'date_updated', 'direction', 'error_code', 'error_message', 'from', 'messaging_service_sid', 'num_media', 'num_segments', 'price', 'price_unit', 'status', 'subresource_uris', 'to', 'uri']) {
    assert.ok(field in json, `field ${field}`);
  }
  assert.equal(json.date_created, 'Thu, 26 Nov 2026 03:46:53 +0000');
  assert.match(json.date_updated, RFC2822);
  assert.equal(typeof json.num_segments, 'string');

  clock.advance(1000);
  const sent = await client.messages(m.sid).fetch();
  assert.equal(sent.status, 'sent');
  assert.equal(sent.dateSent?.getTime(), T0 + 1000);
  assert.match(sent.price ?? '', /^-\d+\.\d{5}$/);
  clock.advance(2000);
  assert.equal((await client.messages(m.sid).fetch()).status, 'delivered');
});

test('create: num_segments is GSM-7 160/153 or UCS-2 70/67', async (t) => {
  const { client } = await harness(t);
  const cases: Array<[string, string]> = [
    ['a'.repeat(160), '1'],
    ['a'.repeat(161), '2'],
    ['a'.repeat(306), '2'],
    ['a'.repeat(307), '3'],
    ['{'.repeat(80), '1'], // extension characters cost two septets
    ['{'.repeat(81), '2'],
    ['é'.repeat(160), '1'], // é is in the GSM-7 alphabet
    ['ć'.repeat(70), '1'], // ć is not: UCS-2
    ['ć'.repeat(71), '2'],
    ['👍'.repeat(35), '1'], // 70 UTF-16 units
    ['👍'.repeat(36), '2'],
  ];
  for (const [body, expected] of cases) {
    const m = await client.messages.create({ to: CUSTOMER, from: DEALER, body });
    assert.equal(m.numSegments, expected, `${body.slice(0, 3)}… (${body.length})`);
    assert.equal(String(countSegments(body).segments), expected);
  }
});

test('create via MessagingServiceSid: accepted, from null and num_segments 0 until the service picks a sender', async (t) => {
  const { sim, clock, client } = await harness(t);
  const m = await client.messages.create({ to: CUSTOMER, messagingServiceSid: SERVICE_SID, body: 'From the service' });
  assert.equal(m.status, 'accepted');
  assert.equal(m.from, null);
  assert.equal(m.numSegments, '0');
  assert.equal(m.messagingServiceSid, SERVICE_SID);
  clock.advance(1000);
  const later = await client.messages(m.sid).fetch();
  assert.equal(later.status, 'sent');
  assert.ok(SERVICE_NUMBERS.includes(later.from ?? ''), `from ${later.from}`);
  assert.equal(later.numSegments, '1');
  // Sticky sender: the same recipient gets the same number again.
  const again = await client.messages.create({ to: CUSTOMER, messagingServiceSid: SERVICE_SID, body: 'Again' });
  clock.advance(1000);
  assert.equal((await client.messages(again.sid).fetch()).from, later.from);
  await rejectsWithTwilio(client.messages.create({ to: CUSTOMER, messagingServiceSid: 'MG' + 'f'.repeat(32), body: 'x' }), 400, 21701);
  assert.equal(sim.sentTo(CUSTOMER), 2);
});

test('create: Twilio validation errors 21211, 21614, 21602, 21606, 21603', async (t) => {
  const { sim, client } = await harness(t);
  await rejectsWithTwilio(client.messages.create({ to: 'not-a-number', from: DEALER, body: 'x' }), 400, 21211, /^The 'To' number not-a-number is not a valid phone number\.$/);
  await rejectsWithTwilio(client.messages.create({ to: '+6149157', from: DEALER, body: 'x' }), 400, 21211);
  for (const landline of ['+61255501234', '+61370101234', '+61755501234', '+61855501234']) {
    await rejectsWithTwilio(client.messages.create({ to: landline, from: DEALER, body: 'x' }), 400, 21614, /^'To' number is not a valid mobile number$/);
  }
  await rejectsWithTwilio(client.messages.create({ to: CUSTOMER, from: DEALER }), 400, 21602);
  await rejectsWithTwilio(client.messages.create({ to: CUSTOMER, from: DEALER, body: '   ' }), 400, 21602);
  await rejectsWithTwilio(client.messages.create({ to: CUSTOMER, from: '+61480000999', body: 'x' }), 400, 21606);
  await rejectsWithTwilio(client.messages.create({ to: CUSTOMER, body: 'x' }), 400, 21603);
  assert.equal(sim.allMessages().length, 0);
  // A national-format mobile is read in the sender's country and stored as E.164.
  const m = await client.messages.create({ to: '0491 570 156', from: DEALER, body: 'ok' });
  assert.equal(m.to, CUSTOMER);
});

test('auth: a wrong token or a foreign account SID in the path is 401 code 20003', async (t) => {
  const { sim, clientWith, raw } = await harness(t);
  const wrong = clientWith({}, 'not-the-token');
  await rejectsWithTwilio(wrong.messages.create({ to: CUSTOMER, from: DEALER, body: 'x' }), 401, 20003, /^Authenticate$/);
  await rejectsWithTwilio(wrong.messages.list({ limit: 1 }), 401, 20003);
  const otherAccount = clientWith({}, sim.authToken, 'AC' + '0'.repeat(32));
  await rejectsWithTwilio(otherAccount.messages.list({ limit: 1 }), 401, 20003);
  const res = await fetch(`${sim.url}${accountPath(sim)}/Messages.json`);
  assert.equal(res.status, 401);
  assert.deepEqual(await res.json(), { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
  assert.equal((await raw(`${accountPath(sim)}/Messages.json`)).status, 200);
  assert.equal(sim.allMessages().length, 0);
});

test('fetch: by sid, and 404 code 20404 for an unknown sid', async (t) => {
  const { client } = await harness(t);
  const m = await client.messages.create({ to: CUSTOMER, from: DEALER, body: 'hello' });
  const got = await client.messages(m.sid).fetch();
  assert.equal(got.sid, m.sid);
  assert.equal(got.body, 'hello');
  await rejectsWithTwilio(client.messages('SM' + '0'.repeat(32)).fetch(), 404, 20404);
});

/** Sends n messages to `to`, one simulated second apart; returns their sids oldest first. */
async function sendSeries(h: Harness, to: string, n: number, label: string): Promise<string[]> {
  const sids: string[] = [];
  for (let i = 0; i < n; i++) {
    sids.push((await h.client.messages.create({ to, from: DEALER, body: `${label} ${i}` })).sid);
    h.clock.advance(1000);
  }
  return sids;
}

test('list: newest first, To/From filters, list/page/each paging through next_page_uri', async (t) => {
  const h = await harness(t);
  const { client, sim } = h;
  const toA = await sendSeries(h, CUSTOMER, 7, 'A');
  await sendSeries(h, CUSTOMER_2, 3, 'B');
  sim.injectInbound({ from: CUSTOMER, to: DEALER, body: 'reply from A' });

  const all = await client.messages.list({ to: CUSTOMER, pageSize: 3 });
  assert.deepEqual(all.map((m) => m.sid), [...toA].reverse());
  assert.equal((await client.messages.list({ from: CUSTOMER })).length, 1);
  assert.equal((await client.messages.list({ from: DEALER, pageSize: 1000 })).length, 10);
  assert.equal((await client.messages.list({})).length, 11);
  assert.equal((await client.messages.list({ to: CUSTOMER, limit: 4, pageSize: 3 })).length, 4);

  const page1 = await client.messages.page({ to: CUSTOMER, pageSize: 3 });
  assert.equal(page1.instances.length, 3);
  assert.ok(page1.nextPageUrl?.startsWith(`${sim.url}${accountPath(sim)}/Messages.json?`));
  assert.match(page1.nextPageUrl ?? '', /[?&]Page=1&PageToken=PASM[0-9a-f]{32}$/);
  const page2 = await page1.nextPage();
  assert.ok(page2);
  const page3 = await page2.nextPage();
  assert.ok(page3);
  assert.equal(page3.instances.length, 1);
  assert.equal(page3.nextPageUrl, undefined);
  assert.equal(page3.nextPage(), undefined);
  const prev = await page3.previousPage();
  assert.deepEqual(prev?.instances.map((m) => m.sid), page2.instances.map((m) => m.sid));

  const seen: string[] = [];
  await client.messages.each({ to: CUSTOMER, pageSize: 2 }, (m) => {
    seen.push(m.sid);
  });
  assert.deepEqual(seen, [...toA].reverse());
});

test('list: the raw page envelope is Twilio-shaped (uri, first/next/previous_page_uri, page, page_size, start, end)', async (t) => {
  const h = await harness(t);
  await sendSeries(h, CUSTOMER, 5, 'A');
  const base = `${accountPath(h.sim)}/Messages.json`;
  const res = await h.raw(`${base}?To=${encodeURIComponent(CUSTOMER)}&PageSize=2`);
  const page = (await res.json()) as TwilioMessagePage;
  assert.deepEqual(Object.keys(page).sort(), ['end', 'first_page_uri', 'messages', 'next_page_uri', 'page', 'page_size', 'previous_page_uri', 'start', 'uri']);
  assert.equal(page.page, 0);
  assert.equal(page.page_size, 2);
  assert.equal(page.start, 0);
  assert.equal(page.end, 1);
  assert.equal(page.previous_page_uri, null);
  assert.equal(page.first_page_uri, `${base}?To=%2B61491570156&PageSize=2&Page=0`);
  assert.match(page.next_page_uri ?? '', /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Messages\.json\?To=%2B61491570156&PageSize=2&Page=1&PageToken=PASM[0-9a-f]{32}$/);
  const next = (await (await h.raw(page.next_page_uri ?? '')).json()) as TwilioMessagePage;
  assert.equal(next.page, 1);
  assert.equal(next.start, 2);
  assert.equal(next.end, 3);
  assert.match(next.previous_page_uri ?? '', /Page=0&PageToken=PBSM/);
  // PageSize is capped at 1000; a bad one is a 400.
  assert.equal(((await (await h.raw(`${base}?PageSize=5000`)).json()) as TwilioMessagePage).page_size, 1000);
  assert.equal((await h.raw(`${base}?PageSize=zero`)).status, 400);
  assert.equal((await h.raw(`${base}?PageToken=PAnope`)).status, 400);
});

test('list: the page token stays put while messages arrive between pages (no repeats, no gaps)', async (t) => {
  const h = await harness(t);
  const toA = await sendSeries(h, CUSTOMER, 6, 'A');
  const page1 = await h.client.messages.page({ to: CUSTOMER, pageSize: 3 });
  // Newer messages arrive (an offset-based pager would now repeat page 1's last rows).
  await sendSeries(h, CUSTOMER, 2, 'late');
  const page2 = await page1.nextPage();
  assert.ok(page2);
  const seen = [...page1.instances, ...page2.instances].map((m) => m.sid);
  assert.deepEqual(seen, [...toA].reverse());
  assert.equal(page2.nextPageUrl, undefined);
});

test('list: DateSent, DateSent< and DateSent> filters (dates and date-times, GMT)', async (t) => {
  const h = await harness(t);
  const { client, clock, raw, sim } = h;
  // Day 1 (2026-11-26) and day 2 (2026-11-27).
  const [d1a, d1b] = await sendSeries(h, CUSTOMER, 2, 'day1');
  clock.set(Date.parse('2026-11-27T10:00:00Z'));
  const [d2a, d2b] = await sendSeries(h, CUSTOMER, 2, 'day2');
  // date_sent is created + 1 s (queued for a second): 03:46:54, 03:46:55, 10:00:01, 10:00:02.
  clock.advance(10_000);
  const ids = async (p: Promise<Array<{ sid: string }>>): Promise<string[]> => (await p).map((m) => m.sid);

  assert.deepEqual(await ids(client.messages.list({ dateSentAfter: new Date('2026-11-27T00:00:00Z') })), [d2b, d2a]);
  assert.deepEqual(await ids(client.messages.list({ dateSentBefore: new Date('2026-11-26T23:59:59Z') })), [d1b, d1a]);
  assert.deepEqual(await ids(client.messages.list({ dateSentAfter: new Date('2026-11-26T03:46:55Z') })), [d2b, d2a, d1b]);
  assert.deepEqual(await ids(client.messages.list({ dateSentBefore: new Date('2026-11-27T10:00:01Z'), dateSentAfter: new Date('2026-11-26T03:46:55Z') })), [d2a, d1b]);
  const base = `${accountPath(sim)}/Messages.json`;
  const sids = async (qs: string): Promise<string[]> => ((await (await raw(`${base}?${qs}`)).json()) as TwilioMessagePage).messages.map((m) => m.sid);
  assert.deepEqual(await sids('DateSent=2026-11-26'), [d1b, d1a]);
  assert.deepEqual(await sids('DateSent%3E=2026-11-27'), [d2b, d2a]);
  assert.deepEqual(await sids('DateSent%3C=2026-11-26'), [d1b, d1a]);
  assert.equal((await raw(`${base}?DateSent=yesterday`)).status, 400);
});

test('inbound: POST /_sim/inbound makes a customer reply (direction inbound, status received) at a given time', async (t) => {
  const { sim, client } = await harness(t);
  const at = T0 - 60_000;
  const res = await fetch(`${sim.url}/_sim/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: CUSTOMER, to: DEALER, body: 'Can I stop by Saturday?', at }),
  });
  assert.equal(res.status, 201);
  const created = (await res.json()) as TwilioMessageResource;
  assert.match(created.sid, /^SM[0-9a-f]{32}$/);
  const [m] = await client.messages.list({ to: DEALER });
  assert.ok(m);
  assert.equal(m.sid, created.sid);
  assert.equal(m.direction, 'inbound');
  assert.equal(m.status, 'received');
  assert.equal(m.from, CUSTOMER);
  assert.equal(m.body, 'Can I stop by Saturday?');
  assert.equal(m.dateSent?.getTime(), at);
  // Replies to a number in a messaging service carry its SID.
  const viaService = sim.injectInbound({ from: CUSTOMER, to: SERVICE_NUMBERS[0] as string, body: 'hi' });
  assert.equal(viaService.messaging_service_sid, SERVICE_SID);
  // Bad input is a 400, and a number the account does not own is refused.
  const bad = await fetch(`${sim.url}/_sim/inbound`, { method: 'POST', body: JSON.stringify({ from: CUSTOMER, to: '+61480000999', body: 'x' }) });
  assert.equal(bad.status, 400);
  assert.equal(sim.sentTo(DEALER), 0);
});

test('R7: 21610 after STOP to that sender, until START; other senders unaffected; enforcement can be turned off', async (t) => {
  const { sim, client } = await harness(t);
  const send = (from: string): Promise<unknown> => client.messages.create({ to: CUSTOMER, from, body: 'New stock in!' });
  await send(DEALER);
  sim.injectInbound({ from: CUSTOMER, to: DEALER, body: '  stop ' });
  assert.equal(sim.isOptedOut(DEALER, CUSTOMER), true);
  await rejectsWithTwilio(send(DEALER), 400, 21610, /^Attempt to send to unsubscribed recipient$/);
  await send(OTHER_DEALER); // opt-out is per sender
  // Words Twilio does not treat as keywords change nothing at the gateway.
  for (const body of ['UNSUB', 'please stop texting me', 'Stop by Saturday?']) sim.injectInbound({ from: CUSTOMER_2, to: DEALER, body });
  assert.equal(sim.isOptedOut(DEALER, CUSTOMER_2), false);

  sim.enforceOptOut = false;
  await send(DEALER);
  sim.enforceOptOut = true;
  await rejectsWithTwilio(send(DEALER), 400, 21610);

  sim.injectInbound({ from: CUSTOMER, to: DEALER, body: 'START' });
  await send(DEALER);
  assert.equal(sim.sentTo(CUSTOMER), 4);

  // For a number in a messaging service, the opt-out covers the service.
  sim.injectInbound({ from: CUSTOMER, to: SERVICE_NUMBERS[1] as string, body: 'UNSUBSCRIBE' });
  await rejectsWithTwilio(client.messages.create({ to: CUSTOMER, messagingServiceSid: SERVICE_SID, body: 'x' }), 400, 21610);
  await rejectsWithTwilio(client.messages.create({ to: CUSTOMER, from: SERVICE_NUMBERS[0] as string, body: 'x' }), 400, 21610);
  assert.deepEqual(
    sim.optOuts().map((o) => [o.scope, o.number, o.keyword]),
    [[SERVICE_SID, CUSTOMER, 'UNSUBSCRIBE']],
  );
});

test('faults: 500 (20500) and 429 (20429 + Retry-After) are answered before acting; nothing is created', async (t) => {
  const { sim, client, raw } = await harness(t, { faults: { retryAfterSeconds: 2 } });
  sim.forceFault('500');
  await rejectsWithTwilio(client.messages.create({ to: CUSTOMER, from: DEALER, body: 'x' }), 500, 20500);
  sim.forceFault('429');
  await rejectsWithTwilio(client.messages.create({ to: CUSTOMER, from: DEALER, body: 'x' }), 429, 20429);
  sim.forceFault('429');
  await rejectsWithTwilio(client.messages.list({}), 429, 20429);
  sim.forceFault('500');
  await rejectsWithTwilio(client.messages.list({}), 500, 20500);
  assert.equal(sim.sentTo(CUSTOMER), 0);
  sim.forceFault('429');
  const res = await raw(`${accountPath(sim)}/Messages.json`);
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '2');
  assert.deepEqual(sim.faultLog().map((f) => `${f.route}:${f.kind}`), ['create:500', 'create:429', 'list:429', 'list:500', 'list:429']);
});

test('faults: the twilio client retries 429s itself only with autoRetry: true', async (t) => {
  const { sim, clientWith } = await harness(t);
  const retrying = clientWith({ autoRetry: true, maxRetries: 3, maxRetryDelay: 50 });
  sim.forceFault('429', 2);
  const m = await retrying.messages.create({ to: CUSTOMER, from: DEALER, body: 'x' });
  assert.match(m.sid, /^SM/);
  assert.equal(sim.sentTo(CUSTOMER), 1);
  assert.equal(sim.faultLog().length, 2);
});

test('faults: slow responses time the client out, but a POST has created the message', async (t) => {
  const { sim, client, clientWith } = await harness(t, { faults: { slowMs: 600 } });
  const impatient = clientWith({ timeout: 150 });
  sim.forceFault('slow');
  await assert.rejects(impatient.messages.create({ to: CUSTOMER, from: DEALER, body: 'Did this go?' }), (err: unknown) => {
    const e = err as { code?: string; message?: string };
    assert.equal(e.code, 'ECONNABORTED');
    assert.match(e.message ?? '', /timeout of 150ms exceeded/);
    return true;
  });
  // The outcome was unknown to the client, yet the gateway has the message (R8: reconcile first).
  assert.equal(sim.sentTo(CUSTOMER), 1);
  const found = await client.messages.list({ to: CUSTOMER, from: DEALER });
  assert.equal(found.length, 1);
  assert.equal(found[0]?.body, 'Did this go?');
  sim.forceFault('slow');
  await assert.rejects(impatient.messages.list({}), (err: unknown) => (err as { code?: string }).code === 'ECONNABORTED');
});

test('faults: a response cut mid-body fails the client after the message was created', async (t) => {
  const { sim, client } = await harness(t);
  sim.forceFault('cut');
  await assert.rejects(client.messages.create({ to: CUSTOMER, from: DEALER, body: 'cut off' }), (err: unknown) => {
    // Not a RestException: axios saw the 201 status line but never got a whole body.
    assert.ok(!(err instanceof twilio.RestException));
    const e = err as { status?: number; code?: string };
    assert.equal(e.status, 201);
    assert.equal(e.code, 'ERR_BAD_RESPONSE');
    return true;
  });
  assert.equal(sim.sentTo(CUSTOMER), 1);
  sim.forceFault('cut');
  await assert.rejects(client.messages.list({}));
  assert.equal((await client.messages.list({})).length, 1);
});

test('faults: dup repeats the previous page’s last message at the start of the next page', async (t) => {
  const h = await harness(t);
  const toA = await sendSeries(h, CUSTOMER, 5, 'A');
  h.sim.forceFault('dup');
  const listed = (await h.client.messages.list({ to: CUSTOMER, pageSize: 2 })).map((m) => m.sid);
  assert.equal(listed.length, 6);
  assert.equal(listed[1], listed[2]);
  assert.deepEqual([...new Set(listed)], [...toA].reverse());
  assert.deepEqual(h.sim.faultLog().map((f) => f.kind), ['dup']);
});

test('faults: rates from a spec are deterministic for a seed', async (t) => {
  const spec = '500=0.2,429=0.2,slow=0,cut=0,dup=0.5,retryAfter=1,slowMs=3000,seed=42';
  assert.deepEqual(parseFaultSpec(spec), { rate500: 0.2, rate429: 0.2, rateSlow: 0, rateCut: 0, rateDup: 0.5, retryAfterSeconds: 1, slowMs: 3000, seed: 42 });
  assert.throws(() => parseFaultSpec('500=2'), /between 0 and 1/);
  assert.throws(() => parseFaultSpec('boom=0.1'), /unknown key/);
  assert.throws(() => parseFaultSpec('500=0.6,429=0.6'), /sum/);
  const run = async (): Promise<string[]> => {
    const h = await harness(t, { faults: spec });
    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      try {
        await h.client.messages.create({ to: CUSTOMER, from: DEALER, body: `n${i}` });
        outcomes.push('ok');
      } catch (err) {
        outcomes.push(String((err as { status?: number }).status));
      }
    }
    return outcomes;
  };
  const first = await run();
  assert.deepEqual(await run(), first);
  assert.ok(first.includes('500') && first.includes('429') && first.includes('ok'), first.join(','));
});

test('offline: connections are refused or reset; back online on the same port', async (t) => {
  const { sim, client } = await harness(t);
  await client.messages.create({ to: CUSTOMER, from: DEALER, body: 'before' });
  await sim.setOnline(false);
  for (let i = 0; i < 2; i++) {
    await assert.rejects(client.messages.list({}), (err: unknown) => {
      assert.ok(['ECONNREFUSED', 'ECONNRESET'].includes((err as { code?: string }).code ?? ''), String(err));
      return true;
    });
  }
  await sim.setOnline(true);
  assert.equal((await client.messages.list({})).length, 1);
});

test('scenario file: senders, services and timed replies load from JSON and fire on the manual clock', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sim-scenario-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'scenario.json');
  await writeFile(
    file,
    JSON.stringify({
      name: 'two-replies',
      senders: [{ number: '+61480000555', dealerIds: ['d1'] }],
      messagingServices: [{ sid: SERVICE_SID, friendlyName: 'svc', numbers: ['+61480000666'] }],
      events: [
        { at: -60000, direction: 'outbound', from: '+61480000555', to: CUSTOMER, body: 'Earlier offer' },
        { at: 5000, from: CUSTOMER, to: '+61480000555', body: 'STOP' },
        { at: 20000, from: CUSTOMER_2, to: '+61480000666', body: 'Sounds good' },
      ],
    }),
  );
  const scenario = await loadScenarioFile(file);
  const h = await harness(t, { scenario, ownedNumbers: undefined, messagingServices: [] });
  assert.deepEqual(h.sim.ownedNumbers(), ['+61480000555', '+61480000666']);
  assert.equal(h.sim.allMessages().length, 1); // the history event fired at start
  assert.equal(h.sim.pendingEvents, 2);
  h.sim.advance(4999);
  assert.equal(h.sim.allMessages().length, 1);
  h.sim.advance(1);
  const [stop] = await h.client.messages.list({ to: '+61480000555' });
  assert.equal(stop?.body, 'STOP');
  assert.equal(stop?.dateSent?.getTime(), T0 + 5000);
  await rejectsWithTwilio(h.client.messages.create({ to: CUSTOMER, from: '+61480000555', body: 'x' }), 400, 21610);
  await rejectsWithTwilio(h.client.messages.create({ to: CUSTOMER, from: DEALER, body: 'x' }), 400, 21606);
  h.sim.advance(60_000);
  assert.equal(h.sim.pendingEvents, 0);
  assert.equal(h.sim.allMessages()[0]?.messaging_service_sid, SERVICE_SID);

  await writeFile(file, JSON.stringify({ name: 'bad', senders: [{ number: '0412' }], events: [{ at: 'soon' }] }));
  await assert.rejects(loadScenarioFile(file), /invalid scenario[\s\S]*senders\.0\.number[\s\S]*events\.0\.at/);
});

test('demo scenario: history at start, replies over the first minutes, Twilio opt-outs only for its keywords', async (t) => {
  const h = await harness(t, { scenario: demoScenario, ownedNumbers: undefined, messagingServices: [] });
  const { sim, client } = h;
  assert.equal(demoScenario.customers.length, 12);
  assert.ok(demoScenario.senders.some((s) => s.dealerIds.length === 2), 'one number shared by two dealers');
  const history = sim.allMessages();
  assert.equal(history.length, demoScenario.events.filter((e) => e.direction === 'outbound').length);
  assert.ok(history.every((m) => m.direction === 'outbound-api' && m.status === 'delivered'));
  assert.ok(history.filter((m) => m.messaging_service_sid === DEMO_MESSAGING_SERVICE_SID).every((m) => m.from === DEMO_SERVICE_NUMBER));

  sim.advance(60_000);
  const firstMinute = (await client.messages.list({ to: DEMO_SHARED_NUMBER })).map((m) => m.body);
  assert.deepEqual(firstMinute, ['please stop texting me', 'UNSUB', 'STOP']);
  sim.advance(3 * 60_000);
  assert.equal(sim.pendingEvents, 0);
  const inbound = sim.allMessages().filter((m) => m.direction === 'inbound');
  assert.equal(inbound.length, demoScenario.events.filter((e) => e.direction === 'inbound').length);
  assert.ok(inbound.length >= 10);

  const olivia = '+61491570006';
  assert.equal(sim.isOptedOut(DEMO_SHARED_NUMBER, olivia), true); // STOP
  assert.equal(sim.isOptedOut(DEMO_SHARED_NUMBER, '+61491570156'), false); // UNSUB is not Twilio's
  assert.equal(sim.isOptedOut(DEMO_SHARED_NUMBER, '+61491570158'), false); // words
  assert.equal(sim.isOptedOut(DEMO_KIA_NUMBER, '+61491570737'), true); // Unsubscribe
  assert.equal(sim.isOptedOut(DEMO_MESSAGING_SERVICE_SID, '+61491570313'), false); // Stop, then START
  await rejectsWithTwilio(client.messages.create({ to: olivia, from: DEMO_SHARED_NUMBER, body: 'x' }), 400, 21610);
  const ok = await client.messages.create({ to: '+61491570313', messagingServiceSid: DEMO_MESSAGING_SERVICE_SID, body: 'Welcome back' });
  assert.equal(ok.status, 'accepted');
});
