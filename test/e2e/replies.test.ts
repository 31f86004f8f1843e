// Replies in the browser: a reply raises a notification; a reply full of markup and script is
// shown as plain text everywhere (timeline, notifications, SMS list); a possible opt-out in words
// waits for staff review, and confirming it opts the customer out of that account only (R3).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSeededApp, screenshot, SHARED_NUMBER } from './harness.ts';
import { randomUUID } from 'node:crypto';

const MARKUP =
  `<img src=x onerror="window.__pwned=1;document.title='pwned'"><script>window.__pwned=2</script>` +
  `<b>bold</b> <a href="javascript:window.__pwned=3">click me</a> <iframe src="https://example.com"></iframe> & &amp; "quotes"`;

describeSeededApp('replies: notifications, plain text, review (R3)', ({ page, world }) => {
  before(async () => {
    // Dealer A texted Jane earlier: her replies to the shared number are attributed to A (R4).
    const sent = await world.host.app.invoke('sms.send', { dealerAccountId: world.ids.dealerA, customerId: world.ids.jane, body: 'Hi Jane, any questions about the RAV4?', requestId: randomUUID() });
    assert.ok(sent.ok, JSON.stringify(sent));
    // The gateway dates messages in whole seconds; replies come later than that.
    await new Promise((r) => setTimeout(r, 1100));
  });

  async function reply(body: string): Promise<void> {
    world.sim.injectInbound({ from: world.ids.janeMobile, to: SHARED_NUMBER, body });
    await page.getByRole('button', { name: 'Poll now' }).click();
  }

  test('a reply raises a notification: a notice, the nav badge, and the Notifications screen', async () => {
    await reply('Saturday morning works for me');
    const notice = page.getByTestId('toast').filter({ hasText: 'Jane Citizen replied' });
    await notice.waitFor();
    assert.match(await notice.innerText(), /Saturday morning works for me/);
    await page.getByTestId('nav-notification-count').waitFor();
    await page.getByRole('link', { name: /^Notifications/ }).click();
    const item = page.getByTestId('notification-list').locator('li[data-kind="reply"]').filter({ hasText: 'Saturday morning works for me' });
    await item.waitFor();
    await item.getByRole('link', { name: 'Open lead' }).waitFor();
  });

  test('a reply full of markup and script renders as plain text', async () => {
    const title = await page.title();
    // From the leads list (the Notifications screen itself shows new items in its list, not as notices).
    await page.getByRole('link', { name: 'Leads', exact: true }).click();
    await reply(MARKUP);
    const toast = page.getByTestId('toast').filter({ hasText: 'click me' }).first();
    await toast.waitFor();
    assert.equal(await toast.locator('img, script, b, iframe, a[href^="javascript"]').count(), 0);
    await page.getByRole('link', { name: /^Notifications/ }).click();

    // Notifications: literal text, no elements.
    const note = page.getByTestId('notification-list').locator('li').filter({ hasText: '<script>' }).first();
    await note.waitFor();
    assert.equal(await note.locator('img, script, b, a[href^="javascript"], iframe').count(), 0);

    // The lead's timeline.
    await page.goto(`${world.host.origin}/#/leads/${world.ids.jane}`);
    const bubble = page.getByTestId('timeline').locator('[data-status="received"]').filter({ hasText: '<script>' }).first();
    await bubble.waitFor();
    assert.equal(await bubble.locator('.body').textContent(), MARKUP);
    assert.equal(await bubble.locator('img, script, b, iframe, a').count(), 0);

    // The SMS list.
    await page.getByRole('link', { name: 'SMS list' }).click();
    const row = page.locator('tr[data-status="received"]').filter({ hasText: '<img src=x' }).first();
    await row.waitFor();
    assert.equal(await row.locator('img, script, b, iframe, a[href^="javascript"]').count(), 0);

    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    // The title carries only the unread count (the inbox): never anything a reply wrote.
    assert.equal((await page.title()).replace(/^\(\d+\) /, ''), title.replace(/^\(\d+\) /, ''));
    assert.equal(await page.locator('body img, body iframe').count(), 0);
    await page.goto(`${world.host.origin}/#/leads/${world.ids.jane}`);
    await page.getByTestId('timeline').locator('[data-status="received"]').filter({ hasText: '<script>' }).first().waitFor();
    await screenshot(page, '07-lead-markup-reply');
  });

  test('a possible opt-out in words waits for review; confirming opts out of that account only', async () => {
    await reply('please stop texting me');
    await page.getByRole('link', { name: /^Notifications/ }).click();
    const item = page.getByTestId('review-list').locator('li').filter({ hasText: 'please stop texting me' });
    await item.waitFor();
    assert.match(await item.innerText(), /Possible opt-out/);
    assert.match(await item.innerText(), /Harbour City Toyota/);
    await screenshot(page, '08-notifications');

    await item.getByRole('button', { name: /^Opt out of SMS from Harbour City Toyota/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason (optional)').fill('Clear request to stop');
    await dialog.getByRole('button', { name: 'Opt out', exact: true }).click();
    await page.getByTestId('review-list').waitFor({ state: 'detached' });
    await page.goto(`${world.host.origin}/#/leads/${world.ids.jane}`);
    await page.getByTestId(`consent-${world.ids.dealerA}-sms`).getByText('SMS: opted out').waitFor();
    await page.getByTestId(`consent-${world.ids.dealerB}-sms`).getByText('SMS: allowed').waitFor();
  });

  test('issue 12: dismissing a possible opt-out asks who and why; the decision is on the lead and under Resolved', async () => {
    await reply('no more texts thanks, I will call you');
    await page.getByRole('link', { name: /^Notifications/ }).click();
    const item = page.getByTestId('review-list').locator('li').filter({ hasText: 'no more texts thanks' });
    await item.waitFor();
    await item.getByRole('button', { name: /^Not an opt-out/ }).click();
    const dialog = page.getByRole('dialog');
    const dismiss = dialog.getByRole('button', { name: 'Dismiss: not an opt-out' });
    assert.equal(await dismiss.isDisabled(), true, 'no reason, no dismissal');
    await dialog.getByLabel('Decided by').fill('Pat (compliance)');
    await dialog.getByLabel('Reason (required)').fill('She meant no more texts about the RAV4 promo; she asked for a call');
    await screenshot(page, '40-review-dismiss-dialog');
    await dismiss.click();
    await item.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Resolved' }).click();
    const resolved = page.getByTestId('resolved-review-list').locator('li').filter({ hasText: 'no more texts thanks' });
    await resolved.waitFor();
    assert.match(await resolved.innerText(), /dismissed \(not an opt-out\) by Pat \(compliance\).*she asked for a call/s);
    await screenshot(page, '41-reviews-resolved');

    await page.goto(`${world.host.origin}/#/leads/${world.ids.jane}`);
    await page.getByRole('button', { name: /^History/ }).click();
    const entry = page.getByTestId('history-review-decision').filter({ hasText: 'no more texts thanks' });
    await entry.waitFor();
    assert.match(await entry.innerText(), /Possible opt-out dismissed \(not an opt-out\) by Pat \(compliance\)/);
    assert.match(await entry.innerText(), /why: She meant no more texts about the RAV4 promo/);
    await page.getByTestId(`consent-${world.ids.dealerA}-sms`).getByText('SMS: opted out').waitFor();
    await entry.scrollIntoViewIfNeeded();
    await screenshot(page, '42-lead-review-decision');
  });
});
