// App preferences kept in the settings table (never credentials: those live in the SecretStore).
import { userInfo } from 'node:os';
import type { Store } from '../db/store.ts';
import type { NotificationPrefs } from '../../shared/ipc/contract.ts';

export const DEFAULT_POLL_INTERVAL_MS = 10_000;
export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = { desktop: true, replies: true, possibleOptOuts: true, sendFailures: true };

const KEYS = {
  userName: 'user.name',
  pollIntervalMs: 'sync.pollIntervalMs',
  notifications: 'notifications.prefs',
  mode: 'app.mode',
  demoStartMs: 'demo.scenarioStartMs',
  lastPollStartMs: 'sync.lastCompletedPollStartMs',
} as const;

function osUserName(): string {
  try {
    return userInfo().username || 'staff';
  } catch {
    return 'staff';
  }
}

export class Preferences {
  constructor(private readonly store: Store) {}

  userName(): string {
    return this.store.settings.get<string>(KEYS.userName) ?? osUserName();
  }
  setUserName(name: string): void {
    this.store.settings.set(KEYS.userName, name);
  }
  pollIntervalMs(): number {
    const v = this.store.settings.get<number>(KEYS.pollIntervalMs);
    return typeof v === 'number' && Number.isInteger(v) && v >= 2_000 ? v : DEFAULT_POLL_INTERVAL_MS;
  }
  setPollIntervalMs(ms: number): void {
    this.store.settings.set(KEYS.pollIntervalMs, ms);
  }
  notifications(): NotificationPrefs {
    return { ...DEFAULT_NOTIFICATION_PREFS, ...(this.store.settings.get<Partial<NotificationPrefs>>(KEYS.notifications) ?? {}) };
  }
  setNotifications(prefs: NotificationPrefs): void {
    this.store.settings.set(KEYS.notifications, prefs);
  }
  /** 'demo' once the database was seeded with the demo scenario; undefined for a fresh database. */
  mode(): 'demo' | 'live' | undefined {
    return this.store.settings.get<'demo' | 'live'>(KEYS.mode);
  }
  setMode(mode: 'demo' | 'live'): void {
    this.store.settings.set(KEYS.mode, mode);
  }
  /** When the demo scenario's clock started (its offsets count from here), so restarts keep its timeline. */
  demoStartMs(): number | undefined {
    return this.store.settings.get<number>(KEYS.demoStartMs);
  }
  setDemoStartMs(ms: number): void {
    this.store.settings.set(KEYS.demoStartMs, ms);
  }
  /** When the last poll that completed without error started: replies before it were imported. */
  lastPollStartMs(): number | undefined {
    return this.store.settings.get<number>(KEYS.lastPollStartMs);
  }
  setLastPollStartMs(ms: number): void {
    this.store.settings.set(KEYS.lastPollStartMs, ms);
  }
}
