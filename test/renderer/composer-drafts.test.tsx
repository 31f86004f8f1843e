// The composer never loses what was typed: a paste over the limit is kept whole and flagged, a
// template over typed text asks (insert at the cursor or replace), the draft is kept in main per
// lead and account (read back when the lead opens again, written when the composer goes away),
// the account it opens on is an allowed one, and a dealer's template left under another account
// is flagged. UCS-2 is explained, with plain punctuation one click away.
import { button, choose, cleanup, click, field, render, text, type, waitFor } from './dom.ts';
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiOutput, Template } from '../../shared/ipc/contract.ts';
import { Composer } from '../../src-renderer/components/Composer.tsx';
import { FakeApi } from './fake-api.ts';
import { leadAccount, message, preflightClear, sender, T0 } from './fixtures.ts';

let fake: FakeApi;
let drafts: ApiOutput<'drafts.forLead'>;
let templates: Template[];

const optedOut = { status: 'opted_out', source: 'inbound_keyword', changedAt: T0, actor: null, reason: null, keyword: 'STOP', messageId: 5 } as const;
const mazda = leadAccount({ dealerAccountId: 1, accountName: 'Harbour City Mazda', sms: optedOut });
const toyota = leadAccount({ dealerAccountId: 2, accountName: 'Harbour City Toyota', senders: [{ ...sender, id: 12, dealerAccountIds: [1, 2] }] });
const ui = <Composer customerId={7} firstName="Olivia" mobile="+61412345678" accounts={[mazda, toyota]} />;
const box = (c: HTMLElement) => field<HTMLTextAreaElement>(c, 'Message');

beforeEach(() => {
  drafts = { drafts: [], lastSentAccountId: null };
  templates = [
    { id: 3, dealerAccountId: null, name: 'Car ready', body: 'your car is ready.', emailSubject: null, emailBody: null, archivedAt: null },
    { id: 4, dealerAccountId: 1, name: 'Mazda weekend offer', body: 'Harbour City Mazda has drive-away offers this weekend.', emailSubject: null, emailBody: null, archivedAt: null },
  ];
  fake = new FakeApi({
    'sms.preflight': (i) => (i.dealerAccountId === 1 ? { ...preflightClear, allowed: false } : preflightClear),
    'templates.list': () => templates,
    // Main fills templates (the one renderer).
    'templates.render': (input) => ({ text: templates.find((t) => t.id === input.templateId)!.body, segments: 1, encoding: 'GSM-7' }),
    'sms.send': () => ({ outcome: 'sent', message: message(90) }),
    'drafts.forLead': () => drafts,
    'drafts.save': () => ({ savedAt: T0 }),
  }).install();
});
afterEach(cleanup);

test('R1: the composer opens on the allowed account, not the opted-out one listed first; the list says which is opted out', async () => {
  const { container } = await render(ui);
  await waitFor(() => assert.equal(field<HTMLSelectElement>(container, 'Dealer account').value, '2'));
  assert.deepEqual([...field<HTMLSelectElement>(container, 'Dealer account').options].map((o) => o.text), ['Harbour City Mazda — opted out', 'Harbour City Toyota']);
});

test('a paste of 1,836 characters is kept whole and flagged "too long by 236 characters"; sending waits until it is trimmed', async () => {
  const { container } = await render(ui);
  await waitFor(() => assert.equal(field<HTMLSelectElement>(container, 'Dealer account').value, '2'));
  const pasted = 'A'.repeat(1_836);
  await type(box(container), pasted);
  assert.equal(box(container).value.length, 1_836, 'nothing cut');
  assert.equal(text(container.querySelector('[data-testid="too-long"] .alert-title')), 'Too long by 236 characters');
  assert.equal(button(container, 'Send SMS').disabled, true);
  await type(box(container), pasted.slice(0, 1_600));
  assert.equal(container.querySelector('[data-testid="too-long"]'), null);
  assert.equal(button(container, 'Send SMS').disabled, false);
});

