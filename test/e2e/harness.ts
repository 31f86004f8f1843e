// End-to-end harness: builds the renderer, seeds a world, starts the web host (the real handlers
// over a real store) against the local Twilio-compatible simulator, and drives Debian's Chromium
// through playwright-core. Everything on 127.0.0.1; nothing is downloaded.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createCore } from '../../src-main/core.ts';
import { systemClock } from '../../src-main/clock.ts';
import { GatewaySimulator } from '../../src-main/gateway/simulator/index.ts';
import { startWebHost, type RunningWebHost } from '../../src-main/app/start-web-host.ts';
import { MemorySecretStore, authTokenKey } from '../../src-main/app/secret-store.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

/** Why the browser tests cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium); set CHROMIUM_PATH to use another`;
  // CI installs Chromium and sets this: there a missing browser is a failure, never a skip.
  if (process.env.SMSDESK_REQUIRE_BROWSER === '1') throw new Error(`${reason} — SMSDESK_REQUIRE_BROWSER=1 forbids skipping the browser tests`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

let built: Promise<string> | null = null;

/**
 * Builds the renderer once per test process into its own folder (test files run in parallel
 * processes; a shared dist/ would race), and returns the folder.
 */
export function buildRenderer(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'smsdesk-renderer-'));
    const { build } = await import('vite');
    await build({
      configFile: join(ROOT, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    return outDir;
  })();
  return built;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}


export const SHARED_NUMBER = '+61480000001';
export const OWN_NUMBER = '+61480000002';

export interface SeedIds {
  dealerA: number;
  dealerB: number;
  dealerC: number;
  shared: number;
  own: number;
  gatewayAccountId: number;
  jane: number;
  janeMobile: string;
  appraisal: number;
}

const FIRST = ['Olivia', 'Jack', 'Charlotte', 'Noah', 'Amelia', 'William', 'Isla', 'Oliver', 'Mia', 'Leo', 'Ava', 'Henry', 'Grace', 'Lucas', 'Chloe', 'Thomas'];
const LAST = ['Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Nguyen', 'Walker', 'Harris', 'Lee', 'Ryan', 'Patel', 'Chen', 'Singh', "O'Brien", 'Kelly'];

/**
 * The seed's world: dealer A (Harbour City Toyota) and dealer B (Parramatta Mazda) send through
 * one shared gateway number; Jane Citizen is a lead of both. A third dealer has its own number.
 * Some other leads, templates and an appraisal make the screens realistic.
 */
