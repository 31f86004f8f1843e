// Renderer benchmark, measured in Chromium against the web host over a generated store of 100,000
// leads (10 dealer accounts, 5% opted out) and 1,000,000 messages (30% replies), where one lead has 10,000.
//   leads_first_render_ms     navigation start -> the first lead rows painted: median of app loads in
//                             a new renderer process, as a window or tab opening the app (each load
//                             goes from about:blank to the app, whose Cross-Origin-Opener-Policy puts
//                             it in a new process); leads_first_render_cold_ms: the first load of a
//                             fresh profile; leads_first_render_reload_ms: a reload, in the process
//                             that has run the app before
//   leads_search_response_ms  last keystroke -> that query's rows painted (typed at ~60 ms per key)
//   timeline_open_ms          click on the heavy lead -> its timeline's first page painted
//   inbox_first_render_ms     navigation start -> the first conversations painted (the inbox, #/inbox),
//                             loaded as leads_first_render_ms is (median of loads in a new process)
// The app sets performance marks after paint (src-renderer/lib/perf.ts); this reads them.
//   leads_script_to_rows_ms, inbox_script_to_rows_ms: the app's own part of those first renders, from
//                             its script starting (smsdesk:script-start) to the rows painted;
//                             *_navigation_to_script_ms: the browser's part before it (process, page, script load)
// Targets: 300, 100, 300 and 300 ms (medians). page_baseline_ms (and _reload_ms) is a trivial page loaded
// the same way, in turn with the app: a new process is most of even that page's time (about 200 ms on one
// machine here, 80 on another), so leads_first_render_over_baseline_ms says what the app adds; react_baseline_ms (one React element)
// and leads_first_render_over_react_ms split that into React's part and the app's.
// Run alone: npm run bench -- --only renderer [--small].
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openDatabase } from '../src-main/db/open-database.ts';
import { startWebHost } from '../src-main/app/start-web-host.ts';
import { generateCoreData, type CoreDataSpec } from './generate-core-data.ts';
import { emitJsonLine, percentile, sortedSample, type Emit } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const RENDERER_SPEC: CoreDataSpec = {
  customers: 100_000,
  accounts: 10,
  messages: 1_000_000,
  heavyLeadMessages: 10_000,
  optedOutShare: 0.05,
};

const SEARCHES = ['smith', 'olivia', 'jones', 'wil', 'chen', 'harris', 'kirra', 'patel', 'grace k', 'thomas', 'ng', 'lachlan'];
const FIRST_RENDER_RUNS = 15;
const TIMELINE_RUNS = 7;
const SETTLE_MS = 250;

interface MarkEntry {
  startTime: number;
  detail: Record<string, unknown> | null;
}

async function markWhere(page: Page, name: string, key: string, value: unknown, timeoutMs = 20_000): Promise<MarkEntry> {
  const handle = await page.waitForFunction(
    ([n, k, v]) => {
      const e = performance.getEntriesByName(n as string, 'mark').find((m) => (m as PerformanceMark).detail?.[k as string] === v);
      return e ? { startTime: e.startTime, detail: (e as PerformanceMark).detail } : null;
    },
    [name, key, value] as const,
    { timeout: timeoutMs, polling: 5 },
  );
  return (await handle.jsonValue()) as MarkEntry;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One load: when its content was painted and, for the app, when its script started (from navigation start). */
interface Load {
  painted: number;
  scriptStart: number | null;
}

interface LoadTarget {
  label: string;
  url: string;
  /** The mark that says the page's first content is painted, and the detail that identifies it. */
  mark: string;
  key: string;
  value: unknown;
}

/**
 * Loads each target FIRST_RENDER_RUNS + 1 times, interleaved (so a busy moment of the machine falls
 * on all of them alike), in one persistent profile, and returns when each load painted: the mark's
 * startTime, from navigation start. Each load is a full navigation from about:blank, so each starts
 * a new renderer process, as a window does. The mark is read over CDP with a one-line expression
 * every 25 ms: Playwright's waitForFunction would compile its injected script into each new page
 * while the page is still starting, and be measured with it.
 */
async function timedLoads(targets: LoadTarget[], profileDir: string, how: 'new-process' | 'reload' = 'new-process'): Promise<Map<string, Load[]>> {
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, viewport: { width: 1360, height: 860 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    const out = new Map<string, Load[]>(targets.map((t) => [t.label, []]));
    for (let i = 0; i < FIRST_RENDER_RUNS + 1; i++) {
      for (const t of targets) {
        const expression = `(() => { const e = performance.getEntriesByName(${JSON.stringify(t.mark)}, 'mark').find((m) => m.detail && m.detail[${JSON.stringify(t.key)}] === ${JSON.stringify(t.value)}); const s = performance.getEntriesByName('smsdesk:script-start', 'mark')[0]; return e ? { painted: e.startTime, scriptStart: s ? s.startTime : null } : null; })()`;
        const painted = async (): Promise<Load> => {
          const deadline = Date.now() + 20_000;
          for (;;) {
            const r = (await cdp.send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value?: Load | null } };
            if (r.result.value) return r.result.value;
            if (Date.now() > deadline) throw new Error(`${t.mark} never came for ${t.url}`);
            await sleep(25);
          }
        };
        if (how === 'new-process') {
          await page.goto('about:blank');
          // Let the previous page's process wind down first: on two cores its teardown otherwise
          // lands on whichever page loads next (the inbox after the app, the trivial page after the inbox).
          await sleep(SETTLE_MS);
          await page.goto(t.url, { waitUntil: 'commit' });
        } else {
          // Open it, then reload it: the reload runs in the renderer process that has run it.
          await page.goto(t.url, { waitUntil: 'commit' });
          await painted();
          await sleep(300);
          await page.reload({ waitUntil: 'commit' });
        }
        out.get(t.label)!.push(await painted());
      }
    }
    return out;
  } finally {
    await context.close();
  }
}

