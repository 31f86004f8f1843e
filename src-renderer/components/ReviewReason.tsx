// Why a reply was put up for review, as the classifier said (R3): the same sentence
// `smsdesk classify --explain` prints, from the reasons kept with the review item.
import type { ReviewItem } from '../../shared/ipc/contract.ts';
import { explainReason } from '../../shared/domain/reply-reason.ts';

/** The heading of a review item: what the reply seemed to say. */
export function reviewTitle(r: Pick<ReviewItem, 'kind' | 'intent'>): string {
  if (r.kind === 'unattributed') return 'Reply not attributed to one dealer';
  return r.intent === 'wrong_number' ? 'Wrong number? The mobile may have been reassigned' : 'Possible opt-out';
}

export function ReviewReason({ item }: { item: Pick<ReviewItem, 'reasons'> }) {
  const reasons = item.reasons ?? [];
  if (reasons.length === 0) return null;
  return (
    <p className="muted small review-reason" data-testid="review-reason" data-rule={reasons[0]?.rule}>
      <span className="review-reason-label">Why flagged: </span>
      {/* Quotes the reply: React renders it as text. */}
      {reasons.map(explainReason).join(' Also: ')}
    </p>
  );
}
