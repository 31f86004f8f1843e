// Issue 14 finding 7 (input and web host edges): lone surrogates and control characters in names
// and bodies are refused with a clear error instead of being stored as "???" or sent as-is; the
// SMS length and segments are counted as the gateway counts them (800 emoji = 25 segments; the
// limit counts characters); error messages never echo a bidirectional override unescaped; after a
// 413 the host stops reading the body; an event stream whose client does not read is not buffered
// without bound.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startWebHost, type RunningWebHost } from '../../src-main/app/start-web-host.ts';
import { countSegments, smsLength } from '../../shared/sms-segments.ts';
import { escapeForMessage, textProblem } from '../../shared/text-rules.ts';

let host: RunningWebHost;
let dir: string;
let dealerId: number;
let customerId: number;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smsdesk-edges-'));
  host = await startWebHost({ dbPath: join(dir, 'desk.db'), port: 0, demo: true, background: false, backups: false, staticRoot: null, demoExtraLeads: 0, log: { info: () => undefined, error: () => undefined } });
  const settings = (await host.app.invoke('settings.get', {})) as { ok: true; value: { dealerAccounts: { id: number }[] } };
  dealerId = settings.value.dealerAccounts[0]!.id;
  const made = await host.app.invoke('leads.create', { dealerAccountId: dealerId, firstName: 'Edge', lastName: 'Case', mobile: '0412 999 001', optInToMarketing: true });
  assert.ok(made.ok, JSON.stringify(made));
  customerId = (made.value as { customerId: number }).customerId;
});

after(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(channel: string, input: unknown): Promise<{ status: number; body: { ok: boolean; value?: unknown; error?: { code: string; message: string; details?: { field?: string } } } }> {
  const res = await fetch(`${host.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as never };
}

const customers = async (): Promise<number> => ((await host.app.invoke('leads.list', {})) as { ok: true; value: { total: number } }).value.total;
const messagesTo = (id: number): number => host.app.core.store.timeline.page(id, 200).items.length;

test('issue 14 finding 7: a lone surrogate in a name is refused with a clear error, nothing stored', async () => {
  const before = await customers();
  const r = await call('leads.create', { dealerAccountId: dealerId, firstName: 'Bro\ud800ken', lastName: 'Name', optInToMarketing: false });
  assert.equal(r.body.ok, false);
  assert.equal(r.body.error?.code, 'INVALID_INPUT');
  assert.equal(r.body.error?.details?.field, 'firstName');
  assert.match(r.body.error!.message, /The first name contains a broken character \(half of an emoji or symbol, U\+D800\)/);
  assert.equal(await customers(), before);
});

test('issue 14 finding 7: NUL, BEL, ESC and DEL in names and bodies are refused, naming the character', async () => {
  for (const [ch, name] of [['\u0000', 'U+0000 NUL'], ['\u0007', 'U+0007 BEL'], ['\u001b', 'U+001B ESC'], ['\u007f', 'U+007F DEL']] as const) {
    const lead = await call('leads.updateDetails', { customerId, firstName: `Edge${ch}`, lastName: 'Case', email: null });
    assert.equal(lead.body.error?.code, 'INVALID_INPUT', name);
    assert.ok(lead.body.error!.message.includes(`invisible control character (${name})`), lead.body.error!.message);
    const before = messagesTo(customerId);
    const sms = await call('sms.send', { dealerAccountId: dealerId, customerId, body: `Hello ${ch} there`, requestId: randomUUID() });
    assert.equal(sms.body.error?.code, 'INVALID_INPUT', name);
    assert.equal(sms.body.error?.details?.field, 'body');
    assert.ok(sms.body.error!.message.startsWith(`The message contains an invisible control character (${name})`), sms.body.error!.message);
    assert.equal(messagesTo(customerId), before, 'nothing recorded or sent');
  }
  const lone = await call('sms.send', { dealerAccountId: dealerId, customerId, body: 'Hi \udc00', requestId: randomUUID() });
  assert.match(lone.body.error!.message, /The message contains a broken character/);
  assert.equal(host.app.core.store.customers.get(customerId)?.first_name, 'Edge');
});

test('issue 14 finding 7: line breaks and tabs stay allowed in a body; bidirectional text and emoji are kept as typed', () => {
  assert.equal(textProblem('Line one\nLine two\tend', { multiline: true }), null);
  assert.equal(textProblem('שלום 👍 مرحبا'), null);
  assert.match(textProblem('two\nlines') ?? '', /U\+000A LINE FEED/);
});

test('issue 14 finding 7: segments as the gateway counts them: 800 emoji are 25 segments (33 to a part), not 24', async () => {
  assert.equal(countSegments('👍'.repeat(800)).segments, 25);
  assert.equal(countSegments('👍'.repeat(35)).segments, 1);
  assert.equal(countSegments('👍'.repeat(36)).segments, 2);
  assert.equal(countSegments('a'.repeat(152) + '€' + 'a'.repeat(152)).segments, 3, 'an extension character is not split across parts');
  assert.equal(countSegments('a'.repeat(153) + '€' + 'a'.repeat(151)).segments, 2);
  // What the app stores (the simulator counts with the same function, as the gateway does).
  const sent = await call('sms.send', { dealerAccountId: dealerId, customerId, body: '👍'.repeat(800), requestId: randomUUID() });
  assert.equal(sent.body.ok, true, JSON.stringify(sent.body));
  const message = (sent.body.value as { message: { id: number; segments: number } }).message;
  assert.equal(message.segments, 25);
});

test('issue 14 finding 7: the 1600 limit counts characters: 801 emoji may be sent (not "1602 characters"), 1601 may not; 1600 plus trailing spaces is fine', async () => {
  assert.equal(smsLength('👍'.repeat(801)), 801);
  const emoji = await call('sms.send', { dealerAccountId: dealerId, customerId, body: '👍'.repeat(801), requestId: randomUUID() });
  assert.equal(emoji.body.ok, true, JSON.stringify(emoji.body.error));
  const long = await call('sms.send', { dealerAccountId: dealerId, customerId, body: '👍'.repeat(1601), requestId: randomUUID() });
  assert.equal(long.body.error?.code, 'INVALID_INPUT');
  assert.equal(long.body.error?.message, 'The message is 1601 characters; SMS allows at most 1600.');
  const padded = await call('sms.send', { dealerAccountId: dealerId, customerId, body: `${'a'.repeat(1600)}   `, requestId: randomUUID() });
  assert.equal(padded.body.ok, true, JSON.stringify(padded.body.error));
});

test('issue 14 finding 7: error messages never echo a bidirectional override unescaped', async () => {
  const r = await call('leads.updateMobile', { customerId, mobile: '\u202e0412 345 67x' });
  assert.equal(r.body.ok, false);
  assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/.test(r.body.error!.message), r.body.error!.message);
  const email = await call('leads.updateDetails', { customerId, firstName: 'Edge', lastName: 'Case', email: 'evil\u202egnp.exe@' });
  assert.ok(email.body.error!.message.includes('<U+202E>'), email.body.error!.message);
  const channel = await call('no.such\u202echannel', {});
  assert.ok(!/\u202e/.test(channel.body.error!.message));
  assert.equal(escapeForMessage('a\u2066b\u200fc'), 'a<U+2066>b<U+200F>c');
});

/** Sends a chunked body as fast as the server takes it; resolves to the bytes it managed to write. */
function uploadUntilClosed(limitBytes: number): Promise<{ written: number; status: string }> {
  return new Promise((resolve) => {
    const socket: Socket = connect(host.port, '127.0.0.1');
    let written = 0;
    let answer = '';
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ written, status: answer.split('\r\n')[0] ?? '' });
    };
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => {
      socket.write(
        `POST /api/leads.list HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${host.token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      );
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
      const pump = (): void => {
        while (!done && written < limitBytes) {
          written += chunk.length;
          if (!socket.write(frame)) {
            socket.once('drain', pump);
            return;
          }
        }
        if (written >= limitBytes) finish();
      };
      pump();
    });
  });
}

