// R4 across desks (R11): a reply first attributed to every account sharing the number (no
// outbound message known here) is revised when the record of the message it answered arrives from
// another desk. The revision is a new attribution decision (the first stays, with its reason), the
// keyword's effect for the account that desk recorded, the provisional effects on the other
// accounts retracted (append-only, with the reason) and the review item closed.
import type { Store } from '../db/store.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import { replyConsentUid, retractionUid } from '../consent/event-ids.ts';
import { classifyReply } from '../../shared/classify-reply.ts';
import { attribute, recordAttribution, storeLookups } from './attribution.ts';

/** Who closes a review item the group's records settled. */
export const GROUP_REVISION_ACTOR = 'group server (attribution revised)';

/**
 * Retracts the provisional consent effects of a reply on every account but `accountId` (they
 * were made, here or on another desk, before the message it answered was known). Returns how many.
 */
export function retractProvisional(store: Store, consent: ConsentService, replySid: string, accountId: number, reason: string): number {
  let n = 0;
  for (const other of store.accounts.accounts()) {
    if (other.id === accountId) continue;
    const uid = replyConsentUid(replySid, other.code, 'sms');
    const e = store.consent.byUid(uid);
    if (!e || e.provisional !== 1 || e.retracted_reason !== null) continue;
    if (consent.retract(uid, retractionUid(uid), reason)) n++;
  }
  return n;
}

/** Re-attributes a provisionally attributed reply; true when it was revised. */
export function reviseAttribution(store: Store, consent: ConsentService, replyId: number, now: number): boolean {
  const reply = store.messages.get(replyId);
  if (!reply || reply.direction !== 'inbound' || reply.sender_id === null || !reply.from_number || !reply.gateway_sid) return false;
  const decided = store.group.latestAttribution(replyId);
  if (!decided || decided.rule !== 'all_sharing_accounts') return false;
  const sender = store.accounts.sender(reply.sender_id) ?? null;
  const a = attribute({ sender, toAddress: reply.to_number, fromNumber: reply.from_number, receivedAt: reply.created_at }, storeLookups(store));
  const accountId = a.accountIds[0];
  if (a.rule !== 'latest_outbound' || accountId === undefined || a.customerId === null) return false;
  const code = store.accounts.account(accountId)?.code;
  if (!code) return false;
  const reason = `Revised when another desk's record of the message arrived: ${a.reason}`;
  return store.transaction(() => {
    recordAttribution(store, replyId, { ...a, reason }, now);
    store.group.setReplyAccount(replyId, accountId);
    const c = classifyReply(reply.body);
    if (c.intent === 'opt_out' || c.intent === 'opt_in') {
      consent.applyReply(accountId, a.customerId as number, c.intent === 'opt_out' ? 'opted_out' : 'opted_in', replyId, c.keyword ?? reply.body.trim(), reply.created_at, {
        uid: replyConsentUid(reply.gateway_sid as string, code, 'sms'),
      });
    }
    retractProvisional(store, consent, reply.gateway_sid as string, accountId, reason);
    const item = store.group.reviewOfReply(replyId, 'unattributed', null);
    if (item?.status === 'open') store.reviews.resolve(item.id, 'confirmed', now, GROUP_REVISION_ACTOR);
    return true;
  });
}
