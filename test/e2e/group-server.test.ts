// Settings → Group server (R11) in the browser: test the connection to a real PostgreSQL, join,
// the status bar's group state, no password on screen, leave.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSeededApp, screenshot, browserSkipReason } from './harness.ts';
import { unnamedControls } from './accessible-names.ts';
import { freshDatabase, pgMissing, sharedPgUrl } from '../support/pg.ts';

const PASSWORD = 'e2e-group-password-4471';

describeSeededApp(
  'group server settings',
  ({ page, world }) => {
    test('R11 Settings → Group server: test, join, status bar shows the group, the password never comes back; leave', async () => {
      const url = new URL(await freshDatabase(await sharedPgUrl()));
      await page.getByRole('link', { name: 'Settings' }).click();
      const card = page.getByTestId('group-server-card');
      await card.getByLabel('Server URL').fill(`postgres://${url.host}${url.pathname}`);
      await card.getByLabel('User').fill(url.username);
      await card.getByLabel('Password').fill(PASSWORD);
      await card.getByLabel('TLS').selectOption('disable');
      await card.getByLabel("This desk's name (shown beside what it records)").fill('Harbour City desk');
      await card.getByRole('button', { name: 'Test connection' }).click();
      await card.getByText(/joining creates it \(this desk is the first\)/).waitFor();
      await card.getByRole('button', { name: 'Join group' }).click();
      await card.getByTestId('group-state').getByText('Connected').waitFor();
      assert.equal(await card.getByLabel('Password').inputValue(), '', 'the password field is cleared');
      const bar = page.getByTestId('group-status');
      await bar.getByText('Group: connected').waitFor();
      assert.match(await bar.innerText(), /as Harbour City desk/);
      assert.deepEqual(await unnamedControls(page), []);
      assert.ok(!(await page.content()).includes(PASSWORD), 'the password is nowhere on the page');
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, '18-group-server');
      await card.getByRole('button', { name: 'Leave group' }).click();
      await card.getByText(/Left the group/).waitFor();
      await bar.waitFor({ state: 'detached' });
    });

    test('R11 the timeline says which desk and who recorded a consent change made on another desk', async () => {
      const { core } = world.host.app;
      // As a pulled event from another desk arrives (group-sync.ts applies it the same way).
      core.consent.append({
        dealerAccountId: world.ids.dealerA, customerId: world.ids.jane, channel: 'sms', status: 'opted_out', source: 'manual',
        actor: 'lee', reason: 'Phoned the Mazda showroom', messageId: null, occurredAt: Date.now(), desk: 'Parramatta desk',
      });
      await page.getByRole('link', { name: 'Leads' }).click();
      await page.getByRole('searchbox', { name: /search leads/i }).fill('jane');
      await page.getByRole('option').filter({ hasText: 'Jane Citizen' }).click();
      const timeline = page.getByTestId('timeline');
      await timeline.getByText(/staff \(lee\) — Phoned the Mazda showroom · Parramatta desk/).waitFor();
      await screenshot(page, '19-timeline-desk');
    });
  },
  { skip: browserSkipReason() ?? pgMissing() },
);
