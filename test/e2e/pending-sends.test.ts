// Issue 14, finding 3, in the browser: the app closed (or the connection dropped) before main
// answered two sends. After a reload the composer says what became of each: one was sent after all
// (no need to send it again), the other never reached the app (nothing sent, the text is back in the
// box, and sending it reuses its request id: it cannot go twice).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeSeededApp, screenshot } from './harness.ts';

describeSeededApp('sends the composer never heard back about (issue 14)', ({ page, world }) => {
  test('after a reload the composer shows what became of each, and a send of the lost one goes once', async () => {
    const sentId = randomUUID();
    const lostId = randomUUID();
    const sent = await world.host.app.invoke('sms.send', { dealerAccountId: world.ids.dealerA, customerId: world.ids.jane, body: 'Your RAV4 is ready for pick-up', requestId: sentId });
    assert.ok(sent.ok, JSON.stringify(sent));
    // As the composer kept them: the account and sender it sent from (the account's first sender).
    const senderId = world.host.app.core.store.accounts.sendersOfAccount(world.ids.dealerA)[0]!.id;
    const pending = [
      { requestId: sentId, customerId: world.ids.jane, dealerAccountId: world.ids.dealerA, senderId, body: 'Your RAV4 is ready for pick-up', at: Date.now() - 120_000 },
      { requestId: lostId, customerId: world.ids.jane, dealerAccountId: world.ids.dealerA, senderId, body: 'Can you come in at 10 tomorrow?', at: Date.now() - 60_000 },
    ];
    // Stored away from the lead's page, then the app restarts and opens it: the composer must not
    // read them before the reload (it would settle the sent one in a page about to be discarded).
    await page.evaluate(() => {
      location.hash = '#/settings';
    });
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.evaluate((list) => localStorage.setItem('smsdesk.pendingSends', list), JSON.stringify(pending));
    await page.reload();
    await page.evaluate((jane) => {
      location.hash = `#/leads/${jane}`;
    }, world.ids.jane);
    const notices = page.getByTestId('pending-send');
    await notices.nth(1).waitFor();
    const texts = await notices.allInnerTexts();
    assert.ok(texts.some((t) => /Sent after all: Sent to 0412 345 678 from Harbour City Toyota\./.test(t) && /No need to send it again/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /Not sent: your message never reached the app/.test(t) && /Nothing was sent\. The text is back in the box/.test(t)), texts.join('\n'));
    const box = page.getByLabel('Message');
    assert.equal(await box.inputValue(), 'Can you come in at 10 tomorrow?');
    await screenshot(page, 'composer-pending-sends');

    await page.getByRole('button', { name: 'Send SMS' }).click();
    await page.getByTestId('send-ok').waitFor();
    const rows = world.host.app.db.prepare('SELECT request_id FROM messages WHERE body = ?').all('Can you come in at 10 tomorrow?') as { request_id: string }[];
    assert.deepEqual(rows, [{ request_id: lostId }], 'sent once, under the id it was first given');
  });
});
