// The SMS list against a fake main process: rows shown newest first, "Load more" appends the next
// page, and a message arriving while the user has paged down keeps every page they loaded.
import { all, button, cleanup, click, render, text, waitFor } from './dom.ts';
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { SmsListView } from '../../src-renderer/views/SmsListView.tsx';
import { FakeApi } from './fake-api.ts';
import { message, MessageLog } from './fixtures.ts';

let fake: FakeApi;
let log: MessageLog;

beforeEach(() => {
  log = new MessageLog();
  for (let id = 1; id <= 250; id++) log.add(message(id));
  fake = new FakeApi({ 'sms.list': log.smsList }).install();
});
afterEach(cleanup);

const rowIds = (root: ParentNode) => all(root, 'tbody tr').map((tr) => Number(tr.dataset.messageId));

test('the SMS list shows the newest messages first, each with its customer, number and text', async () => {
  const { container } = await render(<SmsListView />);
  await waitFor(() => assert.equal(rowIds(container).length, 100));
  assert.deepEqual(rowIds(container).slice(0, 3), [250, 249, 248]);
  const first = all(container, 'tbody tr')[0]!;
  assert.match(text(first), /Olivia Smith/);
  assert.match(text(first), /to 0412 345 678/);
  assert.match(text(first), /Message number 250/);
});

test('R6: a blocked attempt is marked and shows the reason main recorded', async () => {
  log.add(message(300, { status: 'blocked_opted_out', blockReason: 'Not sent: Olivia opted out of SMS from Harbour Toyota.' }));
  const { container } = await render(<SmsListView />);
  const row = await waitFor(() => all(container, 'tr[data-message-id="300"]')[0]!);
  assert.equal(row.className, 'is-blocked');
  assert.match(text(row), /Not sent: Olivia opted out of SMS from Harbour Toyota\./);
});

test('"Load more" appends the next page; a new message keeps every page loaded and adds itself on top', async () => {
  const { container } = await render(<SmsListView />);
  await waitFor(() => assert.equal(rowIds(container).length, 100));
  await click(button(container, 'Load more'));
  await waitFor(() => assert.equal(rowIds(container).length, 200));
  assert.deepEqual(rowIds(container).slice(195), [55, 54, 53, 52, 51]);

  log.add(message(251, { body: 'Yes please, Saturday works', direction: 'inbound', status: 'received' }));
  fake.emit('message:new', { messageId: 251, customerId: 7, direction: 'inbound', status: 'received' });

  await waitFor(() => assert.equal(rowIds(container)[0], 251));
  const ids = rowIds(container);
  assert.ok(ids.length >= 201, `the pages loaded stay: ${ids.length} rows`);
  assert.deepEqual(ids.slice(0, 201), Array.from({ length: 201 }, (_, k) => 251 - k));
  assert.match(text(all(container, 'tbody tr')[0]), /Yes please, Saturday works/);
});

test('a status change shows on the row without losing the pages loaded', async () => {
  const { container } = await render(<SmsListView />);
  await waitFor(() => assert.equal(rowIds(container).length, 100));
  await click(button(container, 'Load more'));
  await waitFor(() => assert.equal(rowIds(container).length, 200));
  log.rows[79] = message(80, { status: 'failed', errorCode: 30003, errorMessage: 'Unreachable handset' });
  fake.emit('message:updated', { messageId: 80, customerId: 7, status: 'failed' });
  const row = await waitFor(() => {
    const r = all(container, 'tr[data-message-id="80"]')[0]!;
    assert.equal(r.dataset.status, 'failed');
    return r;
  });
  assert.match(text(row), /Error 30003: Unreachable handset/);
  assert.equal(rowIds(container).length, 200);
});
