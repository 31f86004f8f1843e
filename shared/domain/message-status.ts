// Message statuses as staff think of them: which statuses are still waiting in our outbox, with
// the gateway, delivered, failed, blocked, or a reply. Defined once here and used by the
// contract's SMS-list filters, main's SQL (IN-lists built from these arrays), the outbox, the
// ingestor and the renderer. Plain data and pure functions.
import type { MessageStatus } from './types.ts';

/** Every message status falls in exactly one group (the SMS list's status filters). */
export const MESSAGE_STATUS_GROUPS = {
  /** In our outbox: not yet accepted by the gateway, to send, in flight or to reconcile (R8). */
  queued: ['queued', 'sending', 'unknown'],
  /** Accepted by the gateway, not yet at a final status. */
  sent: ['accepted', 'sent'],
  delivered: ['delivered'],
  failed: ['failed', 'undelivered'],
  /** Refused by the app: dealer consent (R5), the gateway's unsubscribe (R7), or held for review. */
  blocked: ['blocked_opted_out', 'blocked_gateway', 'held_review'],
  inbound: ['received'],
} as const satisfies Record<string, readonly MessageStatus[]>;

export type MessageStatusGroup = keyof typeof MESSAGE_STATUS_GROUPS;
export const MESSAGE_STATUS_GROUP_NAMES = Object.keys(MESSAGE_STATUS_GROUPS) as [MessageStatusGroup, ...MessageStatusGroup[]];

/** The outbox's statuses: waiting to be handed to the gateway (the outbox's `OUTBOX_STATUSES`, the send result's `queued`). */
export const WAITING_STATUSES: readonly MessageStatus[] = MESSAGE_STATUS_GROUPS.queued;
/** With the gateway and not yet final: the statuses a status sync still follows up. */
export const UNSETTLED_STATUSES: readonly MessageStatus[] = MESSAGE_STATUS_GROUPS.sent;
/** A request to the gateway may have left: the outcome must be reconciled before any retry (R8). */
export const MAY_HAVE_LEFT_STATUSES: readonly MessageStatus[] = ['sending', 'unknown'];
export const BLOCKED_STATUSES: readonly MessageStatus[] = MESSAGE_STATUS_GROUPS.blocked;

const GROUP_OF = new Map<MessageStatus, MessageStatusGroup>(
  MESSAGE_STATUS_GROUP_NAMES.flatMap((g) => MESSAGE_STATUS_GROUPS[g].map((s) => [s, g] as const)),
);

export function messageStatusGroup(status: MessageStatus): MessageStatusGroup {
  return GROUP_OF.get(status)!;
}

/** Still in our outbox (queued, sending, or to reconcile): "Queued — will send when online". */
export function isWaiting(status: MessageStatus): boolean {
  return GROUP_OF.get(status) === 'queued';
}
/** Refused by the app and recorded as an attempt (R6): shown in red with the reason. */
export function isBlocked(status: MessageStatus): boolean {
  return GROUP_OF.get(status) === 'blocked';
}
export function isDelivered(status: MessageStatus): boolean {
  return GROUP_OF.get(status) === 'delivered';
}
export function isFailed(status: MessageStatus): boolean {
  return GROUP_OF.get(status) === 'failed';
}
export function mayHaveLeft(status: MessageStatus): boolean {
  return MAY_HAVE_LEFT_STATUSES.includes(status);
}

/**
 * How far a message the gateway accepted has come. Gateway reports can arrive out of order; a
 * status only ever moves forward (a late "sent" never overwrites "delivered"). Null for statuses
 * the gateway does not report.
 */
const GATEWAY_PROGRESS: Partial<Record<MessageStatus, number>> = { accepted: 0, sent: 1, delivered: 2, undelivered: 2, failed: 2 };

export function gatewayProgress(status: MessageStatus): number | null {
  return GATEWAY_PROGRESS[status] ?? null;
}
