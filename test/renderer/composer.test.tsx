// The composer against a fake main process: the preflight's opt-out warning before sending (R5),
// a send asking sms.send for what the user chose, a refusal shown in main's own sentence (R5, R6),
// a template filled for the customer, and the warning appearing when an opt-out arrives.
import { button, choose, cleanup, click, field, render, text, type, waitFor } from './dom.ts';
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiOutput } from '../../shared/ipc/contract.ts';
import { Composer } from '../../src-renderer/components/Composer.tsx';
import { FakeApi } from './fake-api.ts';
import { leadAccount, message, preflightClear, sender, T0 } from './fixtures.ts';

let fake: FakeApi;
let preflight: ApiOutput<'sms.preflight'>;
let result: ApiOutput<'sms.send'>;

const block = {
  dealerAccountId: 1,
  dealerAccountName: 'Harbour Toyota',
  channel: 'sms',
  source: 'inbound_keyword',
  since: T0,
  actor: null,
  reason: null,
  keyword: 'STOP',
  messageId: 40,
  messageBody: 'STOP',
} as const;
const optedOut: ApiOutput<'sms.preflight'> = {
  ...preflightClear,
  allowed: false,
  warning: 'Olivia Smith previously opted out of SMS from Harbour Toyota.',
  block,
};

const accounts = [leadAccount(), leadAccount({ dealerAccountId: 2, accountName: 'Westside Kia', senders: [{ ...sender, id: 12, label: 'Westside line', dealerAccountIds: [2] }] })];
const ui = <Composer customerId={7} firstName="Olivia" mobile="+61412345678" accounts={accounts} />;

beforeEach(() => {
  preflight = preflightClear;
  result = { outcome: 'sent', message: message(90) };
  fake = new FakeApi({
    'sms.preflight': () => preflight,
    'templates.list': () => [{ id: 3, dealerAccountId: null, name: 'Car ready', body: 'Hi {first name}, your car is ready.' }],
    'sms.send': () => result,
  }).install();
});
afterEach(cleanup);

test('a send asks main for the account, sender and text the user chose, and says it was sent', async () => {
  const { container } = await render(ui);
  await choose(field<HTMLSelectElement>(container, 'Dealer account'), '2');
  await waitFor(() => assert.equal(field<HTMLSelectElement>(container, 'Sender').value, '12'));
  await type(field<HTMLTextAreaElement>(container, 'Message'), 'See you Saturday');
  await click(button(container, 'Send SMS'));
  await waitFor(() => assert.equal(text(container.querySelector('[data-testid="send-ok"] .alert-title')), 'Sent to 0412 345 678 from Westside Kia.'));
  assert.deepEqual(fake.inputsOf('sms.send'), [{ dealerAccountId: 2, customerId: 7, senderId: 12, body: 'See you Saturday' }]);
  assert.equal(field<HTMLTextAreaElement>(container, 'Message').value, '', 'the box is cleared for the next message');
});

test('R5: the opt-out warning shows before sending, and the button says "Send anyway"', async () => {
  preflight = optedOut;
  const { container } = await render(ui);
  const warning = await waitFor(() => container.querySelector('[data-testid="optout-warning"]')!);
  assert.match(text(warning), /Opted out of SMS from Harbour Toyota/);
  assert.match(text(warning), /Sending anyway will be refused by the app and recorded on this lead\./);
  await type(field<HTMLTextAreaElement>(container, 'Message'), 'Hello');
  assert.ok(button(container, 'Send anyway'));
});

test("R5/R6: a refused send shows main's sentence and keeps what was typed", async () => {
  preflight = optedOut;
  const refusalText = 'Not sent: Olivia Smith previously opted out of SMS from Harbour Toyota on 20 Nov 2026, by replying STOP.';
  result = {
    outcome: 'refused',
    message: message(91, { status: 'blocked_opted_out', blockReason: refusalText }),
    refusal: { code: 'SMS_OPTED_OUT', reason: optedOut.warning!, text: refusalText, block, reviewId: null, gatewayErrorCode: null, gatewayBlock: null },
  };
  const { container } = await render(ui);
  await waitFor(() => container.querySelector('[data-testid="optout-warning"]')!);
  await type(field<HTMLTextAreaElement>(container, 'Message'), 'Last chance!');
  await click(button(container, 'Send anyway'));
  const error = await waitFor(() => container.querySelector('[data-testid="send-error"]')!);
  assert.equal(text(error.querySelector('.alert-title')), 'Not sent: the customer opted out');
  assert.match(text(error), new RegExp(refusalText.replace(/[.]/g, '\\.')));
  assert.equal(field<HTMLTextAreaElement>(container, 'Message').value, 'Last chance!');
});

test('a template goes in with the first name filled, not "{first name}"', async () => {
  const { container } = await render(ui);
  await waitFor(() => assert.ok(container.querySelector('option[value="3"]')));
  await choose(field<HTMLSelectElement>(container, 'Template'), '3');
  assert.equal(field<HTMLTextAreaElement>(container, 'Message').value, 'Hi Olivia, your car is ready.');
});

test('R5: an opt-out arriving while the composer is open brings up the warning', async () => {
  const { container } = await render(ui);
  await waitFor(() => assert.equal(fake.inputsOf('sms.preflight').length, 1));
  assert.equal(container.querySelector('[data-testid="optout-warning"]'), null);
  preflight = optedOut;
  fake.emit('consent:changed', { customerId: 7, dealerAccountId: 1, channel: 'sms', status: 'opted_out' });
  await waitFor(() => assert.ok(container.querySelector('[data-testid="optout-warning"]')));
});
