// Issue 15 in the browser (R3): a request in slang waits for review with the reason staff see (the
// same sentence `smsdesk classify --explain` prints), the composer's warning says it too; a phone
// reaction quoting the dealer's text (opt-out footer included) is shown on the timeline as a
// reaction to that message and flags nothing; a "wrong number" has its own heading and action.
import { before, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import type { ApiOutput, IpcResult } from '../../shared/ipc/contract.ts';
import { describeSeededApp, screenshot, SHARED_NUMBER } from './harness.ts';

const SENT = 'Hi Jane, the RAV4 is ready for a test drive this week. Reply STOP to opt out';

describeSeededApp('issue 15: reasons for review, reactions, wrong number (R3)', ({ page, world }) => {
  before(async () => {
    const sent = await world.host.app.invoke('sms.send', { dealerAccountId: world.ids.dealerA, customerId: world.ids.jane, body: SENT, requestId: randomUUID() });
    assert.ok(sent.ok, JSON.stringify(sent));
    await new Promise((r) => setTimeout(r, 1100)); // the gateway dates messages in whole seconds
  });

  async function reply(body: string): Promise<void> {
    world.sim.injectInbound({ from: world.ids.janeMobile, to: SHARED_NUMBER, body });
    await page.getByRole('button', { name: 'Poll now' }).click();
  }

  test('R3: a request in slang is a review item that says why; the composer warning says the same', async () => {
    await reply('pls stop txting me bro');
    await page.getByRole('link', { name: /^Notifications/ }).click();
    const item = page.getByTestId('review-list').locator('li').filter({ hasText: 'pls stop txting me bro' });
    await item.waitFor();
    assert.match(await item.getByTestId('review-reason').innerText(), /^Why flagged: The reply asks to stop: “stop txting me” \(txting → texting\)\.$/);
    await page.goto(`${world.host.origin}/#/leads/${world.ids.jane}`);
    const warning = page.getByTestId('review-warning');
    await warning.waitFor();
    assert.match(await warning.innerText(), /Why flagged: The reply asks to stop/);
  });

  test('R3: a phone reaction quoting the dealer\'s text is a reaction on the timeline, never a review item', async () => {
    await reply(`Loved “${SENT}”`);
    const reaction = page.getByTestId('timeline').locator('[data-kind="reaction"]');
    await reaction.waitFor();
    assert.match(await reaction.innerText(), /Jane Citizen loved/);
    const target = await reaction.getAttribute('data-reacts-to');
    assert.ok(target, 'it names the message it quotes');
    const bubble = page.getByTestId('timeline').locator('[data-kind="message"]').filter({ hasText: 'RAV4 is ready' });
    assert.equal((await bubble.locator('.reaction-badges').innerText()).trim(), '❤️');
    await screenshot(page, '15-lead-reaction-and-review-reason');
    const reviews = (await world.host.app.invoke('reviews.list', {})) as IpcResult<ApiOutput<'reviews.list'>>;
    assert.ok(reviews.ok);
    assert.equal(reviews.value.items.filter((r) => r.body.startsWith('Loved')).length, 0);
  });

  test('R3: "wrong number" has its own heading and action; confirming takes the number off the lead', async () => {
    await reply('Sorry, wrong number');
    await page.getByRole('link', { name: /^Notifications/ }).click();
    const item = page.getByTestId('review-list').locator('li').filter({ hasText: 'Sorry, wrong number' });
    await item.waitFor();
    assert.match(await item.innerText(), /Wrong number\? The mobile may have been reassigned/);
    assert.match(await item.getByTestId('review-reason').innerText(), /may have been reassigned/);
    await screenshot(page, '15-notifications-review-reasons');
    await item.getByRole('button', { name: /^Confirm wrong number/ }).click();
    // The decision dialog (issue 12) says what will happen and asks who decides.
    const form = page.getByTestId('review-decision-form');
    assert.match(await form.innerText(), /comes off .* lead .* Consent is unchanged/s);
    await form.getByLabel('Decided by').fill('Sam (sales)');
    await page.getByRole('button', { name: 'Take the number off the lead' }).click();
    await item.waitFor({ state: 'detached' });
    await page.goto(`${world.host.origin}/#/leads/${world.ids.jane}`);
    await page.getByTestId(`consent-${world.ids.dealerA}-sms`).getByText('SMS: allowed').waitFor();
    const lead = (await world.host.app.invoke('leads.get', { customerId: world.ids.jane })) as IpcResult<ApiOutput<'leads.get'>>;
    assert.ok(lead.ok);
    assert.equal(lead.value.mobile, null);
  });
});