/**
 * A page that renders one React element, bundled from the same react and react-dom as the app and
 * loaded the same way (one classic deferred script): what React alone costs a new page on this
 * machine, before any of the app's own work.
 */
async function writeReactFloorPage(staticRoot: string): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    stdin: {
      contents:
        "import { createRoot } from 'react-dom/client';\n" +
        "const painted = () => requestAnimationFrame(() => setTimeout(() => performance.mark('react-floor:painted', { detail: { ok: true } }), 0));\n" +
        "createRoot(document.getElementById('root')).render(<p ref={painted}>React floor</p>);\n",
      loader: 'tsx',
      resolveDir: ROOT,
    },
    bundle: true,
    format: 'iife',
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Beside the app's own script, so it is cached (and its compiled code kept) as the app's is.
    outfile: join(staticRoot, 'assets', 'react-floor.js'),
    logLevel: 'warning',
  });
  writeFileSync(join(staticRoot, 'react-floor.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>react floor</title><script defer src="./assets/react-floor.js"></script></head><body><div id="root"></div></body></html>');
}

/** When each load of one target painted. */
function paintTimes(loads: Map<string, Load[]>, label: string): number[] {
  return loads.get(label)!.map((l) => l.painted);
}

function median(xs: number[]): number {
  return percentile(sortedSample(xs), 50);
}

async function buildRenderer(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
}

