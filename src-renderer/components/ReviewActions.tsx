// The buttons of a reply put up for review, each saying what it does, and the decision dialog they
// open: used by the review queue (Notifications) and on the lead page, where the warning shows.
import { useState } from 'react';
import type { ReviewItem } from '../../shared/ipc/contract.ts';
import { loadCounts, toast } from '../stores/app-store.ts';
import { ReviewDecisionDialog } from './ReviewDecisionDialog.tsx';
import { isWrongNumber, reviewButtonLabel, reviewModes, type ReviewMode } from './review-decision-words.ts';

export function ReviewActions({ item, onResolved }: { item: ReviewItem; onResolved?: (resolved: ReviewItem) => void }) {
  const [mode, setMode] = useState<ReviewMode | null>(null);
  const who = item.customerName ?? (item.fromNumber ? `the reply from ${item.fromNumber}` : 'an unknown customer');
  return (
    <div className="row" data-testid="review-actions">
      {reviewModes(item).map((m) => (
        <button
          key={m}
          type="button"
          className={m === 'confirm' && item.kind === 'possible_opt_out' ? 'btn btn-sm btn-danger-solid' : 'btn btn-sm'}
          onClick={() => setMode(m)}
          aria-label={`${reviewButtonLabel(item, m).replace(/…$/, '')} (${who})`}
        >
          {reviewButtonLabel(item, m)}
        </button>
      ))}
      <ReviewDecisionDialog
        item={mode ? item : null}
        mode={mode ?? 'confirm'}
        onClose={() => setMode(null)}
        onDone={(resolved, m) => {
          setMode(null);
          const wrongNumber = m === 'confirm' && isWrongNumber(item);
          const optOut = m === 'confirm' && item.kind === 'possible_opt_out' && !wrongNumber;
          toast(
            {
              tone: optOut ? 'danger' : 'info',
              title: optOut
                ? `Opted out: ${item.customerName ?? 'customer'} from ${item.accountName ?? 'the account'}`
                : wrongNumber
                  ? `Number removed from ${item.customerName ?? 'the customer'}'s lead (kept in its phone history)`
                  : m === 'dismiss'
                  ? 'Dismissed: not an opt-out (recorded on the lead)'
                  : m === 'narrow'
                    ? 'Attribution narrowed (recorded on the lead)'
                    : item.appliedTo.length > 0
                      ? 'Opt-out kept as applied'
                      : 'Marked reviewed',
            },
            4000,
          );
          void loadCounts();
          onResolved?.(resolved);
        }}
      />
    </div>
  );
}
