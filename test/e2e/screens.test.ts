// The other screens, and the keyboard: appraisals (the seed's second place to send SMS from, with
// the same composer and the same warning), settings (write-only credentials, shared senders),
// accessible names on every control, and the main flow without a mouse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSeededApp, screenshot } from './harness.ts';
import { unnamedControls } from './accessible-names.ts';

describeSeededApp('appraisals, settings, accessibility and keyboard', ({ page, world }) => {
  test('leads: every control has an accessible name', async () => {
    assert.deepEqual(await unnamedControls(page), []);
  });

  test('keyboard: search, arrow into the list, Enter opens the lead, Ctrl+Enter sends', async () => {
    const search = page.getByRole('searchbox', { name: /search leads/i });
    await search.focus();
    await page.keyboard.type('jane');
    // The list for "jane" (not an earlier keystroke's): Jane is its only lead.
    await page.getByRole('option').filter({ hasText: 'Jane Citizen' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[role="option"]:not(.placeholder)').length === 1);
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'listbox');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Jane Citizen' }).waitFor();
    assert.deepEqual(await unnamedControls(page), []);

    const message = page.getByRole('form', { name: 'Send an SMS' }).getByLabel('Message', { exact: true });
    await message.focus();
    await page.keyboard.type('Hi Jane, sent from the keyboard.');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('send-ok').waitFor();
    await page.getByTestId('timeline').getByText('sent from the keyboard').waitFor();
    await screenshot(page, '09-lead-detail');
  });

  test('keyboard: opting in by hand needs a reason (R9)', async () => {
    await page.getByRole('button', { name: 'Opt out of email from Parramatta Mazda' }).click();
    const dialog = page.getByRole('dialog', { name: 'Opt out of email from Parramatta Mazda' });
    await dialog.getByLabel('Reason (optional)').fill('Asked by phone');
    await dialog.getByRole('button', { name: 'Opt out' }).click();
    await page.getByTestId(`consent-${world.ids.dealerB}-email`).getByText('Email: opted out').waitFor();
    // SMS for the same account is untouched (R1).
    await page.getByTestId(`consent-${world.ids.dealerB}-sms`).getByText('SMS: allowed').waitFor();

    await page.getByRole('button', { name: 'Opt in to email from Parramatta Mazda' }).click();
    const optIn = page.getByRole('dialog', { name: 'Opt back in to email from Parramatta Mazda' });
    const confirm = optIn.getByRole('button', { name: 'Opt in' });
    assert.equal(await confirm.isDisabled(), true, 'opt-in without a reason must not be possible');
    await optIn.getByLabel('Reason (required)').fill('Customer asked for the brochure by email');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId(`consent-${world.ids.dealerB}-email`).getByText('Email: opted in').waitFor();
  });

  test('appraisals: the vehicle, its lead, and the same composer', async () => {
    await page.getByRole('link', { name: 'Appraisals' }).click();
    const row = page.getByRole('table', { name: 'Vehicles under appraisal' }).getByRole('link', { name: /2018 Toyota Corolla/ });
    await row.click();
    const form = page.getByRole('form', { name: /SMS Jane about the Toyota Corolla/ });
    await form.waitFor();
    assert.equal(await form.getByLabel('Dealer account').inputValue(), String(world.ids.dealerA));
    // Main fills the template for the lead (one round trip): wait for the message to change.
    const message = form.getByLabel('Message', { exact: true });
    const filledWith = async (start: string): Promise<string> => {
      await page.waitForFunction((s) => [...document.querySelectorAll('textarea')].some((t) => t.value.startsWith(s)), start);
      return message.inputValue();
    };
    await form.getByLabel('Template').selectOption({ label: 'Test drive follow-up' });
    assert.match(await filledWith('Hi Jane, thanks'), /^Hi Jane, thanks for coming in today/);
    // A template in the demo's spelling is filled too, not sent as "Hi {first name}, …".
    // Over typed text the composer asks first (issue 13: nothing typed is lost): replace it.
    await form.getByLabel('Template').selectOption({ label: 'Service reminder' });
    await form.getByRole('button', { name: 'Replace message' }).click();
    const filled = await filledWith('Hi Jane, your vehicle');
    assert.match(filled, /^Hi Jane, your vehicle is due for its scheduled service\./);
    assert.doesNotMatch(filled, /[{}]/);
    await form.getByLabel('Template').selectOption({ label: 'Test drive follow-up' });
    await form.getByRole('button', { name: 'Replace message' }).click();
    await form.getByTestId('segment-counter').getByText(/GSM-7/).waitFor();
    assert.deepEqual(await unnamedControls(page), []);
    await screenshot(page, '10-appraisals');
  });

  test('settings: shared senders, write-only credentials with a connection test', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const senders = page.getByRole('table', { name: 'Senders' });
    const shared = senders.getByRole('row').filter({ hasText: 'Group shared number' });
    assert.equal(await shared.getByRole('checkbox', { name: 'Harbour City Toyota uses Group shared number' }).isChecked(), true);
    assert.equal(await shared.getByRole('checkbox', { name: 'Parramatta Mazda uses Group shared number' }).isChecked(), true);
    assert.equal(await shared.getByRole('checkbox', { name: 'Westside Kia uses Group shared number' }).isChecked(), false);

    const creds = page.getByRole('form', { name: 'Credentials for Group Twilio account' });
    const token = creds.getByLabel('Auth token (write-only)');
    assert.equal(await token.getAttribute('type'), 'password');
    assert.equal(await token.inputValue(), '', 'a stored token is never shown');
    await creds.getByRole('button', { name: 'Test connection' }).click();
    await creds.getByRole('status').getByText(/Connected/).waitFor();
    assert.deepEqual(await unnamedControls(page), []);
    await screenshot(page, '11-settings');
  });

  test('settings: Export diagnostics saves a file for support and says where (issue 14 finding 8)', async () => {
    await page.getByRole('button', { name: 'Export diagnostics' }).click();
    const result = page.getByTestId('diagnostics-result');
    await result.getByText('Diagnostics saved').waitFor();
    const path = (await result.locator('code').textContent()) ?? '';
    assert.match(path, /diagnostics\/dealer-sms-desk-diagnostics-\d{8}T\d{6}Z\.json$/);
    await result.scrollIntoViewIfNeeded();
    assert.deepEqual(await unnamedControls(page), []);
    await screenshot(page, '11b-settings-diagnostics');
  });

  test('automation history shows an automated send blocked by an opt-out (R6)', async () => {
    const { core } = world.host.app;
    const optOut = await world.host.app.invoke('consent.optOut', { dealerAccountId: world.ids.dealerB, customerId: world.ids.jane, channel: 'sms', reason: 'Asked in the showroom' });
    assert.ok(optOut.ok, JSON.stringify(optOut));
    const rule = core.store.automation.createRule(world.ids.dealerB, 'Service reminder, 6 months', 'service_due', 'Hi {firstName}, your Mazda is due for a service.', Date.now());
    const run = core.store.automation.startRun(rule, world.ids.jane, Date.now());
    const r = await core.sends.send({ dealerAccountId: world.ids.dealerB, customerId: world.ids.jane, body: 'Hi Jane, your Mazda is due for a service.', actor: 'automation', origin: 'automation', automationRunId: run });
    assert.ok(r.outcome === 'refused', 'the automated send to an opted-out customer must be refused');
    assert.equal(r.refusal.code, 'SMS_OPTED_OUT');
    core.automation.recordSend(run, r);

    await page.getByRole('link', { name: 'Automation' }).click();
    const row = page.getByRole('table', { name: 'Automation history' }).locator('tr[data-outcome="blocked"]').filter({ hasText: 'Jane Citizen' });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /Service reminder, 6 months/);
    assert.match(text, /Blocked — opted out/);
    assert.match(text, /previously opted out of SMS from Parramatta Mazda/);
    assert.deepEqual(await unnamedControls(page), []);
    await screenshot(page, '12-automation');
  });
});
