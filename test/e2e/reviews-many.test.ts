// The review queue in the browser when a busy shared number brings more replies than one page:
// 1,203 replies from numbers no customer has, each flagged for review (R4). The nav badge and the
// "Awaiting review (N)" heading show the true count (not a page's 500), "Load more" pages through
// every item newest first, and dismissing or accepting one takes it off the list and the counts.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSeededApp, screenshot, SHARED_NUMBER } from './harness.ts';
import type { ApiOutput, ReviewCursor } from '../../shared/ipc/contract.ts';

const REPLIES = 1_203;
const PAGE = 100; // the screen's page (REVIEW_PAGE_SIZE)
const fmt = (n: number): string => n.toLocaleString('en-AU');

describeSeededApp('review queue above 500 items: true count, paging (R4)', ({ page, world }) => {
  before(async () => {
    for (let k = 1; k <= REPLIES; k++) {
      world.sim.injectInbound({ from: `+6149${String(k).padStart(7, '0')}`, to: SHARED_NUMBER, body: `Sorry, who is this? (${k})` });
    }
  });

  const heading = () => page.getByRole('heading', { name: /^Awaiting review/ });
  const badge = () => page.getByTestId('nav-notification-count');
  const rows = () => page.getByTestId('review-list').locator('li[data-review-id]');
  const loadMore = () => page.getByRole('button', { name: 'Load more' });
  const shownIds = async (): Promise<number[]> => (await rows().evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-review-id')))));

  /** The open queue as main lists it, newest first, through the channel's cursor. */
  async function openQueue(): Promise<{ ids: number[]; open: number }> {
    const ids: number[] = [];
    let cursor: ReviewCursor | null = null;
    let open = 0;
    do {
      const r = await world.host.app.invoke('reviews.list', { limit: 500, ...(cursor ? { cursor } : {}) });
      assert.ok(r.ok, JSON.stringify(r));
      const v = r.value as ApiOutput<'reviews.list'>;
      ids.push(...v.items.map((i) => i.id));
      open = v.open;
      cursor = v.nextCursor;
    } while (cursor);
    return { ids, open };
  }

  test('after a poll bringing 1,203 unattributed replies, the heading and the badge say 1,203', { timeout: 120_000 }, async () => {
    await page.getByRole('link', { name: /^Notifications/ }).click();
    await heading().waitFor();
    assert.equal(await heading().innerText(), 'Awaiting review (0)');
    await page.getByRole('button', { name: 'Poll now' }).click();
    await page.getByRole('heading', { name: `Awaiting review (${fmt(REPLIES)})` }).waitFor({ timeout: 60_000 });
    const queue = await openQueue();
    assert.equal(queue.open, REPLIES);
    assert.equal(queue.ids.length, REPLIES);

    // The badge counts unread notifications and open reviews (a notification for each reply)...
    await page.getByText(`${fmt(REPLIES)} unread`).waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-testid="nav-notification-count"]')?.textContent === n, fmt(2 * REPLIES));
    // ...with the notifications read, the reviews alone.
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByText('0 unread').waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-testid="nav-notification-count"]')?.textContent === n, fmt(REPLIES));
    assert.equal(await badge().getAttribute('aria-label'), `${fmt(REPLIES)} new`);

    // The first page, newest first, as main lists them; more follow.
    await rows().nth(PAGE - 1).waitFor();
    assert.deepEqual(await shownIds(), queue.ids.slice(0, PAGE));
    await loadMore().waitFor();
    await screenshot(page, '17-reviews-many');
  });

  test('"Load more" brings the next page after the last shown, each item once', async () => {
    await loadMore().click();
    await rows().nth(2 * PAGE - 1).waitFor();
    const queue = await openQueue();
    const ids = await shownIds();
    assert.equal(ids.length, 2 * PAGE);
    assert.deepEqual(ids, queue.ids.slice(0, 2 * PAGE));
  });

  /** Resolves the item with `id` on screen; afterwards the heading and the badge say `left`. */
  async function resolveOnScreen(id: number, button: RegExp, left: number, reason: string): Promise<void> {
    const item = page.locator(`li[data-review-id="${id}"]`);
    await item.getByRole('button', { name: button }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Reason/).fill(reason);
    await dialog.getByRole('button', { name: 'Mark reviewed', exact: true }).click();
    await item.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: `Awaiting review (${fmt(left)})` }).waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-testid="nav-notification-count"]')?.textContent === n, fmt(left));
  }

  test('marking an item reviewed (with why) takes it off the list, the heading and the badge; the pages brought in stay', async () => {
    const shown = await shownIds();
    const [dismissed, accepted] = [shown[PAGE + 5]!, shown[3]!];
    await resolveOnScreen(dismissed, /^Mark reviewed/, REPLIES - 1, 'Wrong number');
    // An unattributed reply is marked reviewed, not "opted out": nobody's consent changes.
    await resolveOnScreen(accepted, /^Mark reviewed/, REPLIES - 2, 'Not a customer');
    await page.getByTestId('toast').filter({ hasText: 'Marked reviewed' }).first().waitFor();
    const queue = await openQueue();
    assert.equal(queue.open, REPLIES - 2);
    assert.ok(!queue.ids.includes(dismissed) && !queue.ids.includes(accepted));
    // The reload after each refills the list as deep as the user had brought it.
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="review-list"] li[data-review-id]').length === n, 2 * PAGE);
    assert.deepEqual(await shownIds(), queue.ids.slice(0, 2 * PAGE));
  });

  test('"Load more" to the end lists every open item exactly once, newest first, then says so', { timeout: 120_000 }, async () => {
    const queue = await openQueue();
    let pages = 0;
    while ((await shownIds()).length < queue.ids.length) {
      const before = (await shownIds()).length;
      await loadMore().click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="review-list"] li[data-review-id]').length > n, before);
      assert.ok(++pages <= Math.ceil(REPLIES / PAGE), 'no more pages than the queue holds');
    }
    await page.getByText('End of list').waitFor();
    assert.equal(await loadMore().count(), 0);
    const ids = await shownIds();
    assert.equal(new Set(ids).size, ids.length, 'no item twice');
    assert.deepEqual(ids, queue.ids);
    assert.equal(ids.length, REPLIES - 2);
    assert.equal(await heading().innerText(), `Awaiting review (${fmt(REPLIES - 2)})`);
  });
});
