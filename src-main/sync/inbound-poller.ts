// Polls the gateway's message log (R3):
//  - per sender number, `in`: messages TO that number, i.e. customers' replies;
//  - per gateway account, `account`: the account's whole recent log, kept where it touches a
//    configured sender: other installs' sends and delivery statuses (re-listed over a status
//    window), and replies to messaging services (the API cannot filter by service).
// Each stream has a persisted cursor (sync_cursors): the newest date seen, and while a pass is in
// progress the next page's URL and how far down its window it has got. A pass lists from (newest
// seen - overlap window) so late arrivals are caught; each page is committed with the cursor in one
// transaction, so a crash resumes at the page after the last one committed, and ingestion stays
// idempotent by SID. progress() tells how much of the current poll's windows has been listed.
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { SenderRow } from '../db/repos/accounts-repo.ts';
import { GatewayError, type GatewayMessage, type MessageListQuery, type MessagePage, type MessageSource } from '../gateway/sms-gateway.ts';
import { addStats, emptyStats, type IngestStats, type MessageIngestor } from './ingestor.ts';
import { PollProgress, type PassWindow, type SyncProgress } from './sync-progress.ts';

export interface PollerOptions {
  /** Page size for stream passes (max 1000). Default 1000. */
  pageSize?: number;
  /** Inbound passes start this far before the newest message seen. Default 5 min. */
  overlapMs?: number;
  /** Outbound passes re-list this much recent history for delivery statuses. Default 15 min. */
  statusWindowMs?: number;
  /** How far back the first pass of a new stream goes. Default 7 days. */
  initialLookbackMs?: number;
  /** Accepted messages not final after the status window are fetched one by one, this many per poll. Default 50. */
  statusRefreshLimit?: number;
  /** ... at most every this often each, for this long after they were sent. Defaults 5 min, 2 days. */
  statusRefreshEveryMs?: number;
  statusRefreshForMs?: number;
}

export interface StreamReport {
  stream: string;
  /** The sender of an `in` stream; null for the account stream. */
  senderId: number | null;
  pages: number;
  stats: IngestStats;
  /** The pass completed (else it resumes from its saved page next time). */
  complete: boolean;
  error: GatewayError | null;
}

export interface PollReport {
  streams: StreamReport[];
  stats: IngestStats;
  statusRefreshed: number;
  /** The first error met, if any (the other streams still ran). */
  error: GatewayError | null;
}

interface PassState {
  /** The pass lists messages sent on or after this instant. */
  floor: number;
  /** Newest date seen in this pass so far. */
  high: number | null;
  /** The next page's URL. */
  next: string;
  /** When the pass started (null in cursors saved before progress was tracked). */
  top: number | null;
  /** The oldest date_sent listed so far in this pass. */
  reached: number | null;
}

interface CursorState {
  /** Newest date_sent (or date_created) seen in a completed pass, epoch ms. */
  high: number | null;
  pass: PassState | null;
}

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function parsePass(v: unknown): PassState | null {
  if (typeof v !== 'object' || v === null) return null;
  const p = v as Record<string, unknown>;
  const floor = numberOrNull(p.floor);
  if (floor === null || typeof p.next !== 'string') return null;
  return { floor, high: numberOrNull(p.high), next: p.next, top: numberOrNull(p.top), reached: numberOrNull(p.reached) };
}

function parseCursor(raw: string | undefined): CursorState {
  if (!raw) return { high: null, pass: null };
  try {
    const v = JSON.parse(raw) as Partial<CursorState>;
    return { high: numberOrNull(v.high), pass: parsePass(v.pass) };
  } catch {
    return { high: null, pass: null };
  }
}

/** One stream of the message log: what is listed, what is kept, how far back a new pass starts. */
interface StreamSpec {
  name: string;
  /** The sender of an `in` stream; null for the account stream. */
  senderId: number | null;
  filter: Pick<MessageListQuery, 'to' | 'from'>;
  keep: (m: GatewayMessage) => boolean;
  /** A new pass starts this long before the newest date seen. */
  window: number;
}

