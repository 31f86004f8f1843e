// reviews.list through the IPC handler map: the true number of open review items (not capped by a
// page), keyset paging newest first that visits every open item exactly once, confirm / dismiss
// taking items out of the count and the pages, and a malformed cursor refused (R3, R4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';
import { contextFor } from '../support/handler-context.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import { createApiClient } from '../../shared/ipc/client.ts';
import type { ApiOutput, IpcResult, ReviewCursor } from '../../shared/ipc/contract.ts';
import { loadKeysetWindow, PAGE_SIZE as REVIEW_PAGE_SIZE } from '../../src-renderer/data/keyset.ts';

const SHARED = '+61480000001';
const JANE = '+61412345678';

type Page = ApiOutput<'reviews.list'>;

/** A seeded world whose shared number received replies nobody can be attributed to (R4). */
function world() {
  const w = seedWorld();
  const ctx = contextFor(w);
  const api = createApiClient({ invoke: (c, i) => invokeHandler(c, i, ctx), on: () => () => undefined }).api;
  let unknown = 0;
  /** One poll's page: `n` replies from numbers no customer has (each an unattributed review), a minute later. */
  const poll = (n: number, extra: { from: string; body: string }[] = []) => {
    w.clock.advance(60_000);
    const replies = Array.from({ length: n }, () => {
      unknown++;
      return { from: `+6149${String(unknown).padStart(7, '0')}`, body: `Who is this? (${unknown})` };
    });
    w.core.ingestor.ingestPage([...replies, ...extra].map((r) => gatewayMessage({ ...r, to: SHARED, at: w.clock() })));
  };
  return { ...w, ctx, api, poll };
}

/** Pages through reviews.list with its cursor until the end; every page and the ids in order. */
async function pageAll(api: ReturnType<typeof world>['api'], limit: number, between?: (page: Page) => void | Promise<void>) {
  const pages: Page[] = [];
  let cursor: ReviewCursor | null = null;
  do {
    const page: Page = await api['reviews.list']({ limit, ...(cursor ? { cursor } : {}) });
    pages.push(page);
    assert.ok(page.items.length <= limit);
    cursor = page.nextCursor;
    if (cursor) await between?.(page);
  } while (cursor);
  return { pages, ids: pages.flatMap((p) => p.items.map((i) => i.id)) };
}

/** The open items in the order the queue promises, read straight from the table. */
function openInOrder(w: ReturnType<typeof world>): number[] {
  return w.db.prepare("SELECT id FROM review_items WHERE status = 'open' ORDER BY created_at DESC, id DESC").pluck().all() as number[];
}

function refused(r: IpcResult<unknown>): { code: string; message: string; details?: unknown } {
  assert.equal(r.ok, false, `expected a refusal, got ${JSON.stringify(r).slice(0, 200)}`);
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

test('R4 review queue: with 1,203 open items the count is 1,203 whatever the page size', async () => {
  const w = world();
  // Three polls; the second carries Jane's request in words, which nobody texted her about:
  // unattributed (one item) and a possible opt-out for each account sharing the number (two).
  w.poll(600);
  w.poll(300, [{ from: JANE, body: 'please stop texting me' }]);
  w.poll(300);
  assert.equal(openInOrder(w).length, 1_203);

  for (const limit of [1, 100, 500]) {
    const page = await w.api['reviews.list']({ limit });
    assert.equal(page.open, 1_203, `limit ${limit}`);
    assert.equal(page.items.length, limit);
    assert.ok(page.nextCursor, 'more pages follow');
  }
  const first = await w.api['reviews.list']({});
  assert.equal(first.items.length, 100, 'a page of 100 by default');
  assert.ok(first.items.every((i) => i.kind === 'unattributed' && i.status === 'open' && i.customerId === null), 'the newest poll: unknown numbers');
  const kinds = (await pageAll(w.api, 500)).pages.flatMap((p) => p.items).reduce<Record<string, number>>((n, i) => ({ ...n, [i.kind]: (n[i.kind] ?? 0) + 1 }), {});
  assert.deepEqual(kinds, { unattributed: 1_201, possible_opt_out: 2 });
});

test('R4 review queue: paging with the cursor visits every open item exactly once, newest first', async () => {
  const w = world();
  w.poll(600);
  w.poll(300, [{ from: JANE, body: 'please stop texting me' }]);
  w.poll(300);
  const expected = openInOrder(w);

  for (const limit of [500, 97]) {
    const { pages, ids } = await pageAll(w.api, limit);
    assert.equal(pages.length, Math.ceil(1_203 / limit), `limit ${limit}: pages`);
    assert.equal(new Set(ids).size, ids.length, `limit ${limit}: no item twice`);
    assert.deepEqual(ids, expected, `limit ${limit}: every open item, newest first`);
    assert.ok(pages.every((p) => p.open === 1_203));
    assert.equal(pages.at(-1)!.nextCursor, null, 'the last page says so');
    // Newest first: created_at never rises, and ties (one poll's items) go by id, descending.
    const items = pages.flatMap((p) => p.items);
    for (let k = 1; k < items.length; k++) {
      const [a, b] = [items[k - 1]!, items[k]!];
      assert.ok(a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id), `item ${k} is older than the one before`);
    }
    assert.equal(new Set(items.map((i) => i.createdAt)).size, 3, 'three polls, three times: the ties are paged through');
  }
  // The cursor is the last item of its page.
  const page = await w.api['reviews.list']({ limit: 10 });
  const last = page.items.at(-1)!;
  assert.deepEqual(page.nextCursor, { createdAt: last.createdAt, id: last.id });
  // Pages that end exactly at the last item: the last is full, and has no next cursor.
  const exact = await pageAll(w.api, 401);
  assert.deepEqual(exact.pages.map((p) => [p.items.length, p.nextCursor === null]), [[401, false], [401, false], [401, true]]);
});

