// Runs the connected core's background work (inbound polling, the outbox) on timers, keeps the
// online/offline picture the renderer shows, and turns what background work changed into events
// (message:new, message:updated, notification:new, lead:changed, sync:status).
import type { ConnectedCore } from '../connected-core.ts';
import type { ChangesRepo } from '../db/repos/changes-repo.ts';
import type { NotificationRow } from '../db/repos/notifications-repo.ts';
import type { EventBus } from '../ipc/event-bus.ts';
import type { Logger, SyncController } from '../ipc/context.ts';
import type { SyncStatus } from '../../shared/ipc/contract.ts';
import { Scheduler, type Timers } from '../outbox/scheduler.ts';
import { notification } from '../ipc/mappers.ts';

export interface BackgroundSyncOptions {
  core: ConnectedCore;
  bus: EventBus;
  changes: ChangesRepo;
  log: Logger;
  pollIntervalMs: number;
  /** What serves the gateway now. */
  gatewayKind: () => SyncStatus['gateway'];
  /** Rebuilds the gateway client from the stored credentials. */
  reconfigureGateway: () => Promise<void>;
  /** Called with the start time of each poll that completed without error. */
  onPollCompleted?: (startedAt: number) => void;
  /** Longest wait between outbox runs, ms. Default 5 s. */
  outboxEveryMs?: number;
  timers?: Timers;
}

const PROGRESS_EVERY_MS = 300;
/** At most this many notifications are announced one by one per publish (the newest). */
const MAX_ANNOUNCED = 5;

export class BackgroundSync implements SyncController {
  readonly #o: BackgroundSyncOptions;
  #pollLoop: Scheduler | null = null;
  #outboxLoop: Scheduler | null = null;
  #pollIntervalMs: number;
  #online = false;
  #lastPollAt: number | null = null;
  #lastError: string | null = null;
  #initial: { startMessageId: number } | null = null;
  #firstPollDone = false;
  #lastMessageId: number;
  #lastNotificationId: number;
  #offOutbox: (() => void) | null = null;
  #current: Promise<void> | null = null;

  constructor(o: BackgroundSyncOptions) {
    this.#o = o;
    this.#pollIntervalMs = o.pollIntervalMs;
    this.#lastMessageId = o.changes.maxMessageId();
    this.#lastNotificationId = o.changes.maxNotificationId();
  }