test('issue 14 finding 7: after answering 413 the host stops reading the body (a 64 MB upload is cut off, not drained)', { timeout: 60_000 }, async () => {
  const r = await uploadUntilClosed(64 * 1024 * 1024);
  assert.match(r.status, /^HTTP\/1\.1 413/);
  assert.ok(r.written < 16 * 1024 * 1024, `the client could push ${(r.written / 1024 / 1024).toFixed(1)} MB after the limit of 1 MiB`);
  // The host still answers.
  assert.equal((await call('settings.get', {})).status, 200);
});

test('issue 14 finding 7: an event stream whose client does not read is not buffered without bound (closed past the backlog)', { timeout: 60_000 }, async () => {
  const serverSockets: Socket[] = [];
  const onConnection = (s: Socket): void => void serverSockets.push(s);
  host.host.server.on('connection', onConnection);
  const socket = connect(host.port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  socket.write(`GET /api/_events?token=${encodeURIComponent(host.token)} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`);
  await new Promise((r) => socket.once('data', r));
  socket.pause(); // never read again
  host.host.server.off('connection', onConnection);
  const stream = serverSockets[0]!;
  // 40 MB of events: 2,000 payloads of 20 KB, to a client that reads none of them.
  const big = 'x'.repeat(20_000);
  let most = 0;
  for (let i = 0; i < 2_000; i++) {
    host.app.bus.emit('sync:status', { note: big } as never);
    most = Math.max(most, stream.writableLength);
    if (i % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  socket.destroy();
  assert.ok(most < 4 * 1024 * 1024, `the server buffered ${(most / 1024 / 1024).toFixed(1)} MB for a client that reads nothing`);
  assert.ok(stream.destroyed, 'the stream was closed once its backlog passed the limit (the client reconnects)');
});
