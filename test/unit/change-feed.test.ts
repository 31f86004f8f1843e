// The change feed is the only emitter of data events, and it reads them from what changed in the
// store, whoever wrote it: an IPC call, background work, or a second process on the same database
// file (here a second better-sqlite3 connection, as `smsdesk serve` or the CLI beside the desktop
// app would hold). One change is one event: a send is one message:new, not a message:new and a
// message:updated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedWorld, T0 } from '../support/seed-world.ts';
import { contextFor, quietLog } from '../support/handler-context.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { RecordingGateway } from '../support/recording-gateway.ts';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { manualClock } from '../../src-main/clock.ts';
import { createConnectedCore } from '../../src-main/connected-core.ts';
import { ChangesRepo } from '../../src-main/db/repos/changes-repo.ts';
import { EventBus } from '../../src-main/ipc/event-bus.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import { ChangeFeed } from '../../src-main/app/change-feed.ts';
import { Connectivity } from '../../src-main/app/connectivity.ts';
import { BackgroundSync } from '../../src-main/app/background-sync.ts';
import { Preferences } from '../../src-main/settings/preferences.ts';
import { manualTimers } from '../support/manual-timers.ts';
import { MAX_ANNOUNCED } from '../../shared/domain/notification-policy.ts';
import { randomUUID } from 'node:crypto';

const JANE = '+61412345678';
const SHARED = '+61480000001';

