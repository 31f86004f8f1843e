// The poller's progress through a long initial sync: a busy shared number's last 7 days (1,000
// messages, newest first, 50 a page) listed from an in-memory gateway log. The fraction listed
// rises page by page to 1, and a pass cut off mid-way resumes, after a restart, from where it got.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld, T0 } from '../support/seed-world.ts';
import { PagedMessageLog } from '../support/paged-message-log.ts';
import { spreadMessages } from '../support/spread-messages.ts';
import { InboundPoller } from '../../src-main/sync/inbound-poller.ts';
import { MessageIngestor } from '../../src-main/sync/ingestor.ts';
import type { SyncProgress } from '../../src-main/sync/sync-progress.ts';
import { GatewayError, type GatewayMessage } from '../../src-main/gateway/sms-gateway.ts';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const SHARED = '+61480000001';
const ACCOUNT_SID = 'AC' + 'a'.repeat(32); // the seed world's gateway account
const PAGE = 50;
const ACCOUNT_STREAM = `account:${ACCOUNT_SID}`;

function world() {
  const w = seedWorld();
  const messages = spreadMessages({ now: T0, spanMs: WEEK, count: 1_000, sender: SHARED, inboundEvery: 4 });
  const inStream = InboundPoller.inStream(w.shared);
  /** A desk process: a poller (with its ingestor) over the world's store, reading `log`. */
  const startDesk = (log: PagedMessageLog) =>
    new InboundPoller(w.core.store, new MessageIngestor(w.core.store, w.core.consent, w.clock), log, w.clock, { pageSize: PAGE });
  return { ...w, messages, inStream, startDesk };
}

/** The messages one stream lists, newest first. */
const newestFirst = (ms: GatewayMessage[]): number[] => ms.map((m) => m.dateSent as number).sort((a, b) => b - a);

/** The stream's fraction after each of its pages but the last (then 1): the window [floor, top] covered down to each page's oldest date. */
function pageFractions(dates: number[], top: number, floor: number): number[] {
  const out: number[] = [];
  for (let end = PAGE; end < dates.length; end += PAGE) out.push((top - (dates[end - 1] as number)) / (top - floor));
  return [...out, 1];
}

const streamOf = (p: SyncProgress, stream: string) => {
  const s = p.streams.find((x) => x.stream === stream);
  assert.ok(s, `progress has stream ${stream}`);
  return s;
};

/** Consecutive repeats dropped. */
const changes = (xs: number[]): number[] => xs.filter((x, i) => i === 0 || x !== xs[i - 1]);

function assertNonDecreasing(xs: number[], what: string): void {
  for (let i = 1; i < xs.length; i++) assert.ok((xs[i] as number) >= (xs[i - 1] as number), `${what} never goes back: ${xs[i - 1]} then ${xs[i]} at ${i}`);
}

test('initial sync progress: every stream is known at the start, the fraction rises page by page, 1 at the end', async () => {
  const w = world();
  const log = new PagedMessageLog(w.messages, ACCOUNT_SID);
  const poller = w.startDesk(log);
  const seen: SyncProgress[] = [];
  log.onList = () => seen.push(poller.progress() as SyncProgress);
  assert.equal(poller.progress(), null, 'no poll yet');

  const polling = poller.pollOnce();
  assert.deepEqual(poller.progress(), {
    fraction: 0,
    streams: [
      { stream: w.inStream, fraction: 0, complete: false },
      { stream: ACCOUNT_STREAM, fraction: 0, complete: false },
    ],
  });
  const report = await polling;
  assert.equal(report.error, null);
  const pages = Object.fromEntries(report.streams.map((s) => [s.stream, s.pages]));
  assert.deepEqual(pages, { [w.inStream]: 5, [ACCOUNT_STREAM]: 20 }, '250 replies and 1,000 log entries, 50 a page');

  const end = poller.progress() as SyncProgress;
  assert.equal(end.fraction, 1);
  assert.ok(end.streams.every((s) => s.complete && s.fraction === 1));

  assertNonDecreasing([...seen.map((p) => p.fraction), end.fraction], 'the overall fraction');
  // Both windows are the same 7 days: the replies stream done and the log not started is half.
  const firstAccountPage = log.requests.findIndex((q) => q.pageUrl === undefined && q.to === undefined);
  assert.equal(seen[firstAccountPage]?.fraction, 0.5);

  // The account stream moves through exactly the per-page fractions, in order, rising at each page
  // (the request for a page can go out before the page before it is stored, so one may be skipped).
  const floor = T0 - WEEK;
  const expected = [0, ...pageFractions(newestFirst(w.messages), T0, floor)];
  const observed = changes([...seen.map((p) => streamOf(p, ACCOUNT_STREAM).fraction), streamOf(end, ACCOUNT_STREAM).fraction]);
  assert.ok(observed.length >= expected.length - 1, `${observed.length} distinct steps of ${expected.length}`);
  let at = 0;
  for (const f of observed) {
    const found = expected.indexOf(f, at);
    assert.ok(found >= at, `${f} is one of the page fractions, after the one before`);
    at = found + 1;
  }
  assert.ok(observed.some((f) => f > 0.4 && f < 0.6), 'passes through the middle');
});

