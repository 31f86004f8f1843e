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
  credentialsRevision: 'credentials.revision',
} as const;

/** Keys of app state, not settings a user sees: writing them is no settings:changed. */
export const APP_STATE_KEYS: ReadonlySet<string> = new Set([KEYS.mode, KEYS.demoStartMs, KEYS.lastPollStartMs]);

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
  /**
   * Credentials live in the SecretStore, outside the database: a stored or cleared token bumps
   * this so that the change feed (in this process or another on the same file) announces it.
   */
  credentialsChanged(): void {
    this.store.settings.set(KEYS.credentialsRevision, (this.store.settings.get<number>(KEYS.credentialsRevision) ?? 0) + 1);
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
