// R12 + R8 crash safety: a desk process runs automation ticks and the outbox against the simulator
// and is killed with SIGKILL at random points at least 50 times, restarted each time, while rules
// match hundreds of leads. Afterwards every due step was sent exactly once, or recorded with why
// not (blocked: opted out, R6); no step has two runs, no message reached the gateway twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createCore } from '../../src-main/core.ts';
import { GatewaySimulator, seededRandom } from '../../src-main/gateway/simulator/index.ts';
import { build } from 'esbuild';

const CHILD_SOURCE = fileURLToPath(new URL('../support/automation-crash-child.ts', import.meta.url));
// Bundled once (packages stay external, resolved from the repository's node_modules): a restart
// then costs a plain node start, not a TypeScript compile, so 50 kills fit in CI's time.
const CHILD = fileURLToPath(new URL('../../test-results/automation-crash-child.mjs', import.meta.url));
const SHARED = '+61480000031';
const KILLS = 50;
const LEADS = 300;

function runChild(dbPath: string, sim: GatewaySimulator, killAfterMs: number | null): Promise<{ done: boolean; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dbPath, sim.url, sim.accountSid, sim.authToken], { stdio: ['ignore', 'pipe', 'pipe'] });
    let done = false;
    let killed = false;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'READY' && killAfterMs !== null) {
        setTimeout(() => {
          if (!done && child.exitCode === null) {
            killed = true;
            child.kill('SIGKILL');
          }
        }, killAfterMs);
      }
      if (line === 'DONE') done = true;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve({ done: false, killed: true });
      else if (code === 0 && done) resolve({ done: true, killed: false });
      else reject(new Error(`child exited ${code ?? signal}: ${stderr}`));
    });
  });
}

/** Two accounts on one shared number, rules switched on, then hundreds of new leads (a seventh imported with "no marketing"). */
function setUp(dbPath: string, sim: GatewaySimulator): void {
  const db = openDatabase(dbPath);
  const core = createCore({ db, clock: Date.now });
  const { accounts, templates, automation } = core.store;
  const now = Date.now();
  const a = accounts.createAccount('A', 'Harbour City Toyota', now);
  const b = accounts.createAccount('B', 'Parramatta Mazda', now);
  const gw = accounts.createGatewayAccount(sim.accountSid, 'Group gateway', now);
  const shared = accounts.createSender(gw, 'number', SHARED, 'Shared', now);
  accounts.shareSender(shared, a);
  accounts.shareSender(shared, b);
  automation.setSenderPace(shared, 6000);
  const allDay = { 1: { opens: 0, closes: 1440 }, 2: { opens: 0, closes: 1440 }, 3: { opens: 0, closes: 1440 }, 4: { opens: 0, closes: 1440 }, 5: { opens: 0, closes: 1440 }, 6: { opens: 0, closes: 1440 }, 7: { opens: 0, closes: 1440 } };
  for (const id of [a, b]) core.calendar.setForAccount(id, { timeZone: 'Australia/Sydney', state: 'NSW', hours: allDay, closedOnPublicHolidays: false });
  const t1 = templates.create(a, 'Welcome', 'Welcome {first name} {last name}, from {dealer}. (1)');
  const t2 = templates.create(a, 'Follow-up', 'Still keen, {first name} {last name}? {dealer} (2)');
  const t3 = templates.create(b, 'Hello', 'Hello {first name} {last name} from {dealer}.');
  const ruleA = core.automation.createRule({ dealerAccountId: a, name: 'Welcome pair', trigger: 'lead_created', steps: [{ templateId: t1, delayMs: 0 }, { templateId: t2, delayMs: 0 }] });
  const ruleB = core.automation.createRule({ dealerAccountId: b, name: 'Hello', trigger: 'lead_created', steps: [{ templateId: t3, delayMs: 0 }] });
  core.automation.setEnabled(ruleA.rule.id, true);
  core.automation.setEnabled(ruleB.rule.id, true);
  const later = Date.now() + 5;
  while (Date.now() < later) {
    /* leads come after the rules were switched on */
  }
  for (let i = 0; i < LEADS; i++) {
    const mobile = `+6142${String(3_000_000 + i).padStart(7, '0')}`;
    const { customerId } = core.leads.createLead({ dealerAccountId: a, firstName: `Lead${i}`, lastName: `Crash${i}`, mobile, optInToMarketing: i % 7 !== 3 }, 'import');
    if (i % 2 === 0) core.leads.createLead({ dealerAccountId: b, customerId, firstName: '', lastName: '', optInToMarketing: true }, 'import');
  }
  db.close();
}

