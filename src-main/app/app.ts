// Boots the app without Electron: opens the store, loads credentials, connects the core to a
// gateway (Twilio with stored credentials; the embedded simulator with the demo scenario when
// there are none), seeds the demo once, starts polling and the outbox, and exposes the IPC
// handlers with their context. The Electron shell and the web host both run on this.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDatabaseFile, type Db } from '../db/open-database.ts';
import { acquireInstanceLock } from '../db/instance-lock.ts';
import { createConnectedCore, type ConnectedCore } from '../connected-core.ts';
import type { OutboxOptions } from '../outbox/outbox.ts';
import { systemClock, type Clock, type TestClock } from '../clock.ts';
import { GatewayCredentials, liveCredentials } from '../gateway/credentials.ts';
import { GatewayRegistry } from '../gateway/gateway-registry.ts';
import { GatewaySimulator, type GatewaySimulatorOptions } from '../gateway/simulator/simulator.ts';
import { demoScenario } from '../gateway/simulator/demo-scenario.ts';
import { ChangesRepo } from '../db/repos/changes-repo.ts';
import { EventBus } from '../ipc/event-bus.ts';
import { consoleLogger, type DemoLauncher, type HandlerContext, type Logger } from '../ipc/context.ts';
import { invokeHandler, runHandler, type InvokeOutcome } from '../ipc/registry.ts';
import type { IpcResult } from '../../shared/ipc/contract.ts';
import { BackgroundSync } from './background-sync.ts';
import { ChangeFeed } from './change-feed.ts';
import { accountStatuses, Connectivity } from './connectivity.ts';
import { isEmptyDatabase, seedDemo } from './demo-seed.ts';
import { Preferences } from '../settings/preferences.ts';
import { authTokens, MemorySecretStore, type SecretStore } from './secret-store.ts';
import { GroupConnection } from '../group/group-connection.ts';
import { BackupSchedule } from './backup-schedule.ts';
import { fileLogger, logDirFor } from './file-log.ts';
import { DiagnosticsService } from '../diagnostics/diagnostics-service.ts';
import { schemaVersion } from '../db/migrate.ts';

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
  /** Outbox timings (tests shorten the reconcile delay and backoff). */
  outbox?: OutboxOptions;
  /** Start polling and the outbox. Default true. */
  background?: boolean;
  clock?: Clock;
  /** Test runs only: a clock the e2e tests move forward over IPC (automation.advanceTestClock). */
  testClock?: TestClock;
  timeZone?: string;
  log?: Logger;
  /** better-sqlite3 native binding (the Electron build keeps its own). */
  nativeBinding?: string;
  /** Where the log files are (default: logs/ beside the database). */
  logDir?: string;
  /** Versions for "Export diagnostics" (the app's, Electron's...). */
  versions?: Record<string, string | undefined>;
  /** Daily backups of a database file (default on; false: none; firstDelayMs: when the first check runs). */
  backups?: false | { firstDelayMs?: number };
  /** Opens the demo beside this desk (start-web-host and Electron wire app/demo-desk.ts in). */
  demoLauncher?: DemoLauncher;
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
  /** The daily backup (null for ':memory:' or when turned off). */
  backups: BackupSchedule | null;
  /** Runs one IPC call through the contract (validation in and out, errors as codes). */
  invoke(channel: string, input: unknown): Promise<IpcResult<unknown>>;
  /** The same, with the stage the call ended at (the web host maps it to an HTTP status). */
  run(channel: string, input: unknown): Promise<InvokeOutcome>;
  close(): Promise<void>;
}

type Mode = App['mode'];

/** Which mode: the demo needs an empty (or already demo) database and no live credentials. */
function chooseMode(
  demoWanted: boolean | 'auto',
  state: { empty: boolean; storedMode: Mode | undefined; anyLiveCredentials: boolean },
): { mode: Mode; runSimulator: boolean } {
  const { empty, storedMode, anyLiveCredentials } = state;
  const mode: Mode = demoWanted !== false && !anyLiveCredentials && (storedMode === 'demo' || (storedMode === undefined && empty)) ? 'demo' : 'live';
  return { mode, runSimulator: mode === 'demo' || (demoWanted === true && !anyLiveCredentials) };
}

