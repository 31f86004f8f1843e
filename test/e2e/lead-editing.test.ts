// Creating a lead and editing its name and email from the UI: the "New lead" dialog (R10: the
// marketing box unticked records an opt-out of SMS and email for that account), main's refusals
// shown in place without losing what was typed, a mobile we already hold offered as "add this
// account to that customer", and the inline "Edit details" form that never touches consent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { describeSeededApp, screenshot } from './harness.ts';
import { unnamedControls } from './accessible-names.ts';

describeSeededApp('new lead and lead details (R10, R1, R2)', ({ page, world }) => {
  const newLeadDialog = () => page.getByRole('dialog', { name: 'New lead' });
  const focusedLabel = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? null);
  const isInvalid = async (l: Locator) => (await l.getAttribute('aria-invalid')) === 'true';

  async function openNewLead(): Promise<Locator> {
    await page.getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByRole('button', { name: 'New lead' }).click();
    const dialog = newLeadDialog();
    await dialog.waitFor();
    return dialog;
  }

  test('the dialog is keyboard-usable: the first field has focus, every control has a name, Escape closes it', async () => {
    const dialog = await openNewLead();
    assert.equal(await focusedLabel(), 'Dealer account');
    assert.deepEqual(await unnamedControls(page), []);
    assert.equal(await dialog.getByRole('checkbox', { name: 'Opt in to future marketing communication' }).isChecked(), false, 'never pre-ticked');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  test('R10: a lead created with the marketing box unticked is opted out of SMS and email for its account; a bad mobile is refused first and nothing typed is lost', async () => {
    const dialog = await openNewLead();
    // Without an account chosen, nothing is sent and the select is marked.
    await dialog.getByLabel('First name').fill('Ruby');
    await page.keyboard.press('Enter');
    await dialog.getByTestId('new-lead-error').getByText('Choose the dealer account this lead belongs to.').waitFor();
    assert.equal(await isInvalid(dialog.getByLabel('Dealer account')), true);

    await dialog.getByLabel('Dealer account').selectOption({ label: 'Westside Kia' });
    await dialog.getByLabel('Last name').fill('Tran');
    await dialog.getByLabel('Mobile').fill('02 9123 4567');
    await dialog.getByLabel('Email').fill('ruby.tran@example.com');
    await dialog.getByTestId('optin-hint').getByText('Unticked: the lead is opted out of SMS and email from Westside Kia.').waitFor();
    await dialog.getByLabel('Email').press('Enter');

    // Main's sentence, the field marked, and everything still there.
    await dialog.getByTestId('new-lead-error').getByText('"02 9123 4567" is not a mobile number').waitFor();
    assert.equal(await isInvalid(dialog.getByLabel('Mobile')), true);
    assert.equal(await isInvalid(dialog.getByLabel('Email')), false);
    assert.deepEqual(
      await Promise.all(['First name', 'Last name', 'Mobile', 'Email'].map((l) => dialog.getByLabel(l).inputValue())),
      ['Ruby', 'Tran', '02 9123 4567', 'ruby.tran@example.com'],
    );
    assert.equal(await dialog.getByLabel('Dealer account').inputValue(), String(world.ids.dealerC));
    await screenshot(page, '13-new-lead');

    await dialog.getByLabel('Mobile').fill('0400 222 333');
    await dialog.getByRole('button', { name: 'Create lead' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ruby Tran' }).waitFor();
    assert.match(page.url(), /#\/leads\/\d+$/);
    assert.equal(await page.getByTestId('lead-mobile').innerText(), '0400 222 333', 'normalised by main');
    await page.getByTestId(`consent-${world.ids.dealerC}-sms`).getByText('SMS: opted out').waitFor();
    await page.getByTestId(`consent-${world.ids.dealerC}-email`).getByText('Email: opted out').waitFor();
    assert.match(await page.getByTestId(`consent-${world.ids.dealerC}-sms`).innerText(), /lead import — Opt in to future marketing communication was off/);
    const accounts = await page.getByRole('table', { name: 'Consent by dealer account and channel' }).getByRole('rowheader').allInnerTexts();
    assert.deepEqual(accounts, ['Westside Kia'], 'a lead of the chosen account only');
    await page.getByText('Lead created').waitFor();
  });

  test('R1, R2: editing the name and email: a bad email is refused with the typed values kept, Escape restores, Save changes them and leaves the mobile and consent', async () => {
    await page.getByRole('button', { name: 'Edit details' }).click();
    const form = page.getByRole('form', { name: 'Edit name and email' });
    await form.waitFor();
    assert.equal(await focusedLabel(), 'First name');
    assert.deepEqual(await unnamedControls(page), []);

    await form.getByLabel('First name').fill('Rubina');
    await form.getByLabel('Email').fill('rubina@example');
    await page.keyboard.press('Enter');
    await form.getByTestId('details-error').getByText('"rubina@example" is not an email address.').waitFor();
    assert.equal(await isInvalid(form.getByLabel('Email')), true);
    assert.equal(await form.getByLabel('First name').inputValue(), 'Rubina');
    assert.equal(await form.getByLabel('Email').inputValue(), 'rubina@example');
    await page.getByRole('heading', { level: 1, name: 'Ruby Tran' }).waitFor();
    await screenshot(page, '14-edit-details');

    // Escape: nothing saved, the form opens again with the stored values.
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'hidden' });
    assert.equal(await page.getByTestId('lead-email').innerText(), 'ruby.tran@example.com');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Edit details', 'focus back on the button');
    await page.keyboard.press('Enter');
    assert.equal(await form.getByLabel('First name').inputValue(), 'Ruby');
    assert.equal(await form.getByLabel('Email').inputValue(), 'ruby.tran@example.com');

    // Both names empty is refused too, with both marked.
    await form.getByLabel('First name').fill('');
    await form.getByLabel('Last name').fill(' ');
    await form.getByRole('button', { name: 'Save details' }).click();
    await form.getByTestId('details-error').getByText('A customer needs a first or last name.').waitFor();
    assert.equal(await isInvalid(form.getByLabel('Last name')), true);

    await form.getByLabel('First name').fill('Rubina');
    await form.getByLabel('Last name').fill('Tran');
    await form.getByLabel('Email').fill('rubina@example.com');
    await form.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rubina Tran' }).waitFor();
    await form.waitFor({ state: 'hidden' });
    assert.equal(await page.getByTestId('lead-email').innerText(), 'rubina@example.com');
    assert.equal(await page.getByTestId('lead-mobile').innerText(), '0400 222 333');
    await page.getByTestId(`consent-${world.ids.dealerC}-sms`).getByText('SMS: opted out').waitFor();
    await page.getByTestId(`consent-${world.ids.dealerC}-email`).getByText('Email: opted out').waitFor();
  });

  test('R2: a mobile we already hold is not a second customer: the dialog offers to add the account to that customer, and says so', async () => {
    const dialog = await openNewLead();
    await dialog.getByLabel('Dealer account').selectOption({ label: 'Westside Kia' });
    await dialog.getByLabel('First name').fill('Jane');
    await dialog.getByLabel('Mobile').fill('+61 412 345 678');
    await dialog.getByRole('checkbox', { name: 'Opt in to future marketing communication' }).check();
    await dialog.getByTestId('optin-hint').getByText('The lead may receive SMS and email from Westside Kia.').waitFor();
    await page.keyboard.press('Enter');
    const notice = dialog.getByTestId('existing-customer');
    await notice.getByText('Jane Citizen, a lead of Harbour City Toyota and Parramatta Mazda, already has the mobile 0412 345 678.').waitFor();
    assert.equal(await dialog.getByLabel('Mobile').inputValue(), '+61 412 345 678');
    assert.equal(await dialog.getByRole('button', { name: 'Create lead' }).isDisabled(), true, 'a second record is not on offer');
    await screenshot(page, '15-new-lead-existing-customer');

    // Jane already belongs to Harbour City Toyota: for that account the dialog opens her instead.
    await dialog.getByLabel('Dealer account').selectOption({ label: 'Harbour City Toyota' });
    await notice.waitFor({ state: 'hidden' });
    await page.keyboard.press('Enter');
    await notice.getByRole('button', { name: 'Open Jane Citizen' }).waitFor();
    await notice.getByText('Already a lead of Harbour City Toyota.').waitFor();

    await dialog.getByLabel('Dealer account').selectOption({ label: 'Westside Kia' });
    await dialog.getByRole('button', { name: 'Create lead' }).click();
    await notice.getByRole('button', { name: 'Add Jane Citizen as a lead of Westside Kia' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jane Citizen' }).waitFor();
    assert.match(page.url(), new RegExp(`#/leads/${world.ids.jane}$`));
    await page.getByText('Added to Jane Citizen').waitFor();
    await page.getByTestId(`consent-${world.ids.dealerC}-sms`).getByText('SMS: allowed').waitFor();
    await page.getByTestId(`consent-${world.ids.dealerC}-email`).getByText('Email: allowed').waitFor();
    const accounts = await page.getByRole('table', { name: 'Consent by dealer account and channel' }).getByRole('rowheader').allInnerTexts();
    assert.deepEqual(accounts, ['Harbour City Toyota', 'Parramatta Mazda', 'Westside Kia']);
    assert.equal(await page.getByTestId('lead-mobile').innerText(), '0412 345 678', 'her details are unchanged');
    // Still one Jane in the list.
    await page.getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByRole('searchbox', { name: /search leads/i }).fill('0412 345 678');
    await page.getByTestId('leads-count').getByText(/^1 match for/).waitFor();
  });
});
