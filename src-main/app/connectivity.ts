// The one online/offline picture the renderer shows (sync:status), merged from what the poller's
// last poll found, the outbox's last contact with the gateway, and the pages an initial sync is
// bringing in. Only this module emits sync:status.
import type { EventBus } from '../ipc/event-bus.ts';
import type { OutboxStatus } from '../outbox/outbox.ts';
import type { PollReport } from '../sync/inbound-poller.ts';
import type { SyncProgress } from '../sync/sync-progress.ts';
import type { GatewayAccountStatus, SyncStatus } from '../../shared/ipc/contract.ts';
import type { GatewayRegistry } from '../gateway/gateway-registry.ts';
import type { AccountPollers } from '../sync/account-pollers.ts';

/** Each gateway account's state: its gateway's health (every request made through it) with its polling. */
export function accountStatuses(registry: GatewayRegistry, pollers: Pick<AccountPollers, 'states'>): GatewayAccountStatus[] {
  const polls = new Map(pollers.states().map((s) => [s.gatewayAccountId, s] as const));
  return registry.all().map((g) => {
    const h = g.health();
    const p = polls.get(g.gatewayAccountId);
    return {
      gatewayAccountId: g.gatewayAccountId,
      label: g.label,
      gateway: g.kind,
      state: h.state,
      lastOkAt: h.lastOkAt,
      lastPollAt: p?.lastCompleteAt ?? null,
      lastError: h.lastError,
      lastErrorDetail: h.lastErrorDetail,
      retryAt: p?.retryAt ?? null,
      polling: p?.polling ?? false,
      initialSync: p?.neverSynced && p.progress ? p.progress.fraction : null,
    };
  });
}

export interface ConnectivityOptions {
  bus: EventBus;
  outbox: { status(): OutboxStatus };
  poller: { progress(): SyncProgress | null; neverSynced(): boolean };
  /** The newest message id: an initial sync counts the messages it brought in from it. */
  maxMessageId: () => number;
  /** What serves the gateway now. */
  gatewayKind: () => SyncStatus['gateway'];
  /** Each gateway account's state; when given, the aggregate is made from them. */
  accounts?: () => GatewayAccountStatus[];
  pollIntervalMs: number;
  clock: () => number;
}

export class Connectivity {
  readonly #o: ConnectivityOptions;
  #pollIntervalMs: number;
  /** What the last finished poll found: the gateway answered (or refused as reachable). */
  #polledOnline = false;
  #lastPollAt: number | null = null;
  #lastError: string | null = null;
  #initial: { startMessageId: number } | null = null;

  constructor(o: ConnectivityOptions) {
    this.#o = o;
    this.#pollIntervalMs = o.pollIntervalMs;
  }

  /** A poll begins. Every poll until the first complete pass is part of the initial sync; true when this one is. */
  pollStarting(): boolean {
    const initial = this.#o.poller.neverSynced();
    if (initial) this.#initial = { startMessageId: this.#o.maxMessageId() };
    return initial;
  }

  /** A poll ended with its report. */
  pollEnded(report: PollReport): void {
    if (report.error) {
      this.#lastError = report.error.message;
      // Reachable but refusing (a bad filter) still counts as online; network trouble and
      // refused credentials do not.
      this.#polledOnline = report.error.kind === 'rejected' || (report.error.kind === 'retryable' && report.error.status !== null);
    } else {
      this.#polledOnline = true;
      this.#lastError = null;
      this.#lastPollAt = this.#o.clock();
    }
  }

  /** The poll (and so any initial sync) is over. */
  pollFinished(): void {
    this.#initial = null;
  }

  /** Whether an initial sync is running (its notifications are history). */
  get initialSyncRunning(): boolean {
    return this.#initial !== null;
  }

  get pollIntervalMs(): number {
    return this.#pollIntervalMs;
  }
  setPollInterval(ms: number): void {
    this.#pollIntervalMs = ms;
  }

  status(): SyncStatus {
    const outbox = this.#o.outbox.status();
    const queued = Object.values(outbox.pending).reduce((a, b) => a + b, 0);
    const kind = this.#o.gatewayKind();
    const initial = this.#initial;
    const fraction = this.#o.poller.progress()?.fraction ?? 0;
    // Pages coming in during the initial sync mean the gateway answers: not "Offline" until the last page.
    const receiving = initial !== null && fraction > 0;
    const accounts = this.#o.accounts?.() ?? [];
    const served = accounts.filter((a) => a.gateway !== 'none');
    let online: boolean;
    let lastError: string | null;
    let lastPollAt = this.#lastPollAt;
    if (served.length > 0) {
      // Several accounts: online while any of them answers; each one's trouble is named by its account.
      online = receiving || served.some((a) => a.state === 'online' || a.state === 'limited');
      const troubled = served.filter((a) => a.lastError !== null && a.state !== 'online');
      lastError = troubled.length === 0 ? null : troubled.map((a) => (served.length > 1 ? `${a.label}: ${a.lastError}` : a.lastError)).join(' · ');
      for (const a of served) if (a.lastPollAt !== null && (lastPollAt === null || a.lastPollAt > lastPollAt)) lastPollAt = a.lastPollAt;
    } else {
      online = kind !== 'none' && (this.#polledOnline || receiving) && outbox.online !== false;
      lastError = outbox.authProblem?.message ?? this.#lastError ?? (online ? null : outbox.lastError);
    }
    return {
      online,
      gateway: kind,
      lastPollAt,
      lastError,
      queued,
      pollIntervalMs: this.#pollIntervalMs,
      initialSync: initial ? { done: Math.max(0, this.#o.maxMessageId() - initial.startMessageId), fraction } : null,
      accounts,
    };
  }

  /** Tells the renderer the picture as it is now. */
  publish(): void {
    this.#o.bus.emit('sync:status', this.status());
  }
}
