// A lead's consent audit trail: every consent change and every review decision about the
// customer's replies (confirmed, dismissed with why, narrowed to a dealer), newest first.
import type { ConsentEvent, LeadDetail, ReviewDecision } from '../../shared/ipc/contract.ts';
import { consentHow } from '../../shared/domain/consent-wording.ts';
import { fmtDateTime } from '../lib/format.ts';
import { decisionSummary } from './review-decision-words.ts';

type Entry = { at: number; key: string; event: ConsentEvent; decision?: undefined } | { at: number; key: string; decision: ReviewDecision; event?: undefined };

const channelName = (c: 'sms' | 'email') => (c === 'sms' ? 'SMS' : 'email');

export function ConsentHistory({ lead }: { lead: LeadDetail }) {
  const entries: Entry[] = [
    ...lead.consentHistory.map((event) => ({ at: event.occurredAt, key: `e${event.id}`, event })),
    ...lead.reviewDecisions.map((decision) => ({ at: decision.decidedAt, key: `d${decision.id}`, decision })),
  ].sort((a, b) => b.at - a.at || b.key.localeCompare(a.key));
  return (
    <ul className="history" aria-label="Consent history">
      {entries.length === 0 && <li className="muted">No consent changes recorded.</li>}
      {entries.map((x) =>
        x.event ? (
          <li key={x.key}>
            <strong style={{ color: x.event.status === 'opted_out' ? 'var(--red)' : 'var(--green)' }}>
              {x.event.status === 'opted_out' ? 'Opted out of' : 'Opted in to'}
            </strong>{' '}
            {channelName(x.event.channel)} · {x.event.accountName}
            <div className="muted">
              {fmtDateTime(x.event.occurredAt)} · {consentHow(x.event)}
            </div>
          </li>
        ) : (
          <li key={x.key} data-testid="history-review-decision">
            <strong>Review decision</strong> · {decisionSummary(x.decision)}
            <div className="muted">
              {fmtDateTime(x.decision.decidedAt)} · reply “{x.decision.body}”{x.decision.reason ? ` · why: ${x.decision.reason}` : ''}
            </div>
          </li>
        ),
      )}
    </ul>
  );
}
