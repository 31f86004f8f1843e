// The seed's scenario through the UI, in Chromium, against the web host and the simulator:
// two dealers on one shared sender; the customer replies STOP to dealer B; B's composer warns;
// forcing the send shows main's validation error; the blocked attempt is in the lead's timeline
// and in the SMS list; dealer A can still send; changing the mobile keeps the block.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSeededApp, screenshot, SHARED_NUMBER } from './harness.ts';

describeSeededApp('seed scenario in the browser (R1 R2 R4 R5 R6)', ({ page, world }) => {
  const composer = () => page.getByRole('form', { name: 'Send an SMS' });
  const chooseAccount = (id: number) => composer().getByLabel('Dealer account').selectOption(String(id));

  async function send(body: string, button: RegExp = /^Send SMS$/): Promise<void> {
    await composer().getByLabel('Message', { exact: true }).fill(body);
    await composer().getByRole('button', { name: button }).click();
  }

  async function pollNow(): Promise<void> {
    const button = page.getByRole('button', { name: 'Poll now' });
    await button.click();
    await page.getByRole('button', { name: 'Poll now' }).waitFor();
  }

  test('the token is taken from the URL fragment and removed from the address bar', async () => {
    assert.ok(!page.url().includes('token='), `address bar still holds the token: ${page.url()}`);
    assert.match(page.url(), /#\/leads$/);
  });

  test('the leads list finds Jane, a lead of both dealers, with SMS consent per account', async () => {
    await page.getByRole('searchbox', { name: /search leads/i }).fill('jane cit');
    const row = page.getByRole('option').filter({ hasText: 'Jane Citizen' });
    await row.waitFor();
    await row.getByText('Harbour City Toyota · SMS ok').waitFor();
    await row.getByText('Parramatta Mazda · SMS ok').waitFor();
    await page.getByRole('searchbox', { name: /search leads/i }).fill('');
    await page.getByTestId('leads-count').filter({ hasText: /^6\d leads/ }).waitFor();
    await screenshot(page, '01-leads');
  });

  test('both dealers text Jane through the shared number', async () => {
    await page.getByRole('searchbox', { name: /search leads/i }).fill('jane');
    await page.getByRole('option').filter({ hasText: 'Jane Citizen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jane Citizen' }).waitFor();

    await chooseAccount(world.ids.dealerA);
    await send('Hi Jane, Harbour City Toyota here: the RAV4 is ready for a test drive.');
    await page.getByTestId('send-ok').waitFor();
    await chooseAccount(world.ids.dealerB);
    await send('Hi Jane, Parramatta Mazda here: our CX-5 demo special ends Sunday.');
    await page.getByTestId('send-ok').waitFor();
    const timeline = page.getByTestId('timeline');
    await timeline.getByText('Parramatta Mazda here').waitFor();
    await timeline.getByText('Harbour City Toyota here').waitFor();
  });

  test('Jane replies STOP to the shared number: only Parramatta Mazda is opted out', async () => {
    // The gateway dates messages in whole seconds: a reply in the same second as B's text could not
    // be placed after it (R4 would then apply it to both accounts and flag it). People take longer.
    await new Promise((r) => setTimeout(r, 1100));
    world.sim.injectInbound({ from: world.ids.janeMobile, to: SHARED_NUMBER, body: 'STOP' });
    await pollNow();
    await page.getByTestId(`consent-${world.ids.dealerB}-sms`).getByText('SMS: opted out').waitFor();
    // R1: the other dealer and the other channel are untouched.
    await page.getByTestId(`consent-${world.ids.dealerA}-sms`).getByText('SMS: allowed').waitFor();
    await page.getByTestId(`consent-${world.ids.dealerB}-email`).getByText('Email: allowed').waitFor();
    const timeline = page.getByTestId('timeline');
    await timeline.locator('[data-kind="message"][data-status="received"]').filter({ hasText: 'STOP' }).waitFor();
    await timeline.locator('.consent-event').filter({ hasText: 'Opted out of SMS · Parramatta Mazda' }).waitFor();
  });

  test("B's composer warns before sending: since when and how", async () => {
    await chooseAccount(world.ids.dealerB);
    const warning = page.getByTestId('optout-warning');
    await warning.waitFor();
    const text = await warning.innerText();
    assert.match(text, /Opted out of SMS from Parramatta Mazda/);
    assert.match(text, /Since .*20\d\d/);
    assert.match(text, /customer replied STOP/);
    await composer().getByLabel('Message', { exact: true }).fill('Hi Jane, one more thing about the CX-5…');
    await composer().getByRole('button', { name: 'Send anyway' }).waitFor();
    await screenshot(page, '02-lead-optout-warning');
  });

  test("forcing the send shows main's validation error, and the attempt is recorded in the timeline", async () => {
    await composer().getByRole('button', { name: 'Send anyway' }).click();
    const error = page.getByTestId('send-error');
    await error.waitFor();
    const text = await error.innerText();
    assert.match(text, /Not sent: Jane Citizen previously opted out of SMS from Parramatta Mazda/);
    assert.match(text, /replying "STOP"/);
    const blocked = page.getByTestId('timeline').locator('[data-status="blocked_opted_out"]').first();
    await blocked.waitFor();
    assert.match(await blocked.innerText(), /one more thing about the CX-5/);
    assert.match(await blocked.locator('.reason').innerText(), /previously opted out of SMS from Parramatta Mazda/);
    await screenshot(page, '03-lead-send-refused');
  });

  test('the blocked attempt is in the SMS list, marked with its reason', async () => {
    await page.getByRole('link', { name: 'SMS list' }).click();
    await page.getByRole('heading', { level: 1, name: 'SMS list' }).waitFor();
    await page.getByRole('button', { name: 'Blocked', exact: true }).click();
    const row = page.locator('tr[data-status="blocked_opted_out"]').filter({ hasText: 'Jane Citizen' });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /Blocked — opted out/);
    assert.match(text, /Parramatta Mazda/);
    assert.match(text, /previously opted out of SMS from Parramatta Mazda/);
    // Only blocked rows under this filter.
    const statuses = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    assert.ok(statuses.length > 0 && statuses.every((s) => s === 'blocked_opted_out' || s === 'blocked_gateway' || s === 'held_review'), String(statuses));
    await page.getByRole('button', { name: 'Blocked', exact: true }).click();
    await page.getByRole('button', { name: 'Inbound', exact: true }).click();
    await page.locator('tr[data-status="received"]').filter({ hasText: 'STOP' }).waitFor();
    await page.getByRole('button', { name: 'Inbound', exact: true }).click();
    await page.locator('tr[data-status="blocked_opted_out"]').first().waitFor();
    await screenshot(page, '04-sms-list');
  });

  test('dealer A can still text Jane through the same shared number', async () => {
    await page.locator('tr[data-status="blocked_opted_out"]').first().getByRole('link', { name: 'Jane Citizen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jane Citizen' }).waitFor();
    await chooseAccount(world.ids.dealerA);
    await composer().getByRole('button', { name: 'Send SMS' }).waitFor();
    assert.equal(await page.getByTestId('optout-warning').count(), 0);
    await send('Hi Jane, Harbour City Toyota again: Saturday 10am is booked for you.');
    await page.getByTestId('send-ok').waitFor();
    // The gateway saw three messages to Jane: A, B, A. The refused one never left the app.
    const toJane = world.sim.allMessages().filter((m) => m.to === world.ids.janeMobile && m.direction !== 'inbound');
    assert.equal(toJane.length, 3, JSON.stringify(toJane.map((m) => m.body)));
    assert.ok(!toJane.some((m) => m.body.includes('one more thing')));
  });

  test('changing the mobile keeps Jane opted out of Parramatta Mazda (R2)', async () => {
    await page.getByRole('button', { name: 'Change mobile number' }).click();
    await page.getByLabel('New mobile number').fill('0498 765 432');
    await page.getByRole('button', { name: 'Save mobile' }).click();
    await page.getByTestId('lead-mobile').getByText('0498 765 432').waitFor();
    const history = page.getByRole('list', { name: 'Phone history' });
    await history.getByText('0412 345 678').waitFor();
    await history.getByText('0498 765 432').waitFor();

    await page.getByTestId(`consent-${world.ids.dealerB}-sms`).getByText('SMS: opted out').waitFor();
    await chooseAccount(world.ids.dealerB);
    await page.getByTestId('optout-warning').waitFor();
    await send('Hi Jane, new number, new offer!', /^Send anyway$/);
    const error = page.getByTestId('send-error');
    await error.waitFor();
    assert.match(await error.innerText(), /previously opted out of SMS from Parramatta Mazda/);
    assert.ok(!world.sim.allMessages().some((m) => m.body.includes('new number, new offer')));
    await screenshot(page, '05-lead-after-mobile-change');
  });

  test('the leads list shows it at a glance, found by the new number', async () => {
    await page.getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByRole('searchbox', { name: /search leads/i }).fill('0498 765');
    const row = page.getByRole('option').filter({ hasText: 'Jane Citizen' });
    await row.waitFor();
    await row.getByText('Parramatta Mazda · SMS opted out').waitFor();
    await row.getByText('Harbour City Toyota · SMS ok').waitFor();
    assert.equal(await page.getByRole('option').count(), 1);
  });
});
