// What every IPC handler gets besides its input: the core services, the event bus, and the
// app-level services the bootstrap wires in (sync, credentials).
import type { Core } from '../core.ts';
import type { EventBus } from './event-bus.ts';
import type { SyncStatus } from '../../shared/ipc/contract.ts';
import type { Preferences } from '../settings/preferences.ts';
import type { CredentialsService } from '../gateway/credentials.ts';
import type { GroupConnection } from '../group/group-connection.ts';
import type { TestClock } from '../clock.ts';
import type { DiagnosticsService } from '../diagnostics/diagnostics-service.ts';

/** Polling, the outbox and online state, as the renderer sees them. */
export interface SyncController {
  status(): SyncStatus;
  /** Polls the gateway (and flushes the outbox) now. */
  pollNow(): Promise<void>;
  setPollInterval(ms: number): void;
  /** Credentials changed: rebuild the gateway client. */
  reconfigure(): Promise<void>;
  /** Runs an automation tick soon (a rule switched on, the test clock moved). */
  kickAutomation?(): void;
}

/**
 * The change feed (src-main/app/change-feed.ts), the only emitter of data events. The registry
 * flushes it after every call, so handlers emit nothing themselves.
 */
export interface ChangeFlush {
  /** Emits the events for everything written since the last flush, by anyone. */
  flush(): void;
}

/** Gateway credentials (write-only from the renderer's side): implemented by gateway/credentials.ts. */
export type { CredentialsService } from '../gateway/credentials.ts';

export interface Logger {
  info(message: string, extra?: unknown): void;
  error(message: string, extra?: unknown): void;
}

/** The demo opened beside a real desk (app/demo-desk.ts): its address, and who opens it. */
export interface DemoOpened {
  url: string;
  /** 'app': main opened it (Electron: the system browser); 'renderer': the page opens it in a tab. */
  openedBy: 'app' | 'renderer';
}

export interface DemoLauncher {
  open(): Promise<DemoOpened>;
}

export interface HandlerContext {
  core: Core;
  bus: EventBus;
  feed: ChangeFlush;
  sync: SyncController;
  credentials: CredentialsService;
  /** The group server connection (R11): join, leave, status. */
  group: GroupConnection;
  prefs: Preferences;
  mode: 'demo' | 'live';
  /** Time zone for dates in user-facing sentences; the system's when undefined. */
  timeZone?: string;
  log: Logger;
  /** Test runs only: the clock the app runs on, which the e2e tests move forward. */
  testClock?: TestClock;
  /** "Export diagnostics" (absent for a throwaway ':memory:' store). */
  diagnostics?: DiagnosticsService;
  /** Opens the demo beside this desk (absent where it cannot be: the demo desk itself, tests). */
  demo?: DemoLauncher;
}

export const consoleLogger: Logger = {
  info: (message, extra) => console.error(`[smsdesk] ${message}`, ...(extra === undefined ? [] : [extra])),
  error: (message, extra) => console.error(`[smsdesk] ${message}`, ...(extra === undefined ? [] : [extra])),
};
