// A HandlerContext over a seeded world, as the app wires one (src-main/app/app.ts) but with a
// stand-in sync controller and credentials: what the unit tests call the IPC handlers with.
// Every event the change feed emits (after each call, as in the app) is recorded in `events`.
import { EventBus } from '../../src-main/ipc/event-bus.ts';
import type { HandlerContext, SyncController } from '../../src-main/ipc/context.ts';
import { Preferences } from '../../src-main/settings/preferences.ts';
import { ChangeFeed } from '../../src-main/app/change-feed.ts';
import { ChangesRepo } from '../../src-main/db/repos/changes-repo.ts';
import type { seedWorld } from './seed-world.ts';
import { GroupConnection } from '../../src-main/group/group-connection.ts';
import { MemorySecretStore } from '../../src-main/app/secret-store.ts';

export const quietLog = { info: () => undefined, error: () => undefined };

export function contextFor(w: ReturnType<typeof seedWorld>): HandlerContext & { events: [string, unknown][] } {
  const events: [string, unknown][] = [];
  const bus = new EventBus();
  bus.subscribe((e, p) => events.push([e, p]));
  const prefs = new Preferences(w.core.store);
  prefs.setUserName('Kim (BDC)');
  // The world as seeded is not news; what the calls (and the test) write from here on is.
  const feed = new ChangeFeed({ changes: new ChangesRepo(w.core.store.db), bus, log: quietLog });
  const sync: SyncController = {
    status: () => ({ online: true, gateway: 'simulator', lastPollAt: null, lastError: null, queued: 0, pollIntervalMs: 10_000, initialSync: null, accounts: [] }),
    pollNow: async () => undefined,
    setPollInterval: () => undefined,
    reconfigure: async () => undefined,
    // As the app's: a flush, idempotent after the registry's.
  };
  return {
    core: w.core,
    bus,
    feed,
    sync,
    credentials: {
      isConfigured: async () => false,
      set: async () => undefined,
      clear: async () => undefined,
      test: async () => ({ ok: false, message: 'not configured' }),
      isSimulated: () => false,
    },
    group: new GroupConnection(w.core.group, new MemorySecretStore(), undefined, false),
    prefs,
    mode: 'live',
    timeZone: 'Australia/Sydney',
    log: quietLog,
    events,
  };
}
