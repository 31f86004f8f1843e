// Real processes for crash and concurrency tests: the journaled gateway simulator (sim-child.ts) and
// the desk as `smsdesk serve` runs it (desk-child.ts), each started, called and killed by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import type { StoredMessage } from '../../src-main/gateway/simulator/message-store.ts';

const SUPPORT = import.meta.dirname;
export const SIM_ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
export const SIM_TOKEN = 'crash-test-token';

export interface Proc<T> {
  child: ChildProcess;
  info: T;
  stderr(): string;
}

const bundles = new Map<string, Promise<string>>();

/**
 * The child script bundled into one ES module (once per test process): it starts in about half the
 * time of the TypeScript loader, which matters when a test restarts it a hundred times. It lives
 * under node_modules/.cache so that the native SQLite driver resolves.
 */
function bundled(script: string): Promise<string> {
  let out = bundles.get(script);
  if (!out) {
    const dir = join(SUPPORT, '..', '..', 'node_modules', '.cache', 'smsdesk-test');
    const file = join(dir, `${script.replace(/\.ts$/, '')}-${process.pid}.mjs`);
    mkdirSync(dir, { recursive: true });
    out = build({
      entryPoints: [join(SUPPORT, script)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: file,
      external: ['better-sqlite3'],
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      logLevel: 'error',
    }).then(() => {
      process.once('exit', () => rmSync(file, { force: true }));
      return file;
    });
    bundles.set(script, out);
  }
  return out;
}

/** Spawns a child (bundled) and resolves with the JSON line it prints once ready. */
async function startChild<T>(script: string, args: string[]): Promise<Proc<T>> {
  const child = spawn(process.execPath, [await bundled(script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.startsWith('{')) {
      lines.removeAllListeners('line');
      return { child, info: JSON.parse(line) as T, stderr: () => stderr };
    }
  }
  throw new Error(`${script} exited before it was ready (${child.exitCode ?? child.signalCode}): ${stderr}`);
}

export function alive(p: Proc<unknown> | null): boolean {
  return p !== null && p.child.exitCode === null && p.child.signalCode === null;
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** kill -9, and wait until it is gone. */
export async function kill9(p: Proc<unknown> | null): Promise<void> {
  if (!p || !alive(p)) return;
  p.child.kill('SIGKILL');
  await exited(p.child);
}

export type Sim = Proc<{ url: string; control: string }>;
export type Desk = Proc<{ origin: string; token: string }>;

/** Starts the journaled simulator; `at` restarts it on the ports of one that was killed. */
export function startSim(journal: string, numbers: string[], faults: string, at?: Sim): Promise<Sim> {
  const ports = at ? [new URL(at.info.url).port, new URL(at.info.control).port] : [];
  return startChild('sim-child.ts', [journal, SIM_ACCOUNT, SIM_TOKEN, faults, numbers.join(','), ...ports]);
}

export function startDesk(dbPath: string, simUrl: string): Promise<Desk> {
  return startChild('desk-child.ts', [dbPath, simUrl, SIM_ACCOUNT, SIM_TOKEN]);
}

/** What the simulator has ever created (its journal): the gateway's own message list. */
export function journaled(journal: string): StoredMessage[] {
  if (!existsSync(journal)) return [];
  const bySid = new Map<string, StoredMessage>();
  for (const line of readFileSync(journal, 'utf8').split('\n')) {
    if (!line.endsWith('}')) continue;
    try {
      const m = JSON.parse(line) as StoredMessage;
      bySid.set(m.sid, m);
    } catch {
      // cut short by a kill: never answered, never existed
    }
  }
  return [...bySid.values()];
}

export type CallResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } } | { lost: string };

/** One IPC call through the desk's web host; `lost` when no answer came (the process died, the socket reset). */
export async function call(desk: Desk, channel: string, input: unknown, timeoutMs = 30_000): Promise<CallResult> {
  try {
    const r = await fetch(`${desk.info.origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${desk.info.token}` },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return (await r.json()) as CallResult;
  } catch (err) {
    return { lost: err instanceof Error ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err) };
  }
}

/** A customer's reply, injected into the simulator; null when the simulator died before answering. */
export async function inject(sim: Sim, reply: { from: string; to: string; body: string }): Promise<string | null> {
  try {
    const r = await fetch(`${sim.info.control}/inject`, { method: 'POST', body: JSON.stringify(reply), signal: AbortSignal.timeout(10_000) });
    if (!r.ok) throw new Error(await r.text());
    return ((await r.json()) as { sid: string }).sid;
  } catch (err) {
    if (err instanceof Error && /RangeError/.test(err.message)) throw err;
    return null;
  }
}

export const newRequestId = (): string => randomUUID();

/**
 * A desk database for these tests: dealer A on its own number and on a number shared with B (every
 * customer is a lead of A, two in three also of B), `count` customers with AU mobiles.
 */
export async function seedDeskDb(dbPath: string, count: number, numbers: { own: string; shared: string }): Promise<{ customers: { id: number; mobile: string }[]; dealerA: number; dealerB: number }> {
  const { openDatabase } = await import('../../src-main/db/open-database.ts');
  const { createCore } = await import('../../src-main/core.ts');
  const db = openDatabase(dbPath);
  try {
    const now = Date.now();
    const core = createCore({ db, clock: Date.now });
    const { accounts } = core.store;
    const dealerA = accounts.createAccount('A', 'Harbour City Toyota', now);
    const dealerB = accounts.createAccount('B', 'Parramatta Mazda', now);
    const gw = accounts.createGatewayAccount(SIM_ACCOUNT, 'Crash gateway', now);
    const own = accounts.createSender(gw, 'number', numbers.own, 'Toyota direct', now);
    const shared = accounts.createSender(gw, 'number', numbers.shared, 'Group shared', now);
    accounts.shareSender(own, dealerA);
    accounts.shareSender(shared, dealerA);
    accounts.shareSender(shared, dealerB);
    const customers: { id: number; mobile: string }[] = [];
    for (let i = 0; i < count; i++) {
      const mobile = `+6142${String(5_000_000 + i).padStart(7, '0')}`;
      const { customerId } = core.leads.createLead({ dealerAccountId: dealerA, firstName: 'Kill', lastName: `Nine${i}`, mobile, optInToMarketing: true }, 'import');
      if (i % 3 !== 0) core.leads.createLead({ dealerAccountId: dealerB, customerId, firstName: '', lastName: '', optInToMarketing: true }, 'import');
      customers.push({ id: customerId, mobile });
    }
    return { customers, dealerA, dealerB };
  } finally {
    db.close();
  }
}
