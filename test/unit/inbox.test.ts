// The conversations inbox (migration 13): one row per lead with messages, kept by a trigger on
// messages whoever writes them, newest activity first; "needs reply" when their message is the
// last word; unread replies until the lead is opened, which also reads their notifications (the
// badge and the Notifications heading agree); filters on their own indexes (query plans); and a
// store from before migration 13 brought in with its unread replies.
import { test } from 'node:test';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { seedWorld, T0 } from '../support/seed-world.ts';
import { contextFor } from '../support/handler-context.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';
import { createApiClient } from '../../shared/ipc/client.ts';
import type { ApiInput, ApiOutput, ChannelName } from '../../shared/ipc/contract.ts';
import type { HandlerContext } from '../../src-main/ipc/context.ts';
import { conversationListQuery, type ConversationFilter } from '../../src-main/db/repos/conversations-repo.ts';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createStore } from '../../src-main/db/store.ts';

function call<C extends ChannelName>(ctx: HandlerContext, channel: C, input: ApiInput<C>): Promise<ApiOutput<C>> {
  return createApiClient({ invoke: (c, i) => invokeHandler(c, i, ctx), on: () => () => undefined }).call(channel, input);
}

/** A world with three more leads; `reply` brings in a customer's reply as the poller does (with its notification). */
function world() {
  const w = seedWorld();
  const ctx = contextFor(w);
  const lead = (first: string, last: string, mobile: string) =>
    w.core.leads.createLead({ dealerAccountId: w.dealerA, firstName: first, lastName: last, mobile, email: null, optInToMarketing: true }, 'import').customerId;
  const bob = lead('Bob', 'Nguyen', '0412 000 001');
  const cara = lead('Cara', "O'Connor", '0412 000 002');
  const dan = lead('Dan', 'Lee', '0412 000 003');
  let sid = 0;
  const reply = (customerId: number, body: string, at: number) => {
    const c = w.core.store.customers.get(customerId)!;
    const id = w.core.store.messages.insertInbound({
      customerId, dealerAccountId: w.dealerA, senderId: w.shared, toNumber: '+61480000001', fromNumber: c.mobile!, body, segments: 1,
      gatewaySid: `SMreply${String(++sid).padStart(27, '0')}`, receivedAt: at,
    });
    w.core.store.notifications.add({ kind: 'reply', customerId, messageId: id, title: 'Reply', body }, at);
    return id;
  };
  return { w, ctx, bob, cara, dan, reply };
}

test('the inbox lists leads by latest activity with the last message, unread dots and "needs reply"; opening one reads it', async () => {
  const { w, ctx, bob, cara, dan, reply } = world();
  await call(ctx, 'sms.send', { dealerAccountId: w.dealerA, customerId: bob, body: 'Hi Bob, the car is ready', requestId: randomUUID() });
  w.clock.advance(60_000);
  reply(cara, 'Is it still available?', w.clock());
  w.clock.advance(60_000);
  reply(bob, 'Great, coming at 4', w.clock());
  reply(bob, 'Actually 5', w.clock() + 1);
  w.clock.advance(60_000);
  await call(ctx, 'sms.send', { dealerAccountId: w.dealerA, customerId: dan, body: 'Hi Dan', requestId: randomUUID() });
  // History from a first sync arrives out of order: an older reply does not become the latest.
  reply(dan, 'old reply from last week', T0 - 7 * 86_400_000);

  const all = await call(ctx, 'inbox.list', {});
  assert.deepEqual(
    all.items.map((c) => [c.name, c.preview, c.lastDirection, c.unread, c.needsReply]),
    [
      ['Dan Lee', 'Hi Dan', 'outbound', 1, false],
      ['Bob Nguyen', 'Actually 5', 'inbound', 2, true],
      ['Cara O\'Connor', 'Is it still available?', 'inbound', 1, true],
    ],
  );
  assert.equal(all.items[0]!.lastSentBy, 'Kim (BDC)');
  assert.equal(all.unreadConversations, 3);
  assert.equal(all.hasReplies, true);
  assert.deepEqual((await call(ctx, 'inbox.list', { needsReply: true })).items.map((c) => c.name), ['Bob Nguyen', "Cara O'Connor"]);

  // Opening Bob reads his replies and their notifications: one count everywhere.
  const unreadBefore = (await call(ctx, 'notifications.list', { limit: 1 })).unread;
  const after = await call(ctx, 'inbox.markRead', { customerId: bob });
  assert.deepEqual(after, { unreadConversations: 2, unreadNotifications: unreadBefore - 2 });
  assert.equal((await call(ctx, 'notifications.list', { limit: 1 })).unread, after.unreadNotifications);
  assert.deepEqual((await call(ctx, 'inbox.list', { unread: true })).items.map((c) => c.name), ['Dan Lee', "Cara O'Connor"]);
  const bobRow = (await call(ctx, 'inbox.list', {})).items.find((c) => c.customerId === bob)!;
  assert.deepEqual([bobRow.unread, bobRow.needsReply], [0, true], 'read, but still waiting for an answer');

  // Answering him: no longer needs a reply.
  w.clock.advance(60_000);
  await call(ctx, 'sms.send', { dealerAccountId: w.dealerA, customerId: bob, body: 'See you at 5', requestId: randomUUID() });
  assert.deepEqual((await call(ctx, 'inbox.list', { needsReply: true })).items.map((c) => c.name), ["Cara O'Connor"]);
  assert.equal((await call(ctx, 'inbox.list', {})).items[0]!.name, 'Bob Nguyen');
});