export function seedSeedWorld(dbPath: string, accountSid: string): SeedIds {
  const db = openDatabase(dbPath);
  try {
    const core = createCore({ db, clock: systemClock });
    const { store } = core;
    const now = Date.now();
    const dealerA = store.accounts.createAccount('A', 'Harbour City Toyota', now);
    const dealerB = store.accounts.createAccount('B', 'Parramatta Mazda', now);
    const dealerC = store.accounts.createAccount('C', 'Westside Kia', now);
    const gatewayAccountId = store.accounts.createGatewayAccount(accountSid, 'Group Twilio account', now);
    // The seed's gateway (its simulator runs with enforceOptOut off): Twilio's STOP filtering was
    // disabled on request, so only the dealer a STOP answers is opted out (R13 is shown elsewhere).
    store.accounts.setStopFiltering(gatewayAccountId, false);
    const shared = store.accounts.createSender(gatewayAccountId, 'number', SHARED_NUMBER, 'Group shared number', now);
    store.accounts.shareSender(shared, dealerA);
    store.accounts.shareSender(shared, dealerB);
    const own = store.accounts.createSender(gatewayAccountId, 'number', OWN_NUMBER, 'Westside Kia', now);
    store.accounts.shareSender(own, dealerC);

    const { customerId: jane } = core.leads.createLead(
      { dealerAccountId: dealerA, firstName: 'Jane', lastName: 'Citizen', mobile: '0412 345 678', email: 'jane.citizen@example.com', optInToMarketing: true },
      'import',
    );
    core.leads.createLead({ dealerAccountId: dealerB, customerId: jane, firstName: '', lastName: '', optInToMarketing: true }, 'import');

    const accounts = [dealerA, dealerB, dealerC];
    for (let i = 0; i < 60; i++) {
      const first = FIRST[i % FIRST.length]!;
      const last = LAST[(i * 7) % LAST.length]!;
      core.leads.createLead(
        {
          dealerAccountId: accounts[i % 3]!,
          firstName: first,
          lastName: last,
          mobile: `04${String(91570000 + i * 13).padStart(8, '0')}`,
          email: `${first}.${last}${i}@example.com`.toLowerCase().replace(/'/g, ''),
          // Every seventh lead ticked "no marketing" at import (R10): red chips in the list.
          optInToMarketing: i % 7 !== 3,
        },
        'import',
      );
    }
    store.templates.create(null, 'Test drive follow-up', 'Hi {firstName}, thanks for coming in today. Any questions about the car, just reply here.');
    // Written the way the demo seed and real dealers write them ({first name}), not the app's token.
    store.templates.create(null, 'Service reminder', 'Hi {first name}, your vehicle is due for its scheduled service. Reply with a day that suits.');
    store.templates.create(dealerB, 'Mazda service reminder', 'Hi {firstName}, your Mazda is due for a service. Reply with a day that suits.');
    const appraisal = store.appraisals.insert(
      { customerId: jane, dealerAccountId: dealerA, year: 2018, make: 'Toyota', model: 'Corolla', variant: 'Ascent Sport', registration: 'ABC12D', odometerKm: 84_500, status: 'open', notes: 'Trade-in against a new RAV4.' },
      now,
    );
    return { dealerA, dealerB, dealerC, shared, own, gatewayAccountId, jane, janeMobile: '+61412345678', appraisal };
  } finally {
    db.close();
  }
}

export interface SeedHost {
  host: RunningWebHost;
  sim: GatewaySimulator;
  ids: SeedIds;
  dir: string;
  close(): Promise<void>;
}

export interface SeedHostOptions {
  /**
   * Start polling and the outbox with the host. Default true. false leaves the store never
   * synced until the test calls `host.app.sync.start()` (or polls), e.g. once the page is open.
   */
  background?: boolean;
}

/**
 * The seed's world served by the web host in live mode against the simulator. The simulator's
 * own (Twilio) opt-out enforcement is off, as on a gateway whose built-in STOP handling is
 * disabled so that the app applies opt-outs per dealer account (the seed's fix).
 */
export async function startSeedHost(options: SeedHostOptions = {}): Promise<SeedHost> {
  const staticRoot = await buildRenderer();
  const sim = new GatewaySimulator({ ownedNumbers: [SHARED_NUMBER, OWN_NUMBER], enforceOptOut: false, timing: { queueMs: 100, deliverMs: 200 } });
  await sim.start();
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-e2e-'));
  const dbPath = join(dir, 'desk.db');
  const ids = seedSeedWorld(dbPath, sim.accountSid);
  const secrets = new MemorySecretStore();
  await secrets.set(authTokenKey(sim.accountSid), sim.authToken);
  let host: RunningWebHost;
  try {
    host = await startWebHost({
      dbPath,
      port: 0,
      demo: false,
      secrets,
      gatewayBaseUrl: sim.url,
      pollIntervalMs: 60_000, // the tests poll on demand ("Poll now"), so nothing races them
      staticRoot,
      background: options.background ?? true,
      timeZone: 'Australia/Sydney',
      log: { info: () => undefined, error: (m, e) => console.error(`[app] ${m}`, e ?? '') },
    });
  } catch (err) {
    await sim.stop();
    throw err;
  }
  return {
    host,
    sim,
    ids,
    dir,
    async close() {
      await host.close();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the app in a new page and waits for the leads list. Collects page errors and console
 * errors (CSP violations among them) in `errors`, a fresh array unless the caller gives one.
 */
export async function openApp(browser: Browser, url: string, errors: string[] = []): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, locale: 'en-AU', timezoneId: 'Australia/Sydney' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A refused call (422: opted out) is an answer the UI shows, not a page error.
    if (m.type() === 'error' && !/status of 422/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  await page.getByRole('listbox', { name: 'Leads' }).waitFor();
  await page.locator('.lead-row:not(.placeholder)').first().waitFor();
  return { page, errors };
}

/** A seeded web host with the app open in Chromium: what every browser test starts from. */
export interface SeededApp {
  world: SeedHost;
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function openSeededApp(errors: string[] = []): Promise<SeededApp> {
  const world = await startSeedHost();
  const browser = await launchChromium();
  let page: Page;
  try {
    ({ page } = await openApp(browser, world.host.url, errors));
  } catch (err) {
    await browser.close();
    await world.close();
    throw err;
  }
  return {
    world,
    page,
    errors,
    close: async () => {
      await browser.close();
      await world.close();
    },
  };
}

/**
 * A stand-in for an object that exists only once a `before` hook has made it: every property read
 * goes to the object given to `bind` (methods bound to it). Lets a suite name `page` and `world`
 * while it is declared, as it names any other fixture, and fails loudly if read too early.
 */
export function lateBound<T extends object>(what: string): { ref: T; bind(value: T): void; unbind(): void } {
  let target: T | null = null;
  const real = (): T => {
    if (target === null) throw new Error(`${what} is not open: use it inside a test or a hook, not while the suite is declared`);
    return target;
  };
  const ref = new Proxy({} as T, {
    get(_, key) {
      const t = real();
      const v: unknown = Reflect.get(t, key, t);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
  });
  return { ref, bind: (value) => void (target = value), unbind: () => void (target = null) };
}

/** What a seeded-app suite's tests use: the page, the seeded world behind it, and the errors seen. */
export interface SeededAppFixture {
  page: Page;
  world: SeedHost;
  /** Console errors, page errors and CSP violations seen so far (checked by the suite's last test). */
  errors: string[];
}

export interface DescribeSeededAppOptions {
  /** Why the suite cannot run; the default asks whether Chromium is installed. */
  skip?: string | null;
  /** Opens the app (default: `openSeededApp`); tests of the fixture pass a stand-in. */
  open?: (errors: string[]) => Promise<SeededApp>;
}

/**
 * The one set-up of the browser suites: a `describe` (skipped without Chromium) whose `before`
 * opens the seeded app and whose `after` closes it, and whose last test checks that no page
 * error, console error or CSP violation happened along the way. The suite's own `before` hooks
 * run once the app is open, and its `after` hooks before it closes.
 */
export function describeSeededApp(name: string, body: (app: SeededAppFixture) => void, options: DescribeSeededAppOptions = {}): void {
  const skip = options.skip === undefined ? browserSkipReason() : options.skip;
  const open = options.open ?? openSeededApp;
  describe(name, { skip: skip ?? false }, () => {
    const page = lateBound<Page>('The page');
    const world = lateBound<SeedHost>('The seeded world');
    const errors: string[] = [];
    let app: SeededApp | null = null;

    before(async () => {
      app = await open(errors);
      page.bind(app.page);
      world.bind(app.world);
    });

    body({ page: page.ref, world: world.ref, errors });

    test('no page errors, console errors or CSP violations along the way', () => {
      assert.deepEqual(errors, []);
    });
    // Registered after the suite's own hooks, so that those still find the app open.
    after(async () => {
      await app?.close();
      page.unbind();
      world.unbind();
    });
  });
}