/** Starts the embedded simulator with the demo scenario; seeds the demo into an empty database once. */
async function startDemoSimulator(
  core: ConnectedCore,
  prefs: Preferences,
  o: AppOptions,
  at: { mode: Mode; empty: boolean; clock: Clock },
): Promise<GatewaySimulator> {
  const firstRun = prefs.demoStartMs() === undefined;
  const startMs = prefs.demoStartMs() ?? at.clock();
  const imported = prefs.lastPollStartMs() ?? Number.NEGATIVE_INFINITY;
  // On a restart, replay only the replies the app has not polled yet; the history is in the store.
  const scenario = firstRun
    ? demoScenario
    : { ...demoScenario, events: demoScenario.events.filter((e) => e.direction === 'inbound' && startMs + e.at >= imported) };
  const simulator = new GatewaySimulator({ scenario, scenarioStartMs: startMs, clock: at.clock, ...o.simulator });
  await simulator.start();
  if (at.mode === 'demo' && at.empty) {
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
  return simulator;
}

export async function bootApp(o: AppOptions): Promise<App> {
  const clock = o.testClock ?? o.clock ?? systemClock;
  // The console and rotating files in logs/ beside the database (electron-log), unless told otherwise.
  const logDir = o.dbPath === ':memory:' ? null : (o.logDir ?? logDirFor(o.dbPath));
  const log = o.log ?? (logDir ? fileLogger(logDir) : consoleLogger);
  const secrets: SecretStore = o.secrets ?? new MemorySecretStore();
  const tokens = authTokens(secrets);
  if (o.dbPath !== ':memory:') mkdirSync(dirname(o.dbPath), { recursive: true });
  // One desk per database file, whatever started it (issue 14): a second one is refused here with
  // the name of the process that has the file, before anything is opened.
  const lock = acquireInstanceLock(o.dbPath, o.nativeBinding ? { nativeBinding: o.nativeBinding } : {});
  // A damaged, empty (0-byte) or newer file is refused here, before anything is written to it.
  let opened: { db: Db; created: boolean };
  try {
    opened = openDatabaseFile(o.dbPath, o.nativeBinding ? { nativeBinding: o.nativeBinding } : {});
  } catch (err) {
    lock.release();
    throw err;
  }
  const { db, created } = opened;
  let simulator: GatewaySimulator | null = null;
  let sync: BackgroundSync | null = null;
  try {
    // The core, over every gateway account; each account's client is set once the credentials are known.
    const registry = new GatewayRegistry({ gatewayAccounts: () => core.store.accounts.gatewayAccounts() }, clock);
    const core: ConnectedCore = createConnectedCore({ db, gateways: registry, clock, ...(o.timeZone ? { timeZone: o.timeZone } : {}), ...(o.outbox ? { outbox: o.outbox } : {}) });
    const { store } = core;
    // We hold the file: claims left by a desk that died are void; their rows are reconciled (R8).
    core.outbox.adoptOrphanedLeases();
    const prefs = new Preferences(store);
    const bus = new EventBus((err) => log.error('event listener failed', err));

    // The demo is seeded only into a store this start created: never over a file that existed.
    const empty = created && isEmptyDatabase(core);
    const { mode, runSimulator } = chooseMode(o.demo ?? 'auto', {
      empty,
      storedMode: prefs.mode(),
      anyLiveCredentials: (await liveCredentials(store.accounts, tokens)) !== null,
    });
    if (runSimulator) simulator = await startDemoSimulator(core, prefs, o, { mode, empty, clock });

    const credentials = new GatewayCredentials({
      accounts: store.accounts,
      tokens,
      simulator,
      demo: mode === 'demo',
      clock,
      ...(o.gatewayBaseUrl ? { gatewayBaseUrl: o.gatewayBaseUrl } : {}),
    });
    const reconfigureGateway = async (): Promise<void> => {
      await credentials.configure(registry);
      // New credentials are worth a try at once, whatever the account's backoff was.
      for (const g of registry.all()) core.poller.resetBackoff(g.gatewayAccountId);
    };
    await reconfigureGateway();

    const changes = new ChangesRepo(db);
    const connectivity = new Connectivity({
      bus,
      outbox: core.outbox,
      poller: core.poller,
      maxMessageId: () => changes.maxMessageId(),
      gatewayKind: () => registry.kind(),
      accounts: () => accountStatuses(registry, core.poller),
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

    // R11: a desk that is a member of a group reconnects to its server; the status bar hears of it.
    const group = new GroupConnection(core.group, secrets, undefined, o.background ?? true);
    core.group.onStatus(() => bus.emit('group:status', group.status()));
    await group.restore().catch((err: unknown) => log.error('group server settings could not be restored', err));

    const diagnostics =
      o.dbPath === ':memory:'
        ? undefined
        : new DiagnosticsService({
            dbPath: o.dbPath,
            logDir,
            outDir: join(dirname(o.dbPath), 'diagnostics'),
            clock,
            versions: { node: process.versions.node, electron: process.versions.electron, sqlite: String(db.prepare('SELECT sqlite_version()').pluck().get()), ...o.versions },
            schemaVersion: () => schemaVersion(db),
            knownSecrets: async () => {
              const found = await Promise.all(store.accounts.gatewayAccounts().map((g) => tokens.get(g.account_sid)));
              return found.filter((t): t is string => !!t);
            },
          });
    const ctx: HandlerContext = {
      ...(diagnostics ? { diagnostics } : {}),
      core,
      bus,
      feed,
      sync,
      credentials,
      group,
      prefs,
      mode,
      ...(o.timeZone ? { timeZone: o.timeZone } : {}),
      ...(o.testClock ? { testClock: o.testClock } : {}),
      // The demo desk itself offers no demo.
      ...(o.demoLauncher && mode === 'live' ? { demo: o.demoLauncher } : {}),
      log,
    };

    if (o.background ?? true) sync.start();
    const backups =
      o.dbPath !== ':memory:' && o.backups !== false
        ? new BackupSchedule({ db, dbPath: o.dbPath, clock, log, ...(o.backups?.firstDelayMs !== undefined ? { firstDelayMs: o.backups.firstDelayMs } : {}) })
        : null;
    backups?.start();
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
      backups,
      invoke: (channel, input) => invokeHandler(channel, input, ctx),
      run: (channel, input) => runHandler(channel, input, ctx),
      async close() {
        if (closed) return;
        closed = true;
        await started.stop();
        await group.close();
        await backups?.stop();
        await sim?.stop();
        db.close();
        lock.release();
      },
    };
    for (const w of secrets.warnings ?? []) log.error(`credentials: ${w}`);
    bus.emit('app:ready', { mode });
    log.info(`ready: ${mode} mode, gateway ${registry.kind()} (${registry.all().length} account(s)), credentials ${secrets.description}`);
    return app;
  } catch (err) {
    await sync?.stop().catch(() => undefined);
    await simulator?.stop().catch(() => undefined);
    db.close();
    lock.release();
    throw err;
  }
}