test('filters: dealer account (leads of it) and mine (conversations this user sent in); keyset pages visit each conversation once', async () => {
  const { w, ctx, bob, cara, dan, reply } = world();
  w.core.leads.createLead({ dealerAccountId: w.dealerB, customerId: cara, firstName: '', lastName: '', optInToMarketing: true }, 'import');
  reply(bob, 'hi', w.clock());
  reply(cara, 'hello', w.clock());
  ctx.prefs.setUserName('Sam');
  await call(ctx, 'sms.send', { dealerAccountId: w.dealerA, customerId: dan, body: 'Hi Dan', requestId: randomUUID() });
  ctx.prefs.setUserName('Kim (BDC)');
  await call(ctx, 'sms.send', { dealerAccountId: w.dealerA, customerId: bob, body: 'Hi Bob', requestId: randomUUID() });

  assert.deepEqual((await call(ctx, 'inbox.list', { dealerAccountId: w.dealerB })).items.map((c) => c.name), ["Cara O'Connor"]);
  assert.deepEqual((await call(ctx, 'inbox.list', { mine: true })).items.map((c) => c.name), ['Bob Nguyen']);

  const seen: number[] = [];
  let cursor: ApiOutput<'inbox.list'>['next'] = null;
  do {
    const page: ApiOutput<'inbox.list'> = await call(ctx, 'inbox.list', { limit: 1, ...(cursor ? { cursor } : {}) });
    seen.push(...page.items.map((c) => c.customerId));
    cursor = page.next;
  } while (cursor);
  assert.deepEqual(seen, (await call(ctx, 'inbox.list', {})).items.map((c) => c.customerId));
  assert.equal(new Set(seen).size, 3);
});

test('inbox queries read their indexes in order (EXPLAIN QUERY PLAN): no table scan, no sort', () => {
  const db = openDatabase(':memory:');
  createStore(db);
  const cases: [ConversationFilter, RegExp][] = [
    [{ limit: 51 }, /SCAN c USING INDEX conversations_recent\b/],
    [{ limit: 51, needsReply: true }, /SCAN c USING INDEX conversations_needs_reply\b/],
    [{ limit: 51, unread: true }, /SCAN c USING INDEX conversations_unread/],
    [{ limit: 51, unread: true, needsReply: true, dealerAccountId: 1, mine: 'Sam', after: { lastAt: 5, customerId: 9 } }, /SEARCH c USING INDEX conversations_unread \(last_at<\?\)/],
  ];
  for (const [filter, expected] of cases) {
    const q = conversationListQuery(filter);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(q.params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    assert.match(plan, expected, plan);
    assert.doesNotMatch(plan, /TEMP B-TREE/, `sorts: ${plan}`);
    assert.match(plan, /SEARCH cu USING INTEGER PRIMARY KEY/, plan);
    assert.match(plan, /SEARCH m USING INTEGER PRIMARY KEY/, plan);
    if (filter.mine) assert.match(plan, /messages_by_author/, plan);
    if (filter.dealerAccountId) assert.match(plan, /SEARCH l EXISTS USING COVERING INDEX/, plan);
  }
  const unread = (db.prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM conversations INDEXED BY conversations_unread WHERE unread > 0').all() as { detail: string }[])[0]!.detail;
  assert.match(unread, /conversations_unread/);
});

test('migration 13 brings in the conversations of an existing store: the latest message each, replies unread while their notification is', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 12 });
  db.prepare("INSERT INTO dealer_accounts (id, code, name, created_at) VALUES (1, 'A', 'Toyota', 0)").run();
  db.prepare("INSERT INTO customers (id, first_name, last_name, created_at, updated_at) VALUES (1, 'Jane', 'Citizen', 0, 0), (2, 'Sam', 'Lee', 0, 0), (3, 'No', 'Messages', 0, 0)").run();
  const msg = db.prepare("INSERT INTO messages (id, direction, origin, status, customer_id, dealer_account_id, to_number, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, '+61', ?, ?, ?)");
  msg.run(1, 'outbound', 'manual', 'delivered', 1, 'hello', 10, 10);
  msg.run(2, 'inbound', 'inbound', 'received', 1, 'read reply', 20, 20);
  msg.run(3, 'inbound', 'inbound', 'received', 1, 'unread reply', 30, 30);
  msg.run(4, 'outbound', 'manual', 'delivered', 2, 'later', 40, 40);
  msg.run(5, 'inbound', 'inbound', 'received', 2, 'earlier reply', 5, 5);
  const note = db.prepare("INSERT INTO notifications (kind, customer_id, message_id, title, body, created_at, read_at) VALUES ('reply', ?, ?, 't', 'b', 0, ?)");
  note.run(1, 2, 99);
  note.run(1, 3, null);
  note.run(2, 5, null);
  migrate(db, { target: 13 });
  assert.equal(schemaVersion(db), 13);
  assert.deepEqual(db.prepare('SELECT customer_id, last_message_id, last_at, last_direction, unread, replies FROM conversations ORDER BY customer_id').all(), [
    { customer_id: 1, last_message_id: 3, last_at: 30, last_direction: 'inbound', unread: 1, replies: 2 },
    { customer_id: 2, last_message_id: 4, last_at: 40, last_direction: 'outbound', unread: 1, replies: 1 },
  ]);
});
