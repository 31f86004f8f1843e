// One timeline order (shared/domain/timeline-order.ts) for main's pages and the renderer's merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newestFirst, olderThan, TIMELINE_PAGE_SIZE, type TimelinePosition } from '../../shared/domain/timeline-order.ts';
import { contract } from '../../shared/ipc/contract.ts';
import { seedWorld } from '../support/seed-world.ts';

test('newest first; within one millisecond the reply before the opt-out it caused; then by id', () => {
  const items: TimelinePosition[] = [
    { at: 1, kind: 'message', id: 1 },
    { at: 5, kind: 'consent', id: 9 },
    { at: 5, kind: 'message', id: 3 },
    { at: 5, kind: 'message', id: 4 },
    { at: 9, kind: 'consent', id: 2 },
  ];
  assert.deepEqual([...items].sort(newestFirst).map((i) => `${i.kind}:${i.id}`), ['consent:2', 'message:4', 'message:3', 'consent:9', 'message:1']);
  const sorted = [...items].sort(newestFirst);
  for (let k = 1; k < sorted.length; k++) {
    assert.equal(olderThan(sorted[k]!, sorted[k - 1]!), true);
    assert.equal(olderThan(sorted[k - 1]!, sorted[k]!), false);
  }
  assert.equal(olderThan(items[0]!, items[0]!), false, 'the cursor itself is not on the next page');
});

test("the contract's default page is the shared page size, and main's pages follow the shared order (R6: every attempt listed)", () => {
  const parsed = contract['timeline.page'].input.parse({ customerId: 1 }) as { limit: number };
  assert.equal(parsed.limit, TIMELINE_PAGE_SIZE);

  const w = seedWorld();
  const { store } = w.core;
  const at = w.clock();
  // A reply and the opt-out it caused in the same millisecond, with messages around it.
  for (let k = 0; k < 7; k++) {
    store.messages.insert({ direction: 'outbound', origin: 'manual', status: 'delivered', customerId: w.customerId, dealerAccountId: w.dealerA, senderId: w.shared, toNumber: '+61412345678', fromNumber: '+61480000001', body: `m${k}`, segments: 1, createdAt: at + (k < 4 ? 0 : k) });
  }
  w.core.consent.optOutManually({ dealerAccountId: w.dealerA, customerId: w.customerId, channel: 'sms', actor: 'Kim', reason: 'asked' });
  const all: TimelinePosition[] = [];
  let cursor: TimelinePosition | null = null;
  do {
    const page = store.timeline.page(w.customerId, 3, cursor ?? undefined);
    all.push(...page.items.map((i) => ({ at: i.at, kind: i.kind, id: i.id })));
    cursor = page.next;
  } while (cursor);
  assert.deepEqual(all, [...all].sort(newestFirst));
  assert.equal(new Set(all.map((i) => `${i.kind}:${i.id}`)).size, all.length, 'no item twice across pages');
  assert.ok(all.length >= 8);
});
