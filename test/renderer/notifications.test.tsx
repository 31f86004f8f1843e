// The review queue on the Notifications screen against a fake main process (R4): the true count
// open, "Load more" paging, and a dismissed item leaving while the pages the user brought in stay.
import { all, button, cleanup, click, field, one, render, text, type, waitFor } from './dom.ts';
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiInput, ReviewItem } from '../../shared/ipc/contract.ts';
import { NotificationsView } from '../../src-renderer/views/NotificationsView.tsx';
import { FakeApi } from './fake-api.ts';
import { T0 } from './fixtures.ts';
import { classifyReply } from '../../shared/classify-reply.ts';
import { explainReason } from '../../shared/domain/reply-reason.ts';

let open: ReviewItem[];
let decided: { reviewId: number; actor?: string | undefined; reason?: string | undefined }[];

function review(id: number): ReviewItem {
  return {
    id,
    kind: 'unattributed',
    intent: null,
    reasons: null,
    status: 'open',
    messageId: 1000 + id,
    body: `Who is this? (${id})`,
    fromNumber: '+61491000777',
    receivedAt: T0 + id * 1000,
    customerId: null,
    customerName: null,
    dealerAccountId: null,
    accountName: null,
    createdAt: T0 + id * 1000,
    resolvedAt: null,
    resolvedBy: null,
    appliedTo: [],
    decision: null,
  };
}

function reviewsList(input: ApiInput<'reviews.list'>) {
  const c = input.cursor;
  const newest = [...open].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  const after = newest.filter((r) => !c || r.createdAt < c.createdAt || (r.createdAt === c.createdAt && r.id < c.id));
  const items = after.slice(0, input.limit ?? 100);
  const last = items.at(-1);
  return { items, open: open.length, nextCursor: after.length > items.length && last ? { createdAt: last.createdAt, id: last.id } : null };
}

beforeEach(() => {
  open = Array.from({ length: 250 }, (_, k) => review(k + 1));
  decided = [];
  new FakeApi({
    'reviews.list': reviewsList,
    'notifications.list': () => ({ items: [], unread: 0 }),
    'inbox.list': () => ({ items: [], next: null, unreadConversations: 0, unreadNotifications: 0, hasReplies: false }),
    'reviews.confirm': ({ reviewId, actor, reason }) => {
      const r = open.find((x) => x.id === reviewId)!;
      open = open.filter((x) => x.id !== reviewId);
      decided.push({ reviewId, actor, reason });
      return { ...r, status: 'confirmed' };
    },
  }).install();
});
afterEach(cleanup);

const shown = (root: ParentNode) => all(root, 'li[data-review-id]').map((li) => Number(li.dataset.reviewId));

test('R4: the queue shows how many are open in all, a page at a time, newest first', async () => {
  const { container } = await render(<NotificationsView />);
  await waitFor(() => assert.equal(shown(container).length, 100));
  assert.equal(text(container.querySelector('#review-title')), 'Awaiting review (250)');
  assert.deepEqual(shown(container).slice(0, 2), [250, 249]);
  await click(button(container, 'Load more'));
  await waitFor(() => assert.equal(shown(container).length, 200));
});

test('R4: marking a reply reviewed (who and why asked) takes it off the list and the count; the pages brought in stay', async () => {
  const { container } = await render(<NotificationsView />);
  await waitFor(() => assert.equal(shown(container).length, 100));
  await click(button(container, 'Load more'));
  await waitFor(() => assert.equal(shown(container).length, 200));
  const li = container.querySelector('li[data-review-id="240"]')!;
  await click(button(li, 'Mark reviewed…'));
  const form = await waitFor(() => one(document, '[data-testid="review-decision-form"]'));
  await type(field(form, 'Decided by'), 'Pat (compliance)');
  await type(field<HTMLTextAreaElement>(form, 'Reason (optional)'), 'Wrong number, not a customer');
  await click(button(document, 'Mark reviewed'));
  assert.deepEqual(decided, [{ reviewId: 240, actor: 'Pat (compliance)', reason: 'Wrong number, not a customer' }]);
  await waitFor(() => assert.equal(text(container.querySelector('#review-title')), 'Awaiting review (249)'));
  await waitFor(() => assert.equal(shown(container).length, 200, 'refilled as deep as the user paged'));
  assert.ok(!shown(container).includes(240));
  assert.deepEqual(shown(container).slice(-1), [50]);
});

test('R3: a review item shows why it was flagged, the sentence `smsdesk classify --explain` prints; a wrong number has its own wording and action', async () => {
  const stop = classifyReply('pls stop txting me bro');
  const wrong = classifyReply('Sorry wrong number');
  open = [
    { ...review(1), kind: 'possible_opt_out', intent: 'possible_opt_out', reasons: JSON.parse(JSON.stringify(stop.reasons)) as ReviewItem['reasons'], body: 'pls stop txting me bro', customerId: 7, customerName: 'Jane Citizen' },
    { ...review(2), kind: 'possible_opt_out', intent: 'wrong_number', reasons: JSON.parse(JSON.stringify(wrong.reasons)) as ReviewItem['reasons'], body: 'Sorry wrong number', customerId: 8, customerName: 'Sam Lee' },
    { ...review(3), kind: 'possible_opt_out', intent: null, reasons: null, body: 'older item', customerId: 9, customerName: 'Kim Ng' },
  ];
  const { container } = await render(<NotificationsView />);
  await waitFor(() => assert.equal(shown(container).length, 3));
  const item = (id: number) => container.querySelector(`li[data-review-id="${id}"]`)!;
  assert.match(text(item(1).querySelector('.notice-title')), /^Possible opt-out/);
  assert.equal(text(item(1).querySelector('[data-testid="review-reason"]')), `Why flagged: ${explainReason(stop.reasons[0]!)}`);
  assert.match(text(item(1).querySelector('[data-testid="review-reason"]')), /txting → texting/);
  assert.ok(button(item(1), /^Opt out of SMS from .*…$/));
  assert.match(text(item(2).querySelector('.notice-title')), /^Wrong number\? The mobile may have been reassigned/);
  assert.match(text(item(2).querySelector('[data-testid="review-reason"]')), /may have been reassigned/);
  assert.ok(button(item(2), 'Not a wrong number…'));
  assert.equal(item(2).querySelector('button.btn-danger-solid')?.textContent, 'Confirm wrong number…');
  assert.equal(item(3).querySelector('[data-testid="review-reason"]'), null, 'an item from before reasons were kept shows none');
});
