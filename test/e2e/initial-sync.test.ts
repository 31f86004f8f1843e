// The first sync of a fresh install, in the browser: while the poller lists the gateway's last
// 7 days (thousands of replies to the seeded senders), the status bar shows a determinate
// "Initial sync" bar with the share listed and the messages brought in so far; the bar rises, then
// goes once the sync is over, and the replies are in the SMS list.
//
// The host starts without its background loops, so the page is open before the first poll; the
// simulator answers every list page late (its own "slow" fault, well inside the client's timeout)
// so that the sync lasts long enough to be watched even on a fast machine.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  browserSkipReason,
  launchChromium,
  openApp,
  OWN_NUMBER,
  screenshot,
  SHARED_NUMBER,
  startSeedHost,
  type SeedHost,
} from './harness.ts';

const skip = browserSkipReason();

const DAY_MS = 86_400_000;
/** Replies in the gateway's log: four in five to the shared number, the rest to dealer C's own. */
const REPLIES = 6_000;
/** How late the simulator answers each list page. */
const PAGE_DELAY_MS = 400;
/** The seed's leads' mobiles (see seedSeedWorld): lead i is dealer A's (i % 3 = 0), B's (1) or C's (2). */
const leadMobile = (i: number): string => `+614${String(91570000 + i * 13).padStart(8, '0')}`;
const JANE = '+61412345678';

interface Reading {
  value: number;
  /** The bar's aria-valuetext. */
  valueText: string;
  /** The visible text of the bar's group, line by line. */
  lines: string[];
}

/** "42% · 12,345 messages" (or "0% · 1 message"). */
const SHOWN = /^(\d{1,3})% · (\d{1,3}(?:,\d{3})*) messages?$/;
const count = (digits: string): number => Number(digits.replace(/,/g, ''));

