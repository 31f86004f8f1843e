// Forms show every field's problem at once and clear each as it is put right; a value over its
// limit is said at once, never cut; nothing invalid is sent to main.
import { act, button, cleanup, click, field, render, text, type, waitFor } from './dom.ts';
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { LeadDetailsForm } from '../../src-renderer/components/LeadDetailsForm.tsx';
import { MobileEditor } from '../../src-renderer/components/MobileEditor.tsx';
import { FakeApi } from './fake-api.ts';
import { leadDetail } from './fixtures.ts';

let fake: FakeApi;
beforeEach(() => {
  fake = new FakeApi({ 'leads.updateDetails': () => leadDetail() }).install();
});
afterEach(cleanup);

const errors = (c: HTMLElement) => [...c.querySelectorAll('[data-testid="details-error"] > span')].map(text);

test('every problem at once (no name, a bad email), each cleared as it is put right; nothing sent until valid', async () => {
  const { container } = await render(<LeadDetailsForm lead={leadDetail()} onSaved={() => undefined} onCancel={() => undefined} />);
  await type(field(container, 'First name'), '');
  await type(field(container, 'Last name'), '');
  await type(field(container, 'Email'), 'olivia.example.com');
  await click(button(container, 'Save details'));
  assert.deepEqual(errors(container), ['A customer needs a first or last name.', '"olivia.example.com" is not an email address.']);
  assert.equal(field(container, 'First name').getAttribute('aria-invalid'), 'true');
  assert.equal(fake.inputsOf('leads.updateDetails').length, 0);
  await type(field(container, 'First name'), 'Olivia');
  assert.deepEqual(errors(container), ['"olivia.example.com" is not an email address.']);
  assert.equal(field(container, 'First name').getAttribute('aria-invalid'), 'false');
  await type(field(container, 'Email'), 'olivia@example.com');
  assert.deepEqual(errors(container), []);
  await click(button(container, 'Save details'));
  await waitFor(() => assert.equal(fake.inputsOf('leads.updateDetails').length, 1));
});

test('a name over 100 characters is kept and said at once, not cut', async () => {
  const { container } = await render(<LeadDetailsForm lead={leadDetail()} onSaved={() => undefined} onCancel={() => undefined} />);
  await type(field(container, 'Last name'), 'x'.repeat(119));
  assert.equal(field<HTMLInputElement>(container, 'Last name').value.length, 119);
  assert.deepEqual(errors(container), ['Last name: 100 characters at most (this has 119).']);
});

test('R2 Escape in "Remove the mobile?" answers the dialog only: the mobile being edited stays open, nothing is saved', async () => {
  const { container } = await render(<MobileEditor lead={leadDetail()} onChanged={() => undefined} />);
  await click(button(container, 'Change'));
  await type(field(container, 'New mobile number'), '');
  await click(button(container, 'Save mobile'));
  const keep = await waitFor(() => button(document, 'Keep the number'));
  await act(() => {
    keep.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  });
  assert.ok(field(container, 'New mobile number'), 'the edit is still open');
  assert.equal(fake.calls.length, 0, 'nothing sent to main');
});
