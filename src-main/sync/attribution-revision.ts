// R4 across desks (R11): a reply attributed without the record of the message it answered (sent
// from another desk) is revised when that record arrives: a new attribution decision (the first
// stays, with its reason), the keyword's effect for the account that desk recorded on the later
// basis — which supersedes the earlier effects on every desk (consent-repo.ts SUPERSEDED) — and
// the review item closed.
import type { Store } from '../db/store.ts';
import type { ConsentService } from '../consent/consent-service.ts';
import { replyConsentUid } from '../consent/event-ids.ts';
import { classifyReply } from '../../shared/classify-reply.ts';
import { attribute, recordAttribution, storeLookups } from './attribution.ts';

/** Who closes a review item the group's records settled. */
export const GROUP_REVISION_ACTOR = 'group server (attribution revised)';

/** Re-attributes a reply after an outbound record arrived; true when the decision changed. */
export function reviseAttribution(store: Store, consent: ConsentService, replyId: number, now: number): boolean {
  const reply = store.messages.get(replyId);
  if (!reply || reply.direction !== 'inbound' || reply.sender_id === null || !reply.from_number || !reply.gateway_sid) return false;
  const decided = store.group.latestAttribution(replyId);
  if (!decided || (decided.rule !== 'all_sharing_accounts' && decided.rule !== 'latest_outbound')) return false;
  const sender = store.accounts.sender(reply.sender_id) ?? null;
  const a = attribute({ sender, toAddress: reply.to_number, fromNumber: reply.from_number, receivedAt: reply.created_at }, storeLookups(store));
  const accountId = a.accountIds[0];
  if (a.rule !== 'latest_outbound' || accountId === undefined || a.customerId === null) return false;
  if (decided.rule === 'latest_outbound' && decided.accountIds.length === 1 && decided.accountIds[0] === accountId) return false;
  const code = store.accounts.account(accountId)?.code;
  if (!code) return false;
  const reason = `Revised when another desk's record of the message arrived: ${a.reason}`;
  return store.transaction(() => {
    recordAttribution(store, replyId, { ...a, reason }, now);
    store.group.setReplyAccount(replyId, accountId);
    const c = classifyReply(reply.body);
    if (c.intent === 'opt_out' || c.intent === 'opt_in') {
      const basis = a.basis;
      consent.applyReply(accountId, a.customerId as number, c.intent === 'opt_out' ? 'opted_out' : 'opted_in', replyId, c.keyword ?? reply.body.trim(), reply.created_at, {
        uid: replyConsentUid(reply.gateway_sid as string, code, 'sms', basis?.sid ?? null),
        reply: { sid: reply.gateway_sid as string, basisSid: basis?.sid ?? null, basisAt: basis?.at ?? null },
      });
    }
    const item = store.group.reviewOfReply(replyId, 'unattributed', null);
    if (item?.status === 'open') store.reviews.resolve(item.id, 'confirmed', now, GROUP_REVISION_ACTOR);
    return true;
  });
}
