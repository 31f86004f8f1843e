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
    'templates.list': () => [
      { id: 3, dealerAccountId: null, name: 'Car ready', body: 'Hi {first name}, your car is ready.', emailSubject: null, emailBody: null, archivedAt: null },
      { id: 4, dealerAccountId: null, name: 'Quote', body: '', emailSubject: 'Your quote', emailBody: '<p>Hi {first name}, <a href="https://x.example/q">your quote</a></p>', archivedAt: null },
    ],
    // Main fills templates (the one renderer): here, as main would for Olivia.
    'templates.render': (input) =>
      input.as === 'email_as_sms'
        ? { text: 'Hi Olivia, your quote: https://x.example/q', segments: 1, encoding: 'GSM-7' }
        : { text: 'Hi Olivia, your car is ready.', segments: 1, encoding: 'GSM-7' },
    'sms.send': () => result,
    'drafts.forLead': () => ({ drafts: [], lastSentAccountId: null }),
    'drafts.save': () => ({ savedAt: T0 }),
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
  const [input] = fake.inputsOf('sms.send') as { requestId: string }[];
  assert.match(input!.requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a new request id for the message (issue 14)');
  assert.deepEqual(fake.inputsOf('sms.send'), [{ dealerAccountId: 2, customerId: 7, senderId: 12, body: 'See you Saturday', requestId: input!.requestId }]);
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

test('a template goes in filled by main for this customer, not "{first name}"', async () => {
  const { container } = await render(ui);
  await waitFor(() => assert.ok(container.querySelector('option[value="sms:3"]')));
  await choose(field<HTMLSelectElement>(container, 'Template'), 'sms:3');
  await waitFor(() => assert.equal(field<HTMLTextAreaElement>(container, 'Message').value, 'Hi Olivia, your car is ready.'));
  assert.deepEqual(fake.inputsOf('templates.render').at(-1), { templateId: 3, customerId: 7, dealerAccountId: 1, as: 'sms' });
});

test('Send via SMS: an email response goes into the message as SMS text for review, not sent', async () => {
  const { container } = await render(ui);
  await waitFor(() => assert.ok(container.querySelector('option[value="email:4"]')));
  assert.equal(text(container.querySelector('option[value="email:4"]')), 'Quote (email, via SMS)');
  await choose(field<HTMLSelectElement>(container, 'Template'), 'email:4');
  await waitFor(() => assert.equal(field<HTMLTextAreaElement>(container, 'Message').value, 'Hi Olivia, your quote: https://x.example/q'));
  assert.equal(fake.inputsOf('sms.send').length, 0);
});

test('R5: an opt-out arriving while the composer is open brings up the warning', async () => {
  const { container } = await render(ui);
  await waitFor(() => assert.equal(fake.inputsOf('sms.preflight').length, 1));
  assert.equal(container.querySelector('[data-testid="optout-warning"]'), null);
  preflight = optedOut;
  fake.emit('consent:changed', { customerId: 7, dealerAccountId: 1, channel: 'sms', status: 'opted_out' });
  await waitFor(() => assert.ok(container.querySelector('[data-testid="optout-warning"]')));
});
