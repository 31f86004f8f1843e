// R11 crash safety: a desk process is killed with SIGKILL at random points while pushing its
// queue and, on another desk, while pulling; restarted each time. Nothing lost, nothing doubled:
// the server holds each event once, and the pulling desk ends with exactly the pushing desk's
// customers, leads and consent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createCore } from '../../src-main/core.ts';
import { manualClock } from '../../src-main/clock.ts';
import { seededRandom } from '../../src-main/seeded-random.ts';
import { PgGroupServer } from '../../src-main/group/pg-group-server.ts';
import { groupDatabase, sql } from '../support/pg.ts';
import { T0 } from '../support/seed-world.ts';

const CHILD = join(import.meta.dirname, '../support/group-crash-child.ts');
// Enough work that every kill lands before it is done (a pull applies a page faster since issue 10's tuning).
const LEADS = 400;
const KILLS_EACH = 15;

/** The child bundled once (plain node starts it in a fraction of tsx's time). */
async function bundleChild(): Promise<string> {
  // Beside node_modules, so the bundle finds better-sqlite3 and pg.
  const out = join(import.meta.dirname, '../../node_modules/.cache/smsdesk', `group-crash-child-${process.pid}.mjs`);
  await build({
    entryPoints: [CHILD], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent',
    external: ['better-sqlite3', 'pg', 'twilio'], absWorkingDir: join(import.meta.dirname, '../..'),
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return out;
}

/** Runs the child until it prints its k-th announcement (then SIGKILL after a random pause) or finishes. */
function runChild(script: string, dbPath: string, url: string, killAfter: number | null, pause: number): Promise<{ killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dbPath, url], { stdio: ['ignore', 'pipe', 'pipe'], cwd: join(import.meta.dirname, '../..') });
    let seen = 0;
    let killed = false;
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.stdout.on('data', (d: Buffer) => {
      for (const line of String(d).split('\n')) {
        if (!/^(PUSH|PULL) /.test(line)) continue;
        seen++;
        if (killAfter !== null && seen === killAfter && !killed) {
          killed = true;
          setTimeout(() => child.kill('SIGKILL'), pause);
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true });
      else if (code === 0) resolve({ killed: false });
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

function snapshot(dbPath: string) {
  const db = openDatabase(dbPath);
  try {
    const one = (q: string) => (db.prepare(q).get() as { n: number }).n;
    const consent = db
      .prepare(
        `SELECT c.mobile, a.code, s.channel, s.status FROM consent s JOIN customers c ON c.id = s.customer_id
         JOIN dealer_accounts a ON a.id = s.dealer_account_id ORDER BY c.mobile, a.code, s.channel`,
      )
      .all();
    return {
      customers: one('SELECT count(*) AS n FROM customers'),
      leads: one('SELECT count(*) AS n FROM leads'),
      events: one('SELECT count(*) AS n FROM consent_events'),
      distinctEvents: one('SELECT count(DISTINCT uid) AS n FROM consent_events'),
      consent,
    };
  } finally {
    db.close();
  }
}

test(`R11 crash test: killed with SIGKILL at ${KILLS_EACH} points while pushing and ${KILLS_EACH} while pulling, restarted each time; nothing lost or doubled`, async (t) => {
  const url = await groupDatabase(t);
  if (!url) return;
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-group-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pusherPath = join(dir, 'pusher.db');
  const pullerPath = join(dir, 'puller.db');

  // The pushing desk: two accounts and LEADS leads (a third unticked: R10 opt-outs), joined, nothing pushed yet.
  {
    const db = openDatabase(pusherPath);
    const core = createCore({ db, clock: manualClock(T0) });
    const ford = core.store.accounts.createAccount('FORD', 'Parramatta Ford', T0);
    const hyundai = core.store.accounts.createAccount('HYUNDAI', 'Parramatta Hyundai', T0);
    for (let i = 0; i < LEADS; i++) {
      const { customerId } = core.leads.createLead(
        { dealerAccountId: i % 2 ? ford : hyundai, firstName: 'Lead', lastName: `${i}`, mobile: `+614150${String(i).padStart(5, '0')}`, optInToMarketing: i % 3 !== 0 },
        'import',
      );
      if (i % 5 === 0) core.consent.optOutManually({ dealerAccountId: i % 2 ? ford : hyundai, customerId, channel: 'sms', actor: 'sam' });
    }
    await new PgGroupServer({ url }).migrate();
    core.store.group.join('11111111-1111-4111-8111-111111111111', 'Pushing desk', T0, true);
    db.close();
  }
  {
    const db = openDatabase(pullerPath);
    createCore({ db, clock: manualClock(T0) }).store.group.join('22222222-2222-4222-8222-222222222222', 'Pulling desk', T0, false);
    db.close();
  }

  // The pushing desk is killed again and again, then runs to the end; then the pulling desk.
  const script = await bundleChild();
  t.after(() => rmSync(script, { force: true }));
  const random = seededRandom(99);
  const killLoop = async (path: string): Promise<number> => {
    let kills = 0;
    for (let attempt = 0; attempt < 2 * KILLS_EACH && kills < KILLS_EACH; attempt++) {
      if ((await runChild(script, path, url, 1 + Math.floor(random() * 3), Math.floor(random() * 15))).killed) kills++;
    }
    assert.equal((await runChild(script, path, url, null, 0)).killed, false);
    return kills;
  };
  const pushKills = await killLoop(pusherPath);
  const pullKills = await killLoop(pullerPath);
  t.diagnostic(`killed ${pushKills} times while pushing, ${pullKills} while pulling`);
  assert.ok(pushKills >= KILLS_EACH && pullKills >= KILLS_EACH, 'every kill landed before the work was done');

  const [counts] = await sql<{ n: string; d: string }>(url, 'SELECT count(*) AS n, count(DISTINCT uid) AS d FROM group_events');
  assert.equal(counts?.n, counts?.d, 'no event stored twice on the server');
  const pushed = snapshot(pusherPath);
  const pulled = snapshot(pullerPath);
  assert.equal(pushed.customers, LEADS);
  assert.equal(pulled.customers, LEADS, 'every customer arrived once');
  assert.equal(pulled.leads, pushed.leads);
  assert.equal(pulled.events, pushed.events, 'every consent event arrived once');
  assert.equal(pulled.distinctEvents, pulled.events);
  assert.deepEqual(pulled.consent, pushed.consent, 'the same consent on both desks');
});
