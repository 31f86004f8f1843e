// Issue 13 (renderer targets): the first screen of a new window shows its rows without touching Intl.
// The first use of Intl (a date or number formatter, toLocaleString, localeCompare) in a new renderer
// process loads ICU's data, 25-50 ms measured in Chromium on this machine: the app's dates and
// counts are written in en-AU's forms by hand (src-renderer/lib/format.ts) and uPlot, which builds
// formatters when it loads, is evaluated with the first chart. Here every Intl door is watched from
// before the page's first script, and the leads list and the inbox are opened as a new window opens them.
import { test } from 'node:test';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { browserSkipReason, launchChromium, startSeedHost, type SeedHost } from './harness.ts';

const skip = browserSkipReason();

/**
 * Runs in the page before any of its scripts: notes each use of an Intl door, with when it happened.
 * Plain text, not a function: the test runner's transform would add helpers the page does not have.
 */
const WATCH_INTL = `(() => {
  const seen = [];
  globalThis.__intlUses = seen;
  function watch(owner, key, what) {
    const original = owner[key];
    owner[key] = function (...args) {
      seen.push({ what, at: performance.now() });
      return new.target ? Reflect.construct(original, args) : original.apply(this, args);
    };
  }
  for (const key of ['DateTimeFormat', 'NumberFormat', 'Collator', 'PluralRules', 'RelativeTimeFormat', 'ListFormat', 'Segmenter', 'DisplayNames']) watch(Intl, key, 'Intl.' + key);
  watch(Number.prototype, 'toLocaleString', 'Number#toLocaleString');
  for (const key of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']) watch(Date.prototype, key, 'Date#' + key);
  watch(String.prototype, 'localeCompare', 'String#localeCompare');
})();`;

/** The seeded app with one conversation in the inbox (queued: nothing is sent), and a browser. */
async function withConversation(run: (world: SeedHost, browser: Browser) => Promise<void>): Promise<void> {
  let world: SeedHost | null = null;
  let browser: Browser | null = null;
  try {
    world = await startSeedHost({ background: false });
    const sent = await world.host.app.invoke('sms.send', { dealerAccountId: world.ids.dealerA, customerId: world.ids.jane, body: 'Hi Jane, the RAV4 is ready.', requestId: randomUUID() });
    assert.ok(sent.ok, JSON.stringify(sent));
    browser = await launchChromium();
    await run(world, browser);
  } finally {
    await browser?.close();
    await world?.close();
  }
}

test('issue 13: the leads list and the inbox paint their first rows without loading Intl (ICU)', { skip: skip ?? false, timeout: 120_000 }, async () => {
  await withConversation(async (world, browser) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, locale: 'en-AU', timezoneId: 'Australia/Sydney' });
    await context.addInitScript({ content: WATCH_INTL });
    const page = await context.newPage();
    for (const [route, mark] of [
      ['leads', 'smsdesk:leads-first-render'],
      ['inbox', 'smsdesk:inbox-first-render'],
    ] as const) {
      await page.goto('about:blank');
      await page.goto(`${world.host.origin}/#/${route}&token=${world.host.token}`);
      await page.waitForFunction((m) => performance.getEntriesByName(m, 'mark').length > 0, mark);
      const { uses, painted, scriptStart } = await page.evaluate((m) => ({
        uses: (globalThis as unknown as { __intlUses: { what: string; at: number }[] }).__intlUses,
        painted: performance.getEntriesByName(m, 'mark')[0]!.startTime,
        scriptStart: performance.getEntriesByName('smsdesk:script-start', 'mark')[0]?.startTime ?? null,
      }), mark);
      const before = uses.filter((u) => u.at <= painted).map((u) => `${u.what} at ${u.at.toFixed(0)} ms`);
      assert.deepEqual(before, [], `${route}: Intl used before the first rows were painted (at ${painted.toFixed(0)} ms)`);
      // The app marks when its script starts, so the bench can tell the app's time from the browser's.
      assert.ok(scriptStart !== null && scriptStart < painted, `${route}: smsdesk:script-start marked before the first rows`);
    }
    // Dates and counts on those screens are still written as en-AU writes them.
    await page.goto(`${world.host.origin}/#/inbox&token=${world.host.token}`);
    const time = page.locator('.conv-row time').first();
    await time.waitFor();
    assert.match((await time.getAttribute('title')) ?? '', /^\d{1,2} (Jan|Feb|Mar|Apr|May|June|July|Aug|Sept|Oct|Nov|Dec) \d{4}, \d{1,2}:\d{2} (am|pm)$/);
  });
});

/** The type scale of styles.css (--text-*, at the root's 14px) and its weights (--weight-*). */
const SCALE_PX = ['11.2px', '12.04px', '14px', '15.4px', '18.9px'];
const SCALE_WEIGHTS = ['400', '600', '700'];

test('issue 13: the leads list and the inbox set their text in one font family and the type scale only (each other family, size or weight is a font lookup in a new window\'s first layout)', { skip: skip ?? false, timeout: 120_000 }, async () => {
  await withConversation(async (world, browser) => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    for (const [route, rows] of [
      ['leads', '.lead-row'],
      ['inbox', '.conv-row'],
    ] as const) {
      await page.goto(`${world.host.origin}/#/${route}&token=${world.host.token}`);
      await page.locator(rows).first().waitFor();
      // Every element that holds text of its own: the font it is set in.
      const { fonts, families } = await page.evaluate(() => {
        const seen = new Set<string>();
        const families = new Set<string>();
        for (const el of document.querySelectorAll('body *')) {
          if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')) continue;
          const cs = getComputedStyle(el);
          seen.add(`${cs.fontSize} ${cs.fontWeight}`);
          families.add(cs.fontFamily);
        }
        return { fonts: [...seen].sort(), families: [...families] };
      });
      assert.equal(families.length, 1, `${route}: text in ${families.length} font families (${families.join(' | ')})`);
      const off = fonts.filter((f) => {
        const [size, weight] = f.split(' ');
        return !SCALE_PX.includes(size!) || !SCALE_WEIGHTS.includes(weight!);
      });
      assert.deepEqual(off, [], `${route}: text outside the type scale (${fonts.join(', ')})`);
    }
  });
});