test('R3, R4 review queue: a confirmed or dismissed item leaves the count and the pages; one resolved mid-way is neither skipped nor repeated', async () => {
  const w = world();
  w.poll(600);
  w.poll(300, [{ from: JANE, body: 'please stop texting me' }]);
  w.poll(300);
  const [first] = (await w.api['reviews.list']({ limit: 1 })).items;
  // What the polls wrote reached the change feed with that first call: one review:changed for the batch.
  assert.deepEqual(w.ctx.events.filter(([e]) => e === 'review:changed'), [['review:changed', { reviewId: null }]]);
  w.ctx.events.length = 0;
  const optOut = openInOrder(w)
    .map((id) => w.core.store.reviews.get(id)!)
    .find((r) => r.kind === 'possible_opt_out' && r.dealer_account_id === w.dealerB)!;

  const dismissed = await w.api['reviews.dismiss']({ reviewId: first!.id, reason: 'not an opt-out' });
  assert.equal(dismissed.status, 'dismissed');
  assert.equal(dismissed.resolvedBy, 'Kim (BDC)');
  const confirmed = await w.api['reviews.confirm']({ reviewId: optOut.id });
  assert.equal(confirmed.status, 'confirmed');
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, false, 'R3: confirmed opt-out for that account');
  assert.equal(w.core.consent.decide(w.dealerA, w.customerId, 'sms').allowed, true, 'R1: the other account untouched');
  assert.deepEqual(
    w.ctx.events.filter(([e]) => e === 'review:changed'),
    [['review:changed', { reviewId: first!.id }], ['review:changed', { reviewId: optOut.id }]],
  );

  const after = await pageAll(w.api, 500);
  assert.ok(after.pages.every((p) => p.open === 1_201), 'the count dropped by two');
  assert.equal(after.ids.length, 1_201);
  assert.ok(!after.ids.includes(first!.id) && !after.ids.includes(optOut.id), 'resolved items are not listed');
  assert.deepEqual(after.ids, openInOrder(w));

  // Working through the queue: after each page, one item already seen and one not yet reached are
  // resolved, and a new poll brings replies. Nothing is skipped or listed twice; the new replies,
  // newer than the cursor, wait for the next pass from the top.
  const before = new Set(openInOrder(w));
  const resolvedAhead = new Set<number>();
  let polls = 0;
  const pass = await pageAll(w.api, 250, async (page) => {
    const seen = page.items[0]!.id;
    const ahead = openInOrder(w).find((id) => id < page.items.at(-1)!.id && !resolvedAhead.has(id))!;
    await w.api['reviews.dismiss']({ reviewId: seen, reason: 'not an opt-out' });
    await w.api['reviews.confirm']({ reviewId: ahead });
    resolvedAhead.add(ahead);
    w.poll(5);
    polls++;
  });
  assert.equal(new Set(pass.ids).size, pass.ids.length, 'no item twice');
  const notReached = [...before].filter((id) => !pass.ids.includes(id));
  assert.deepEqual(notReached.sort(), [...resolvedAhead].sort(), 'every item open at the start was listed, but those resolved before the pages reached them');
  assert.ok(pass.ids.every((id) => before.has(id)), 'replies that came in meanwhile are not slipped into later pages');
  const fresh = await w.api['reviews.list']({ limit: 500 });
  assert.equal(fresh.open, 1_201 - 2 * polls + 5 * polls);
  assert.equal(fresh.open, openInOrder(w).length);
  assert.deepEqual(fresh.items.slice(0, 5 * polls).map((i) => i.body).sort(), Array.from({ length: 5 * polls }, (_, k) => `Who is this? (${1_201 + k})`).sort());
});

