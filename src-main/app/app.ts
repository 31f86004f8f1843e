// Boots the app without Electron: opens the store, loads credentials, connects the core to a
// gateway (Twilio with stored credentials; the embedded simulator with the demo scenario when
// there are none), seeds the demo once, starts polling and the outbox, and exposes the IPC
// handlers with their context. The Electron shell and the web host both run on this.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase, type Db } from '../db/open-database.ts';
import { createConnectedCore, type ConnectedCore } from '../connected-core.ts';
import { systemClock, type Clock } from '../clock.ts';
import { TwilioGateway } from '../gateway/twilio-gateway.ts';
import { GatewayError } from '../gateway/sms-gateway.ts';
import { GatewaySimulator, type GatewaySimulatorOptions } from '../gateway/simulator/simulator.ts';
import { demoScenario, DEMO_ACCOUNT_SID } from '../gateway/simulator/demo-scenario.ts';
import { ChangesRepo } from '../db/repos/changes-repo.ts';
import { EventBus } from '../ipc/event-bus.ts';
import { consoleLogger, type CredentialsService, type HandlerContext, type Logger } from '../ipc/context.ts';
import { invokeHandler, runHandler, type InvokeOutcome } from '../ipc/registry.ts';
import type { IpcResult } from '../../shared/ipc/contract.ts';
import { BackgroundSync } from './background-sync.ts';
import { ChangeFeed } from './change-feed.ts';
import { Connectivity } from './connectivity.ts';
import { isEmptyDatabase, seedDemo } from './demo-seed.ts';
import { Preferences } from './preferences.ts';
import { authTokenKey, MemorySecretStore, type SecretStore } from './secret-store.ts';
import { SwitchableGateway } from './switchable-gateway.ts';

export interface AppOptions {
  /** SQLite file (created if missing), or ':memory:'. */
  dbPath: string;
  /** Where gateway credentials live. Default: memory only. */
  secrets?: SecretStore;
  /**
   * 'auto' (default): the demo (embedded simulator + demo data) when the database is empty or
   * already a demo, and no Twilio credentials are stored. true: the same, but also on a database
   * already holding live data it starts the simulator. false: never.
   */
  demo?: boolean | 'auto';
  /** Generated leads in the demo seed besides the scenario's twelve. Default 300. */
  demoExtraLeads?: number;
  /** Simulator options for the demo (e.g. faster timing in tests). */
  simulator?: Partial<GatewaySimulatorOptions>;
  /** Another Twilio API host for live accounts (tests point it at a simulator). */
  gatewayBaseUrl?: string;
  /** Overrides the stored poll interval (ms). */
  pollIntervalMs?: number;
  /** Start polling and the outbox. Default true. */
  background?: boolean;
  clock?: Clock;
  timeZone?: string;
  log?: Logger;
  /** better-sqlite3 native binding (the Electron build keeps its own). */
  nativeBinding?: string;
}

export interface App {
  mode: 'demo' | 'live';
  db: Db;
  core: ConnectedCore;
  bus: EventBus;
  /** The only emitter of data events (what changed in the store, by anyone). */
  feed: ChangeFeed;
  connectivity: Connectivity;
  ctx: HandlerContext;
  sync: BackgroundSync;
  simulator: GatewaySimulator | null;
  secrets: SecretStore;
  /** Runs one IPC call through the contract (validation in and out, errors as codes). */
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  /** The same, with the stage the call ended at (the web host maps it to an HTTP status). */
  run(channel: string, input: unknown): Promise<InvokeOutcome>;
  close(): Promise<void>;
}

