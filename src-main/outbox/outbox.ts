// The durable outbox (R8). SendService persists a message as `queued` before anything is sent;
// the outbox takes it from there, now or after a restart:
//  1. An attempt whose outcome is unknown (a timeout or cut-off response after the request left,
//     or a process that died mid-request) is reconciled against the gateway's message list before
//     anything else: if the gateway has it, it was sent. Never send twice.
//  2. Before a queued message leaves, the customer's replies to that sender are polled and applied
//     (a STOP that has just arrived opts them out), THEN consent is decided again.
//  3. One request; the outcome is recorded with Twilio's code and message. Retryable failures are
//     retried with backoff honouring Retry-After; permanent ones are final.
// Offline, messages stay queued and say so.
// A message is claimed in the store before any of this (issue 14): a lease names this outbox and
// runs until a deadline; no other writer (a second process on the same file) takes a leased row,
// and queued -> sending happens only for the lease holder and only from queued. A lease left by a
// process that died expires (or is ended at start by the process that now holds the database's
// instance lock); its row is then `sending` and is reconciled per (1), never resent blindly.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { MessageRow } from '../db/repos/messages-repo.ts';
import type { SenderRow } from '../db/repos/accounts-repo.ts';
import type { DispatchResult, Dispatcher } from '../messaging/send-service.ts';
import type { SendPolicy, SendRefusal } from '../messaging/send-policy.ts';
import type { AccountPollers } from '../sync/account-pollers.ts';
import type { GatewayRouter } from '../gateway/gateway-registry.ts';
import { isWaiting } from '../../shared/domain/message-status.ts';
import { MIN_VALIDITY_MS } from '../../shared/domain/automation.ts';
import { customerDisplayName } from '../../shared/domain/people.ts';
import { GatewayError, type GatewayMessage, type SendOutcome } from '../gateway/sms-gateway.ts';
import { localOutboundStatus } from '../gateway/sms-gateway.ts';

export interface OutboxOptions {
  /** Messages processed in parallel by runOnce(). Default 4. */
  concurrency?: number;
  /** Messages taken per runOnce(). Default 100. */
  batchSize?: number;
  /** Wait before retry n (1-based) when the gateway gave no Retry-After. Default 2 s doubling to 5 min. */
  backoffMs?: (attempt: number) => number;
  /** After an attempt of unknown outcome, wait this long before reconciling. Default 30 s. */
  reconcileDelayMs?: number;
  /** Clock skew allowed between us and the gateway when matching an attempt. Default 2 min. */
  reconcileSlackMs?: number;
  /** Pages of the recipient's messages searched when reconciling. Default 10. */
  reconcilePages?: number;
  /** Attempts before a message that keeps failing retryably is given up (failed). Default 10. */
  maxAttempts?: number;
  /** Retry interval while the gateway is unreachable. Default 15 s. */
  offlineRetryMs?: number;
  /** Retry interval while the credentials are refused. Default 60 s. */
  authRetryMs?: number;
  /** Retry interval for an automated message waiting for the group's state (R11). Default 15 s. */
  groupRetryMs?: number;
  /**
   * How long a claim on a message lasts; renewed as it goes (before the replies are polled and
   * before the request). Longer than any one gateway request (15 s timeout). Default 2 min.
   */
  leaseMs?: number;
  /** This outbox's name on its leases. Default host:pid:random. */
  owner?: string;
}

export interface OutboxDeps {
  store: Store;
  /** The one send policy, asked again at the moment a message leaves (R8). */
  policy: SendPolicy;
  /** The gateway of the gateway account that owns each sender. */
  gateways: GatewayRouter;
  poller: Pick<AccountPollers, 'pollConversation' | 'conversationSince'>;
  clock: Clock;
  /** R11: before a message leaves, exchange with the group of desks (bounded in time; a no-op outside a group). */
  group?: { beforeSend(): Promise<void> };
  /**
   * The dealer account's send window at an instant (or the next one): an automated message that
   * waited past its deadline (valid_until) waits for the next window instead of leaving late.
   */
  sendWindow?: (dealerAccountId: number, at: number) => { opensAt: number; closesAt: number };
}

/** Twilio's longest ValidityPeriod (10 hours). */
export const MAX_VALIDITY_S = 36_000;