test('R12 crash test: killed with SIGKILL 50+ times during runner ticks over 300 leads; every due step sent exactly once or recorded with why not', { timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-auto-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'desk.db');
  await build({ entryPoints: [CHILD_SOURCE], outfile: CHILD, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  const sim = new GatewaySimulator({
    random: seededRandom(11),
    ownedNumbers: [SHARED],
    enforceOptOut: false,
    timing: { queueMs: 20, deliverMs: 40 },
    faults: { rate500: 0.03, rateCut: 0.03, rateSlow: 0.03, slowMs: 300, seed: 4 },
  });
  await sim.start({ port: 0, host: '127.0.0.1' });
  t.after(() => sim.stop());
  setUp(dbPath, sim);

  const random = seededRandom(21);
  let kills = 0;
  let runs = 0;
  while (kills < KILLS) {
    runs++;
    const r = await runChild(dbPath, sim, 30 + Math.floor(random() * 250));
    if (r.killed) kills++;
    else break; // finished before the kill: nothing left to interrupt
  }
  // Then to the end, uninterrupted.
  for (let i = 0; i < 5; i++) if ((await runChild(dbPath, sim, null)).done) break;

  const db = openDatabase(dbPath);
  t.after(() => db.close());
  const one = <T>(sql: string): T => db.prepare(sql).get() as T;
  const all = <T>(sql: string): T[] => db.prepare(sql).all() as T[];
  assert.ok(kills >= KILLS || runs < KILLS, `killed ${kills} times`);
  assert.ok(kills >= KILLS, `the desk was killed ${kills} times (at least ${KILLS} wanted); lower the kill delay if the work finishes too fast`);

  // Every lead of each account enrolled exactly once per rule.
  assert.deepEqual(all('SELECT rule_id, count(*) AS n, count(DISTINCT customer_id) AS customers FROM automation_enrolments GROUP BY rule_id ORDER BY rule_id'), [
    { rule_id: 1, n: LEADS, customers: LEADS },
    { rule_id: 2, n: LEADS / 2, customers: LEADS / 2 },
  ]);
  // Nothing left waiting; each step is released (sent), blocked (opted out, recorded) or never made (the sequence stopped).
  assert.equal(one<{ n: number }>("SELECT count(*) AS n FROM automation_step_runs WHERE status IN ('pending', 'held')").n, 0);
  assert.equal(one<{ n: number }>("SELECT count(*) AS n FROM automation_step_runs WHERE status = 'skipped'").n, 0);
  const optedOut = Array.from({ length: LEADS }, (_, i) => i).filter((i) => i % 7 === 3).length;
  assert.deepEqual(all("SELECT status, count(*) AS n FROM automation_step_runs GROUP BY status ORDER BY status"), [
    { status: 'blocked', n: optedOut },
    { status: 'released', n: (LEADS - optedOut) * 2 + LEADS / 2 },
  ]);
  // Each blocked step is a recorded attempt (R6) with the reason, and never reached the gateway.
  const blocked = all<{ status: string; block_reason: string; to_number: string }>(
    "SELECT m.status, m.block_reason, m.to_number FROM automation_step_runs s JOIN messages m ON m.id = s.message_id WHERE s.status = 'blocked'",
  );
  assert.ok(blocked.every((m) => m.status === 'blocked_opted_out' && /previously opted out/.test(m.block_reason)));
  // Every released step's message reached the gateway exactly once.
  const released = all<{ status: string; gateway_sid: string | null; body: string }>(
    "SELECT m.status, m.gateway_sid, m.body FROM automation_step_runs s JOIN messages m ON m.id = s.message_id WHERE s.status = 'released'",
  );
  assert.ok(released.every((m) => m.gateway_sid !== null), 'every released step was handed to the gateway');
  const atGateway = new Map<string, number>();
  for (const m of sim.allMessages()) if (m.direction === 'outbound-api') atGateway.set(m.body, (atGateway.get(m.body) ?? 0) + 1);
  const twice = [...atGateway].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], 'no message reached the gateway twice');
  assert.equal(atGateway.size, released.length);
  for (const m of released) assert.equal(atGateway.get(m.body), 1, m.body);
  // Opted out of Harbour City Toyota: none of its steps reached them (Parramatta Mazda's may: R1 is per account).
  const toyotaTo = new Set(sim.allMessages().filter((m) => m.direction === 'outbound-api' && /\([12]\)$/.test(m.body)).map((m) => m.to));
  for (const m of blocked) assert.equal(toyotaTo.has(m.to_number), false, m.to_number);
  // The history records every step once.
  assert.equal(one<{ n: number }>('SELECT count(*) AS n FROM automation_runs').n, released.length + blocked.length);
});
