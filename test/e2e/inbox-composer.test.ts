// The salesperson's afternoon in Chromium: a reply makes its conversation unread in the inbox (the
// badge and the window title count it), opening the lead reads it, "needs reply" until answered;
// the composer keeps a paste over the limit whole and flagged, asks before a template replaces
// typed text, and keeps a draft across leaving the lead and across a restart of the app.
// Screenshots of the inbox, a long conversation and the composer at 1366×768 and 1920×1080.
import { test } from 'node:test';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkipReason, buildRenderer, describeSeededApp, launchChromium, openApp, OWN_NUMBER, screenshot, SHARED_NUMBER, startSeedHost } from './harness.ts';
import { startWebHost } from '../../src-main/app/start-web-host.ts';

async function openLead(page: Page, origin: string, customerId: number): Promise<void> {
  await page.goto(`${origin}/#/leads/${customerId}`);
  await page.locator('#lead-title').filter({ hasNotText: 'Loading' }).waitFor();
  await page.getByLabel('Message').and(page.locator('textarea:not([readonly])')).waitFor();
}

/** Clicks an inbox filter and waits until it shows the state asked for (the list reloads behind it). */
async function setFilter(page: Page, name: string, on: boolean): Promise<void> {
  const button = page.getByRole('button', { name, exact: true });
  await button.click();
  await page.getByRole('button', { name, exact: true, pressed: on }).waitFor();
}

