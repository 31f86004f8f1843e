// Stores one page of the gateway's message log in one transaction, idempotently by message SID
// (messages.gateway_sid is UNIQUE): inbound replies are attributed (R4) and processed (R3, R7);
// outbound messages sent by other installs of the same gateway account are kept as origin
// 'remote'; known outbound messages get their delivery status. A page is applied oldest first.
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { SenderRow } from '../db/repos/accounts-repo.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import { localOutboundStatus, type GatewayMessage } from '../gateway/sms-gateway.ts';
import { gatewayProgress } from '../../shared/domain/message-status.ts';
import { attribute, cachedLookups, recordAttribution, storeLookups, type AttributionLookups } from './attribution.ts';
import { ReplyProcessor } from './reply-processor.ts';

export interface IngestStats {
  /** New rows: inbound replies and other installs' outbound messages. */
  inserted: number;
  replies: number;
  /** SIDs already stored. */
  duplicates: number;
  statusUpdates: number;
  /** Not ours to store: gateway auto-replies, other senders, the outbox's own unresolved attempts. */
  skipped: number;
}

export const emptyStats = (): IngestStats => ({ inserted: 0, replies: 0, duplicates: 0, statusUpdates: 0, skipped: 0 });

export function addStats(into: IngestStats, s: IngestStats): IngestStats {
  into.inserted += s.inserted;
  into.replies += s.replies;
  into.duplicates += s.duplicates;
  into.statusUpdates += s.statusUpdates;
  into.skipped += s.skipped;
  return into;
}

export interface IngestorOptions {
  /** How far back an unresolved outbox attempt may match a listed message. Default 7 days. */
  pendingAttemptWindowMs?: number;
}

export class MessageIngestor {
  readonly replies: ReplyProcessor;
  readonly #pendingWindow: number;

  constructor(
    private readonly store: Store,
    consent: ConsentService,
    private readonly clock: Clock,
    options: IngestorOptions = {},
  ) {
    this.replies = new ReplyProcessor(store, consent);
    this.#pendingWindow = options.pendingAttemptWindowMs ?? 7 * 86_400_000;
  }

  /**
   * Applies one page (as listed: newest first) in one transaction, together with
   * `alsoInTransaction` (the poll cursor), so a crash leaves either all of it or none.
   */
  ingestPage(messages: readonly GatewayMessage[], alsoInTransaction?: () => void): IngestStats {
    return this.store.transaction(() => {
      const stats = emptyStats();
      const now = this.clock();
      const senders = new Map<string, SenderRow | null>();
      const senderOf = (address: string | null): SenderRow | null => {
        if (!address) return null;
        let s = senders.get(address);
        if (s === undefined) senders.set(address, (s = this.store.accounts.senderByAddress(address) ?? null));
        return s;
      };
      const lookups = cachedLookups(storeLookups(this.store));
      this.replies.resetCaches();
      const seen = new Set<string>();
      for (let i = messages.length - 1; i >= 0; i--) {
        const m = messages[i] as GatewayMessage;
        if (seen.has(m.sid)) {
          stats.duplicates++;
          continue;
        }
        seen.add(m.sid);
        if (m.direction === 'inbound') this.#inbound(m, senderOf, lookups, now, stats);
        else this.#outbound(m, senderOf, lookups, now, stats);
      }
      alsoInTransaction?.();
      return stats;
    });
  }

  #inbound(
    m: GatewayMessage,
    senderOf: (a: string | null) => SenderRow | null,
    lookups: AttributionLookups,
    now: number,
    stats: IngestStats,
  ): void {
    if (this.store.messages.sidInfo(m.sid)) {
      stats.duplicates++;
      return;
    }
    if (!m.from) {
      stats.skipped++;
      return;
    }
    const at = m.dateSent ?? m.dateCreated;
    const sender = senderOf(m.to) ?? senderOf(m.messagingServiceSid);
    const a = attribute({ sender, toAddress: m.to, fromNumber: m.from, receivedAt: at }, lookups);
    const id = this.store.messages.insertInbound({
      customerId: a.customerId,
      dealerAccountId: a.accountIds.length === 1 ? (a.accountIds[0] as number) : null,
      senderId: sender?.id ?? null,
      toNumber: m.to,
      fromNumber: m.from,
      body: m.body,
      segments: m.numSegments,
      gatewaySid: m.sid,
      receivedAt: at,
    });
    recordAttribution(this.store, id, a, now);
    this.replies.process({ messageId: id, sid: m.sid, body: m.body, fromNumber: m.from, sender, receivedAt: at }, a, now);
    stats.inserted++;
    stats.replies++;
  }

  #outbound(
    m: GatewayMessage,
    senderOf: (a: string | null) => SenderRow | null,
    lookups: AttributionLookups,
    now: number,
    stats: IngestStats,
  ): void {
    // The gateway's own keyword auto-replies are not a dealer's messages (and must not count as
    // the latest outbound message for attribution).
    if (m.direction !== 'outbound-api') {
      stats.skipped++;
      return;
    }
    const status = localOutboundStatus(m.status);
    const known = this.store.messages.sidInfo(m.sid);
    if (known) {
      stats.duplicates++;
      const local = gatewayProgress(known.status);
      const next = gatewayProgress(status);
      if (known.direction === 'outbound' && local !== null && next !== null && next > local) {
        this.store.messages.setGatewayStatus(known.id, status, m.errorCode, m.errorMessage, m.dateSent, now);
        stats.statusUpdates++;
      }
      return;
    }
    const sender = senderOf(m.messagingServiceSid) ?? senderOf(m.from);
    if (!sender) {
      stats.skipped++;
      return;
    }
    // Our own attempt whose outcome is not known yet: the outbox reconciles it (R8).
    if (this.store.messages.pendingAttemptLike(m.to, sender.id, m.body, m.dateCreated - this.#pendingWindow) !== undefined) {
      stats.skipped++;
      return;
    }
    const accounts = lookups.accountsOfSender(sender.id);
    const customer = lookups.customersByNumber(m.to)[0];
    this.store.messages.insert({
      direction: 'outbound',
      origin: 'remote',
      status,
      customerId: customer?.id ?? null,
      // Another install sent it: the account is known only when one account uses the sender.
      dealerAccountId: accounts.length === 1 ? (accounts[0]?.id ?? null) : null,
      senderId: sender.id,
      toNumber: m.to,
      fromNumber: m.from,
      body: m.body,
      segments: m.numSegments,
      gatewaySid: m.sid,
      errorCode: m.errorCode,
      errorMessage: m.errorMessage,
      createdAt: m.dateCreated,
      sentAt: m.dateSent,
    });
    stats.inserted++;
  }
}