export async function runRendererBench(emit: Emit = emitJsonLine, spec: CoreDataSpec = RENDERER_SPEC, log: (s: string) => void = () => {}): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-renderer-bench-'));
  let browser: Browser | null = null;
  let host: Awaited<ReturnType<typeof startWebHost>> | null = null;
  try {
    const dbPath = join(dir, 'bench.db');
    let t = Date.now();
    const db = openDatabase(dbPath);
    const data = generateCoreData(db, spec);
    const heavy = db.prepare('SELECT first_name, last_name, mobile FROM customers WHERE id = ?').get(data.heavyCustomer) as {
      first_name: string;
      last_name: string;
      mobile: string;
    };
    db.close();
    log(`renderer bench: generated ${spec.customers} leads and ${spec.messages} messages in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    t = Date.now();
    const staticRoot = join(dir, 'renderer');
    await buildRenderer(staticRoot);
    log(`renderer bench: built the renderer in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    // A trivial page on the same host, measured the same way: what this machine and browser take to
    // show anything at all, to read the app's numbers against.
    writeFileSync(join(staticRoot, 'baseline.html'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>baseline</title><script defer src="./assets/baseline.js"></script></head><body><p>baseline</p></body></html>');
    writeFileSync(join(staticRoot, 'assets', 'baseline.js'), "requestAnimationFrame(() => setTimeout(() => performance.mark('baseline:painted', { detail: { ok: true } }), 0));");

    // No gateway and no background work: the numbers are the renderer and its reads only.
    host = await startWebHost({ dbPath, port: 0, demo: false, background: false, staticRoot, log: { info: () => undefined, error: () => undefined } });

    // --- leads_first_render_ms: the app loaded in one persistent browser profile, as the desktop app
    // starts from its own profile; the first load is cold (no HTTP or code cache) and reported on
    // its own; the metric is the median of the loads after it. Two pages loaded the same way, in
    // turn with it, say what this machine's floor is: a trivial page (page_baseline_ms) and one
    // React element (react_baseline_ms, React alone with none of the app).
    await writeReactFloorPage(staticRoot);
    // Home is the inbox once there are replies: each screen is loaded by its own address.
    const leadsUrl = `${host.origin}/#/leads&token=${host.token}`;
    const inboxUrl = `${host.origin}/#/inbox&token=${host.token}`;
    const loads = await timedLoads(
      [
        { label: 'app', url: leadsUrl, mark: 'smsdesk:leads-first-render', key: 'total', value: spec.customers },
        { label: 'inbox', url: inboxUrl, mark: 'smsdesk:inbox-first-render', key: 'items', value: 50 },
        { label: 'page', url: `${host.origin}/baseline.html`, mark: 'baseline:painted', key: 'ok', value: true },
        { label: 'react', url: `${host.origin}/react-floor.html`, mark: 'react-floor:painted', key: 'ok', value: true },
      ],
      join(dir, 'profile'),
    );
    const painted = (label: string) => paintTimes(loads, label);
    const firstRenders = painted('app');
    const baselines = painted('page');
    const reactFloor = painted('react');
    log(`renderer bench: first render runs ${firstRenders.map((x) => x.toFixed(0)).join(', ')} ms (the first one cold)`);
    log(`renderer bench: trivial page runs ${baselines.map((x) => x.toFixed(0)).join(', ')} ms`);
    log(`renderer bench: one React element runs ${reactFloor.map((x) => x.toFixed(0)).join(', ')} ms`);
    emit('page_baseline_ms', median(baselines.slice(1)), 'ms');
    emit('react_baseline_ms', median(reactFloor.slice(1)), 'ms');
    // What the app itself adds to this machine's floor (script, first request, first rows).
    emit('leads_first_render_over_baseline_ms', median(firstRenders.slice(1)) - median(baselines.slice(1)), 'ms');
    emit('leads_first_render_over_react_ms', median(firstRenders.slice(1)) - median(reactFloor.slice(1)), 'ms');
    emit('leads_first_render_cold_ms', firstRenders[0]!, 'ms');
    emit('leads_first_render_ms', median(firstRenders.slice(1)), 'ms');
    const inboxRenders = painted('inbox');
    log(`renderer bench: inbox first render runs ${inboxRenders.map((x) => x.toFixed(0)).join(', ')} ms (the first one cold)`);
    emit('inbox_first_render_ms', median(inboxRenders.slice(1)), 'ms');
    // The app's own part of a first render: from its script starting to its rows painted. Before the
    // script starts, the browser starts the process, commits the page and loads the script, as for any page.
    for (const [label, metric] of [
      ['app', 'leads'],
      ['inbox', 'inbox'],
    ] as const) {
      const own = loads.get(label)!.slice(1).map((l) => l.painted - (l.scriptStart ?? Number.NaN));
      if (own.some((x) => !Number.isFinite(x))) throw new Error(`${label}: the app did not mark smsdesk:script-start`);
      emit(`${metric}_script_to_rows_ms`, median(own), 'ms');
      emit(`${metric}_navigation_to_script_ms`, median(loads.get(label)!.slice(1).map((l) => l.scriptStart!)), 'ms');
    }

    // The same pages reloaded (a window reload, Ctrl+R): the renderer process has run them before.
    const reloads = await timedLoads(
      [
        { label: 'app', url: leadsUrl, mark: 'smsdesk:leads-first-render', key: 'total', value: spec.customers },
        { label: 'page', url: `${host.origin}/baseline.html`, mark: 'baseline:painted', key: 'ok', value: true },
      ],
      join(dir, 'profile'),
      'reload',
    );
    const reloaded = (label: string) => paintTimes(reloads, label);
    log(`renderer bench: reloads of the app ${reloaded('app').map((x) => x.toFixed(0)).join(', ')} ms; of the trivial page ${reloaded('page').map((x) => x.toFixed(0)).join(', ')} ms`);
    emit('page_baseline_reload_ms', median(reloaded('page').slice(1)), 'ms');
    emit('leads_first_render_reload_ms', median(reloaded('app').slice(1)), 'ms');

    // One page for the rest.
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const page = await context.newPage();
    await page.goto(leadsUrl);
    await markWhere(page, 'smsdesk:leads-first-render', 'total', spec.customers);
    const search = page.getByRole('searchbox', { name: /search leads/i });

    // The whole list is reachable: End jumps to the last of the 100,000 rows, which loads and shows.
    await page.getByRole('listbox', { name: 'Leads' }).focus();
    await page.keyboard.press('End');
    await page.locator(`.lead-row[aria-posinset="${spec.customers}"]:not(.placeholder)`).waitFor({ timeout: 20_000 });
    await page.keyboard.press('Home');
    await page.locator('.lead-row[aria-posinset="1"]:not(.placeholder)').waitFor();

    // --- leads_search_response_ms: type like a person; from the last keystroke to that query's rows.
    const searches: number[] = [];
    for (const q of SEARCHES) {
      await search.fill('');
      await markWhere(page, 'smsdesk:leads-results', 'query', '');
      await search.focus();
      await page.keyboard.type(q, { delay: 60 });
      const painted = await markWhere(page, 'smsdesk:leads-results', 'query', q);
      const input = await markWhere(page, 'smsdesk:leads-input', 'query', q);
      searches.push(painted.startTime - input.startTime);
    }
    log(`renderer bench: search runs ${searches.map((x) => x.toFixed(0)).join(', ')} ms`);
    emit('leads_search_response_ms', median(searches), 'ms');
    emit('leads_search_response_p95_ms', percentile(sortedSample(searches), 95), 'ms');

    // --- timeline_open_ms: the lead with 10,000 messages, found by its mobile, opened by a click.
    const national = `0${heavy.mobile.slice(3)}`;
    await search.fill('');
    await markWhere(page, 'smsdesk:leads-results', 'query', '');
    await search.fill(national);
    await markWhere(page, 'smsdesk:leads-results', 'query', national);
    const opens: number[] = [];
    for (let i = 0; i < TIMELINE_RUNS; i++) {
      await page.locator(`.lead-row[data-customer-id="${data.heavyCustomer}"]`).waitFor();
      await page.evaluate(() => performance.clearMarks('smsdesk:timeline-ready'));
      const started = await page.evaluate((id) => {
        const row = document.querySelector<HTMLElement>(`.lead-row[data-customer-id="${id}"]`);
        if (!row) throw new Error('heavy lead row not on screen');
        const at = performance.now();
        row.click();
        return at;
      }, data.heavyCustomer);
      const ready = await markWhere(page, 'smsdesk:timeline-ready', 'customerId', data.heavyCustomer);
      const items = Number(ready.detail?.items ?? 0);
      if (items === 0) throw new Error('the heavy lead opened with an empty timeline');
      opens.push(ready.startTime - started);
      await page.evaluate(() => history.back());
      await page.getByRole('listbox', { name: 'Leads' }).waitFor();
    }
    log(`renderer bench: timeline open runs ${opens.map((x) => x.toFixed(0)).join(', ')} ms (${heavy.first_name} ${heavy.last_name})`);
    emit('timeline_open_ms', median(opens), 'ms');

    // The timeline scrolls through thousands: it opens at the newest (by the composer); scrolling
    // to its top a few times brings in older pages.
    await page.locator(`.lead-row[data-customer-id="${data.heavyCustomer}"]`).click();
    const feed = page.getByTestId('timeline');
    await feed.locator('article').first().waitFor();
    for (let i = 0; i < 12; i++) {
      await feed.evaluate((el) => el.scrollTo(0, 0));
      await page.waitForTimeout(60);
    }
    const shown = await page.getByRole('heading', { name: 'Communications' }).locator('xpath=..').innerText();
    const loaded = Number(/([\d,]+)\+? items?/.exec(shown)?.[1]?.replace(/,/g, '') ?? 0);
    if (loaded < 500) throw new Error(`the timeline did not page on scroll: ${shown}`);
    log(`renderer bench: timeline paged to ${loaded} items by scrolling`);
    await context.close();
  } finally {
    await browser?.close().catch(() => undefined);
    await host?.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
