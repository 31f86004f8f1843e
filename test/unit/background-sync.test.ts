// sync.status during the first sync ever: initialSync carries the messages brought in so far and
// the fraction of the sync window listed, rising to the end; null once the sync is over, and
// absent from later polls. The gateway is an in-memory log of a busy week; the clock is manual.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { manualClock } from '../../src-main/clock.ts';
import { createConnectedCore } from '../../src-main/connected-core.ts';
import { ChangesRepo } from '../../src-main/db/repos/changes-repo.ts';
import { EventBus } from '../../src-main/ipc/event-bus.ts';
import { BackgroundSync } from '../../src-main/app/background-sync.ts';
import { ChangeFeed } from '../../src-main/app/change-feed.ts';
import { Connectivity } from '../../src-main/app/connectivity.ts';
import type { SyncGateway } from '../../src-main/gateway/sms-gateway.ts';
import { syncStatusSchema, type SyncStatus } from '../../shared/ipc/contract.ts';
import { PagedMessageLog } from '../support/paged-message-log.ts';
import { RecordingGateway } from '../support/recording-gateway.ts';
import { spreadMessages } from '../support/spread-messages.ts';
import { T0 } from '../support/seed-world.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { GatewayError } from '../../src-main/gateway/sms-gateway.ts';

const SID = 'AC' + 'b'.repeat(32);
const SHARED = '+61480000001';

function desk() {
  const clock = manualClock(T0);
  const db = openDatabase(':memory:');
  const log = new PagedMessageLog(spreadMessages({ now: T0, spanMs: 7 * 86_400_000, count: 600, sender: SHARED, inboundEvery: 3 }), SID);
  const sends = new RecordingGateway(clock);
  const gateway: SyncGateway = {
    accountSid: SID,
    send: (sms) => sends.send(sms),
    listMessages: (q) => log.listMessages(q),
    fetchMessage: (sid) => log.fetchMessage(sid),
  };
  const core = createConnectedCore({ db, gateway, clock, timeZone: 'Australia/Sydney', poller: { pageSize: 40 } });
  const { accounts } = core.store;
  const dealer = accounts.createAccount('A', 'Harbour City Toyota', T0);
  accounts.shareSender(accounts.createSender(accounts.createGatewayAccount(SID, 'Group gateway', T0), 'number', SHARED, 'Shared', T0), dealer);
  const bus = new EventBus();
  const emitted: SyncStatus[] = [];
  const events: string[] = [];
  bus.subscribe((event, payload) => {
    events.push(event);
    if (event === 'sync:status') emitted.push(payload as SyncStatus);
  });
  const changes = new ChangesRepo(db);
  const logger = { info: () => {}, error: (m: string, e: unknown) => assert.fail(`${m}: ${String(e)}`) };
  const connectivity = new Connectivity({
    bus,
    outbox: core.outbox,
    poller: core.poller,
    maxMessageId: () => changes.maxMessageId(),
    gatewayKind: () => 'twilio',
    pollIntervalMs: 30_000,
    clock,
  });
  const feed = new ChangeFeed({ changes, bus, log: logger, initialSync: () => connectivity.initialSyncRunning });
  const sync = new BackgroundSync({ core, feed, connectivity, log: logger, reconfigureGateway: async () => {} });
  /** sync.status() each time the poller asks the gateway for a page. */
  const statusAtEachPage: SyncStatus[] = [];
  log.onList = () => statusAtEachPage.push(syncStatusSchema.parse(sync.status()));
  return { clock, db, core, sync, emitted, events, statusAtEachPage, log, bus };
}

function assertNonDecreasing(xs: number[], what: string): void {
  for (let i = 1; i < xs.length; i++) assert.ok((xs[i] as number) >= (xs[i - 1] as number), `${what} never goes back: ${xs[i - 1]} then ${xs[i]}`);
}

test('sync.status: the first sync shows the fraction listed and the messages so far; null once it is over', async () => {
  const d = desk();
  assert.equal(d.sync.status().initialSync, null, 'no poll yet');
  await d.sync.pollNow();

  assert.deepEqual(d.emitted[0]?.initialSync, { done: 0, fraction: 0 }, 'announced as the poll starts');
  const during = d.statusAtEachPage.map((s) => s.initialSync);
  assert.ok(during.length > 15, `${during.length} pages`);
  assert.ok(during.every((s) => s !== null), 'shown on every page of the first sync');
  const fractions = during.map((s) => s?.fraction as number);
  const done = during.map((s) => s?.done as number);
  assertNonDecreasing(fractions, 'the fraction');
  assertNonDecreasing(done, 'the messages so far');
  assert.ok(fractions.some((f) => f > 0.25 && f < 0.75), `passes through the middle: ${fractions.join(' ')}`);
  assert.ok((fractions.at(-1) as number) < 1, 'not 1 before the last page is stored');
  assert.ok((done.at(-1) as number) > 0 && (done.at(-1) as number) < 600);

  const after = syncStatusSchema.parse(d.sync.status());
  assert.equal(after.initialSync, null);
  assert.equal(d.emitted.at(-1)?.initialSync, null, 'the last status sent says the sync is over');
  assert.equal(after.lastPollAt, T0);
  assert.equal(d.core.store.messages.list({ limit: 1_000 }).length, 600);
});