  start(): void {
    if (this.#pollLoop) return;
    const { core } = this.#o;
    this.#offOutbox = core.outbox.onChange((messageId) => {
      const row = core.store.messages.get(messageId);
      if (row) this.#o.bus.emit('message:updated', { messageId, customerId: row.customer_id, status: row.status });
      this.publishChanges();
      this.#emitStatus();
    });
    this.#startPollLoop();
    const outboxEvery = this.#o.outboxEveryMs ?? 5_000;
    this.#outboxLoop = new Scheduler(() => core.outbox.drain(), {
      intervalMs: outboxEvery,
      nextDelayMs: () => {
        const at = core.store.messages.nextDueAt();
        return at === null ? outboxEvery : at - core.clock();
      },
      ...(this.#o.timers ? { timers: this.#o.timers } : {}),
      onError: (err) => this.#o.log.error('outbox run failed', err),
    });
    this.#outboxLoop.start();
  }

  #startPollLoop(): void {
    this.#pollLoop = new Scheduler(() => this.#poll(), {
      intervalMs: this.#pollIntervalMs,
      ...(this.#o.timers ? { timers: this.#o.timers } : {}),
      onError: (err) => this.#o.log.error('poll failed', err),
    });
    this.#pollLoop.start();
  }

  async stop(): Promise<void> {
    this.#offOutbox?.();
    this.#offOutbox = null;
    await Promise.all([this.#pollLoop?.stop(), this.#outboxLoop?.stop()]);
    this.#pollLoop = null;
    this.#outboxLoop = null;
  }

  /** Whether at least one poll has completed (for readiness in tests). */
  get firstPollDone(): boolean {
    return this.#firstPollDone;
  }

  /** One poll at a time; a caller arriving during a poll shares it. */
  #poll(): Promise<void> {
    this.#current ??= this.#pollOnce().finally(() => {
      this.#current = null;
    });
    return this.#current;
  }

  async #pollOnce(): Promise<void> {
    const { core, changes } = this.#o;
    const startedAt = core.clock();
    let progress: NodeJS.Timeout | null = null;
    // Every poll until the first complete pass of every stream is part of the initial sync (a
    // first poll cut off by going offline resumes, with its progress bar, in a later one).
    const initial = core.poller.neverSynced();
    if (initial) this.#initial = { startMessageId: changes.maxMessageId() };
    // Started before the first status goes out, so that status reads this poll's progress.
    const polling = core.poller.pollOnce();
    if (initial) {
      this.#emitStatus();
      progress = setInterval(() => this.#initialSyncTick(), PROGRESS_EVERY_MS);
      progress.unref();
    }
    try {
      const report = await polling;
      if (report.error) {
        this.#lastError = report.error.message;
        // Reachable but refusing (a bad filter) still counts as online; network trouble and
        // refused credentials do not.
        this.#online = report.error.kind === 'rejected' || (report.error.kind === 'retryable' && report.error.status !== null);
      } else {
        this.#online = true;
        this.#lastError = null;
        this.#lastPollAt = core.clock();
        this.#o.onPollCompleted?.(startedAt);
      }
    } finally {
      if (progress) clearInterval(progress);
      this.#firstPollDone = true;
      this.publishChanges();
      this.#initial = null;
      this.#emitStatus();
      this.#outboxLoop?.kick();
    }
  }

  /** While a long initial sync runs, what has come in so far is published: the lists fill as it goes. */
  #initialSyncTick(): void {
    this.publishChanges();
    this.#emitStatus();
  }

  status(): SyncStatus {
    const outbox = this.#o.core.outbox.status();
    const queued = Object.values(outbox.pending).reduce((a, b) => a + b, 0);
    const kind = this.#o.gatewayKind();
    const initial = this.#initial;
    // Pages coming in during the initial sync mean the gateway answers: not "Offline" until the last page.
    const receiving = initial !== null && (this.#o.core.poller.progress()?.fraction ?? 0) > 0;
    const online = kind !== 'none' && (this.#online || receiving) && outbox.online !== false;
    return {
      online,
      gateway: kind,
      lastPollAt: this.#lastPollAt,
      lastError: outbox.authProblem?.message ?? this.#lastError ?? (online ? null : outbox.lastError),
      queued,
      pollIntervalMs: this.#pollIntervalMs,
      initialSync: initial
        ? { done: Math.max(0, this.#o.changes.maxMessageId() - initial.startMessageId), fraction: this.#o.core.poller.progress()?.fraction ?? 0 }
        : null,
    };
  }

  /** A poll that starts after this call (one already running may have listed before what the caller expects). */
  async pollNow(): Promise<void> {
    if (this.#current) await this.#current.catch(() => undefined);
    await this.#poll();
  }

  setPollInterval(ms: number): void {
    this.#pollIntervalMs = ms;
    if (!this.#pollLoop) return;
    void this.#pollLoop.stop().then(() => {
      if (this.#outboxLoop) this.#startPollLoop();
    });
    this.#emitStatus();
  }

  async reconfigure(): Promise<void> {
    await this.#o.reconfigureGateway();
    this.#emitStatus();
    this.#pollLoop?.kick();
  }

  /** Emits events for rows background work (or a handler) added since the last call. */
  publishChanges(): void {
    const { bus, changes } = this.#o;
    for (;;) {
      const rows = changes.messagesAfter(this.#lastMessageId, 500);
      if (rows.length === 0) break;
      const leads = new Set<number>();
      let inbound = false;
      for (const m of rows) {
        bus.emit('message:new', { messageId: m.id, customerId: m.customer_id, direction: m.direction, status: m.status });
        if (m.direction === 'inbound') {
          inbound = true;
          if (m.customer_id !== null) leads.add(m.customer_id);
        }
        this.#lastMessageId = m.id;
      }
      // An inbound reply may have changed consent or opened a review; a reply from a number no
      // customer has opens one too (unattributed, R4), so the review counts reload for any reply.
      for (const customerId of leads) bus.emit('lead:changed', { customerId });
      if (inbound) bus.emit('review:changed', { reviewId: null });
    }
    // Notifications are announced (a toast, a desktop notification) a few at a time: a burst (the
    // replies of a day offline) announces its newest MAX_ANNOUNCED and the rest are listed on the
    // Notifications screen and counted. An initial sync's are history (a week of replies) and are
    // announced not at all. Either way one review:changed has the counts reloaded.
    const announce = this.#initial !== null ? 0 : MAX_ANNOUNCED;
    const fresh: NotificationRow[] = [];
    let unannounced = 0;
    for (;;) {
      const rows = changes.notificationsAfter(this.#lastNotificationId, 500);
      if (rows.length === 0) break;
      for (const n of rows) {
        fresh.push(n);
        if (fresh.length > announce) {
          fresh.shift();
          unannounced++;
        }
        this.#lastNotificationId = n.id;
      }
    }
    for (const n of fresh) bus.emit('notification:new', notification(n));
    if (unannounced > 0) bus.emit('review:changed', { reviewId: null });
  }

  #emitStatus(): void {
    this.#o.bus.emit('sync:status', this.status());
  }
}
