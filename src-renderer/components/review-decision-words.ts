// What each review decision button does, in words (the UX review asked that the buttons say it),
// and how a recorded decision reads on the lead and in the resolved list. One place for both.
import type { ReviewDecision, ReviewItem } from '../../shared/ipc/contract.ts';

export type ReviewMode = 'confirm' | 'dismiss' | 'narrow';

const list = (names: string[]): string =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** The modes a review offers, in the order its buttons show. */
export function reviewModes(r: ReviewItem): ReviewMode[] {
  if (r.kind === 'possible_opt_out') return ['confirm', 'dismiss'];
  return r.appliedTo.length > 1 ? ['confirm', 'narrow'] : ['confirm'];
}

/** The button's label: what it does. */
export function reviewButtonLabel(r: ReviewItem, mode: ReviewMode): string {
  const account = r.accountName ?? 'this dealer';
  if (isWrongNumber(r)) return mode === 'confirm' ? 'Confirm wrong number…' : 'Not a wrong number…';
  if (r.kind === 'possible_opt_out') return mode === 'confirm' ? `Opt out of SMS from ${account}…` : 'Not an opt-out…';
  if (mode === 'narrow') return 'Meant for one dealer…';
  if (r.appliedTo.length > 0) return r.appliedTo.length === 1 ? `Keep opt-out for ${r.appliedTo[0]?.accountName}…` : `Keep opt-out for all ${r.appliedTo.length}…`;
  return 'Mark reviewed…';
}

/** The dialog's title. */
export function reviewDialogTitle(r: ReviewItem, mode: ReviewMode): string {
  const who = r.customerName ?? 'the customer';
  const account = r.accountName ?? 'this dealer';
  if (isWrongNumber(r)) return mode === 'confirm' ? `Wrong number: take it off ${who}'s lead` : `Not a wrong number: keep ${who}'s number`;
  if (r.kind === 'possible_opt_out') {
    return mode === 'confirm' ? `Opt ${who} out of SMS from ${account}` : `Not an opt-out: keep texting ${who} from ${account}`;
  }
  if (mode === 'narrow') return 'Which dealer was the reply meant for?';
  return r.appliedTo.length > 0 ? `Keep the opt-out for ${list(r.appliedTo.map((a) => a.accountName))}` : 'Mark the reply reviewed';
}

/** What will happen, said before it happens. */
export function reviewConsequence(r: ReviewItem, mode: ReviewMode): string {
  const who = r.customerName ?? 'The customer';
  const account = r.accountName ?? 'this dealer';
  if (isWrongNumber(r)) {
    return mode === 'confirm'
      ? `The number comes off ${who}'s lead (it stays in the phone history) so nobody texts a stranger. Consent is unchanged: they never asked to stop.`
      : `Nothing changes: the number stays on the lead and held automated messages are released. Say why the reply is not a wrong number; it is kept in the consent audit trail.`;
  }
  if (r.kind === 'possible_opt_out') {
    return mode === 'confirm'
      ? `${who} will be opted out of SMS from ${account}. Other dealer accounts are not affected.`
      : `Nothing changes for consent: ${who} can be texted by ${account} again and held automated messages are released. Say why the reply is not a request to stop; it is kept in the consent audit trail.`;
  }
  if (mode === 'narrow') {
    return 'The reply could not be attributed, so the opt-out was applied to every dealer sharing the number. Tick the dealer(s) it was meant for: the opt-out is withdrawn for the others, each change recorded with your name and reason.';
  }
  return r.appliedTo.length > 0
    ? `The opt-out stays for ${list(r.appliedTo.map((a) => a.accountName))}.`
    : 'Nothing changes for consent; the reply is marked reviewed.';
}

/** A reply the classifier read as "wrong number" (issue 15): confirming it takes the number off the lead, not consent. */
export function isWrongNumber(r: Pick<ReviewItem, 'kind' | 'intent'>): boolean {
  return r.kind === 'possible_opt_out' && r.intent === 'wrong_number';
}

/** How a decision reads: 'Dismissed (not an opt-out) by Kim', 'Narrowed to Harbour City Toyota by Kim'. `intent`: the reviewed item's, when known. */
export function decisionSummary(d: ReviewDecision, intent?: ReviewItem['intent']): string {
  if (d.decision === 'narrowed') {
    const kept = [...new Set(d.accounts.filter((a) => a.effect === 'kept').map((a) => a.accountName))];
    const withdrawn = [...new Set(d.accounts.filter((a) => a.effect === 'withdrawn').map((a) => a.accountName))];
    const superseded = [...new Set(d.accounts.filter((a) => a.effect === 'superseded').map((a) => a.accountName))];
    return (
      `Reply attributed to ${list(kept)} by ${d.actor}` +
      (withdrawn.length ? `; opt-out withdrawn for ${list(withdrawn)}` : '') +
      (superseded.length ? `; ${list(superseded)} left as a newer change had set it` : '')
    );
  }
  if (d.kind === 'possible_opt_out' && intent === 'wrong_number') {
    return d.decision === 'confirmed' ? `Wrong number confirmed by ${d.actor}: the number was taken off the lead` : `Not a wrong number, said ${d.actor}`;
  }
  if (d.kind === 'possible_opt_out') {
    return d.decision === 'confirmed'
      ? `Possible opt-out confirmed by ${d.actor}${d.accountName ? ` (${d.accountName})` : ''}`
      : `Possible opt-out dismissed (not an opt-out) by ${d.actor}${d.accountName ? ` (${d.accountName})` : ''}`;
  }
  return d.decision === 'confirmed' ? `Unattributed reply kept as applied by ${d.actor}` : `Unattributed reply dismissed by ${d.actor}`;
}