/** Where a stream's pass starts: a new one from its cursor, or the saved page of one in progress. */
interface PassPlan extends PassWindow {
  /** The cursor's newest date from completed passes. */
  completedHigh: number | null;
  /** Newest date seen in this pass so far (a new pass starts from completedHigh). */
  high: number | null;
  /** The saved page to resume at; null to start at the first page. */
  url: string | null;
  /** How far down its window a resumed pass had got. */
  reached: number | null;
}

const maxOf = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

/** The oldest date_sent on a page (the list is ordered by it; a message not yet sent has none). */
function oldestSent(messages: GatewayMessage[]): number | null {
  let oldest: number | null = null;
  for (const m of messages) if (m.dateSent !== null && (oldest === null || m.dateSent < oldest)) oldest = m.dateSent;
  return oldest;
}

/** Lets a request just started reach the socket before synchronous work blocks the thread. */
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

function asGatewayError(err: unknown): GatewayError {
  return err instanceof GatewayError ? err : new GatewayError('retryable', err instanceof Error ? err.message : String(err));
}

export class InboundPoller {
  readonly #o: Required<PollerOptions>;
  #running: Promise<PollReport> | null = null;
  #progress: PollProgress | null = null;

  constructor(
    private readonly store: Store,
    private readonly ingestor: MessageIngestor,
    private readonly gateway: MessageSource,
    private readonly clock: Clock,
    options: PollerOptions = {},
  ) {
    this.#o = {
      pageSize: Math.min(1000, options.pageSize ?? 1000),
      overlapMs: options.overlapMs ?? 5 * 60_000,
      statusWindowMs: options.statusWindowMs ?? 15 * 60_000,
      initialLookbackMs: options.initialLookbackMs ?? 7 * 86_400_000,
      statusRefreshLimit: options.statusRefreshLimit ?? 50,
      statusRefreshEveryMs: options.statusRefreshEveryMs ?? 5 * 60_000,
      statusRefreshForMs: options.statusRefreshForMs ?? 2 * 86_400_000,
    };
  }

  static inStream(senderId: number): string {
    return `sender:${senderId}:in`;
  }

  /**
   * True until every stream (each sender number's replies, the account's log) has completed its
   * first pass: one never started, or one whose first pass was cut off (offline, a crash) and will
   * resume, means the initial sync is still to finish.
   */
  neverSynced(): boolean {
    const senders = this.#senders();
    if (senders.length === 0) return false;
    const names = [...senders.filter((s) => s.kind === 'number').map((s) => InboundPoller.inStream(s.id)), this.#accountStream()];
    return names.some((n) => {
      const raw = this.store.sync.cursor(n);
      if (raw === undefined) return true;
      const state = parseCursor(raw);
      return state.high === null && state.pass !== null;
    });
  }

  #accountStream(): string {
    return `account:${this.gateway.accountSid ?? 'default'}`;
  }

  /** The senders polled through this gateway (those of its gateway account, when it is known here). */
  #senders(): SenderRow[] {
    const all = this.store.accounts.senders();
    const sid = this.gateway.accountSid;
    const gw = sid ? this.store.accounts.gatewayAccountBySid(sid) : undefined;
    return gw ? all.filter((s) => s.gateway_account_id === gw.id) : all;
  }

  /** Polls every sender's replies and the account's recent log, then stale delivery statuses. Calls do not overlap. */
  pollOnce(): Promise<PollReport> {
    if (!this.#running) {
      this.#running = this.#pollAll().finally(() => {
        this.#running = null;
      });
    }
    return this.#running;
  }

  /**
   * How much of its streams' time windows the running poll has listed; once it has ended, where
   * the last poll got to; null before any poll. A new poll's is in place when pollOnce() returns.
   */
  progress(): SyncProgress | null {
    return this.#progress?.snapshot() ?? null;
  }

  async #pollAll(): Promise<PollReport> {
    const report: PollReport = { streams: [], stats: emptyStats(), statusRefreshed: 0, error: null };
    const senders = this.#senders();
    const specs = senders.length > 0 ? [...senders.filter((s) => s.kind === 'number').map((s) => this.#senderStreamSpec(s)), this.#accountStreamSpec(senders)] : [];
    // Every stream's window is known before the first page, so streams not yet started count as nothing done.
    const now = this.clock();
    const progress = new PollProgress();
    const passes = specs.map((spec) => {
      const plan = this.#planPass(spec, now);
      progress.expect(spec.name, plan, plan.reached);
      return { spec, plan };
    });
    this.#progress = progress;
    for (const { spec, plan } of passes) {
      const r = await this.#runPass(spec, plan, progress);
      report.streams.push(r);
      addStats(report.stats, r.stats);
      report.error ??= r.error;
    }
    try {
      report.statusRefreshed = await this.refreshStatuses();
    } catch (err) {
      report.error ??= asGatewayError(err);
    }
    return report;
  }

  /** One sender number's replies since its cursor; errors are reported, not thrown. */
  pollSender(sender: SenderRow): Promise<StreamReport> {
    return this.#runAlone(this.#senderStreamSpec(sender));
  }

  /** The account's recent log, kept where it touches one of `senders`; errors are reported, not thrown. */
  pollAccount(senders: SenderRow[] = this.#senders()): Promise<StreamReport> {
    return this.#runAlone(this.#accountStreamSpec(senders));
  }

  /** One stream's pass outside pollOnce() (not in progress()). */
  #runAlone(spec: StreamSpec): Promise<StreamReport> {
    return this.#runPass(spec, this.#planPass(spec, this.clock()), null);
  }

  #senderStreamSpec(sender: SenderRow): StreamSpec {
    return {
      name: InboundPoller.inStream(sender.id),
      senderId: sender.id,
      filter: { to: sender.address },
      keep: (m) => m.direction === 'inbound' && m.to === sender.address,
      window: this.#o.overlapMs,
    };
  }

  #accountStreamSpec(senders: SenderRow[]): StreamSpec {
    const numbers = new Set(senders.filter((s) => s.kind === 'number').map((s) => s.address));
    const services = new Set(senders.filter((s) => s.kind === 'messaging_service').map((s) => s.address));
    const ours = (m: GatewayMessage): boolean =>
      (m.messagingServiceSid !== null && services.has(m.messagingServiceSid)) ||
      (m.direction === 'inbound' ? numbers.has(m.to) : m.from !== null && numbers.has(m.from));
    return { name: this.#accountStream(), senderId: null, filter: {}, keep: ours, window: Math.max(this.#o.overlapMs, this.#o.statusWindowMs) };
  }

  /** A new pass from the stream's cursor at `now`, or the pass in progress where it was saved. */
  #planPass(spec: StreamSpec, now: number): PassPlan {
    const state = parseCursor(this.store.sync.cursor(spec.name));
    if (state.pass) {
      const { floor, high, next, top, reached } = state.pass;
      return { floor, top: top ?? high ?? now, completedHigh: state.high, high, url: next, reached };
    }
    const floor = state.high !== null ? state.high - spec.window : now - this.#o.initialLookbackMs;
    return { floor, top: now, completedHigh: state.high, high: state.high, url: null, reached: null };
  }

  async #runPass(spec: StreamSpec, plan: PassPlan, progress: PollProgress | null): Promise<StreamReport> {
    const { name, filter, keep } = spec;
    const report: StreamReport = { stream: name, senderId: spec.senderId, pages: 0, stats: emptyStats(), complete: false, error: null };
    const { floor, top, completedHigh } = plan;
    let passHigh = plan.high;
    let reached = plan.reached;
    let url = plan.url;
    const save = (value: CursorState) => (): void => this.store.sync.setCursor(name, JSON.stringify(value), this.clock());
    const request = (pageUrl: string | null): Promise<MessagePage> => {
      const p = this.gateway.listMessages(pageUrl !== null ? { pageUrl } : { ...filter, dateSentAfter: floor, pageSize: this.#o.pageSize });
      p.catch(() => {}); // awaited below; never an unhandled rejection while the page before is stored
      return p;
    };
    let pending = request(url);
    let restarted = false;
    for (;;) {
      let page: MessagePage;
      try {
        page = await pending;
      } catch (err) {
        const e = asGatewayError(err);
        if (url !== null && e.kind === 'rejected' && !restarted) {
          // The saved page no longer exists (an expired token): start the pass again from its floor.
          // Progress stays where it was until the pass gets below it again.
          restarted = true;
          url = null;
          pending = request(null);
          continue;
        }
        report.error = e;
        return report;
      }
      for (const m of page.messages) passHigh = maxOf(passHigh, m.dateSent ?? m.dateCreated);
      const oldest = oldestSent(page.messages);
      if (oldest !== null) reached = reached === null ? oldest : Math.min(reached, oldest);
      const next = page.nextPageUrl;
      if (next) {
        // Pipelining: the next page is on its way while this one is stored.
        pending = request(next);
        await yieldToIo();
      }
      const cursor: CursorState = next
        ? { high: completedHigh, pass: { floor, high: passHigh, next, top, reached } }
        : { high: maxOf(completedHigh, passHigh), pass: null };
      const stats = this.ingestor.ingestPage(page.messages.filter(keep), save(cursor));
      addStats(report.stats, stats);
      report.pages++;
      if (!next) {
        progress?.complete(name);
        report.complete = true;
        return report;
      }
      if (reached !== null) progress?.reach(name, reached);
      url = next;
    }
  }

  /**
   * R8: the replies from one customer to one sender since `since`, applied now (not cursored): the
   * outbox calls this before a queued message leaves. Throws GatewayError.
   */
  async pollConversation(sender: SenderRow, customerNumber: string, since: number): Promise<IngestStats> {
    const stats = emptyStats();
    const query: MessageListQuery = {
      from: customerNumber,
      ...(sender.kind === 'number' ? { to: sender.address } : {}),
      dateSentAfter: since,
      pageSize: 100,
    };
    const keep = (m: GatewayMessage): boolean =>
      m.direction === 'inbound' && m.from === customerNumber && (sender.kind === 'number' ? m.to === sender.address : m.messagingServiceSid === sender.address);
    let url: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page = await this.gateway.listMessages(url !== null ? { pageUrl: url } : query);
      addStats(stats, this.ingestor.ingestPage(page.messages.filter(keep)));
      if (!page.nextPageUrl) break;
      url = page.nextPageUrl;
    }
    return stats;
  }

  /** Where a conversation poll for this sender should start so nothing since the last pass is missed. */
  conversationSince(sender: SenderRow, notAfter: number): number {
    const stream = sender.kind === 'number' ? InboundPoller.inStream(sender.id) : this.#accountStream();
    const state = parseCursor(this.store.sync.cursor(stream));
    const streamFloor = state.high !== null ? state.high - this.#o.overlapMs : this.clock() - this.#o.initialLookbackMs;
    return Math.min(streamFloor, notAfter - this.#o.overlapMs);
  }

  /** Fetches accepted messages still not final (beyond the outbound streams' window) one by one. */
  async refreshStatuses(): Promise<number> {
    const now = this.clock();
    const stale = this.store.messages.unsettled(now - this.#o.statusRefreshEveryMs, now - this.#o.statusRefreshForMs, this.#o.statusRefreshLimit);
    // Another gateway account's messages are fetched through that account.
    const mine = new Set(this.#senders().map((s) => s.id));
    let updated = 0;
    for (const row of stale) {
      if (!row.gateway_sid || (row.sender_id !== null && !mine.has(row.sender_id))) continue;
      const m = await this.gateway.fetchMessage(row.gateway_sid);
      if (m) updated += this.ingestor.ingestPage([m]).statusUpdates;
      this.store.messages.touch(row.id, this.clock());
    }
    return updated;
  }
}
