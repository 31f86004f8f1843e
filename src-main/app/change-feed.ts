// The change feed: the ONLY emitter of data events (message:new, message:updated, lead:changed,
// consent:changed, review:changed, notification:new, settings:changed). It reads what changed in
// the store, whoever wrote it: an IPC handler, the poller, the outbox, or a second process on the
// same database file (`smsdesk serve` beside the desktop app, the CLI).
//
// - WHAT changed comes from change_log, written by triggers (migration 008), read past a watermark.
// - WHEN to look: after every IPC call and background tick (flush(), at once: no added latency),
//   and every `pollEveryMs` for writes by other connections, which PRAGMA data_version notices
//   cheaply (a flush with nothing new reads two integers and returns).
// - One event per change: everything new since the last flush is coalesced, so a send that is
//   queued and dispatched within one call is one message:new with its status then, and a row
//   changed five times is one message:updated.
// - Notifications announce under the shared policy (shared/domain/notification-policy.ts): the
//   newest MAX_ANNOUNCED of a flush, none during an initial sync; the rest reload the counts.
import type { ChangeRow, ChangesRepo } from '../db/repos/changes-repo.ts';
import type { NotificationRow } from '../db/repos/notifications-repo.ts';
import type { EventBus } from '../ipc/event-bus.ts';
import type { Logger } from '../ipc/context.ts';
import { notification } from '../ipc/mappers.ts';
import { realTimers, type Timers } from '../outbox/scheduler.ts';
import { CHANNELS, type Channel } from '../../shared/domain/types.ts';
import { selectAnnounced } from '../../shared/domain/notification-policy.ts';
import { APP_STATE_KEYS } from '../settings/preferences.ts';

export interface ChangeFeedOptions {
  changes: ChangesRepo;
  bus: EventBus;
  log: Logger;
  /** Whether an initial sync is running (its notifications are history: none announced). */
  initialSync?: () => boolean;
  /** How often writes by other connections are looked for, ms. Default 300. */
  pollEveryMs?: number;
  timers?: Timers;
}

const PAGE = 1_000;
/** Change log rows kept behind this reader (other processes read them too). */
const KEEP = 100_000;
const PRUNE_EVERY = 10_000;
/** Tables whose changes are settings:changed (the accounts, senders and gateways on the Settings screen). */
const SETTINGS_TABLES: ReadonlySet<string> = new Set(['dealer_accounts', 'gateway_accounts', 'senders', 'sender_accounts']);
const LEAD_TABLES: ReadonlySet<string> = new Set(['customers', 'customer_phones', 'leads']);

/** What one flush found, coalesced. */
class Batch {
  readonly newMessages = new Set<number>();
  readonly updatedMessages = new Set<number>();
  readonly leads = new Set<number>();
  readonly consent = new Map<string, { customerId: number; dealerAccountId: number; channel: Channel }>();
  readonly reviews = new Set<number>();
  readonly notifications: number[] = [];
  settings = false;
  /** Automation rows changed: customers whose steps were recorded; null for a rule. */
  readonly automation = new Set<number | null>();

  add(c: ChangeRow): void {
    if (c.tbl === 'messages' && c.row_id !== null) {
      if (c.op === 'insert') this.newMessages.add(c.row_id);
      else if (!this.newMessages.has(c.row_id)) this.updatedMessages.add(c.row_id);
    } else if (c.tbl === 'notifications' && c.row_id !== null) {
      this.notifications.push(c.row_id);
    } else if (c.tbl === 'review_items' && c.row_id !== null) {
      this.reviews.add(c.row_id);
    } else if (c.tbl === 'consent') {
      const channel = CHANNELS.find((ch) => ch === c.detail);
      if (channel && c.customer_id !== null && c.dealer_account_id !== null) {
        this.consent.set(`${c.dealer_account_id}|${c.customer_id}|${channel}`, { customerId: c.customer_id, dealerAccountId: c.dealer_account_id, channel });
      }
    } else if (LEAD_TABLES.has(c.tbl) && c.customer_id !== null) {
      this.leads.add(c.customer_id);
    } else if (c.tbl === 'settings') {
      if (c.detail === null || !APP_STATE_KEYS.has(c.detail)) this.settings = true;
    } else if (SETTINGS_TABLES.has(c.tbl)) {
      this.settings = true;
    } else if (c.tbl === 'automation_runs' || c.tbl === 'automation_rules') {
      this.automation.add(c.tbl === 'automation_runs' ? c.customer_id : null);
    }
  }
}

