// What every IPC handler gets besides its input: the core services, the event bus, and the
// app-level services the bootstrap wires in (sync, credentials, review resolution).
import type { Core } from '../core.ts';
import type { EventBus } from './event-bus.ts';
import type { SyncStatus } from '../../shared/ipc/contract.ts';
import type { ReviewItemRow } from '../db/repos/reviews-repo.ts';
import type { Preferences } from '../app/preferences.ts';

/** Polling, the outbox and online state, as the renderer sees them. */
export interface SyncController {
  status(): SyncStatus;
  /** Polls the gateway (and flushes the outbox) now. */
  pollNow(): Promise<void>;
  setPollInterval(ms: number): void;
  /** Credentials changed: rebuild the gateway client. */
  reconfigure(): Promise<void>;
  /** @deprecated The change feed flushes after every call (ctx.feed); remove with its last caller. */
  publishChanges(): void;
}

/**
 * The change feed (src-main/app/change-feed.ts), the only emitter of data events. The registry
 * flushes it after every call, so handlers emit nothing themselves.
 */
export interface ChangeFlush {
  /** Emits the events for everything written since the last flush, by anyone. */
  flush(): void;
}

/** Gateway credentials: write-only from the renderer's side. */
export interface CredentialsService {
  isConfigured(gatewayAccountId: number): Promise<boolean>;
  set(gatewayAccountId: number, authToken: string): Promise<void>;
  clear(gatewayAccountId: number): Promise<void>;
  /** Checks the stored credentials against the gateway; never throws for a refusal. */
  test(gatewayAccountId: number): Promise<{ ok: boolean; message: string }>;
  /** Whether the account is served by the embedded simulator. */
  isSimulated(gatewayAccountId: number): boolean;
}

/** Resolves review items (possible opt-outs, unattributed replies). */
export interface ReviewResolver {
  confirm(reviewId: number, actor: string): ReviewItemRow;
  dismiss(reviewId: number, actor: string): ReviewItemRow;
}

export interface Logger {
  info(message: string, extra?: unknown): void;
  error(message: string, extra?: unknown): void;
}

export interface HandlerContext {
  core: Core;
  bus: EventBus;
  feed: ChangeFlush;
  sync: SyncController;
  credentials: CredentialsService;
  reviews: ReviewResolver;
  prefs: Preferences;
  mode: 'demo' | 'live';
  /** Time zone for dates in user-facing sentences; the system's when undefined. */
  timeZone?: string;
  log: Logger;
}

export const consoleLogger: Logger = {
  info: (message, extra) => console.error(`[smsdesk] ${message}`, ...(extra === undefined ? [] : [extra])),
  error: (message, extra) => console.error(`[smsdesk] ${message}`, ...(extra === undefined ? [] : [extra])),
};
