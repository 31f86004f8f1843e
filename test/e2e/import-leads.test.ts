// Issue 12 in the browser: importing a 1,000-row CSV of leads. The file is picked, the columns are
// matched from common headers (one is mapped by hand), the first rows are previewed, the dealer
// account chosen; the import shows a determinate progress bar and a summary with the invalid rows
// and their reasons; R10: "no" in the opt-in column opts the lead out of SMS and email.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSeededApp, screenshot } from './harness.ts';

const OPT_IN = ['Yes', 'no', 'TRUE', 'false', '1', '0', 'ticked', 'unticked', 'Y', 'N'];

function leadsCsv(): string {
  const lines = ['Lead ID,Given name,Surname,Handy,Email,Opt in to future marketing communication,Notes'];
  for (let i = 1; i <= 1000; i++) {
    const mobile = i === 10 ? '02 9876 5432' : i === 20 ? '0412 345 678' : `04${String(30_000_000 + i).padStart(8, '0')}`;
    const first = i === 30 ? '' : `Buyer${i}`;
    const last = i === 30 ? '' : 'Import';
    lines.push(`W${i},${first},${last},${mobile},buyer${i}@example.com,${OPT_IN[i % OPT_IN.length]},"Walk-in, ${i % 2 ? 'SUV' : 'ute'}"`);
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

describeSeededApp('import leads (issue 12, R10)', ({ page, world }) => {
  test('a 1,000-row CSV: mapping, preview, progress and a summary with the invalid rows', { timeout: 120_000 }, async () => {
    await page.getByRole('link', { name: 'Lead import' }).click();
    await page.getByRole('heading', { name: 'Import leads', level: 1 }).waitFor();
    await page.getByLabel('CSV file').setInputFiles({ name: 'westside-leads.csv', mimeType: 'text/csv', buffer: Buffer.from(leadsCsv(), 'utf8') });
    const mapping = page.getByTestId('import-mapping');
    await mapping.waitFor();
    // Matched from the headers...
    assert.equal(await mapping.getByLabel('First name').inputValue(), '1');
    assert.equal(await mapping.getByLabel('Last name').inputValue(), '2');
    assert.equal(await mapping.getByLabel('Opt in to future marketing communication').inputValue(), '5');
    assert.equal(await mapping.getByLabel('Lead id (from your system)').inputValue(), '0');
    // ...but "Handy" is not a header it knows: mapped by hand.
    assert.equal(await mapping.getByLabel('Mobile').inputValue(), '');
    await mapping.getByLabel('Mobile').selectOption({ label: 'Handy' });
    await page.getByLabel('Dealer account').selectOption({ label: 'Westside Kia' });
    const preview = page.getByTestId('import-preview');
    assert.match(await preview.innerText(), /Buyer1[\s\S]*Walk-in, SUV/);
    assert.match((await preview.locator('thead').textContent()) ?? '', /Handy→ Mobile/);
    await screenshot(page, '43-import-mapping');

    await page.getByRole('button', { name: 'Import into Westside Kia' }).click();
    const run = page.getByTestId('import-run');
    await run.getByRole('heading', { name: '3. Imported' }).waitFor({ timeout: 60_000 });
    const bar = page.getByTestId('import-progress');
    assert.equal(await bar.getAttribute('max'), '1');
    assert.equal(await bar.evaluate((p) => (p as HTMLProgressElement).value), 1);
    const summary = await page.getByTestId('import-summary').innerText();
    // Row 20 is Jane's mobile: an existing customer, added as Westside Kia's lead, not duplicated.
    assert.match(summary, /1,000 rows read · 997 new customers · 1 existing customers added as leads · 0 already leads.* · 2 invalid · 500 opted out/);
    const problems = page.getByTestId('import-problems');
    assert.match(await problems.innerText(), /"02 9876 5432" is not a mobile number/);
    assert.match(await problems.innerText(), /No name/);
    await problems.scrollIntoViewIfNeeded();
    await screenshot(page, '44-import-summary');

    // R10 on a lead: Buyer1 had "no": opted out of SMS and email for Westside Kia.
    const found = await world.host.app.invoke('leads.list', { query: 'Buyer1 Import', limit: 5 });
    assert.ok(found.ok);
    const buyer1 = (found.value as { items: { customerId: number; name: string }[] }).items.find((l) => l.name === 'Buyer1 Import');
    assert.ok(buyer1);
    await page.goto(`${world.host.origin}/#/leads/${buyer1.customerId}`);
    await page.getByTestId(`consent-${world.ids.dealerC}-sms`).getByText('SMS: opted out').waitFor();
    await page.getByTestId(`consent-${world.ids.dealerC}-email`).getByText('Email: opted out').waitFor();
  });
});