export class ChangeFeed {
  readonly #o: ChangeFeedOptions;
  readonly #timers: Timers;
  #last: number;
  #prunedAt: number;
  #dataVersion: number;
  #totalChanges: number;
  #handle: unknown = null;
  #flushing = false;

  /** Starts from the store as it is now: what is already there is not news. */
  constructor(o: ChangeFeedOptions) {
    this.#o = o;
    this.#timers = o.timers ?? realTimers;
    this.#last = o.changes.lastChangeId();
    this.#prunedAt = this.#last;
    this.#dataVersion = o.changes.dataVersion();
    this.#totalChanges = o.changes.totalChanges();
  }

  /** Looks for writes by other connections every pollEveryMs until stop(). */
  start(): void {
    if (this.#handle !== null) return;
    this.#arm();
  }

  stop(): Promise<void> {
    if (this.#handle !== null) this.#timers.clearTimeout(this.#handle);
    this.#handle = null;
    return Promise.resolve();
  }

  #arm(): void {
    this.#handle = this.#timers.setTimeout(() => {
      try {
        this.flush();
      } catch (err) {
        this.#o.log.error('change feed failed', err);
      }
      if (this.#handle !== null) this.#arm();
    }, this.#o.pollEveryMs ?? 300);
  }

  /** Emits the events for everything written since the last flush, by anyone. */
  flush(): void {
    // An event listener that writes (and flushes) must not re-enter: the outer loop reads it.
    if (this.#flushing) return;
    const { changes } = this.#o;
    const dataVersion = changes.dataVersion();
    const totalChanges = changes.totalChanges();
    if (dataVersion === this.#dataVersion && totalChanges === this.#totalChanges) return;
    this.#flushing = true;
    try {
      const batch = new Batch();
      for (;;) {
        const rows = changes.changesAfter(this.#last, PAGE);
        if (rows.length === 0) break;
        for (const c of rows) batch.add(c);
        this.#last = (rows.at(-1) as ChangeRow).id;
      }
      this.#emit(batch);
      if (this.#last - this.#prunedAt >= PRUNE_EVERY && this.#last > KEEP) {
        changes.prune(this.#last - KEEP);
        this.#prunedAt = this.#last;
      }
    } finally {
      // The counts from before the read: a write during it (a listener's, a prune) is looked at next time.
      this.#dataVersion = dataVersion;
      this.#totalChanges = totalChanges;
      this.#flushing = false;
    }
  }

  #emit(b: Batch): void {
    const { bus, changes } = this.#o;
    for (const id of b.newMessages) {
      const m = changes.message(id);
      if (!m) continue;
      bus.emit('message:new', { messageId: m.id, customerId: m.customer_id, direction: m.direction, status: m.status });
      // A reply is news on its lead (its timeline, maybe its consent).
      if (m.direction === 'inbound' && m.customer_id !== null) b.leads.add(m.customer_id);
    }
    for (const id of b.updatedMessages) {
      const m = changes.message(id);
      if (m) bus.emit('message:updated', { messageId: m.id, customerId: m.customer_id, status: m.status });
    }
    for (const customerId of b.leads) bus.emit('lead:changed', { customerId });
    for (const c of b.consent.values()) {
      const status = changes.consentStatus(c.dealerAccountId, c.customerId, c.channel);
      if (status) bus.emit('consent:changed', { ...c, status });
    }

    const fresh = b.notifications.map((id) => changes.notification(id)).filter((n): n is NotificationRow => n !== undefined);
    const { announce, unannounced } = selectAnnounced(fresh, { initialSync: this.#o.initialSync?.() ?? false });
    // One review:changed has the badge counts reload: for the review items changed (by id when
    // one) and for notifications listed but not announced one by one.
    if (b.reviews.size > 0 || unannounced > 0) {
      const [only] = b.reviews;
      bus.emit('review:changed', { reviewId: b.reviews.size === 1 && unannounced === 0 && only !== undefined ? only : null });
    }
    for (const n of announce) bus.emit('notification:new', notification(n));
    if (b.settings) bus.emit('settings:changed', {});
    // A tick that recorded many steps is one event for all (lists reload once), else one per customer.
    if (b.automation.size > 20 || b.automation.has(null)) bus.emit('automation:changed', { customerId: null });
    else for (const customerId of b.automation) bus.emit('automation:changed', { customerId });
  }
}
