// The inbox against a fake main process: conversations by latest activity with their last message,
// unread dots and "needs reply"; the filters ask main for what they say; opening a lead reads its
// replies (inbox.markRead) and the badge counts follow main's answer; the window title shows the
// unread count.
import { all, button, cleanup, click, render, text, waitFor } from './dom.ts';
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiInput, ApiOutput, Conversation } from '../../shared/ipc/contract.ts';
import { InboxView } from '../../src-renderer/views/InboxView.tsx';
import { LeadDetailView } from '../../src-renderer/views/LeadDetailView.tsx';
import { useApp } from '../../src-renderer/stores/app-store.ts';
import { setInboxFilter, useInbox, stepConversation } from '../../src-renderer/stores/inbox-store.ts';
import { startRouter, useRouter } from '../../src-renderer/lib/router.ts';
import { windowTitle } from '../../src-renderer/lib/window-title.ts';
import { FakeApi } from './fake-api.ts';
import { leadDetail, MessageLog, preflightClear, T0 } from './fixtures.ts';

let fake: FakeApi;
let rows: Conversation[];

function conv(customerId: number, over: Partial<Conversation> = {}): Conversation {
  return {
    customerId,
    name: `Lead ${customerId}`,
    mobile: '+61412345678',
    lastMessageId: customerId * 10,
    lastAt: T0 - customerId * 60_000,
    lastDirection: 'inbound',
    preview: `Reply from ${customerId}`,
    lastStatus: 'received',
    accountName: 'Harbour Toyota',
    lastSentBy: null,
    unread: 0,
    needsReply: true,
    ...over,
  };
}

function inboxList(input: ApiInput<'inbox.list'>): ApiOutput<'inbox.list'> {
  const items = rows.filter((c) => (!input.unread || c.unread > 0) && (!input.needsReply || c.needsReply));
  return { items, next: null, unreadConversations: rows.filter((c) => c.unread > 0).length, unreadNotifications: 4, hasReplies: true };
}

beforeEach(() => {
  rows = [
    conv(1, { name: 'Olivia Smith', unread: 2, preview: 'Is it still available?' }),
    conv(2, { name: 'Jack Jones', lastDirection: 'outbound', needsReply: false, preview: 'See you at 4', lastStatus: 'delivered', lastSentBy: 'Sam' }),
    conv(3, { name: 'Isla Kaur', preview: 'Thanks' }),
  ];
  setInboxFilter({});
  useApp.setState({ unreadConversations: 0, unread: 0 });
  fake = new FakeApi({
    'inbox.list': inboxList,
    'inbox.markRead': ({ customerId }) => {
      rows = rows.map((c) => (c.customerId === customerId ? { ...c, unread: 0 } : c));
      return { unreadConversations: rows.filter((c) => c.unread > 0).length, unreadNotifications: 1 };
    },
  }).install();
});
afterEach(cleanup);

const names = (root: ParentNode) => all(root, '.conv-row .conv-name').map(text);

test('conversations show newest activity first with the last message, an unread dot and "needs reply"', async () => {
  const { container } = await render(<InboxView />);
  await waitFor(() => assert.deepEqual(names(container), ['Olivia Smith', 'Jack Jones', 'Isla Kaur']));
  const [olivia, jack, isla] = all(container, '.conv-row');
  assert.ok(olivia!.classList.contains('unread') && olivia!.querySelector('.unread-dot.on'));
  assert.equal(text(olivia!.querySelector('.conv-count')), '2');
  assert.match(text(olivia!), /Needs reply/);
  assert.match(text(jack!), /Sam: See you at 4/);
  assert.doesNotMatch(text(jack!), /Needs reply/);
  assert.equal(isla!.querySelector('.unread-dot.on'), null);
  assert.equal(text(container.querySelector('[data-testid="inbox-unread"]')), '1 unread conversation');
  assert.equal(useApp.getState().unreadConversations, 1, 'the badge and the title follow');
  assert.equal(windowTitle(1), '(1) Dealer SMS Desk');
  assert.equal(windowTitle(0), 'Dealer SMS Desk');
});

