// Issue 12 in the browser: the Reports screen draws its charts with a table of the same numbers
// beside each (the cross-dealer split of blocked attempts on its own), and exports the consent
// register as CSV, read back here.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { describeSeededApp, screenshot, SHARED_NUMBER } from './harness.ts';

describeSeededApp('reports and exports (issue 12)', ({ page, world }) => {
  before(async () => {
    // Jane texts STOP to the shared number with nothing sent before: both dealers (R4, unattributed);
    // then each dealer tries to text her and is refused.
    world.sim.injectInbound({ from: world.ids.janeMobile, to: SHARED_NUMBER, body: 'STOP' });
    const poll = await world.host.app.invoke('sync.pollNow', {});
    assert.ok(poll.ok, JSON.stringify(poll));
    for (const dealerAccountId of [world.ids.dealerA, world.ids.dealerB]) {
      const sent = await world.host.app.invoke('sms.send', { dealerAccountId, customerId: world.ids.jane, body: 'Hi Jane, the RAV4 is in', requestId: randomUUID() });
      assert.ok(sent.ok, JSON.stringify(sent));
    }
  });

  test('Reports: charts, their numbers in tables, the cross-dealer split on its own; the consent register exported', { timeout: 90_000 }, async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    for (const id of ['chart-optouts-how', 'chart-optouts-account', 'chart-blocked', 'chart-reviews', 'chart-unsubscribes']) {
      await page.getByTestId(id).locator('canvas').first().waitFor();
    }
    const how = page.getByTestId('report-optouts-how');
    await how.getByRole('columnheader', { name: 'STOP' }).waitFor();
    assert.match(await how.innerText(), /import/);
    const blocked = page.getByTestId('table-blocked');
    const toyota = blocked.getByRole('row', { name: /Harbour City Toyota/ });
    assert.match(await toyota.locator('td[data-kind="crossDealer"]').innerText(), /^1 \(100\.00 per 100\)/);
    assert.match(await toyota.locator('td[data-kind="dealer"]').innerText(), /^0 /);
    assert.match(await page.getByTestId('table-reviews').innerText(), /1 waiting now/);
    await screenshot(page, '45-reports');
    await page.getByTestId('report-blocked').scrollIntoViewIfNeeded();
    await screenshot(page, '46-reports-blocked');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Consent register' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^consent-register-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(readFileSync((await file.path())!, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    const stops = rows.filter((r) => r.keyword === 'STOP');
    assert.deepEqual(stops.map((r) => r.account).sort(), ['Harbour City Toyota', 'Parramatta Mazda']);
    assert.ok(stops.every((r) => r.attribution_rule === 'all_sharing_accounts' && r.message_text === 'STOP'));
    assert.ok(rows.some((r) => r.source === 'import' && r.change === 'opted_out'), "the seed's unticked marketing boxes");
    await page.getByTestId('toast').filter({ hasText: /Exported \d+ rows/ }).first().waitFor();
  });

  test('the print view keeps the numbers and drops the navigation', async () => {
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('nav.nav').isVisible(), false);
    assert.equal(await page.getByTestId('table-blocked').isVisible(), true);
    await screenshot(page, '47-reports-print');
    await page.emulateMedia({ media: 'screen' });
  });
});
