// Polls every gateway account with credentials (R3), concurrently: each account has its own
// InboundPoller (so its own cursors, named by its Account SID), its own backoff after a failed poll
// (honouring Twilio's Retry-After on a 429) and its own state; all of them share one cap on read
// requests in flight. A poll round starts every account that is due and not still busy, and waits
// for them — at most `maxWaitMs` when the background loop asks, so an account that hangs until
// its requests time out does not hold back the next round of the others; it is left to finish on
// its own and is not started again meanwhile.
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { SenderRow } from '../db/repos/accounts-repo.ts';
import { GatewayError, type GatewayMessage, type MessageListQuery, type MessagePage, type MessageSource } from '../gateway/sms-gateway.ts';
import { InboundPoller, type PollerOptions, type PollReport, type StreamReport } from './inbound-poller.ts';
import { addStats, emptyStats, type IngestStats, type MessageIngestor } from './ingestor.ts';
import type { SyncProgress } from './sync-progress.ts';

/** A gateway account the pollers read: its id (null: a lone gateway serving every sender) and its message log. */
export interface PolledAccount {
  gatewayAccountId: number | null;
  source: MessageSource;
  /** Whether it has credentials (only those are polled). */
  configured: boolean;
}

export interface AccountPollersOptions extends PollerOptions {
  /** Read requests in flight across all accounts. Default 4. */
  maxInFlight?: number;
  /** Wait before the next poll of an account after its n-th failure in a row, when Twilio gave no Retry-After. Default 2 s doubling to 5 min. */
  backoffMs?: (failures: number) => number;
}

/** One account's polling, as the status bar and Settings show it. */
export interface AccountPollState {
  gatewayAccountId: number | null;
  /** A poll of it is running. */
  polling: boolean;
  /** Not polled again before this instant (backoff after a failure; Twilio's Retry-After on 429). */
  retryAt: number | null;
  /** Failed polls in a row. */
  failures: number;
  /** The last poll that completed without error, epoch ms. */
  lastCompleteAt: number | null;
  /** The last poll's error, while it lasts. */
  error: GatewayError | null;
  /** How far its running (or last) poll got. */
  progress: SyncProgress | null;
  /** Its first pass of every stream is not complete yet. */
  neverSynced: boolean;
}

const defaultBackoff = (failures: number): number => Math.min(300_000, 2_000 * 2 ** Math.max(0, failures - 1));

/** A counting semaphore: at most `max` holders at once, served in arrival order. */
class RequestLimiter {
  #free: number;
  readonly #waiting: (() => void)[] = [];
  constructor(max: number) {
    this.#free = Math.max(1, max);
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

function limited(source: MessageSource, limiter: RequestLimiter): MessageSource {
  return {
    get accountSid() {
      return source.accountSid;
    },
    listMessages: (q: MessageListQuery): Promise<MessagePage> => limiter.run(() => source.listMessages(q)),
    fetchMessage: (sid: string): Promise<GatewayMessage | null> => limiter.run(() => source.fetchMessage(sid)),
  };
}

interface Entry {
  account: PolledAccount;
  /** Polling rounds: its requests share the cap on requests in flight. */
  poller: InboundPoller;
  /** A send's own conversation check (R8, before it leaves): not held behind a round's requests. */
  direct: InboundPoller;
  running: Promise<PollReport> | null;
  state: Omit<AccountPollState, 'polling' | 'progress' | 'neverSynced'>;
}

export class AccountPollers {
  readonly #entries = new Map<number | null, Entry>();
  readonly #limiter: RequestLimiter;
  readonly #backoff: (failures: number) => number;

  constructor(
    private readonly store: Store,
    private readonly ingestor: MessageIngestor,
    private readonly accounts: () => PolledAccount[],
    private readonly clock: Clock,
    private readonly options: AccountPollersOptions = {},
  ) {
    this.#limiter = new RequestLimiter(options.maxInFlight ?? 4);
    this.#backoff = options.backoffMs ?? defaultBackoff;
  }

  /** The entries of the accounts there are now (a new account gets its poller on first sight). */
  #current(): Entry[] {
    return this.accounts().map((account) => {
      let e = this.#entries.get(account.gatewayAccountId);
      if (!e || e.account.source !== account.source) {
        e = {
          account,
          poller: new InboundPoller(this.store, this.ingestor, limited(account.source, this.#limiter), this.clock, this.options),
          direct: new InboundPoller(this.store, this.ingestor, account.source, this.clock, this.options),
          running: null,
          state: { gatewayAccountId: account.gatewayAccountId, retryAt: null, failures: 0, lastCompleteAt: null, error: null },
        };
        this.#entries.set(account.gatewayAccountId, e);
      }
      e.account = account;
      return e;
    });
  }

  /**
   * One round: every account with credentials that is due (not backing off) and not still busy
   * from an earlier round is polled, concurrently. Resolves with the report of those that finished
   * — all of them, or those done within `maxWaitMs`.
   */
  async pollOnce(o: { maxWaitMs?: number } = {}): Promise<PollReport> {
    const now = this.clock();
    const started: Promise<PollReport>[] = [];
    for (const e of this.#current()) {
      if (!e.account.configured || e.running) continue;
      if (e.state.retryAt !== null && now < e.state.retryAt) continue;
      const run = this.#pollAccount(e);
      e.running = run.finally(() => {
        e.running = null;
      });
      started.push(e.running);
    }
    const reports: PollReport[] = [];
    const collect = Promise.all(started.map((p) => p.then((r) => void reports.push(r))));
    if (o.maxWaitMs === undefined) await collect;
    else {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([collect, new Promise<void>((resolve) => (timer = setTimeout(resolve, o.maxWaitMs)))]);
      clearTimeout(timer);
    }
    return mergeReports(reports);
  }

  async #pollAccount(e: Entry): Promise<PollReport> {
    const report = await e.poller.pollOnce();
    const s = e.state;
    if (report.error) {
      s.failures++;
      s.error = report.error;
      const wait = report.error.kind === 'auth_failed' ? null : (report.error.retryAfterMs ?? this.#backoff(s.failures));
      // Refused credentials wait for the user (a new token reconfigures the account), not a timer.
      s.retryAt = wait === null ? null : this.clock() + wait;
    } else {
      s.failures = 0;
      s.error = null;
      s.retryAt = null;
      s.lastCompleteAt = this.clock();
    }
    return report;
  }

  /** Where each account's polling stands. */
  states(): AccountPollState[] {
    return this.#current().map((e) => ({
      ...e.state,
      polling: e.running !== null,
      progress: e.poller.progress(),
      neverSynced: e.account.configured && e.poller.neverSynced(),
    }));
  }