test('filters ask main for needs reply / unread / mine / a dealer account, and the list follows', async () => {
  const { container } = await render(<InboxView />);
  await waitFor(() => assert.equal(names(container).length, 3));
  await click(button(container, 'Unread'));
  await waitFor(() => assert.deepEqual(names(container), ['Olivia Smith']));
  assert.deepEqual(fake.inputsOf('inbox.list').at(-1), { unread: true, limit: 50 });
  await click(button(container, 'Unread'));
  await click(button(container, 'Needs reply'));
  await waitFor(() => assert.deepEqual(names(container), ['Olivia Smith', 'Isla Kaur']));
  await click(button(container, 'Mine'));
  await waitFor(() => assert.deepEqual(fake.inputsOf('inbox.list').at(-1), { needsReply: true, mine: true, limit: 50 }));
});

test('opening a lead reads its replies: main is told, the unread counts drop; next/previous follow the inbox order', async () => {
  const inbox = await render(<InboxView />);
  await waitFor(() => assert.equal(names(inbox.container).length, 3));
  assert.deepEqual(useInbox.getState().order, [1, 2, 3]);
  inbox.unmount();

  const log = new MessageLog();
  fake
    .handle('leads.get', () => leadDetail({ customerId: 1 }))
    .handle('appraisals.byLead', () => [])
    .handle('timeline.page', log.timeline)
    .handle('templates.list', () => [])
    .handle('sms.preflight', () => preflightClear)
    .handle('drafts.forLead', () => ({ drafts: [], lastSentAccountId: null }));
  await render(<LeadDetailView customerId={1} />);
  await waitFor(() => assert.deepEqual(fake.inputsOf('inbox.markRead'), [{ customerId: 1 }]));
  await waitFor(() => assert.deepEqual([useApp.getState().unreadConversations, useApp.getState().unread], [0, 1]));

  // A reply arriving while the lead is open is read as it arrives.
  fake.emit('message:new', { messageId: 99, customerId: 1, direction: 'inbound', status: 'received' });
  await waitFor(() => assert.equal(fake.inputsOf('inbox.markRead').length, 2));
  fake.emit('message:new', { messageId: 100, customerId: 5, direction: 'inbound', status: 'received' });

  // Alt+↓ / Alt+↑ step through the inbox's order.
  const stop = startRouter();
  try {
    assert.equal(await stepConversation(1, 1), true);
    await waitFor(() => assert.deepEqual(useRouter.getState().route, { name: 'lead', customerId: 2 }));
    assert.equal(await stepConversation(3, 1), false, 'the last one: nowhere further');
    assert.equal(await stepConversation(2, -1), true);
    await waitFor(() => assert.deepEqual(useRouter.getState().route, { name: 'lead', customerId: 1 }));
  } finally {
    stop();
  }
  assert.equal(fake.inputsOf('inbox.markRead').length, 2, "another lead's reply is not read for it");
});

test('a full first page: the first paint holds the top conversations, the whole page follows at once, and the next page is not asked for unseen', async () => {
  rows = Array.from({ length: 50 }, (_, i) => conv(i + 1, { name: `Lead ${i + 1}` }));
  fake.handle('inbox.list', (input) => ({ ...inboxList(input), next: { lastAt: T0 - 50 * 60_000, customerId: 50 } }));
  const { container } = await render(<InboxView />);
  await waitFor(() => assert.equal(names(container).length, 50));
  assert.deepEqual(names(container).slice(0, 3), ['Lead 1', 'Lead 2', 'Lead 3']);
  assert.deepEqual(names(container).at(-1), 'Lead 50');
  // The foot of the page offers the next one; nothing asked for it while the page was filling.
  await waitFor(() => assert.ok(button(container, 'Load more')));
  assert.equal(fake.inputsOf('inbox.list').length, 1);
});
