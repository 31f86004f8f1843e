// A HandlerContext over a seeded world, as the app wires one (src-main/app/app.ts) but with a
// stand-in sync controller and credentials: what the unit tests call the IPC handlers with.
// Every event the handlers emit is recorded in `events`.
import { EventBus } from '../../src-main/ipc/event-bus.ts';
import type { HandlerContext, SyncController } from '../../src-main/ipc/context.ts';
import { Preferences } from '../../src-main/settings/preferences.ts';
import type { seedWorld } from './seed-world.ts';

export const quietLog = { info: () => undefined, error: () => undefined };

export function contextFor(w: ReturnType<typeof seedWorld>): HandlerContext & { events: [string, unknown][] } {
  const events: [string, unknown][] = [];
  const bus = new EventBus();
  bus.subscribe((e, p) => events.push([e, p]));
  const sync: SyncController = {
    status: () => ({ online: true, gateway: 'simulator', lastPollAt: null, lastError: null, queued: 0, pollIntervalMs: 10_000, initialSync: null }),
    pollNow: async () => undefined,
    setPollInterval: () => undefined,
    reconfigure: async () => undefined,
    publishChanges: () => undefined,
  };
  const prefs = new Preferences(w.core.store);
  prefs.setUserName('Kim (BDC)');
  return {
    core: w.core,
    bus,
    sync,
    credentials: {
      isConfigured: async () => false,
      set: async () => undefined,
      clear: async () => undefined,
      test: async () => ({ ok: false, message: 'not configured' }),
      isSimulated: () => false,
    },
    prefs,
    mode: 'live',
    timeZone: 'Australia/Sydney',
    log: quietLog,
    events,
  };
}