describeSeededApp('inbox: unread, read on open, needs reply; composer: paste over the limit, templates, drafts', ({ page, world }) => {
  const reply = async (body: string) => {
    world.sim.injectInbound({ from: world.ids.janeMobile, to: SHARED_NUMBER, body });
    await page.getByRole('button', { name: 'Poll now' }).click();
  };

  test('a reply makes the conversation unread (inbox badge, window title); opening the lead reads it; it needs a reply until answered', async () => {
    const sent = await world.host.app.invoke('sms.send', { dealerAccountId: world.ids.dealerA, customerId: world.ids.jane, body: 'Hi Jane, the RAV4 is ready for a test drive.', requestId: randomUUID() });
    assert.ok(sent.ok);
    await new Promise((r) => setTimeout(r, 1100));
    await reply('Great, can I come Saturday?');
    await page.getByTestId('nav-inbox-count').filter({ hasText: '1' }).waitFor();
    await page.waitForFunction(() => document.title === '(1) Dealer SMS Desk');

    await page.keyboard.press('Alt+KeyI');
    await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    const row = page.locator('.conv-row', { hasText: 'Jane Citizen' });
    await row.waitFor();
    assert.ok(await row.evaluate((el) => el.classList.contains('unread')));
    assert.match(await row.innerText(), /Needs reply[\s\S]*Great, can I come Saturday\?/);
    await setFilter(page, 'Needs reply', true);
    await page.locator('.conv-row', { hasText: 'Jane Citizen' }).waitFor();
    await setFilter(page, 'Needs reply', false);

    await row.click();
    await page.locator('#lead-title', { hasText: 'Jane Citizen' }).waitFor();
    await page.waitForFunction(() => document.title === 'Dealer SMS Desk');
    await page.getByTestId('nav-inbox-count').waitFor({ state: 'detached' });

    // Alt+R: straight to the composer; the answer takes Jane off "needs reply".
    await page.keyboard.press('Alt+KeyR');
    assert.equal(await page.evaluate(() => document.activeElement?.hasAttribute('data-composer-box')), true);
    await page.keyboard.type('Saturday 10am is booked, see you then!');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('send-ok').waitFor();
    await page.getByRole('link', { name: /^Inbox/ }).click();
    const jane = page.locator('.conv-row', { hasText: 'Jane Citizen' });
    await jane.filter({ hasText: 'Saturday 10am is booked' }).waitFor();
    assert.equal(await jane.evaluate((el) => el.classList.contains('unread')), false);
    await setFilter(page, 'Needs reply', true);
    await page.getByTestId('inbox-empty').waitFor();
    await setFilter(page, 'Needs reply', false);
  });

  test('a paste of 1,836 characters is kept whole and flagged "too long by 236 characters"', async () => {
    await openLead(page, world.host.origin, world.ids.jane);
    const box = page.getByLabel('Message');
    await box.fill('');
    await box.focus();
    await page.keyboard.insertText('Pasted. '.repeat(229) + 'Pasted.!!!!');
    assert.equal((await box.inputValue()).length, 1_843);
    await page.getByTestId('too-long').filter({ hasText: 'Too long by 243 characters' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Send SMS' }).isDisabled(), true);
    await box.fill('');
  });

  test('a template over typed text asks; "Insert at cursor" puts it where the caret is', async () => {
    await openLead(page, world.host.origin, world.ids.jane);
    const box = page.getByLabel('Message');
    await box.fill('Thanks again. Cheers, Sam');
    await box.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(14, 14));
    await page.getByLabel('Template').selectOption({ label: 'Test drive follow-up' });
    await page.getByTestId('template-prompt').waitFor();
    assert.equal(await box.inputValue(), 'Thanks again. Cheers, Sam', 'nothing replaced without asking');
    await page.getByRole('button', { name: 'Insert at cursor' }).click();
    assert.equal(await box.inputValue(), 'Thanks again. Hi Jane, thanks for coming in today. Any questions about the car, just reply here. Cheers, Sam');
  });

  test('a draft stays with the lead when the user leaves and comes back', async () => {
    await openLead(page, world.host.origin, world.ids.jane);
    const box = page.getByLabel('Message');
    await box.fill('Half-written offer for Jane');
    await page.getByTestId('draft-state').filter({ hasText: 'Draft saved' }).waitFor();
    await page.getByRole('link', { name: 'Leads', exact: true }).click();
    await page.getByRole('listbox', { name: 'Leads' }).waitFor();
    await page.goBack();
    await page.getByLabel('Message').and(page.locator('textarea:not([readonly])')).waitFor();
    assert.equal(await page.getByLabel('Message').inputValue(), 'Half-written offer for Jane');
    await page.getByLabel('Message').fill('');
  });

  test('R2: changing a mobile to a number another customer has offers the "Already a customer" choice; clearing it asks first', async () => {
    await page.goto(`${world.host.origin}/#/leads`);
    await page.getByRole('searchbox', { name: /search leads/i }).fill('570 013');
    const row = page.locator('.lead-row:not(.placeholder)').first();
    await row.filter({ hasText: '0491 570 013' }).waitFor();
    const name = (await row.locator('.lead-name').innerText()).trim();
    await row.click();
    await page.locator('#lead-title', { hasText: name }).waitFor();
    await page.getByRole('button', { name: 'Change mobile number' }).click();
    await page.getByLabel('New mobile number').fill('0412 345 678');
    await page.getByRole('button', { name: 'Save mobile' }).click();
    const notice = page.getByTestId('existing-customer');
    await notice.getByText('Already a customer').waitFor();
    await notice.getByRole('button', { name: 'Open Jane Citizen' }).waitFor();
    await screenshot(page, '13-mobile-already-a-customer');
    await page.getByRole('button', { name: 'Keep 0491 570 013' }).click();
    assert.equal(await page.getByTestId('lead-mobile').innerText(), '0491 570 013', 'unchanged');

    await page.getByRole('button', { name: 'Change mobile number' }).click();
    await page.getByLabel('New mobile number').fill('');
    await page.getByRole('button', { name: 'Save mobile' }).click();
    const dialog = page.getByRole('dialog', { name: /Remove .*'s mobile\?/ });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep the number' }).click();
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('lead-mobile').innerText(), '0491 570 013', 'nothing removed without a yes');
  });

  test('lead search finds any run of digits ("570 013") and a name typed without punctuation ("obrien")', async () => {
    await page.goto(`${world.host.origin}/#/leads`);
    const search = page.getByRole('searchbox', { name: /search leads/i });
    await search.fill('570 013');
    await page.locator('.lead-row:not(.placeholder)', { hasText: '0491 570 013' }).waitFor();
    assert.equal(await page.locator('.lead-row:not(.placeholder)').count(), 1);
    await search.fill('obrien');
    await page.locator('.lead-row:not(.placeholder)', { hasText: "O'Brien" }).first().waitFor();
    const shown = await page.locator('.lead-row:not(.placeholder)').allInnerTexts();
    assert.ok(shown.length > 0 && shown.every((t) => t.includes("O'Brien")), shown.join(' | '));
    await search.fill('');
  });

  test('screenshots: the inbox, a long conversation and the composer at 1366×768 and 1920×1080', async () => {
    for (let i = 0; i < 14; i++) {
      const r = await world.host.app.invoke('sms.send', { dealerAccountId: world.ids.dealerA, customerId: world.ids.jane, body: `Follow-up ${i + 1}: the RAV4 Cruise hybrid in Glacier White is on the lot. Happy to hold it until Saturday.`, requestId: randomUUID() });
      assert.ok(r.ok);
      if (i % 3 === 0) world.sim.injectInbound({ from: world.ids.janeMobile, to: SHARED_NUMBER, body: `Reply ${i + 1}: thanks, what’s the drive-away price — and is the tow bar included?` });
    }
    // Other leads write in too (a lead of Westside Kia to its own number): a busy inbox.
    const words = ['Is the white one still there?', 'Can you do $500 off?', 'Running 10 min late', 'What time do you close Saturday?', 'Thanks, will think about it', 'Yes please, book me in'];
    for (let i = 0; i < words.length; i++) {
      world.sim.injectInbound({ from: `+614${String(91570000 + i * 13).padStart(8, '0')}`, to: i % 3 === 2 ? OWN_NUMBER : SHARED_NUMBER, body: words[i]! });
    }
    await world.host.app.invoke('sync.pollNow', {});
    for (const [w, h] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.goto(`${world.host.origin}/#/inbox`);
      await page.locator('.conv-row').first().waitFor();
      await screenshot(page, `13-inbox-${w}`);
      await openLead(page, world.host.origin, world.ids.jane);
      await page.getByTestId('timeline').locator('article').first().waitFor();
      await page.getByLabel('Message').fill('It’s ready — we’ll see you Saturday at 10…');
      await screenshot(page, `13-long-conversation-${w}`);
      await page.locator('form.composer').screenshot({ path: join('test-results', 'screenshots', `13-composer-${w}.png`) });
      await page.getByLabel('Message').fill('');
    }
    await page.setViewportSize({ width: 1360, height: 860 });
  });
});

test('a draft survives a restart of the app: it is kept in the store, not only in the page', { skip: browserSkipReason() ?? false, timeout: 120_000 }, async () => {
  const world = await startSeedHost({ background: false });
  const browser = await launchChromium();
  let again: Awaited<ReturnType<typeof startWebHost>> | null = null;
  try {
    const { page } = await openApp(browser, world.host.url);
    await openLead(page, world.host.origin, world.ids.jane);
    await page.getByLabel('Message').fill('Typed before the restart');
    await page.getByTestId('draft-state').filter({ hasText: 'Draft saved' }).waitFor();
    await page.context().close();
    await world.host.close();

    again = await startWebHost({ dbPath: join(world.dir, 'desk.db'), port: 0, demo: false, background: false, staticRoot: await buildRenderer(), timeZone: 'Australia/Sydney', log: { info: () => undefined, error: () => undefined } });
    const { page: fresh } = await openApp(browser, again.url.replace('#', '#/leads&'));
    await openLead(fresh, again.origin, world.ids.jane);
    assert.equal(await fresh.getByLabel('Message').inputValue(), 'Typed before the restart');
  } finally {
    await again?.close();
    await browser.close();
    await world.sim.stop();
    rmSync(world.dir, { recursive: true, force: true });
  }
});
