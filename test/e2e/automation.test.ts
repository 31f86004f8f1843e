// Automation in the browser (R12): a response and a rule made from the UI, a dry run, the rule
// switched on, time moved on by the test-only clock control, the sends and one blocked attempt
// (R6) in the history and on the lead; an email response sent via SMS from the Lead and the
// Appraisals screens; the send hours in Settings. Screenshots of each screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSeededApp, openSeededApp, screenshot } from './harness.ts';
import { offsetClock } from '../../src-main/clock.ts';
import type { IpcResult } from '../../shared/ipc/contract.ts';

const DAY = 86_400_000;

function ok<T>(r: IpcResult<unknown>): T {
  assert.ok(r.ok, JSON.stringify(r).slice(0, 300));
  return r.value as T;
}

describeSeededApp(
  'automation: rules, dry run, test clock, history, lead path, responses sent via SMS',
  ({ page, world }) => {
    const call = async <T,>(channel: string, input: unknown): Promise<T> => ok<T>(await world.host.app.invoke(channel, input));

    test('a response with an email body and one with SMS text, created on the Responses screen', async () => {
      await page.getByRole('link', { name: 'Responses' }).click();
      await page.getByRole('heading', { level: 1, name: 'Responses' }).waitFor();
      await page.getByRole('button', { name: 'New response' }).click();
      let form = page.getByRole('form', { name: 'Response' });
      await form.getByLabel('Name').fill('Quote ready (email)');
      await form.getByLabel('Email subject').fill('Your quote from {dealer}');
      await form.getByLabel('Email body (simple HTML)').fill('<p>Hi {first name},</p><p>Your <b>quote</b> is ready: <a href="https://dealer.example/q/7">see it here</a>.</p>');
      // An unknown placeholder is refused when saved.
      await form.getByLabel('SMS text').fill('Hi {first name}, your {odometer} reading?');
      await form.getByRole('button', { name: 'Save response' }).click();
      await form.getByText(/placeholder \{odometer\}, which the app cannot fill/).waitFor();
      await form.getByLabel('SMS text').fill('');
      await form.getByRole('button', { name: 'Save response' }).click();
      await page.getByRole('table', { name: 'Responses' }).getByRole('button', { name: 'Quote ready (email)' }).waitFor();

      await page.getByRole('button', { name: 'New response' }).click();
      form = page.getByRole('form', { name: 'Response' });
      await form.getByLabel('Name').fill('Checking in');
      await form.getByLabel('Dealer account').selectOption({ label: 'Parramatta Mazda' });
      await form.getByLabel('SMS text').fill('Hi {first name}, it is {dealer}. Anything we can help with?');
      await form.getByRole('button', { name: 'Save response' }).click();
      await page.getByRole('table', { name: 'Responses' }).getByRole('button', { name: 'Checking in' }).click();
      // Previewed with a real lead, filled in main.
      await page.getByLabel('Find a lead').fill('Jane');
      await page.getByLabel('Lead', { exact: true }).selectOption({ label: 'Jane Citizen' });
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByTestId('preview-sms').getByText('Hi Jane, it is Parramatta Mazda. Anything we can help with?').waitFor();
      await screenshot(page, '20-responses');
    });

    test('a rule created from the UI, dry-run, switched on; time moves on; sends and one blocked attempt in the history and on the lead', async () => {
      const { dealerB, jane } = world.ids;
      // Deterministic send hours whatever the hour the tests run at (quiet hours have their own unit tests).
      const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
      await call('calendar.set', { dealerAccountId: dealerB, timeZone: 'Australia/Sydney', state: 'NSW', hours: allDay, closedOnPublicHolidays: false });
      // Jane asked Parramatta Mazda not to text her: her step will be blocked and recorded (R6).
      // (Three of the seeded leads were imported with "no marketing" and are opted out too, R10.)
      await call('consent.optOut', { dealerAccountId: dealerB, customerId: jane, channel: 'sms', reason: 'Asked on the phone' });

      await page.getByRole('link', { name: 'Automation' }).click();
      await page.getByRole('heading', { level: 1, name: 'Automation' }).waitFor();
      await page.getByRole('button', { name: 'New rule' }).click();
      const dialog = page.getByRole('dialog', { name: 'New automation rule' });
      await dialog.getByLabel('Rule name').fill('Stale leads: check in');
      await dialog.getByLabel('Dealer account').selectOption({ label: 'Parramatta Mazda' });
      await dialog.getByLabel('Trigger').selectOption({ label: 'Lead not updated for N days' });
      await dialog.getByLabel('Days').fill('2');
      await dialog.getByLabel('Step 1 response').selectOption({ label: 'Checking in' });
      await screenshot(page, '21-rule-editor');
      await dialog.getByRole('button', { name: 'Save rule' }).click();
      const row = page.getByTestId('rule-row').filter({ hasText: 'Stale leads: check in' });
      await row.waitFor();
      assert.equal(await row.getByRole('checkbox', { name: 'Stale leads: check in on' }).isChecked(), false, 'a new rule starts switched off');

      // Three days on (the test clock), the dry run counts Parramatta Mazda's leads, Jane opted out among them.
      await call('automation.advanceTestClock', { ms: 3 * DAY });
      await row.getByRole('button', { name: 'Dry run' }).click();
      const dry = row.getByTestId('dry-run');
      await dry.waitFor();
      assert.match((await dry.textContent()) ?? '', /Would enrol 21 leads now; 4 are opted out for this account \(their steps will be recorded as blocked\); 0 have a reply awaiting review/);
      await screenshot(page, '21b-dry-run');

      await row.getByRole('checkbox', { name: 'Stale leads: check in on' }).check();
      await row.getByText('On', { exact: true }).waitFor();
      await call('automation.advanceTestClock', { ms: 60_000 });
      await row.locator('td').nth(4).getByText('17').waitFor({ timeout: 15_000 }); // sent
      assert.equal(await row.locator('td').nth(5).textContent(), '4'); // blocked, each recorded (R6)
      await screenshot(page, '22-automation-rules');

      const history = page.getByRole('table', { name: 'Automation history' });
      await page.getByLabel('Outcome').selectOption('blocked');
      const blocked = history.locator('tbody tr').filter({ hasText: 'Jane Citizen' });
      await blocked.first().getByText(/Not sent: Jane Citizen previously opted out of SMS from Parramatta Mazda/).waitFor();
      assert.equal(await history.locator('tbody tr').count(), 4);
      assert.equal(await history.locator('tbody tr[data-outcome="blocked"]').count(), 4);
      await screenshot(page, '23-automation-history-blocked');
      await page.getByLabel('Outcome').selectOption('');

      // On the lead: the path, and the blocked attempt on the timeline.
      await blocked.first().getByRole('link', { name: 'Jane Citizen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Jane Citizen' }).waitFor();
      const path = page.getByTestId('automation-path').filter({ hasText: 'Stale leads: check in' });
      await path.getByText('Blocked — opted out').waitFor();
      await page.getByTestId('timeline').getByText('Hi Jane, it is Parramatta Mazda. Anything we can help with?').waitFor();
      await path.scrollIntoViewIfNeeded();
      await screenshot(page, '24-lead-automation');
    });

    test('Exclude from automation on the lead page', async () => {
      const mazda = page.getByTestId('lead-automation').filter({ hasText: 'Parramatta Mazda' });
      await mazda.getByLabel('Exclude from automation').check();
      // Main keeps it: the lead:changed event reloads the card from main's answer.
      const excluded = async () =>
        ok<{ accountName: string; automationExcluded: boolean }[]>(await world.host.app.invoke('automation.lead', { customerId: world.ids.jane })).find((l) => l.accountName === 'Parramatta Mazda')
          ?.automationExcluded;
      for (let i = 0; i < 50 && !(await excluded()); i++) await page.getByTestId('lead-automation').first().waitFor();
      assert.equal(await excluded(), true);
    });

    test('Send via SMS from the Lead screen: the email response goes into the composer as SMS text, with the segment counter, and is sent', async () => {
      const form = page.getByRole('form', { name: 'Send an SMS' });
      await form.getByLabel('Dealer account').selectOption({ label: 'Harbour City Toyota' });
      await form.getByLabel('Template').selectOption({ label: 'Quote ready (email) (email, via SMS)' });
      const message = form.getByLabel('Message', { exact: true });
      await page.waitForFunction(() => (document.querySelector('textarea') as HTMLTextAreaElement | null)?.value.startsWith('Hi Jane,'));
      assert.equal(await message.inputValue(), 'Hi Jane,\nYour quote is ready: see it here: https://dealer.example/q/7.');
      await form.getByText(/1 segment · GSM-7/).waitFor();
      await screenshot(page, '25-send-via-sms-lead');
      await form.getByRole('button', { name: /^Send/ }).click();
      await page.getByTestId('send-ok').waitFor();
    });

    test('Send via SMS from the Appraisals screen', async () => {
      await page.getByRole('link', { name: 'Appraisals' }).click();
      await page.getByRole('table', { name: 'Vehicles under appraisal' }).getByRole('link', { name: /2018 Toyota Corolla/ }).click();
      const form = page.getByRole('form', { name: /SMS Jane about the Toyota Corolla/ });
      await form.getByLabel('Template').selectOption({ label: 'Quote ready (email) (email, via SMS)' });
      await form.getByText(/see it here: https:\/\/dealer\.example\/q\/7/).waitFor({ state: 'attached' }).catch(() => undefined);
      await page.waitForFunction(() => [...document.querySelectorAll('textarea')].some((t) => t.value.includes('https://dealer.example/q/7')));
      await screenshot(page, '26-send-via-sms-appraisal');
      await form.getByRole('button', { name: /^Send/ }).click();
      await page.getByTestId('send-ok').waitFor();
    });

    test('Settings: each account\'s send hours, time zone and state', async () => {
      await page.getByRole('link', { name: 'Settings' }).click();
      const toyota = page.getByTestId('send-hours').filter({ hasText: 'Harbour City Toyota' });
      await toyota.getByText(/Mon–Fri 09:00–20:00, Sat 09:00–17:00, closed Sun \(default\)/).waitFor();
      await toyota.getByLabel('State').selectOption({ label: 'Western Australia' });
      assert.equal(await toyota.getByLabel('Time zone').inputValue(), 'Australia/Perth');
      await toyota.getByRole('button', { name: 'Save send hours' }).click();
      await toyota.getByText(/^Saved: Mon–Fri 09:00–20:00, Sat 09:00–17:00, closed Sun\./).waitFor();
      await toyota.scrollIntoViewIfNeeded();
      await screenshot(page, '27-settings-send-hours');
    });
  },
  { open: (errors) => openSeededApp(errors, { testClock: offsetClock() }) },
);