describe('initial sync progress in the status bar', { skip: skip ?? false }, () => {
  let world: SeedHost;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let newest: { body: string; at: number };

  before(async () => {
    world = await startSeedHost({ background: false });
    // The gateway's log: replies spread evenly over the 7-day lookback of a first sync (an hour in
    // from its old end, since the first poll starts a little after this), oldest first.
    const now = Date.now();
    const span = 7 * DAY_MS - 2 * 3_600_000;
    for (let k = REPLIES - 1; k >= 0; k--) {
      const at = now - 60_000 - Math.round(((k + 0.5) * span) / REPLIES);
      const toOwn = k % 5 === 4;
      // Dealer C's leads text its own number; dealer A's and B's leads (and Jane) the shared one.
      const lead = toOwn ? 2 + 3 * (k % 20) : k % 41 === 40 ? -1 : (k % 40) + Math.floor((k % 40) / 2);
      const from = lead < 0 ? JANE : leadMobile(lead);
      const body = `Is the test drive still on for Saturday? (reply ${REPLIES - k})`;
      world.sim.injectInbound({ from, to: toOwn ? OWN_NUMBER : SHARED_NUMBER, body, at });
      if (k === 0) newest = { body, at };
    }
    world.sim.configureFaults({ rateSlow: 1, slowMs: PAGE_DELAY_MS });
    browser = await launchChromium();
    ({ page, errors } = await openApp(browser, world.host.url));
  });

  after(async () => {
    await browser?.close();
    await world?.close();
  });

  const status = () => page.getByRole('contentinfo', { name: 'Sync status' });
  const bar = () => status().getByRole('progressbar', { name: 'Initial sync' });

  /** The bar now, or null once it is gone. Value and words are read in one go. */
  async function read(): Promise<Reading | null> {
    const [r] = await bar().evaluateAll((els) =>
      els.map((el) => ({
        value: (el as HTMLProgressElement).value,
        valueText: el.getAttribute('aria-valuetext') ?? '',
        lines: (el.parentElement?.innerText ?? '')
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      })),
    );
    return r ?? null;
  }

  test('the first sync shows a rising "Initial sync" bar with the messages so far, then goes', { timeout: 180_000 }, async (t) => {
    assert.equal(await status().getByRole('progressbar').count(), 0, 'no bar before the first sync');
    assert.ok(world.host.app.core.poller.neverSynced(), 'a fresh store');
    world.host.app.sync.start();
    await bar().waitFor({ timeout: 30_000 });

    const readings: Reading[] = [];
    let shot: Reading | null = null;
    for (;;) {
      const r = await read();
      if (!r) break;
      readings.push(r);
      const shown = SHOWN.exec(r.lines[1] ?? '');
      // Mid-way, with a four-digit count: the picture of the bar at work.
      if (!shot && shown && count(shown[2]!) >= 1_000 && Number(shown[1]) >= 10 && Number(shown[1]) <= 90) {
        await screenshot(page, '16-initial-sync');
        // Still there after the picture, so it was there during it (the bar only goes once).
        if (await read()) shot = r;
      }
      await page.waitForTimeout(150);
    }

    t.diagnostic(`read: ${[...new Set(readings.map((r) => r.lines[1]))].join(' | ')}; pictured: ${shot?.lines[1] ?? 'none'}`);
    assert.ok(readings.length >= 2, `read the bar ${readings.length} time(s)`);
    for (const r of readings) {
      assert.equal(r.lines.length, 2, `label and words: ${JSON.stringify(r.lines)}`);
      assert.equal(r.lines[0], 'Initial sync');
      const shown = SHOWN.exec(r.lines[1]!);
      assert.ok(shown, `shown words: ${r.lines[1]}`);
      const percent = Number(shown[1]);
      assert.ok(r.value >= 0 && r.value <= 1, `value ${r.value}`);
      assert.equal(percent, Math.floor(r.value * 100), `${r.lines[1]} for value ${r.value}`);
      assert.equal(r.valueText, `Initial sync ${percent}% — ${shown[2]} message${shown[2] === '1' ? '' : 's'} so far`);
    }
    for (let i = 1; i < readings.length; i++) {
      const [before, now] = [readings[i - 1]!, readings[i]!];
      assert.ok(now.value >= before.value, `value went down: ${before.value} -> ${now.value}`);
      assert.ok(count(SHOWN.exec(now.lines[1]!)![2]!) >= count(SHOWN.exec(before.lines[1]!)![2]!), `count went down: ${before.lines[1]} -> ${now.lines[1]}`);
    }
    assert.ok(readings.at(-1)!.value > readings[0]!.value, `never rose: ${readings[0]!.lines[1]} .. ${readings.at(-1)!.lines[1]}`);
    assert.ok(shot, `no screenshot mid-way; read ${readings.map((r) => r.lines[1]).join(' | ')}`);
    assert.ok(count(SHOWN.exec(readings.at(-1)!.lines[1]!)![2]!) <= REPLIES);

    // Gone because the sync is over (the page heard so), and it went well: online, no error.
    const after = world.host.app.sync.status();
    assert.equal(after.initialSync, null);
    assert.equal(after.lastError, null);
    assert.equal(after.online, true);
    assert.equal(world.host.app.core.poller.neverSynced(), false);
    world.sim.configureFaults(undefined);
    await status().getByText('Online', { exact: true }).waitFor();
    assert.equal(await status().getByRole('progressbar').count(), 0);
  });

  test('the synced replies are in the SMS list, the newest first', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'SMS list' }).click();
    const table = page.getByRole('table', { name: 'Messages' });
    await table.waitFor();
    const inbound = page.getByRole('group', { name: 'Filters' }).getByRole('button', { name: 'Inbound', exact: true });
    await inbound.click();
    assert.equal(await inbound.getAttribute('aria-pressed'), 'true');
    const first = table.locator('tbody tr').first();
    await first.filter({ hasText: newest.body }).waitFor({ timeout: 20_000 });
    assert.equal(await first.getAttribute('data-status'), 'received');
    // A page of them, and more to load.
    assert.equal(await table.locator('tbody tr[data-status="received"]').count(), 100);
    await page.getByRole('button', { name: 'Load more' }).waitFor();

    // Every reply in the gateway's log is stored, once.
    let stored = 0;
    let cursor: unknown = null;
    do {
      const r = await world.host.app.invoke('sms.list', { statuses: ['inbound'], limit: 500, ...(cursor ? { cursor } : {}) });
      assert.ok(r.ok, JSON.stringify(r));
      const { items, next } = r.value as { items: unknown[]; next: unknown };
      stored += items.length;
      cursor = next;
    } while (cursor);
    assert.equal(stored, REPLIES);
  });

  test('no page errors along the way', () => {
    assert.deepEqual(errors, []);
  });
});