/** A first poll cut off by a network error when the account stream asks for page `failAt`. */
async function cutOff(w: ReturnType<typeof world>, failAt: number) {
  const log = new PagedMessageLog(w.messages, ACCOUNT_SID);
  const poller = w.startDesk(log);
  let accountRequests = 0;
  log.onList = (q) => {
    if (log.listsWholeLog(q) && ++accountRequests === failAt) throw new GatewayError('retryable', 'socket hang up');
  };
  const report = await poller.pollOnce();
  return { report, poller };
}

test('a pass cut off mid-way: the progress stops where the stored pages reach; after a restart it resumes from there', async () => {
  const w = world();
  const { report, poller } = await cutOff(w, 9);
  const account = report.streams.find((s) => s.stream === ACCOUNT_STREAM);
  assert.deepEqual([account?.pages, account?.complete, report.error?.kind], [8, false, 'retryable']);
  const floor = T0 - WEEK;
  const accountDates = newestFirst(w.messages);
  const afterEight = (T0 - (accountDates[8 * PAGE - 1] as number)) / (T0 - floor);
  const stopped = poller.progress() as SyncProgress;
  assert.equal(streamOf(stopped, ACCOUNT_STREAM).fraction, afterEight);
  assert.equal(stopped.fraction, (1 + afterEight) / 2, 'replies stream complete, log 8 pages of 20');

  // The app restarts ten minutes later: a new poller (nothing in memory) over the same store.
  w.clock.advance(10 * 60_000);
  const log = new PagedMessageLog(w.messages, ACCOUNT_SID);
  const poller2 = w.startDesk(log);
  const seen: SyncProgress[] = [];
  log.onList = () => seen.push(poller2.progress() as SyncProgress);
  const polling = poller2.pollOnce();
  const resumed = poller2.progress() as SyncProgress;
  assert.equal(streamOf(resumed, ACCOUNT_STREAM).fraction, afterEight, 'resumes from where it got, its window unchanged by the clock');
  // The replies stream now lists only its short overlap window [newest reply - 5 min, now]: it weighs little.
  const newestReply = Math.max(...w.messages.filter((m) => m.direction === 'inbound').map((m) => m.dateSent as number));
  const inSpan = w.clock() - (newestReply - 5 * 60_000);
  assert.equal(resumed.fraction, (afterEight * WEEK) / (WEEK + inSpan));

  const report2 = await polling;
  assert.equal(report2.error, null);
  const account2 = report2.streams.find((s) => s.stream === ACCOUNT_STREAM);
  assert.deepEqual([account2?.pages, account2?.complete], [12, true], 'the remaining 12 pages');
  assert.equal(log.requests.filter((q) => q.pageUrl === undefined && q.to === undefined).length, 0, 'the log was not listed again from the top');
  const accountSeen = seen.map((p) => streamOf(p, ACCOUNT_STREAM).fraction);
  assert.ok(accountSeen.every((f) => f >= afterEight), 'never below where it resumed');
  assertNonDecreasing([...seen.map((p) => p.fraction), (poller2.progress() as SyncProgress).fraction], 'the overall fraction');
  assert.equal(poller2.progress()?.fraction, 1);
  assert.equal(w.core.store.messages.list({ limit: 2_000 }).length, 1_000, 'every message once');
});

test('a pass saved before progress was tracked resumes at its saved page, its window topped by the newest date it had seen', async () => {
  const w = world();
  await cutOff(w, 9);
  const saved = JSON.parse(w.core.store.sync.cursor(ACCOUNT_STREAM) as string) as { high: number | null; pass: Record<string, unknown> };
  const { floor, high, next } = saved.pass as { floor: number; high: number; next: string };
  w.core.store.sync.setCursor(ACCOUNT_STREAM, JSON.stringify({ high: saved.high, pass: { floor, high, next } }), w.clock());

  const log = new PagedMessageLog(w.messages, ACCOUNT_SID);
  const poller = w.startDesk(log);
  const seen: SyncProgress[] = [];
  log.onList = () => seen.push(poller.progress() as SyncProgress);
  const polling = poller.pollOnce();
  assert.equal(streamOf(poller.progress() as SyncProgress, ACCOUNT_STREAM).fraction, 0, 'how far it had got is not known');
  const report = await polling;
  assert.equal(report.streams.find((s) => s.stream === ACCOUNT_STREAM)?.pages, 12);
  assert.equal(log.requests.filter((q) => q.pageUrl === undefined && q.to === undefined).length, 0);
  const accountDates = newestFirst(w.messages);
  assert.equal(high, accountDates[0], 'the pass had seen the newest message');
  const afterNine = (high - (accountDates[9 * PAGE - 1] as number)) / (high - floor);
  assert.ok(seen.some((p) => streamOf(p, ACCOUNT_STREAM).fraction === afterNine), 'the first resumed page counts from the top of the saved pass');
  assert.equal(poller.progress()?.fraction, 1);
});