test('a template chosen over typed text asks first: insert at the cursor, replace, or cancel', async () => {
  const { container } = await render(ui);
  await waitFor(() => assert.ok(container.querySelector('option[value="sms:3"]')));
  await type(box(container), 'Hi Olivia, thanks for coming in.');
  box(container).setSelectionRange(10, 10);
  await choose(field<HTMLSelectElement>(container, 'Template'), 'sms:3');
  await waitFor(() => assert.match(text(container.querySelector('[data-testid="template-prompt"]')), /already has text/));
  assert.equal(box(container).value, 'Hi Olivia, thanks for coming in.', 'nothing replaced without asking');
  await click(button(container, 'Insert at cursor'));
  assert.equal(box(container).value, 'Hi Olivia, your car is ready. thanks for coming in.');

  await choose(field<HTMLSelectElement>(container, 'Template'), '');
  await choose(field<HTMLSelectElement>(container, 'Template'), 'sms:3');
  await waitFor(() => assert.ok(container.querySelector('[data-testid="template-prompt"]')));
  await click(button(container, 'Cancel'));
  assert.equal(box(container).value, 'Hi Olivia, your car is ready. thanks for coming in.');
  await choose(field<HTMLSelectElement>(container, 'Template'), 'sms:3');
  await waitFor(() => assert.ok(container.querySelector('[data-testid="template-prompt"]')));
  await click(button(container, 'Replace message'));
  assert.equal(box(container).value, 'your car is ready.');
});

test('the draft is kept in main: shown again when the lead opens, written as typed and when the composer goes away', async () => {
  drafts = { drafts: [{ dealerAccountId: 2, body: 'Half-typed reply', updatedAt: T0 }], lastSentAccountId: null };
  const first = await render(ui);
  await waitFor(() => assert.equal(box(first.container).value, 'Half-typed reply'));
  await type(box(first.container), 'Half-typed reply, finished');
  await waitFor(() => assert.deepEqual(fake.inputsOf('drafts.save').at(-1), { customerId: 7, dealerAccountId: 2, body: 'Half-typed reply, finished' }));
  await waitFor(() => assert.equal(text(first.container.querySelector('[data-testid="draft-state"]')), 'Draft saved'));

  // Typed and left at once (no pause): the draft is written as the composer goes away.
  await type(box(first.container), 'Changed my mind');
  const saves = fake.inputsOf('drafts.save').length;
  first.unmount();
  assert.deepEqual(fake.inputsOf('drafts.save').slice(saves), [{ customerId: 7, dealerAccountId: 2, body: 'Changed my mind' }]);
});

test('a sent message clears the box; its draft is gone (main removes it with the send)', async () => {
  const { container } = await render(ui);
  await waitFor(() => assert.equal(field<HTMLSelectElement>(container, 'Dealer account').value, '2'));
  await type(box(container), 'See you Saturday');
  await click(button(container, 'Send SMS'));
  await waitFor(() => assert.ok(container.querySelector('[data-testid="send-ok"]')));
  assert.equal(box(container).value, '');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(fake.inputsOf('drafts.save').length, 0, 'no late save brings the sent text back');
});

test("a dealer's template left in the text after switching to another account is flagged, and the text moves with the user", async () => {
  drafts = { drafts: [], lastSentAccountId: 1 };
  const { container } = await render(ui);
  await waitFor(() => assert.ok(container.querySelector('option[value="sms:4"]')));
  await choose(field<HTMLSelectElement>(container, 'Dealer account'), '1');
  await waitFor(() => assert.ok(container.querySelector('option[value="sms:4"]')));
  await choose(field<HTMLSelectElement>(container, 'Template'), 'sms:4');
  await waitFor(() => assert.equal(box(container).value, 'Harbour City Mazda has drive-away offers this weekend.'));
  assert.equal(container.querySelector('[data-testid="dealer-mismatch"]'), null);
  await choose(field<HTMLSelectElement>(container, 'Dealer account'), '2');
  assert.equal(box(container).value, 'Harbour City Mazda has drive-away offers this weekend.', 'the text is not lost');
  await waitFor(() =>
    assert.equal(
      text(container.querySelector('[data-testid="dealer-mismatch"] .alert-title')?.nextElementSibling),
      '“Mazda weekend offer” is a template of Harbour City Mazda, but this message goes from Harbour City Toyota.',
    ),
  );
});

test('UCS-2 is explained by the character that forced it, and plain quotes and dashes are one click away', async () => {
  const { container } = await render(ui);
  await waitFor(() => assert.equal(field<HTMLSelectElement>(container, 'Dealer account').value, '2'));
  await type(box(container), 'It’s ready – come by');
  assert.match(text(container.querySelector('[data-testid="segment-counter"]')), /UCS-2/);
  assert.equal(
    text(container.querySelector('[data-testid="ucs2-note"] > span')),
    'Sent as UCS-2 (70 characters a segment) because of curly apostrophe (U+2019), en dash (U+2013).',
  );
  await click(button(container, 'Use plain quotes and dashes'));
  assert.equal(box(container).value, "It's ready - come by");
  assert.match(text(container.querySelector('[data-testid="segment-counter"]')), /GSM-7/);
  assert.equal(container.querySelector('[data-testid="ucs2-note"]'), null);
});
