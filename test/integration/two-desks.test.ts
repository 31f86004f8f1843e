// Issue 14, finding 1: two processes on one database sent messages twice (135 of 500). Both ends are
// fixed and each is tested with real processes on one file:
//  - the outbox claims a message in the store (a lease, and queued -> sending only from queued for
//    the lease holder), so even two writers that ignore the instance lock send each message once;
//  - every entry point holds a per-database instance lock: a second `smsdesk serve` on the same file
//    refuses to start and names the process that has it; a lock left by kill -9 is no obstacle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createCore } from '../../src-main/core.ts';
import { GatewaySimulator, seededRandom } from '../../src-main/gateway/simulator/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CHILD = join(import.meta.dirname, '..', 'support', 'crash-child.ts');
const SENDER = '+61480000031';

function waitExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

test('R8 / issue 14: two desk processes draining one database send every queued message exactly once (the claim in the store, no instance lock)', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-two-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'desk.db');
  // A gateway that answers in 30-60 ms, as a real one does: both processes are mid-request at once.
  const sim = new GatewaySimulator({ random: seededRandom(11), ownedNumbers: [SENDER], enforceOptOut: false, timing: { queueMs: 20, deliverMs: 40 }, faults: { rateSlow: 1, slowMs: 30, seed: 4 } });
  await sim.start({ port: 0, host: '127.0.0.1' });
  t.after(() => sim.stop());

  const db = openDatabase(dbPath);
  const now = Date.now();
  const core = createCore({ db, clock: Date.now });
  const { accounts } = core.store;
  const a = accounts.createAccount('A', 'Harbour City Toyota', now);
  accounts.shareSender(accounts.createSender(accounts.createGatewayAccount(sim.accountSid, 'Gateway', now), 'number', SENDER, 'Toyota direct', now), a);
  const sender = accounts.senders()[0]!;
  const QUEUED = 120;
  core.store.transaction(() => {
    for (let i = 0; i < QUEUED; i++) {
      const mobile = `+6143${String(1_000_000 + (i % 40)).padStart(7, '0')}`;
      const existing = core.store.customers.byMobile(mobile)[0];
      const customerId = existing?.id ?? core.leads.createLead({ dealerAccountId: a, firstName: 'Two', lastName: `Desks${i}`, mobile, optInToMarketing: true }, 'import').customerId;
      core.store.messages.insert({
        direction: 'outbound', origin: 'manual', status: 'queued', customerId, dealerAccountId: a, senderId: sender.id,
        toNumber: mobile, fromNumber: SENDER, body: `Both desks #${i}`, segments: 1, createdBy: 'test', createdAt: now,
      });
    }
  });
  db.close();

  const run = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'send', dbPath, sim.url, sim.accountSid, sim.authToken, 'nolock'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`desk exited ${code}: ${stderr}`))));
    });
  await Promise.all([run(), run()]);

  const sent = new Map<string, number>();
  for (const m of sim.allMessages()) if (m.direction === 'outbound-api') sent.set(m.body, (sent.get(m.body) ?? 0) + 1);
  const twice = [...sent].filter(([, n]) => n > 1).map(([body]) => body);
  assert.deepEqual(twice, [], `sent more than once: ${twice.length} of ${QUEUED}`);
  assert.equal(sent.size, QUEUED, 'every queued message sent');
  const check = openDatabase(dbPath);
  t.after(() => check.close());
  const rows = check.prepare(`SELECT origin, count(*) AS n, count(gateway_sid) AS sids FROM messages WHERE direction = 'outbound' GROUP BY origin`).all();
  assert.deepEqual(rows, [{ origin: 'manual', n: QUEUED, sids: QUEUED }], 'no copy stored as another install\'s message');
  const attempts = check.prepare('SELECT count(*) AS n FROM outbox_attempts').get() as { n: number };
  assert.equal(attempts.n, QUEUED, 'one request per message');
});

interface Served {
  child: ChildProcess;
  stderr: () => string;
  info: { url: string; port: number } | null;
}

async function serve(dbPath: string, dataDir: string): Promise<Served> {
  const child = spawn(process.execPath, ['bin/smsdesk.mjs', 'serve', '--db', dbPath, '--port', '0', '--no-demo', '--memory-secrets'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SMSDESK_DATA_DIR: dataDir },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let info: Served['info'] = null;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line.startsWith('{')) {
      info = JSON.parse(line) as { url: string; port: number };
      break;
    }
  }
  return { child, stderr: () => stderr, info };
}

test('issue 14: a second `smsdesk serve` on the same database refuses to start and names the first (pid, command, since); after kill -9 a new one starts', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const dbPath = join(dir, 'desk.db');
  const children: ChildProcess[] = [];
  t.after(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  const first = await serve(dbPath, dir);
  children.push(first.child);
  assert.ok(first.info, `the first desk did not start: ${first.stderr()}`);

  const before = Date.now();
  const second = await serve(dbPath, dir);
  children.push(second.child);
  assert.equal(second.info, null, 'the second desk must not serve the same file');
  const exit = await waitExit(second.child);
  assert.equal(exit.code, 1);
  const said = second.stderr();
  assert.match(said, new RegExp(`The database ${dbPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is already in use: process ${first.child.pid} `));
  assert.match(said, /\(node \S*smsdesk\.mjs serve --db \S+desk\.db --port 0 --no-demo --memory-secrets\)/, 'names the command');
  const since = /since (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/.exec(said);
  assert.ok(since, said);
  assert.ok(Date.parse(`${since[1]!.replace(' ', 'T')}Z`) <= before, 'since when the first has had it');
  assert.match(said, /Close the other one first, or open another file with --db/);

  // The first one dies without cleaning up: its lock goes with it.
  first.child.kill('SIGKILL');
  await waitExit(first.child);
  const third = await serve(dbPath, dir);
  children.push(third.child);
  assert.ok(third.info, `a desk after kill -9 of the holder must start: ${third.stderr()}`);
  third.child.kill('SIGTERM');
  assert.equal((await waitExit(third.child)).code, 0);
});
