// Offline: with the gateway unreachable everything stays browsable from the local store, and a
// send is queued ("queued — will send when online"), then leaves once the gateway is back (R8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSeededApp, screenshot } from './harness.ts';

describeSeededApp('offline browsing and a queued send (R8)', ({ page, world }) => {
  const status = () => page.getByRole('contentinfo', { name: 'Sync status' });
  const composer = () => page.getByRole('form', { name: 'Send an SMS' });

  test('the status bar shows Offline when the gateway cannot be reached', async () => {
    await status().getByText('Online', { exact: true }).waitFor();
    await world.sim.setOnline(false);
    await page.getByRole('button', { name: 'Poll now' }).click();
    await status().getByText('Offline', { exact: true }).waitFor();
    assert.equal(await status().getAttribute('data-online'), 'false');
  });

  test('leads, a lead with its timeline, the SMS list and notifications stay browsable', async () => {
    await page.getByRole('searchbox', { name: /search leads/i }).fill('jane');
    await page.getByRole('option').filter({ hasText: 'Jane Citizen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jane Citizen' }).waitFor();
    await page.getByTestId('timeline').waitFor();
    await page.getByTestId(`consent-${world.ids.dealerA}-sms`).waitFor();
    await page.getByRole('link', { name: 'SMS list' }).click();
    await page.getByRole('table', { name: 'Messages' }).waitFor();
    await page.getByRole('link', { name: 'Notifications' }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByRole('link', { name: 'Appraisals' }).click();
    await page.getByRole('table', { name: 'Vehicles under appraisal' }).getByText('Jane Citizen').waitFor();
    await page.getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByRole('option').filter({ hasText: 'Jane Citizen' }).waitFor();
  });

  test('a send made offline is queued and says so', async () => {
    await page.getByRole('option').filter({ hasText: 'Jane Citizen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Jane Citizen' }).waitFor();
    await page.getByTestId('offline-note').waitFor();
    await composer().getByLabel('Dealer account').selectOption(String(world.ids.dealerA));
    await composer().getByLabel('Message', { exact: true }).fill('Hi Jane, the service loan car is booked for Monday.');
    await composer().getByRole('button', { name: 'Queue SMS' }).click();
    const queued = page.getByTestId('send-queued');
    await queued.waitFor();
    assert.match(await queued.innerText(), /Queued — will send when online/);
    await page.getByTestId('timeline').locator('[data-status="queued"]').filter({ hasText: 'service loan car' }).waitFor();
    await page.getByTestId('queued-count').getByText('1', { exact: true }).waitFor();
    assert.equal(world.sim.allMessages().filter((m) => m.body.includes('service loan car')).length, 0);
    await screenshot(page, '06-offline-queued');
  });

  test('back online, the queued message leaves', { timeout: 60_000 }, async () => {
    await world.sim.setOnline(true);
    await page.getByRole('button', { name: 'Poll now' }).click();
    // The outbox retries an offline-waiting message on its own schedule (up to 15 s later).
    await status().getByText('Online', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByTestId('queued-count').getByText('0', { exact: true }).waitFor({ timeout: 20_000 });
    await page
      .getByTestId('timeline')
      .locator('[data-kind="message"]:not([data-status="queued"])')
      .filter({ hasText: 'service loan car' })
      .waitFor({ timeout: 20_000 });
    assert.equal(world.sim.allMessages().filter((m) => m.body.includes('service loan car')).length, 1);
  });
});