export interface OutboxStatus {
  /** Whether the gateway answered the last request (null: not tried yet). */
  online: boolean | null;
  /** The credentials problem to show the user, while it lasts (Twilio 20003). */
  authProblem: { code: number | null; message: string; at: number } | null;
  lastError: string | null;
  /** Outbox rows by status (queued, sending, unknown). */
  pending: Record<string, number>;
  /** When the next row falls due (0: now), or null when the outbox is empty. */
  nextDueAt: number | null;
}

const defaultBackoff = (attempt: number): number => Math.min(300_000, 2_000 * 2 ** Math.max(0, attempt - 1));

type Reconciled = 'sent' | 'not_sent' | 'pending';

export class Outbox implements Dispatcher {
  readonly #d: OutboxDeps;
  readonly #o: Required<OutboxOptions>;
  /** This outbox's name on the rows it claims. */
  readonly owner: string;
  readonly #inFlight = new Set<number>();
  readonly #listeners = new Set<(messageId: number) => void>();
  #online: boolean | null = null;
  #authProblem: OutboxStatus['authProblem'] = null;
  #lastError: string | null = null;

  constructor(deps: OutboxDeps, options: OutboxOptions = {}) {
    this.#d = deps;
    this.#o = {
      concurrency: Math.max(1, options.concurrency ?? 4),
      batchSize: Math.max(1, options.batchSize ?? 100),
      backoffMs: options.backoffMs ?? defaultBackoff,
      reconcileDelayMs: options.reconcileDelayMs ?? 30_000,
      reconcileSlackMs: options.reconcileSlackMs ?? 120_000,
      reconcilePages: options.reconcilePages ?? 10,
      maxAttempts: options.maxAttempts ?? 10,
      offlineRetryMs: options.offlineRetryMs ?? 15_000,
      authRetryMs: options.authRetryMs ?? 60_000,
      groupRetryMs: options.groupRetryMs ?? 15_000,
      leaseMs: options.leaseMs ?? 120_000,
      owner: options.owner ?? `${hostname()}:${process.pid}:${randomUUID()}`,
    };
    this.owner = this.#o.owner;
  }

  /**
   * Ends the leases of outboxes that are gone: call only while holding the database's instance
   * lock (src-main/db/instance-lock.ts), which proves no other process has the file. Their rows
   * are then due at once and reconciled (R8) instead of waiting for the leases to run out.
   */
  adoptOrphanedLeases(): number {
    return this.#d.store.messages.releaseLeasesExcept(this.owner);
  }

  /** Called with a message id whenever the outbox changed that message. Returns an unsubscribe. */
  onChange(listener: (messageId: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  status(): OutboxStatus {
    return {
      online: this.#online,
      authProblem: this.#authProblem,
      lastError: this.#lastError,
      pending: this.#d.store.messages.outboxCounts(),
      nextDueAt: this.#d.store.messages.nextDueAt(),
    };
  }

  /** Dispatcher: try the freshly queued message now; it stays queued (and says why) if it cannot go. */
  async dispatch(messageId: number): Promise<DispatchResult> {
    const refusal = await this.#run(messageId);
    const row = this.#d.store.messages.get(messageId);
    if (!row) throw new Error(`message ${messageId} vanished from the outbox`);
    return { row, refusal };
  }

  /** Processes the messages due now (up to batchSize); resolves to how many it took. */
  async runOnce(): Promise<number> {
    const due = this.#d.store.messages.due(this.#d.clock(), this.#o.batchSize).filter((r) => !this.#inFlight.has(r.id));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < due.length) {
        const row = due[next++] as MessageRow;
        await this.#run(row.id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#o.concurrency, due.length) }, worker));
    return due.length;
  }

  /** Runs until nothing is due at the current clock. Resolves to the number of messages taken. */
  async drain(maxRounds = 10_000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxRounds; i++) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  /** Takes one message through the outbox; resolves to the policy's refusal if it was stopped. */
  async #run(id: number): Promise<SendRefusal | null> {
    if (this.#inFlight.has(id)) return null;
    this.#inFlight.add(id);
    let claimed = false;
    try {
      // The claim in the store: another writer may have this row (or have settled it) already.
      claimed = this.#claim(id);
      if (!claimed) return null;
      return await this.#process(id);
    } catch (err) {
      // An unexpected failure (a bug, a database error): leave the row to be looked at again later.
      this.#lastError = err instanceof Error ? err.message : String(err);
      const row = this.#d.store.messages.get(id);
      if (row && isWaiting(row.status)) {
        this.#d.store.messages.setOutcome(
          id,
          { status: row.status === 'queued' ? 'queued' : 'unknown', errorMessage: this.#lastError, nextAttemptAt: this.#d.clock() + this.#o.offlineRetryMs },
          this.#d.clock(),
        );
      }
      return null;
    } finally {
      if (claimed) this.#d.store.messages.releaseLease(id, this.owner);
      this.#inFlight.delete(id);
      for (const l of this.#listeners) l(id);
    }
  }

  /** Claims (or renews the claim on) a waiting message for this outbox; false if it is not ours to take. */
  #claim(id: number): boolean {
    const now = this.#d.clock();
    return this.#d.store.messages.claim(id, this.owner, now, now + this.#o.leaseMs);
  }

  async #process(id: number): Promise<SendRefusal | null> {
    const { store, clock } = this.#d;
    let row = store.messages.get(id);
    if (!row || row.direction !== 'outbound' || row.gateway_sid !== null || !isWaiting(row.status)) return null;
    const sender = row.sender_id !== null ? store.accounts.sender(row.sender_id) : undefined;
    if (!sender || row.customer_id === null || row.dealer_account_id === null) {
      store.messages.setOutcome(id, { status: 'failed', errorMessage: 'Not a sendable message: its sender, customer or account is missing.' }, clock());
      return null;
    }

    if (row.status === 'sending' || row.status === 'unknown') {
      const lastStart = store.outbox.lastStartedAt(id) ?? row.updated_at;
      const readyAt = lastStart + this.#o.reconcileDelayMs;
      if (clock() < readyAt) {
        store.messages.setOutcome(id, { status: 'unknown', errorMessage: row.error_message, nextAttemptAt: readyAt }, clock());
        return null;
      }
      const r = await this.#reconcile(row, sender);
      if (r !== 'not_sent') return null;
      row = store.messages.get(id) as MessageRow;
      if (row.status !== 'queued') return null;
    }

    // R8: the customer's latest replies to this sender first, then consent again.
    if (!this.#claim(id)) return null;
    try {
      await this.#d.poller.pollConversation(sender, row.to_number, this.#d.poller.conversationSince(sender, row.created_at));
    } catch (err) {
      this.#waitForGateway(row, err);
      return null;
    }
    this.#reachable();
    // R11: another desk's opt-out made a moment ago is pulled before consent is decided again.
    await this.#d.group?.beforeSend();
    const refusal = this.#refuseNow(row, sender);
    // A refusal that only means "wait" (GROUP_STALE) leaves the message queued: not an answer yet.
    if (refusal) return refusal.status === 'queued' ? null : refusal;
    const validityPeriodS = this.#validityPeriod(row);
    if (validityPeriodS === 'wait') return null;

    const startedAt = clock();
    // queued -> sending only from queued and only under our lease: nobody else sends this row.
    const attemptId = store.transaction(() =>
      store.messages.markSending(id, this.owner, startedAt, startedAt + this.#o.leaseMs) ? store.outbox.start(id, startedAt) : null,
    );
    if (attemptId === null) return null;
    let outcome: SendOutcome;
    try {
      outcome = await this.#d.gateways.forSender(sender).send({
        to: row.to_number,
        sender: { kind: sender.kind, address: sender.address },
        body: row.body,
        ...(validityPeriodS !== null ? { validityPeriodS } : {}),
      });
    } catch (err) {
      outcome = { kind: 'unknown', message: err instanceof Error ? err.message : String(err) };
    }
    return this.#record(store.messages.get(id) as MessageRow, attemptId, outcome);
  }

  /** Asks the send policy again at the moment the message leaves; a refusal is recorded on the row (R6) and notified. */
  #refuseNow(row: MessageRow, sender: SenderRow): SendRefusal | null {
    const { store, clock } = this.#d;
    const customerId = row.customer_id as number;
    const name = this.#nameOf(row);
    const { refusal } = this.#d.policy.check({
      dealerAccountId: row.dealer_account_id as number,
      customerId,
      customerName: name,
      toNumber: row.to_number,
      sender,
      origin: row.origin === 'automation' ? 'automation' : 'manual',
    });
    if (!refusal) return null;
    const now = clock();
    if (refusal.status === 'queued') {
      // Not a refusal: the message waits (GROUP_STALE) and is tried again.
      store.messages.setOutcome(row.id, { status: 'queued', errorMessage: refusal.text, nextAttemptAt: now + this.#o.groupRetryMs }, now);
      return refusal;
    }
    store.transaction(() => {
      store.messages.setOutcome(row.id, { status: refusal.status, blockReason: refusal.text, errorCode: refusal.gatewayErrorCode }, now);
      store.notifications.add({ kind: 'send_failed', customerId, messageId: row.id, title: `Queued SMS to ${name} not sent`, body: refusal.text }, now);
    });
    return refusal;
  }

  /**
   * An automated message's ValidityPeriod: no longer than the time left before its deadline, so a
   * message queued at the gateway cannot arrive after the dealer's send hours. Past the deadline
   * (it waited offline), it waits for the account's next window: 'wait'. Null: no deadline.
   */
  #validityPeriod(row: MessageRow): number | null | 'wait' {
    if (row.valid_until === null) return null;
    const { store, clock } = this.#d;
    const now = clock();
    let deadline = row.valid_until;
    if (deadline - now < MIN_VALIDITY_MS && this.#d.sendWindow && row.dealer_account_id !== null) {
      const next = this.#d.sendWindow(row.dealer_account_id, now + MIN_VALIDITY_MS);
      store.messages.setValidUntil(row.id, next.closesAt);
      deadline = next.closesAt;
      if (next.opensAt > now) {
        const message = `Waiting for the dealer's send hours: it would have arrived after they closed; it goes when they open again.`;
        store.messages.setOutcome(row.id, { status: 'queued', errorMessage: message, nextAttemptAt: next.opensAt }, now);
        return 'wait';
      }
    }
    const left = Math.floor((deadline - now) / 1000);
    if (left < 1) {
      // No calendar to move it to: sent now it could arrive after hours, so it is given up, and said so.
      const text = 'Not sent: its send window closed before it could leave.';
      store.messages.setOutcome(row.id, { status: 'failed', errorMessage: text }, now);
      this.#notifyFailed(row, text, now);
      return 'wait';
    }
    return Math.min(MAX_VALIDITY_S, left);
  }

  #nameOf(row: MessageRow): string {
    const customer = row.customer_id !== null ? this.#d.store.customers.get(row.customer_id) : undefined;
    return customer ? customerDisplayName(customer, row.to_number) : row.to_number;
  }

  #waitForGateway(row: MessageRow, err: unknown): void {
    const { store, clock } = this.#d;
    const e = err instanceof GatewayError ? err : new GatewayError('retryable', err instanceof Error ? err.message : String(err));
    const now = clock();
    let message: string;
    let next: number;
    if (e.kind === 'auth_failed') {
      this.#authProblem = { code: e.code, message: e.message, at: now };
      message = `Waiting to send: ${e.message}`;
      next = now + this.#o.authRetryMs;
    } else if (e.kind === 'retryable') {
      if (e.status === null) this.#online = false;
      message =
        e.status === null
          ? `Waiting to send: the SMS gateway cannot be reached (${e.message}). It will be sent when the connection returns.`
          : `Waiting to send: the SMS gateway is busy (${e.message}).`;
      next = now + (e.retryAfterMs ?? (e.status === null ? this.#o.offlineRetryMs : this.#o.backoffMs(1)));
    } else {
      message = `Waiting to send: the gateway refused to list the customer's replies (${e.message}).`;
      next = now + this.#o.backoffMs(row.attempts + 1);
    }
    this.#lastError = message;
    store.messages.setOutcome(row.id, { status: 'queued', errorCode: e.code, errorMessage: message, nextAttemptAt: next }, now);
  }

  #reachable(): void {
    this.#online = true;
    this.#authProblem = null;
  }

  /** Records the gateway's answer; resolves to a refusal when the gateway refused the recipient (R7). */
  #record(row: MessageRow, attemptId: number, outcome: SendOutcome): SendRefusal | null {
    const { store, clock } = this.#d;
    const now = clock();
    const id = row.id;
    let refusal: SendRefusal | null = null;
    store.transaction(() => {
      switch (outcome.kind) {
        case 'accepted':
          this.#reachable();
          store.messages.releaseRemoteCopy(outcome.sid, id);
          store.messages.setOutcome(id, { status: outcome.status, gatewaySid: outcome.sid, sentAt: outcome.at }, now);
          store.outbox.finish(attemptId, 'accepted', now, { gatewaySid: outcome.sid });
          return;
        case 'recipient_unsubscribed': {
          this.#reachable();
          // R7: the block is recorded, then worded by the send policy as every later send will be.
          const sender = row.sender_id !== null ? store.accounts.sender(row.sender_id) : undefined;
          if (sender) store.gatewayBlocks.block(sender.id, row.to_number, outcome.code, id, now);
          const reason = `The SMS gateway refused ${row.to_number}: unsubscribed from this sender (Twilio error ${outcome.code}: ${outcome.message}).`;
          refusal = (sender ? this.#d.policy.gatewayRefusal(sender, row.to_number, this.#nameOf(row)) : null) ?? {
            code: 'GATEWAY_BLOCKED', status: 'blocked_gateway', reason, text: `Not sent: ${reason}`, block: null, reviewId: null, gatewayErrorCode: outcome.code, gatewayBlock: null,
          };
          const text = refusal.text;
          store.messages.setOutcome(id, { status: 'blocked_gateway', errorCode: outcome.code, errorMessage: outcome.message, blockReason: text }, now);
          store.outbox.finish(attemptId, outcome.kind, now, { errorCode: outcome.code, errorMessage: outcome.message });
          this.#notifyFailed(row, text, now);
          return;
        }
        case 'invalid_recipient':
        case 'rejected': {
          this.#reachable();
          store.messages.setOutcome(id, { status: 'failed', errorCode: outcome.code, errorMessage: outcome.message }, now);
          store.outbox.finish(attemptId, outcome.kind, now, { errorCode: outcome.code, errorMessage: outcome.message });
          const what = outcome.kind === 'invalid_recipient' ? `${row.to_number} cannot receive SMS` : 'the gateway refused it';
          this.#notifyFailed(row, `Not sent: ${what} (Twilio error ${outcome.code ?? 'unknown'}: ${outcome.message}).`, now);
          return;
        }
        case 'auth_failed':
          this.#authProblem = { code: outcome.code, message: outcome.message, at: now };
          this.#lastError = outcome.message;
          store.messages.setOutcome(
            id,
            { status: 'queued', errorCode: outcome.code, errorMessage: `Waiting to send: ${outcome.message}`, nextAttemptAt: now + this.#o.authRetryMs },
            now,
          );
          store.outbox.finish(attemptId, outcome.kind, now, { errorCode: outcome.code, errorMessage: outcome.message });
          return;
        case 'retryable': {
          if (outcome.code === null) this.#online = false;
          this.#lastError = outcome.message;
          store.outbox.finish(attemptId, outcome.kind, now, { errorCode: outcome.code, errorMessage: outcome.message });
          if (row.attempts >= this.#o.maxAttempts) {
            this.#giveUp(row, outcome.code, outcome.message, now);
            return;
          }
          const wait = outcome.retryAfterMs ?? this.#o.backoffMs(row.attempts);
          store.messages.setOutcome(id, { status: 'queued', errorCode: outcome.code, errorMessage: outcome.message, nextAttemptAt: now + wait }, now);
          return;
        }
        case 'unknown':
          this.#lastError = outcome.message;
          store.messages.setOutcome(
            id,
            { status: 'unknown', errorMessage: `Outcome unknown (${outcome.message}); checking with the gateway before any retry.`, nextAttemptAt: now + this.#o.reconcileDelayMs },
            now,
          );
          store.outbox.finish(attemptId, 'unknown', now, { errorMessage: outcome.message });
          return;
      }
    });
    return refusal;
  }

  #giveUp(row: MessageRow, code: number | null, message: string, now: number): void {
    const text = `Not sent after ${row.attempts} attempts: ${message}`;
    this.#d.store.messages.setOutcome(row.id, { status: 'failed', errorCode: code, errorMessage: text }, now);
    this.#notifyFailed(row, text, now);
  }

  #notifyFailed(row: MessageRow, text: string, now: number): void {
    const name = this.#nameOf(row);
    this.#d.store.notifications.add({ kind: 'send_failed', customerId: row.customer_id, messageId: row.id, title: `SMS to ${name} not sent`, body: text }, now);
  }

  /**
   * R8: looks for the message an unknown attempt may have created: same recipient, sender and
   * body, created since the first unresolved attempt (less the skew allowance), under a SID no
   * other local message holds.
   */
  async #reconcile(row: MessageRow, sender: SenderRow): Promise<Reconciled> {
    const { store, clock } = this.#d;
    const firstStart = store.outbox.firstUnresolvedAt(row.id) ?? row.updated_at;
    const windowStart = firstStart - this.#o.reconcileSlackMs;
    const matches = (m: GatewayMessage): boolean =>
      m.direction === 'outbound-api' &&
      m.to === row.to_number &&
      m.body === row.body &&
      m.dateCreated >= windowStart &&
      (sender.kind === 'number' ? m.from === sender.address : m.messagingServiceSid === sender.address);
    const candidates = new Map<string, GatewayMessage>();
    try {
      let url: string | null = null;
      for (let pages = 0; pages < this.#o.reconcilePages; pages++) {
        const page = await this.#d.gateways.forSender(sender).listMessages(
          url !== null ? { pageUrl: url } : { to: row.to_number, ...(sender.kind === 'number' ? { from: sender.address } : {}), pageSize: 100 },
        );
        for (const m of page.messages) if (matches(m)) candidates.set(m.sid, m);
        const oldest = page.messages[page.messages.length - 1];
        if (!page.nextPageUrl || !oldest || (oldest.dateSent ?? oldest.dateCreated) < windowStart) break;
        url = page.nextPageUrl;
      }
    } catch (err) {
      const e = err instanceof GatewayError ? err : new GatewayError('retryable', String(err));
      if (e.kind === 'auth_failed') this.#authProblem = { code: e.code, message: e.message, at: clock() };
      if (e.status === null && e.kind === 'retryable') this.#online = false;
      this.#lastError = e.message;
      const now = clock();
      store.messages.setOutcome(
        row.id,
        {
          status: 'unknown',
          errorMessage: `Outcome unknown; could not check with the gateway yet (${e.message}).`,
          nextAttemptAt: now + (e.retryAfterMs ?? (e.kind === 'auth_failed' ? this.#o.authRetryMs : this.#o.offlineRetryMs)),
        },
        now,
      );
      return 'pending';
    }
    this.#reachable();
    const ordered = [...candidates.values()].sort((a, b) => a.dateCreated - b.dateCreated || (a.sid < b.sid ? -1 : 1));
    const now = clock();
    for (const m of ordered) {
      const holder = store.messages.sidInfo(m.sid);
      if (holder && holder.origin !== 'remote' && holder.id !== row.id) continue;
      store.transaction(() => {
        store.messages.releaseRemoteCopy(m.sid, row.id);
        store.messages.setOutcome(row.id, { status: localOutboundStatus(m.status), gatewaySid: m.sid, sentAt: m.dateSent ?? m.dateCreated }, now);
        store.outbox.resolveOpen(row.id, 'reconciled_sent', m.sid, now);
      });
      return 'sent';
    }
    // The gateway has no such message: no attempt so far created one, so sending again is safe.
    store.transaction(() => {
      store.outbox.resolveOpen(row.id, 'reconciled_not_sent', null, now);
      if (row.attempts >= this.#o.maxAttempts) this.#giveUp(row, row.error_code, row.error_message ?? 'outcome unknown', now);
      else store.messages.setOutcome(row.id, { status: 'queued', errorMessage: 'The last attempt did not reach the gateway; sending again.' }, now);
    });
    return row.attempts >= this.#o.maxAttempts ? 'pending' : 'not_sent';
  }
}
