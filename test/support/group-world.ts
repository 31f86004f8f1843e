// Several desks of one dealer group (R11): each its own SQLite file and core, all polling one
// Twilio-compatible simulator through the real twilio client, all sharing one REAL PostgreSQL
// group server — each desk through its own pausable loopback proxy, so one desk can be cut off.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../src-main/db/open-database.ts';
import { manualClock, type ManualClock } from '../../src-main/clock.ts';
import type { ConnectedCore } from '../../src-main/connected-core.ts';
import type { GatewaySimulator } from '../../src-main/gateway/simulator/index.ts';
import { PgGroupServer } from '../../src-main/group/pg-group-server.ts';
import type { GroupSyncOptions } from '../../src-main/group/group-sync.ts';
import { connect, startSimulator, SHARED_NUMBER } from './gateway-world.ts';
import { T0 } from './seed-world.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

export const PRIYA = '+61412555666';

export interface Desk {
  name: string;
  path: string;
  db: Db;
  core: ConnectedCore;
  server: PgGroupServer;
  proxy: TcpProxy;
  /** Local ids by dealer code (each desk has its own ids). */
  account(code: string): number;
  customerByMobile(mobile: string): number;
  /** SMS consent of that customer for that account on this desk: allowed? */
  sms(code: string, mobile?: string): boolean;
  close(): Promise<void>;
}

type TestContext = { after(fn: () => unknown): void };

export interface GroupWorldOptions {
  /** A server URL (a fresh database); each desk connects through its own proxy to its port. */
  url: string;
  clock?: ManualClock;
  sim?: GatewaySimulator;
  group?: GroupSyncOptions;
}

const quick: GroupSyncOptions = { pullIntervalMs: 60_000, preSendTimeoutMs: 3_000, freshnessMs: 60_000 };

/** One simulator and clock for the world; desks are added with `desk()`. */
export async function groupWorld(t: TestContext, o: GroupWorldOptions) {
  const clock = o.clock ?? manualClock(T0);
  const sim = o.sim ?? (await startSimulator(clock));
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-desks-'));
  const desks: Desk[] = [];
  t.after(async () => {
    for (const d of desks) await d.close();
    if (!o.sim) await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const target = new URL(o.url);

  /** Opens (or reopens, after a "crash") a desk over its file, connected to the group through its proxy. */
  async function open(name: string, existing?: { path: string; proxy: TcpProxy }): Promise<Desk> {
    const path = existing?.path ?? join(dir, `${name.replace(/\W+/g, '-')}.db`);
    const proxy = existing?.proxy ?? (await startTcpProxy(Number(target.port)));
    const db = openDatabase(path);
    const { core } = connect(db, sim, clock, { group: { ...quick, ...o.group } });
    const url = new URL(o.url);
    url.port = String(proxy.port);
    const server = new PgGroupServer({ url: url.toString(), connectTimeoutMs: 1_500, queryTimeoutMs: 5_000 });
    core.group.attach(server);
    let closed = false;
    const desk: Desk = {
      name,
      path,
      db,
      core,
      server,
      proxy,
      account: (code) => {
        const id = core.store.group.accountByCode(code);
        if (id === undefined) throw new Error(`${name}: no dealer account ${code}`);
        return id;
      },
      customerByMobile: (mobile) => {
        const c = core.store.customers.byMobile(mobile)[0];
        if (!c) throw new Error(`${name}: no customer with ${mobile}`);
        return c.id;
      },
      sms: (code, mobile = PRIYA) => core.consent.decide(desk.account(code), desk.customerByMobile(mobile), 'sms').allowed,
      async close() {
        if (closed) return;
        closed = true;
        await core.group.stop();
        await server.close();
        if (db.open) db.close();
        if (!existing) await proxy.close();
      },
    };
    desks.push(desk);
    return desk;
  }

  /**
   * The seed's set-up on the first desk: Ford and Hyundai share one sender of one gateway account;
   * Priya is a lead of both. Returns the desk, not yet joined.
   */
  function seedAccounts(d: Desk): void {
    const { accounts } = d.core.store;
    const ford = accounts.createAccount('FORD', 'Parramatta Ford', T0);
    const hyundai = accounts.createAccount('HYUNDAI', 'Parramatta Hyundai', T0);
    const gw = accounts.createGatewayAccount(sim.accountSid, 'Group gateway', T0);
    // The seed's fix: Twilio's own STOP filtering turned off on request, so that a STOP opts the
    // customer out of the dealer it answered only (with it on, Twilio blocks the line for all: R13).
    accounts.setStopFiltering(gw, false);
    const shared = accounts.createSender(gw, 'number', SHARED_NUMBER, 'Group shared number', T0);
    accounts.shareSender(shared, ford);
    accounts.shareSender(shared, hyundai);
    const { customerId } = d.core.leads.createLead(
      { dealerAccountId: ford, firstName: 'Priya', lastName: 'Nair', mobile: '0412 555 666', email: 'priya@example.com', optInToMarketing: true },
      'import',
    );
    d.core.leads.createLead({ dealerAccountId: hyundai, customerId, firstName: '', lastName: '', optInToMarketing: true }, 'import');
  }

  return { clock, sim, dir, desks, open, seedAccounts, quick };
}

/** The seed's two desks: Ford's (first: creates the schema, the accounts, the sender and Priya) and Hyundai's, both joined. */
export async function fordAndHyundai(t: TestContext, o: GroupWorldOptions) {
  const w = await groupWorld(t, o);
  const ford = await w.open('Ford desk');
  w.seedAccounts(ford);
  await ford.core.group.join('Ford desk');
  const hyundai = await w.open('Hyundai desk');
  await hyundai.core.group.join('Hyundai desk', { createSchema: false });
  return { ...w, ford, hyundai };
}

/** A manual send by hand on a desk, for a dealer code, to the customer with `mobile`. */
export function sendFrom(d: Desk, code: string, body: string, mobile = PRIYA, actor = 'sam') {
  return d.core.sends.send({ dealerAccountId: d.account(code), customerId: d.customerByMobile(mobile), body, actor, origin: 'manual' });
}
