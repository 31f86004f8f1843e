// Issue 12: a possible opt-out can be decided on the lead page, where the composer warns about
// it: the buttons say what they do, and the dialog asks who and why before main records it.
import { act, button, cleanup, click, field, one, render, type, waitFor } from './dom.ts';
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiOutput, ReviewItem } from '../../shared/ipc/contract.ts';
import { Composer } from '../../src-renderer/components/Composer.tsx';
import { FakeApi } from './fake-api.ts';
import { leadAccount, preflightClear, T0 } from './fixtures.ts';

let fake: FakeApi;
let open: ReviewItem | null;

const review: ReviewItem = {
  id: 31,
  kind: 'possible_opt_out',
  intent: 'possible_opt_out',
  reasons: null,
  status: 'open',
  messageId: 77,
  body: 'please dont text me again',
  fromNumber: '+61412345678',
  receivedAt: T0,
  customerId: 7,
  customerName: 'Olivia Smith',
  dealerAccountId: 1,
  accountName: 'Harbour Toyota',
  createdAt: T0,
  resolvedAt: null,
  resolvedBy: null,
  appliedTo: [],
  decision: null,
};

beforeEach(() => {
  open = review;
  fake = new FakeApi({
    'sms.preflight': (): ApiOutput<'sms.preflight'> => ({ ...preflightClear, openReview: open }),
    'templates.list': () => [],
    'reviews.dismiss': ({ actor, reason }) => {
      open = null;
      void reason;
      return { ...review, status: 'dismissed', resolvedBy: actor ?? null, resolvedAt: T0 + 1 };
    },
    // The shell's counts reload after a decision.
    'notifications.list': () => ({ items: [], unread: 0 }),
    'reviews.list': () => ({ items: [], open: 0, nextCursor: null }),
    'inbox.list': () => ({ items: [], next: null, unreadConversations: 0, unreadNotifications: 0, hasReplies: false }),
  }).install();
});
afterEach(cleanup);

test('R3 on the lead page: the review warning offers "Opt out of SMS from …" and "Not an opt-out…"; dismissing needs a reason', async () => {
  const { container } = await render(<Composer customerId={7} firstName="Olivia" mobile="+61412345678" accounts={[leadAccount()]} />);
  const warning = await waitFor(() => one(container, '[data-testid="review-warning"]'));
  button(warning, 'Opt out of SMS from Harbour Toyota…');
  await click(button(warning, 'Not an opt-out…'));
  const form = await waitFor(() => one(document, '[data-testid="review-decision-form"]'));
  const dismiss = button(document, 'Dismiss: not an opt-out');
  assert.equal(dismiss.disabled, true, 'no reason yet');
  await type(field(form, 'Decided by'), 'Sam (sales)');
  await type(field<HTMLTextAreaElement>(form, 'Reason (required)'), 'She asked us to call instead, not to stop');
  assert.equal(dismiss.disabled, false);
  await click(dismiss);
  await waitFor(() => assert.deepEqual(fake.inputsOf('reviews.dismiss'), [{ reviewId: 31, actor: 'Sam (sales)', reason: 'She asked us to call instead, not to stop' }]));
});

test('issue 15 wrong number on the lead page: the buttons say "Confirm wrong number…", and confirming takes the number off the lead, not consent', async () => {
  open = { ...review, intent: 'wrong_number', body: 'wrong number, no Olivia here' };
  fake.handle('reviews.confirm', ({ actor }) => {
    open = null;
    return { ...review, intent: 'wrong_number', status: 'confirmed', resolvedBy: actor ?? null, resolvedAt: T0 + 1 };
  });
  const { container } = await render(<Composer customerId={7} firstName="Olivia" mobile="+61412345678" accounts={[leadAccount()]} />);
  const warning = await waitFor(() => one(container, '[data-testid="review-warning"]'));
  assert.match(warning.textContent ?? '', /The reply says wrong number — awaiting review/);
  button(warning, 'Not a wrong number…');
  await click(button(warning, 'Confirm wrong number…'));
  const form = await waitFor(() => one(document, '[data-testid="review-decision-form"]'));
  assert.match(form.textContent ?? '', /comes off Olivia Smith's lead .* Consent is unchanged/);
  await type(field(form, 'Decided by'), 'Sam (sales)');
  await click(button(document, 'Take the number off the lead'));
  await waitFor(() => assert.deepEqual(fake.inputsOf('reviews.confirm'), [{ reviewId: 31, actor: 'Sam (sales)' }]));
});

test('R3 deciding a review from the lead page sends nothing: Enter in the decision submits the decision, not the composer around it', async () => {
  const { container } = await render(<Composer customerId={7} firstName="Olivia" mobile="+61412345678" accounts={[leadAccount()]} />);
  await type(field<HTMLTextAreaElement>(container, 'Message'), 'Hi Olivia, shall I call you instead?');
  const warning = await waitFor(() => one(container, '[data-testid="review-warning"]'));
  await click(button(warning, 'Not an opt-out…'));
  const form = await waitFor(() => one<HTMLFormElement>(document, '[data-testid="review-decision-form"]'));
  await type(field(form, 'Decided by'), 'Sam (sales)');
  await type(field<HTMLTextAreaElement>(form, 'Reason (required)'), 'She asked us to call instead');
  // Enter in "Decided by" submits its form, as a browser does.
  await act(() => form.requestSubmit());
  await waitFor(() => assert.equal(fake.inputsOf('reviews.dismiss').length, 1));
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(fake.inputsOf('sms.send'), [], 'deciding the review must not send the message being typed');
  assert.equal(field<HTMLTextAreaElement>(container, 'Message').value, 'Hi Olivia, shall I call you instead?', 'what was typed is kept');
});