test('sync.status: a later poll is not an initial sync', async () => {
  const d = desk();
  await d.sync.pollNow();
  d.statusAtEachPage.length = 0;
  d.emitted.length = 0;
  d.clock.advance(60_000);
  await d.sync.pollNow();
  assert.ok(d.statusAtEachPage.length > 0);
  assert.ok(d.statusAtEachPage.every((s) => s.initialSync === null));
  assert.ok(d.emitted.every((s) => s.initialSync === null));
});

test('sync.status: pages coming in during the initial sync count as online, not "Offline" until the last page', async () => {
  const d = desk();
  await d.sync.pollNow();
  const online = d.statusAtEachPage.map((s) => s.online);
  assert.equal(online[0], false, 'nothing heard from the gateway before the first page');
  assert.ok(online.slice(2).every(Boolean), `online once pages arrive: ${online.join(' ')}`);
  assert.equal(d.sync.status().online, true);
});

test('a first sync cut off by the network shows its progress again when it resumes, and finishes', async () => {
  const d = desk();
  // The replies stream takes 5 pages; the 10th request is in the middle of the account's log.
  let lists = 0;
  d.log.onList = () => {
    lists++;
    d.statusAtEachPage.push(syncStatusSchema.parse(d.sync.status()));
    if (lists === 10) throw new GatewayError('retryable', 'connect ECONNREFUSED');
  };
  await d.sync.pollNow();
  const cut = syncStatusSchema.parse(d.sync.status());
  assert.equal(cut.online, false, 'the network failed');
  assert.equal(cut.initialSync, null, 'no bar between polls');
  assert.equal(d.core.poller.neverSynced(), true, 'the first pass is not complete');

  d.statusAtEachPage.length = 0;
  d.clock.advance(30_000);
  await d.sync.pollNow();
  assert.ok(d.statusAtEachPage.length > 5);
  assert.ok(d.statusAtEachPage.every((s) => s.initialSync !== null), 'the resumed first sync shows its bar');
  assert.ok((d.statusAtEachPage[0]?.initialSync?.fraction ?? 0) > 0, 'from where it had got, not from 0');
  assert.equal(d.core.poller.neverSynced(), false);
  assert.equal(d.sync.status().initialSync, null);
  assert.equal(d.core.store.messages.list({ limit: 1_000 }).length, 600);
});

test('the notifications an initial sync makes are listed, not announced one by one; a reply after it is announced', async () => {
  const d = desk();
  await d.sync.pollNow();
  const changes = new ChangesRepo(d.db);
  const listed = changes.notificationsAfter(0, 1_000).length;
  assert.ok(listed >= 100, `a week of replies makes notifications: ${listed}`);
  assert.equal(d.events.filter((e) => e === 'notification:new').length, 0, 'no toast or desktop notification for each');
  assert.ok(d.events.includes('review:changed'), 'the counts are reloaded once');

  d.events.length = 0;
  d.clock.advance(60_000);
  d.log.add(gatewayMessage({ from: '+61420000003', to: SHARED, body: 'Can I come in at 3?', at: d.clock() - 5_000 }));
  await d.sync.pollNow();
  assert.equal(d.events.filter((e) => e === 'notification:new').length, 1, 'a new reply after the sync is announced');
});

test('R4: a reply from a number no customer has opens a review, and the review counts are told to reload', async () => {
  const d = desk();
  await d.sync.pollNow();
  const open = d.core.store.reviews.openCount();
  d.events.length = 0;
  d.clock.advance(60_000);
  d.log.add(gatewayMessage({ from: '+61420000099', to: SHARED, body: 'Who is this?', at: d.clock() - 5_000 }));
  await d.sync.pollNow();
  assert.equal(d.core.store.reviews.openCount(), open + 1, 'an unattributed review item');
  assert.ok(!d.events.includes('lead:changed'), 'no lead to tell about');
  assert.ok(d.events.includes('review:changed'), 'the badge and the review queue reload');
});

test('a burst of replies (a day offline) announces its newest few; the rest are listed and counted', async () => {
  const d = desk();
  await d.sync.pollNow();
  d.events.length = 0;
  d.clock.advance(86_400_000);
  for (let i = 0; i < 12; i++) {
    d.log.add(gatewayMessage({ from: `+6142000${String(100 + i)}`, to: SHARED, body: `Still keen? (${i})`, at: d.clock() - 60_000 + i * 1_000 }));
  }
  const announced: number[] = [];
  const off = d.bus.subscribe((event, payload) => {
    if (event === 'notification:new') announced.push((payload as { id: number }).id);
  });
  await d.sync.pollNow();
  off();
  const listed = new ChangesRepo(d.db).notificationsAfter(0, 10_000).map((n) => n.id);
  const newest = listed.slice(-5);
  assert.deepEqual(announced, newest, 'the newest five, oldest of them first');
  assert.ok(listed.length >= 12 + 5);
  assert.ok(d.events.includes('review:changed'), 'the counts are reloaded for the rest');
});