export async function bootApp(o: AppOptions): Promise<App> {
  const clock = o.clock ?? systemClock;
  const log = o.log ?? consoleLogger;
  const secrets = o.secrets ?? new MemorySecretStore();
  if (o.dbPath !== ':memory:') mkdirSync(dirname(o.dbPath), { recursive: true });
  const db = openDatabase(o.dbPath, o.nativeBinding ? { nativeBinding: o.nativeBinding } : {});
  let simulator: GatewaySimulator | null = null;
  let sync: BackgroundSync | null = null;
  try {
    const gateway = new SwitchableGateway();
    const core = createConnectedCore({ db, gateway, clock, ...(o.timeZone ? { timeZone: o.timeZone } : {}) });
    const { store } = core;
    const prefs = new Preferences(store);
    const bus = new EventBus((err) => log.error('event listener failed', err));

    const liveAccounts = () => store.accounts.gatewayAccounts().filter((g) => !(simulator && g.account_sid === simulator.accountSid));
    const liveToken = async (): Promise<{ accountSid: string; token: string } | null> => {
      for (const g of liveAccounts()) {
        const token = await secrets.get(authTokenKey(g.account_sid));
        if (token) return { accountSid: g.account_sid, token };
      }
      return null;
    };

    // Which mode: the demo needs an empty (or already demo) database and no live credentials.
    const empty = isEmptyDatabase(core);
    const storedMode = prefs.mode();
    const anyLiveCredentials = (await liveToken()) !== null;
    const demoWanted = o.demo ?? 'auto';
    const mode: 'demo' | 'live' =
      demoWanted !== false && !anyLiveCredentials && (storedMode === 'demo' || (storedMode === undefined && empty)) ? 'demo' : 'live';
    const runSimulator = mode === 'demo' || (demoWanted === true && !anyLiveCredentials);

    if (runSimulator) {
      const firstRun = prefs.demoStartMs() === undefined;
      const startMs = prefs.demoStartMs() ?? clock();
      const imported = prefs.lastPollStartMs() ?? Number.NEGATIVE_INFINITY;
      // On a restart, replay only the replies the app has not polled yet; the history is in the store.
      const scenario = firstRun
        ? demoScenario
        : { ...demoScenario, events: demoScenario.events.filter((e) => e.direction === 'inbound' && startMs + e.at >= imported) };
      simulator = new GatewaySimulator({ scenario, scenarioStartMs: startMs, clock, ...o.simulator });
      await simulator.start();
      if (mode === 'demo' && empty) {
        const historySids = new Map(
          simulator.allMessages().filter((m) => m.direction !== 'inbound').map((m) => [`${m.to}|${m.body}`, m.sid] as const),
        );
        await seedDemo(core, {
          scenario: demoScenario,
          scenarioStartMs: startMs,
          accountSid: simulator.accountSid,
          accountLabel: 'Demo gateway (built-in simulator)',
          historySids,
          extraLeads: o.demoExtraLeads ?? 300,
        });
        prefs.setMode('demo');
        prefs.setDemoStartMs(startMs);
      }
    }

    let gatewayKind: 'twilio' | 'simulator' | 'none' = 'none';
    const reconfigureGateway = async (): Promise<void> => {
      const live = await liveToken();
      if (live) {
        gateway.set(new TwilioGateway({ accountSid: live.accountSid, authToken: live.token, clock, ...(o.gatewayBaseUrl ? { baseUrl: o.gatewayBaseUrl } : {}) }), 'twilio');
        gatewayKind = 'twilio';
      } else if (simulator) {
        gateway.set(new TwilioGateway({ accountSid: simulator.accountSid, authToken: simulator.authToken, baseUrl: simulator.url, timeoutMs: 5_000, clock }), 'simulator');
        gatewayKind = 'simulator';
      } else {
        gateway.set(null, 'none');
        gatewayKind = 'none';
      }
    };
    await reconfigureGateway();

    const accountSidOf = (gatewayAccountId: number): string | undefined =>
      store.accounts.gatewayAccounts().find((g) => g.id === gatewayAccountId)?.account_sid;
    const isSimulated = (gatewayAccountId: number): boolean => {
      const sid = accountSidOf(gatewayAccountId);
      return sid !== undefined && (simulator ? sid === simulator.accountSid : sid === DEMO_ACCOUNT_SID && mode === 'demo');
    };
    const credentials: CredentialsService = {
      isSimulated,
      async isConfigured(id) {
        if (isSimulated(id)) return true;
        const sid = accountSidOf(id);
        return sid !== undefined && (await secrets.has(authTokenKey(sid)));
      },
      async set(id, authToken) {
        const sid = accountSidOf(id);
        if (!sid) throw new Error(`gateway account ${id} not found`);
        await secrets.set(authTokenKey(sid), authToken);
        prefs.credentialsChanged();
      },
      async clear(id) {
        const sid = accountSidOf(id);
        if (sid) await secrets.delete(authTokenKey(sid));
        prefs.credentialsChanged();
      },
      async test(id) {
        const sid = accountSidOf(id);
        if (!sid) return { ok: false, message: 'No such gateway account.' };
        let client: TwilioGateway;
        if (isSimulated(id) && simulator) {
          client = new TwilioGateway({ accountSid: simulator.accountSid, authToken: simulator.authToken, baseUrl: simulator.url, timeoutMs: 5_000, clock });
        } else {
          const token = await secrets.get(authTokenKey(sid));
          if (!token) return { ok: false, message: 'No credentials are stored for this account yet.' };
          client = new TwilioGateway({ accountSid: sid, authToken: token, timeoutMs: 10_000, clock, ...(o.gatewayBaseUrl ? { baseUrl: o.gatewayBaseUrl } : {}) });
        }
        try {
          await client.listMessages({ pageSize: 1 });
          return { ok: true, message: isSimulated(id) ? 'Connected to the built-in demo gateway.' : `Connected to Twilio as ${sid}.` };
        } catch (err) {
          const message = err instanceof GatewayError ? err.message : err instanceof Error ? err.message : String(err);
          return { ok: false, message };
        }
      },
    };

    const changes = new ChangesRepo(db);
    const connectivity = new Connectivity({
      bus,
      outbox: core.outbox,
      poller: core.poller,
      maxMessageId: () => changes.maxMessageId(),
      gatewayKind: () => gatewayKind,
      pollIntervalMs: o.pollIntervalMs ?? prefs.pollIntervalMs(),
      clock,
    });
    // From here on, what anyone writes is news (the demo seed above is not).
    const feed = new ChangeFeed({ changes, bus, log, initialSync: () => connectivity.initialSyncRunning });
    sync = new BackgroundSync({
      core,
      feed,
      connectivity,
      log,
      reconfigureGateway,
      onPollCompleted: (startedAt) => prefs.setLastPollStartMs(startedAt),
    });

    const ctx: HandlerContext = {
      core,
      bus,
      feed,
      sync,
      credentials,
      reviews: {
        confirm: (id, actor) => core.reviews.confirm(id, actor).item,
        dismiss: (id, actor) => core.reviews.dismiss(id, actor).item,
      },
      prefs,
      mode,
      ...(o.timeZone ? { timeZone: o.timeZone } : {}),
      log,
    };

    if (o.background ?? true) sync.start();
    const started = sync;
    const sim = simulator;
    let closed = false;
    const app: App = {
      mode,
      db,
      core,
      bus,
      feed,
      connectivity,
      ctx,
      sync: started,
      simulator: sim,
      secrets,
      invoke: (channel, input) => invokeHandler(channel, input, ctx),
      run: (channel, input) => runHandler(channel, input, ctx),
      async close() {
        if (closed) return;
        closed = true;
        await started.stop();
        await sim?.stop();
        db.close();
      },
    };
    bus.emit('app:ready', { mode });
    log.info(`ready: ${mode} mode, gateway ${gatewayKind}, credentials ${secrets.description}`);
    return app;
  } catch (err) {
    await sync?.stop().catch(() => undefined);
    await simulator?.stop().catch(() => undefined);
    db.close();
    throw err;
  }
}
