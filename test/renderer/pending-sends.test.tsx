// Issue 14, finding 3, in the composer: every message gets its own request id, kept until main
// answers. A send without an answer (the connection dropped, the app died) is not shown as "not
// sent": the composer asks main what became of it (sms.sendStatus), now and after a restart, and a
// retry of the same text reuses the id, so main can never send it twice.
import { button, cleanup, click, field, render, text, type, waitFor } from './dom.ts';
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiInput, ApiOutput } from '../../shared/ipc/contract.ts';
import { Composer } from '../../src-renderer/components/Composer.tsx';
import { pendingFor, rememberSend } from '../../src-renderer/lib/pending-sends.ts';
import { FakeApi } from './fake-api.ts';
import { leadAccount, message, preflightClear } from './fixtures.ts';

let fake: FakeApi;
let send: (i: ApiInput<'sms.send'>) => ApiOutput<'sms.send'>;
let status: (i: ApiInput<'sms.sendStatus'>) => ApiOutput<'sms.sendStatus'>;

const ui = <Composer customerId={7} firstName="Olivia" mobile="+61412345678" accounts={[leadAccount()]} />;
const noticeIn = (root: HTMLElement): HTMLElement => {
  const n = root.querySelector<HTMLElement>('[data-testid="pending-send"]');
  assert.ok(n, 'a notice about the earlier send');
  return n;
};
const noAnswer = (): never => {
  throw new Error('socket hang up');
};

beforeEach(() => {
  localStorage.clear();
  send = noAnswer;
  status = noAnswer;
  fake = new FakeApi({
    'sms.preflight': () => preflightClear,
    'templates.list': () => [],
    'sms.send': (i) => send(i),
    'sms.sendStatus': (i) => status(i),
  }).install();
});
afterEach(() => {
  cleanup();
  localStorage.clear();
});

test('issue 14 finding 3: a send without an answer is not called "not sent": the composer asks main and shows it was sent after all', async () => {
  const { container } = await render(ui);
  await type(field<HTMLTextAreaElement>(container, 'Message'), 'See you Saturday');
  status = () => ({ outcome: 'sent', message: message(90, { body: 'See you Saturday' }) });
  await click(button(container, 'Send SMS'));
  const notice = await waitFor(() => noticeIn(container));
  assert.equal(text(notice.querySelector('.alert-title')), 'Sent after all: Sent to 0412 345 678 from Harbour Toyota.');
  assert.match(text(notice), /“See you Saturday”.*No need to send it again\./);
  assert.equal(container.querySelector('[data-testid="send-error"]'), null, 'never "Not sent" for a send that may have left');
  assert.equal(field<HTMLTextAreaElement>(container, 'Message').value, '', 'it left: the box is cleared');
  const [sent] = fake.inputsOf('sms.send') as ApiInput<'sms.send'>[];
  assert.deepEqual(fake.inputsOf('sms.sendStatus'), [{ requestId: sent!.requestId }], 'asked about that very request');
  assert.deepEqual(pendingFor(7), [], 'nothing left to ask');
});

test('issue 14 finding 3: sending the same text again after no answer reuses the request id (main sends one id once)', async () => {
  const { container } = await render(ui);
  await type(field<HTMLTextAreaElement>(container, 'Message'), 'Your car is ready');
  await click(button(container, 'Send SMS'));
  await waitFor(() => assert.match(text(container.querySelector('[data-testid="send-unknown"]')), /No answer from the app .*it may have been sent/));
  send = () => ({ outcome: 'queued', message: message(91, { status: 'queued', body: 'Your car is ready' }) });
  await click(button(container, 'Send SMS'));
  await waitFor(() => assert.ok(container.querySelector('[data-testid="send-queued"]')));
  const [first, second] = fake.inputsOf('sms.send') as ApiInput<'sms.send'>[];
  assert.equal(second!.requestId, first!.requestId);
  assert.deepEqual(pendingFor(7), []);
  // The next message is a new one.
  send = () => ({ outcome: 'sent', message: message(92, { body: 'Anything else?' }) });
  await type(field<HTMLTextAreaElement>(container, 'Message'), 'Anything else?');
  await click(button(container, 'Send SMS'));
  await waitFor(() => assert.equal(fake.inputsOf('sms.send').length, 3));
  assert.notEqual((fake.inputsOf('sms.send')[2] as ApiInput<'sms.send'>).requestId, first!.requestId);
});

test('issue 14 finding 3: after a restart the composer shows what became of a send it never heard back about', async () => {
  const requestId = '6a1f3c2e-9b8d-4e7f-8a6b-5c4d3e2f1a0b';
  rememberSend({ requestId, customerId: 7, dealerAccountId: 1, senderId: 11, body: 'Loan car is booked', at: Date.now() - 60_000 });
  status = () => ({ outcome: 'queued', message: message(93, { status: 'queued', body: 'Loan car is booked' }) });
  const { container } = await render(ui);
  const notice = await waitFor(() => noticeIn(container));
  assert.equal(text(notice.querySelector('.alert-title')), 'Saved in the outbox: it leaves as soon as the gateway is reachable');
  assert.deepEqual(fake.inputsOf('sms.sendStatus'), [{ requestId }]);
  assert.deepEqual(pendingFor(7), []);
  await click(button(notice, 'Dismiss'));
  assert.equal(container.querySelector('[data-testid="pending-send"]'), null);
});

test('issue 14 finding 3: a send that never reached the app says nothing was sent, puts the text back, and a send reuses its id', async () => {
  const requestId = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
  rememberSend({ requestId, customerId: 7, dealerAccountId: 1, senderId: 11, body: 'Test drive at 10?', at: Date.now() - 60_000 });
  status = () => null;
  const { container } = await render(ui);
  const notice = await waitFor(() => noticeIn(container));
  assert.equal(text(notice.querySelector('.alert-title')), 'Not sent: your message never reached the app');
  await waitFor(() => assert.equal(field<HTMLTextAreaElement>(container, 'Message').value, 'Test drive at 10?'));
  send = () => ({ outcome: 'sent', message: message(94, { body: 'Test drive at 10?' }) });
  await click(button(container, 'Send SMS'));
  await waitFor(() => assert.ok(container.querySelector('[data-testid="send-ok"]')));
  assert.equal((fake.inputsOf('sms.send')[0] as ApiInput<'sms.send'>).requestId, requestId);
  assert.equal(container.querySelector('[data-testid="pending-send"]'), null, 'answered: the notice goes');
});