test('an empty queue answers no items, a count of 0 and no cursor', async () => {
  const w = world();
  assert.deepEqual(await w.api['reviews.list']({}), { items: [], open: 0, nextCursor: null });
  w.poll(3);
  const page = await w.api['reviews.list']({ limit: 3 });
  assert.deepEqual([page.items.length, page.open, page.nextCursor], [3, 3, null], 'a page holding the last item ends the list');
});

test('reviews.list refuses a malformed cursor or limit with INVALID_INPUT naming the field, before any query', async () => {
  const w = world();
  w.poll(3);
  const bad: [unknown, string][] = [
    ['abc', 'cursor'],
    [{ createdAt: 'yesterday', id: 1 }, 'cursor.createdAt'],
    [{ createdAt: 1.5, id: 1 }, 'cursor.createdAt'],
    [{ createdAt: Date.now() }, 'cursor.id'],
    [{ createdAt: Date.now(), id: 0 }, 'cursor.id'],
    [{ createdAt: Date.now(), id: -4 }, 'cursor.id'],
    [{ createdAt: Date.now(), id: 2, status: 'open' }, 'cursor'],
    [[Date.now(), 2], 'cursor'],
  ];
  for (const [cursor, path] of bad) {
    const e = refused(await invokeHandler('reviews.list', { cursor }, w.ctx));
    assert.equal(e.code, 'INVALID_INPUT', JSON.stringify(cursor));
    assert.deepEqual((e.details as { issues: { path: string }[] }).issues.map((i) => i.path), [path], JSON.stringify(cursor));
  }
  assert.equal(refused(await invokeHandler('reviews.list', { limit: 501 }, w.ctx)).code, 'INVALID_INPUT');
  assert.equal(refused(await invokeHandler('reviews.list', { limit: 0 }, w.ctx)).code, 'INVALID_INPUT');
  // The old input is still valid; null and a cursor past the oldest item are positions, not errors.
  const all = await w.api['reviews.list']({ cursor: null });
  assert.equal(all.items.length, 3);
  const past = await w.api['reviews.list']({ cursor: { createdAt: 0, id: 1 } });
  assert.deepEqual([past.items, past.open, past.nextCursor], [[], 3, null]);
});

test('the cursor orders by time before id: items stamped out of id order (a clock set back) are paged by time, each once', async () => {
  const w = world();
  w.poll(9);
  const messages = openInOrder(w).map((id) => w.core.store.reviews.get(id)!.message_id);
  const now = w.clock();
  // Possible opt-outs stamped earlier than items with smaller ids, some with the same time.
  const stamps = [now - 5_000, now - 5_000, now - 1, now + 3_000, now - 9_000, now - 5_000];
  stamps.forEach((at, k) => w.core.store.reviews.add('possible_opt_out', messages[k]!, null, w.dealerA, at));
  const expected = openInOrder(w);
  assert.equal(expected.length, 15);
  for (const limit of [1, 2, 4, 7]) {
    const { ids } = await pageAll(w.api, limit);
    assert.deepEqual(ids, expected, `limit ${limit}`);
  }
});

test("the Notifications screen's reload fetches as deep as the user paged, in pages of at most 500, each item once", async () => {
  const w = world();
  w.poll(600);
  w.poll(603);
  const calls: { limit?: number | undefined; cursor?: unknown }[] = [];
  const list: typeof w.api['reviews.list'] = (input) => {
    calls.push(input);
    return w.api['reviews.list'](input);
  };
  const all = await loadKeysetWindow('reviews.list', list, {}, 5_000);
  assert.deepEqual(all.items.map((i) => i.id), openInOrder(w));
  assert.deepEqual([all.last?.open, all.next], [1_203, null]);
  assert.deepEqual(calls.map((c) => c.limit), [500, 500, 500]);

  calls.length = 0;
  const some = await loadKeysetWindow('reviews.list', list, {}, 2 * REVIEW_PAGE_SIZE + 50);
  assert.deepEqual(some.items.map((i) => i.id), openInOrder(w).slice(0, 250));
  assert.equal(some.last?.open, 1_203);
  assert.deepEqual(some.next, { createdAt: some.items.at(-1)!.createdAt, id: some.items.at(-1)!.id });
  assert.deepEqual(calls.map((c) => c.limit), [250]);
});

test('R4 review queue: an unattributed reply says which number it came from and when it was sent, not only when it was queued', async () => {
  const w = world();
  const sentAt = w.clock() + 60_000 - 45_000;
  w.clock.advance(60_000);
  w.core.ingestor.ingestPage([gatewayMessage({ from: '+61491000777', to: SHARED, body: 'Who is this?', at: sentAt })]);
  const [item] = (await w.api['reviews.list']({ limit: 1 })).items;
  assert.ok(item);
  assert.equal(item.customerId, null);
  assert.equal(item.fromNumber, '+61491000777');
  assert.equal(item.receivedAt, sentAt);
  assert.ok(item.createdAt >= item.receivedAt);
});
