// Every screen opened straight from a link, in a fresh page: the screens other than the leads list
// load as their own chunks, and start-up loads settings after them; each must still come up whole.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { browserSkipReason, launchChromium, startSeedHost, type SeedHost } from './harness.ts';

const skip = browserSkipReason();

describe('every screen from a deep link', { skip: skip ?? false }, () => {
  let world: SeedHost;
  let browser: Browser;

  before(async () => {
    world = await startSeedHost();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await world?.close();
  });

  /** The app's URL opened at `path` (the token stays in the fragment, after the route). */
  function linkTo(path: string): string {
    const url = new URL(world.host.url);
    return `${url.origin}/#${path}&${url.hash.slice(1)}`;
  }

  async function openAt(path: string) {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, locale: 'en-AU', timezoneId: 'Australia/Sydney' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(linkTo(path));
    return { page, errors, close: () => context.close() };
  }

  test('a link to the SMS list opens it with its dealer-account filter filled, and keeps no token in the address bar', async () => {
    const { page, errors, close } = await openAt('/sms');
    try {
      await page.getByRole('heading', { level: 1, name: 'SMS list' }).waitFor();
      const filter = page.getByLabel('Dealer account');
      await filter.locator('option', { hasText: 'Parramatta Mazda' }).waitFor({ state: 'attached' });
      assert.equal(new URL(page.url()).hash, '#/sms');
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test('links to a lead, appraisals, automation, notifications and settings each open their screen', async () => {
    const screens: [string, RegExp][] = [
      [`/leads/${world.ids.jane}`, /Jane Citizen/],
      ['/appraisals', /^Appraisals$/],
      ['/automation', /^Automation$/],
      ['/notifications', /^Notifications$/],
      ['/settings', /^Settings$/],
    ];
    for (const [path, heading] of screens) {
      const { page, errors, close } = await openAt(path);
      try {
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        assert.equal(new URL(page.url()).hash, `#${path}`);
        assert.deepEqual(errors, [], `${path}: ${errors.join('; ')}`);
      } finally {
        await close();
      }
    }
  });

  test('a reload keeps working without the token in the address bar (it is kept for the tab)', async () => {
    const { page, errors, close } = await openAt('/settings');
    try {
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
      // Leaving the page keeps the token at once (the first screen does not wait for storage).
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads' }).click();
      await page.locator('.lead-row:not(.placeholder)').first().waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });
});
