// The browser suites' one fixture (test/e2e/harness.ts describeSeededApp), checked without a
// browser: it opens before the suite's own hooks, hands the suite its page and world, closes
// after, and ends with the "no page errors" check every suite used to write for itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { describeSeededApp, lateBound, type SeedHost, type SeededApp } from '../e2e/harness.ts';

test('lateBound fails loudly before it is bound, then forwards reads and calls to the bound object', () => {
  const late = lateBound<{ n: number; twice(): number }>('The thing');
  assert.throws(() => late.ref.n, /The thing is not open: use it inside a test or a hook/);
  late.bind({ n: 21, twice() { return this.n * 2; } });
  assert.equal(late.ref.n, 21);
  const { twice } = late.ref;
  assert.equal(twice(), 42, 'methods stay bound to the real object');
  late.unbind();
  assert.throws(() => late.ref.n, /not open/);
});

const log: string[] = [];
const fakePage = { url: () => 'http://127.0.0.1:1/#/leads', title: async () => 'Dealer SMS Desk' } as unknown as Page;
const fakeWorld = { ids: { dealerA: 1 } } as unknown as SeedHost;
const open = async (errors: string[]): Promise<SeededApp> => {
  log.push('open');
  return { page: fakePage, world: fakeWorld, errors, close: async () => void log.push('close') };
};

describeSeededApp(
  'a suite on the fixture',
  ({ page, world, errors }) => {
    before(() => void log.push('suite before'));
    after(() => void log.push('suite after'));
    test('the suite reads the page and the world the fixture opened', async () => {
      assert.equal(page.url(), 'http://127.0.0.1:1/#/leads');
      assert.equal(await page.title(), 'Dealer SMS Desk');
      assert.equal(world.ids.dealerA, 1);
      assert.deepEqual(errors, []);
      log.push('test');
    });
  },
  { skip: null, open },
);

test('the fixture opened before the suite\'s hooks, closed after its tests, and ran its own errors check last', () => {
  assert.deepEqual(log, ['open', 'suite before', 'test', 'suite after', 'close']);
});

describeSeededApp('a suite without Chromium', () => {
  test('never runs', () => assert.fail('skipped suites do not run'));
}, { skip: 'no Chromium here', open: () => assert.fail('a skipped suite opens nothing') });