  /** An account's backoff is lifted (its credentials changed): poll it in the next round. */
  resetBackoff(gatewayAccountId: number): void {
    const e = this.#entries.get(gatewayAccountId);
    if (e) {
      e.state.retryAt = null;
      e.state.failures = 0;
      e.state.error = null;
    }
  }

  /** The running (or last) polls' progress, over every account's streams. */
  progress(): SyncProgress | null {
    const parts = this.#current()
      .filter((e) => e.account.configured)
      .map((e) => e.poller.progress())
      .filter((p): p is SyncProgress => p !== null);
    if (parts.length === 0) return null;
    const streams = parts.flatMap((p) => p.streams);
    return { fraction: parts.reduce((a, p) => a + p.fraction, 0) / parts.length, streams };
  }

  /** True until every account with credentials has completed its first pass of every stream. */
  neverSynced(): boolean {
    return this.#current().some((e) => e.account.configured && e.poller.neverSynced());
  }

  #entryOf(sender: Pick<SenderRow, 'gateway_account_id'>): Entry {
    const entries = this.#current();
    const e = entries.find((x) => x.account.gatewayAccountId === sender.gateway_account_id) ?? entries.find((x) => x.account.gatewayAccountId === null);
    if (!e) throw new GatewayError('auth_failed', `No gateway account serves this sender (gateway account ${sender.gateway_account_id}).`);
    return e;
  }

  #pollerOf(sender: Pick<SenderRow, 'gateway_account_id'>): InboundPoller {
    return this.#entryOf(sender).poller;
  }

  /** R8: the customer's replies to one sender since `since`, through the sender's gateway account. Throws GatewayError. */
  pollConversation(sender: SenderRow, customerNumber: string, since: number): Promise<IngestStats> {
    return this.#entryOf(sender).direct.pollConversation(sender, customerNumber, since);
  }

  conversationSince(sender: SenderRow, notAfter: number): number {
    return this.#pollerOf(sender).conversationSince(sender, notAfter);
  }

  /** One sender number's replies since its cursor (outside a round). */
  pollSender(sender: SenderRow): Promise<StreamReport> {
    return this.#pollerOf(sender).pollSender(sender);
  }
}

function mergeReports(reports: PollReport[]): PollReport {
  const merged: PollReport = { streams: [], stats: emptyStats(), statusRefreshed: 0, error: null };
  for (const r of reports) {
    merged.streams.push(...r.streams);
    addStats(merged.stats, r.stats);
    merged.statusRefreshed += r.statusRefreshed;
    merged.error ??= r.error;
  }
  return merged;
}