/** A desk on a database file, and a second process's connection to the same file. */
function twoProcesses() {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-feed-'));
  const file = join(dir, 'desk.db');
  const w = seedWorld(file);
  const events: [string, unknown][] = [];
  const bus = new EventBus();
  bus.subscribe((e, p) => events.push([e, p]));
  const manual = manualTimers();
  const feed = new ChangeFeed({ changes: new ChangesRepo(w.db), bus, log: quietLog, timers: manual.timers });
  const otherDb = openDatabase(file);
  const otherClock = manualClock(T0 + 3_600_000);
  const other = createConnectedCore({ db: otherDb, gateway: new RecordingGateway(otherClock), clock: otherClock, timeZone: 'Australia/Sydney' });
  return {
    ...w,
    bus,
    events,
    feed,
    manual,
    other,
    close() {
      void feed.stop();
      otherDb.close();
      w.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('R9 across processes: a manual opt-out written by a second connection on the same file reaches the feed as consent:changed within one poll interval', () => {
  const d = twoProcesses();
  try {
    d.feed.start();
    assert.ok(d.manual.delays().every((ms) => ms >= 250 && ms <= 500), `looks every ${d.manual.delays().join(', ')} ms`);
    d.other.consent.optOutManually({ dealerAccountId: d.dealerB, customerId: d.customerId, channel: 'sms', actor: 'Sam (other desk)', reason: 'Asked by phone' });
    assert.deepEqual(d.events, [], 'nothing before the feed looks');

    d.manual.fire();
    assert.deepEqual(d.events, [['consent:changed', { customerId: d.customerId, dealerAccountId: d.dealerB, channel: 'sms', status: 'opted_out' }]]);
    assert.equal(d.manual.delays().length, 1, 'and it keeps looking');

    d.events.length = 0;
    d.manual.fire();
    assert.deepEqual(d.events, [], 'nothing new, nothing said');
  } finally {
    d.close();
  }
});

test('R3 across processes: a reply another process polled in is message:new, lead:changed and notification:new here, once each', () => {
  const d = twoProcesses();
  try {
    // The other desk texted Jane for B through the shared number, so her reply is B's (R4).
    d.other.store.messages.insert({
      direction: 'outbound', origin: 'manual', status: 'sent', customerId: d.customerId, dealerAccountId: d.dealerB, senderId: d.shared,
      toNumber: JANE, fromNumber: SHARED, body: 'Test drive Saturday?', segments: 1, gatewaySid: 'SM' + 'c'.repeat(32), createdAt: T0 + 1_000,
    });
    d.feed.flush();
    const outbound = d.events.filter(([e]) => e === 'message:new');
    assert.equal(outbound.length, 1, 'the other desk\'s send is listed here too');
    d.events.length = 0;

    d.other.ingestor.ingestPage([gatewayMessage({ from: JANE, to: SHARED, body: 'Saturday at 10 works', at: T0 + 60_000 })]);
    d.feed.flush();
    const reply = d.other.store.messages.list({ limit: 1 })[0]!;
    const notified = d.other.store.notifications.recent(1)[0]!;
    assert.deepEqual(
      d.events.map(([e]) => e),
      ['message:new', 'lead:changed', 'notification:new'],
    );
    assert.deepEqual(d.events[0]?.[1], { messageId: reply.id, customerId: d.customerId, direction: 'inbound', status: 'received' });
    assert.deepEqual(d.events[1]?.[1], { customerId: d.customerId });
    assert.equal((d.events[2]?.[1] as { id: number; kind: string }).id, notified.id);
    assert.equal((d.events[2]?.[1] as { kind: string }).kind, 'reply');
  } finally {
    d.close();
  }
});

test('across processes with real timers: a user name set by another desk is settings:changed here within a second', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-feed-'));
  const file = join(dir, 'desk.db');
  const w = seedWorld(file);
  const bus = new EventBus();
  const feed = new ChangeFeed({ changes: new ChangesRepo(w.db), bus, log: quietLog });
  const otherDb = openDatabase(file);
  try {
    feed.start();
    const started = Date.now();
    const seen = bus.next('settings:changed', () => true, 2_000);
    new Preferences(createConnectedCore({ db: otherDb, gateway: new RecordingGateway(() => T0), clock: () => T0 }).store).setUserName('Sam');
    await seen;
    assert.ok(Date.now() - started < 1_000, `noticed after ${Date.now() - started} ms`);
  } finally {
    await feed.stop();
    otherDb.close();
    w.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A handler context whose sync is the app's BackgroundSync (its outbox listener flushes the feed mid-send), loops idle. */
function deskWithBackground() {
  const w = seedWorld();
  const ctx = contextFor(w);
  const changes = new ChangesRepo(w.db);
  const connectivity = new Connectivity({
    bus: ctx.bus,
    outbox: w.core.outbox,
    poller: w.core.poller,
    maxMessageId: () => changes.maxMessageId(),
    gatewayKind: () => 'twilio',
    pollIntervalMs: 30_000,
    clock: w.clock,
  });
  const idle = manualTimers();
  const sync = new BackgroundSync({ core: w.core, feed: ctx.feed as ChangeFeed, connectivity, log: quietLog, reconfigureGateway: async () => {}, timers: idle.timers });
  sync.start();
  ctx.sync = sync;
  const data = () => ctx.events.filter(([e]) => e !== 'sync:status');
  return { ...w, ctx, sync, data };
}

test('R8 one send, one event: sms.send is one message:new with the status it reached, no message:updated for the same change', async () => {
  const d = deskWithBackground();
  try {
    const out = await invokeHandler('sms.send', { dealerAccountId: d.dealerA, customerId: d.customerId, body: 'Your car is ready', requestId: randomUUID() }, d.ctx);
    assert.ok(out.ok, JSON.stringify(out));
    const sent = d.core.store.messages.list({ limit: 1 })[0]!;
    assert.equal(sent.status, 'accepted');
    assert.deepEqual(d.data(), [['message:new', { messageId: sent.id, customerId: d.customerId, direction: 'outbound', status: 'accepted' }]]);

    // The gateway later reports it delivered (a poll's status refresh): one message:updated.
    d.ctx.events.length = 0;
    d.core.store.messages.setOutcome(sent.id, { status: 'delivered', gatewaySid: sent.gateway_sid, sentAt: sent.sent_at }, d.clock());
    d.ctx.feed.flush();
    d.ctx.feed.flush();
    assert.deepEqual(d.data(), [['message:updated', { messageId: sent.id, customerId: d.customerId, status: 'delivered' }]]);
  } finally {
    await d.sync.stop();
  }
});

test('R5, R6 a refused send is one message:new for the recorded attempt, before the refusal answers', async () => {
  const d = deskWithBackground();
  try {
    d.core.consent.optOutManually({ dealerAccountId: d.dealerA, customerId: d.customerId, channel: 'sms', actor: 'kim' });
    d.ctx.feed.flush();
    d.ctx.events.length = 0;
    const out = await invokeHandler('sms.send', { dealerAccountId: d.dealerA, customerId: d.customerId, body: 'Hello', requestId: randomUUID() }, d.ctx);
    assert.ok(out.ok && (out.value as { outcome: string }).outcome === 'refused', 'the refusal is an answer');
    const blocked = d.core.store.messages.list({ limit: 1 })[0]!;
    assert.equal(blocked.status, 'blocked_opted_out');
    assert.deepEqual(d.data(), [['message:new', { messageId: blocked.id, customerId: d.customerId, direction: 'outbound', status: 'blocked_opted_out' }]]);
  } finally {
    await d.sync.stop();
  }
});

test('a lead edit is one lead:changed however many rows it wrote; app state written in the background is no settings:changed', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const out = await invokeHandler('leads.updateMobile', { customerId: w.customerId, mobile: '0499 888 777' }, ctx);
  assert.ok(out.ok, JSON.stringify(out));
  assert.deepEqual(ctx.events, [['lead:changed', { customerId: w.customerId }]], 'customers, customer_phones and the search tokens: one event');

  ctx.events.length = 0;
  ctx.prefs.setLastPollStartMs(w.clock());
  ctx.prefs.setDemoStartMs(w.clock());
  ctx.feed.flush();
  assert.deepEqual(ctx.events, [], 'a poll\'s bookkeeping is not a settings change');
  await invokeHandler('settings.setNotificationPrefs', { desktop: true, replies: false, possibleOptOuts: true, sendFailures: true }, ctx);
  assert.deepEqual(ctx.events, [['settings:changed', {}]]);
});

test('a status changed several times between flushes is one message:updated with the status now', () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const id = w.core.store.messages.insert({
    direction: 'outbound', origin: 'manual', status: 'queued', customerId: w.customerId, dealerAccountId: w.dealerA, senderId: w.shared,
    toNumber: JANE, fromNumber: SHARED, body: 'Hi', segments: 1, createdAt: w.clock(),
  });
  ctx.feed.flush();
  ctx.events.length = 0;
  for (const status of ['sending', 'accepted', 'sent'] as const) w.core.store.messages.setOutcome(id, { status }, w.clock());
  ctx.feed.flush();
  assert.deepEqual(ctx.events, [['message:updated', { messageId: id, customerId: w.customerId, status: 'sent' }]]);
});

test('a burst of notifications in one flush announces the newest MAX_ANNOUNCED and has the counts reloaded once for the rest', () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const ids: number[] = [];
  for (let i = 0; i < 12; i++) {
    ids.push(w.core.store.notifications.add({ kind: 'reply', customerId: w.customerId, messageId: null, title: `Reply ${i}`, body: 'Still keen' }, w.clock() + i));
  }
  ctx.feed.flush();
  assert.deepEqual(ctx.events.filter(([e]) => e === 'notification:new').map(([, p]) => (p as { id: number }).id), ids.slice(-MAX_ANNOUNCED));
  assert.deepEqual(ctx.events.filter(([e]) => e === 'review:changed'), [['review:changed', { reviewId: null }]]);
});
