// Lead detail against a fake main process: details, consent per dealer account and channel, the
// timeline; a consent change made elsewhere shows without the user reloading.
import { all, cleanup, render, text, waitFor } from './dom.ts';
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LeadDetail } from '../../shared/ipc/contract.ts';
import { LeadDetailView } from '../../src-renderer/views/LeadDetailView.tsx';
import { FakeApi, Refusal } from './fake-api.ts';
import { leadAccount, leadDetail, message, MessageLog, preflightClear, T0 } from './fixtures.ts';

let fake: FakeApi;
let lead: LeadDetail;
let log: MessageLog;

beforeEach(() => {
  lead = leadDetail({ accounts: [leadAccount(), leadAccount({ dealerAccountId: 2, accountName: 'Westside Kia', senders: [] })] });
  log = new MessageLog();
  log.add(message(1, { body: 'Hi Olivia, your car is ready' }));
  log.add(message(2, { direction: 'inbound', status: 'received', body: 'Thanks! See you at 3' }));
  fake = new FakeApi({
    'leads.get': ({ customerId }) => {
      if (customerId !== lead.customerId) throw new Refusal('NOT_FOUND', 'No such lead.');
      return lead;
    },
    'appraisals.byLead': () => [],
    'timeline.page': log.timeline,
    'templates.list': () => [],
    'sms.preflight': () => preflightClear,
  }).install();
});
afterEach(cleanup);

test('a lead opens with its details, consent per dealer account and channel, and its messages', async () => {
  const { container } = await render(<LeadDetailView customerId={7} />);
  await waitFor(() => assert.equal(text(container.querySelector('h1')), 'Olivia Smith'));
  assert.equal(text(container.querySelector('[data-testid="lead-mobile"]')), '0412 345 678');
  assert.equal(text(container.querySelector('[data-testid="lead-email"]')), 'olivia@example.com');
  assert.match(text(container.querySelector('[data-testid="consent-1-sms"]')), /Harbour Toyota\s*SMS\s*SMS: allowed/);
  assert.match(text(container.querySelector('[data-testid="consent-2-email"]')), /Email: allowed/);
  await waitFor(() => assert.equal(all(container, '[data-kind="message"]').length, 2));
  assert.deepEqual(
    all(container, '[data-kind="message"] .body').map(text),
    ['Hi Olivia, your car is ready', 'Thanks! See you at 3'],
    'a chat: oldest first, the newest by the composer',
  );
  assert.deepEqual(
    all(container, '[data-kind="message"]').map((el) => el.dataset.direction),
    ['outbound', 'inbound'],
  );
  assert.equal(all(container, '.tl-day').length, 1, 'one day separator for the day both were sent');
});

test('R9: an opt-out recorded elsewhere (another desk, a STOP reply) shows on the consent card', async () => {
  const { container } = await render(<LeadDetailView customerId={7} />);
  await waitFor(() => assert.match(text(container.querySelector('[data-testid="consent-1-sms"]')), /SMS: allowed/));
  lead = {
    ...lead,
    accounts: [leadAccount({ sms: { status: 'opted_out', source: 'inbound_keyword', changedAt: T0 + 5_000, actor: null, reason: null, keyword: 'STOP', messageId: 3 } }), lead.accounts[1]!],
  };
  fake.emit('consent:changed', { customerId: 8, dealerAccountId: 1, channel: 'sms', status: 'opted_out' });
  fake.emit('consent:changed', { customerId: 7, dealerAccountId: 1, channel: 'sms', status: 'opted_out' });
  await waitFor(() => assert.match(text(container.querySelector('[data-testid="consent-1-sms"]')), /SMS: opted out/));
  assert.match(text(container.querySelector('[data-testid="consent-1-sms"] button')), /Opt in…/);
  assert.equal(fake.inputsOf('leads.get').filter((i) => i.customerId === 8).length, 0, "another lead's event asks nothing");
});

test('a lead main cannot find shows why, in place', async () => {
  const { container } = await render(<LeadDetailView customerId={99} />);
  await waitFor(() => assert.equal(text(container.querySelector('[role="alert"] .alert-title')), 'Could not open this lead'));
  assert.match(text(container.querySelector('[role="alert"]')), /No such lead\./);
});

test("a reply arriving for this lead shows at the bottom of its timeline, by the composer; another lead's message does not reload it", async () => {
  const { container } = await render(<LeadDetailView customerId={7} />);
  await waitFor(() => assert.equal(all(container, '[data-kind="message"]').length, 2));
  const asked = fake.inputsOf('timeline.page').length;
  fake.emit('message:new', { messageId: 50, customerId: 8, direction: 'inbound', status: 'received' });
  log.add(message(3, { direction: 'inbound', status: 'received', body: 'Can we make it 4 instead?' }));
  fake.emit('message:new', { messageId: 3, customerId: 7, direction: 'inbound', status: 'received' });
  await waitFor(() => assert.equal(text(all(container, '[data-kind="message"] .body').at(-1)), 'Can we make it 4 instead?'));
  assert.equal(all(container, '[data-kind="message"]').length, 3);
  assert.equal(fake.inputsOf('timeline.page').length, asked + 1, 'one reload, for this lead only');
});

test('R3: a phone reaction shows as a reaction to the message it quotes, not as a reply; the message shows the emoji', async () => {
  log.add(message(3, { body: 'See you Saturday at 10. Reply STOP to opt out' }));
  log.add(message(4, { direction: 'inbound', status: 'received', body: 'Loved “See you Saturday at 10. Reply STOP to opt out”' }));
  log.add(message(5, { direction: 'inbound', status: 'received', body: 'Liked “Hi Olivia, your car is re…”' }));
  const { container } = await render(<LeadDetailView customerId={7} />);
  await waitFor(() => assert.equal(all(container, '[data-kind="reaction"]').length, 2));
  const [loved, liked] = all(container, '[data-kind="reaction"]');
  assert.equal(loved?.dataset.reactsTo, '3');
  assert.match(text(loved), /loved “?See you Saturday at 10\. Reply STOP to opt out/);
  assert.equal(liked?.dataset.reactsTo, '1', 'a quote the phone cut short still finds its message');
  assert.deepEqual(all(container, '[data-kind="message"] .body').map(text), ['Hi Olivia, your car is ready', 'Thanks! See you at 3', 'See you Saturday at 10. Reply STOP to opt out'], 'reactions are not shown as replies (a chat: oldest first)');
  const badges = (id: number) => all(container, '[data-kind="message"]').find((m) => text(m.querySelector('.body')) === log.rows.find((r) => r.id === id)?.body);
  assert.equal(text(badges(3)?.querySelector('.reaction-badges')), '❤️');
  assert.equal(text(badges(1)?.querySelector('.reaction-badges')), '👍');
});
