// A lead's automation (R12): per dealer account its "Exclude from automation" switch and the
// dates rules watch; and its path — each rule and step: sent, blocked, held, rescheduled,
// skipped, with why.
import { useState } from 'react';
import type { LeadAutomation, LeadPath } from '../../shared/ipc/contract.ts';
import type { MessageStatus } from '../../shared/domain/types.ts';
import { api } from '../api/api.ts';
import { useQuery } from '../data/use-query.ts';
import { errorText, fmtDateTime, STATUS_LABEL } from '../lib/format.ts';
import { ErrorAlert } from './Alert.tsx';
import { Chip, MessageStatusChip } from './StatusChip.tsx';

const NO_LEADS: LeadAutomation[] = [];
const NO_PATH: LeadPath[] = [];

function dateInput(ms: number | null): string {
  if (ms === null) return '';
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function LeadSwitches({ lead }: { lead: LeadAutomation }) {
  const [error, setError] = useState<string | null>(null);
  // Shown as chosen at once; main's answer (and the lead:changed event) confirms it.
  const [excluded, setExcluded] = useState(lead.automationExcluded);
  const [closed, setClosed] = useState(lead.closedAt !== null);
  const update = async (change: Omit<Parameters<ReturnType<typeof api>['automation.updateLead']>[0], 'customerId' | 'dealerAccountId'>) => {
    setError(null);
    try {
      await api()['automation.updateLead']({ customerId: lead.customerId, dealerAccountId: lead.dealerAccountId, ...change });
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <div className="stack" data-testid="lead-automation" data-account={lead.accountName}>
      <strong>{lead.accountName}</strong>
      <ErrorAlert message={error} />
      <label className="row">
        <input
          type="checkbox"
          checked={excluded}
          onChange={(e) => {
            setExcluded(e.target.checked);
            void update({ automationExcluded: e.target.checked });
          }}
        />
        <span>Exclude from automation</span>
      </label>
      <label className="row">
        <input
          type="checkbox"
          checked={closed}
          onChange={(e) => {
            setClosed(e.target.checked);
            void update({ closed: e.target.checked });
          }}
        />
        <span>Lead closed{lead.closedAt ? ` (${fmtDateTime(lead.closedAt)})` : ''}</span>
      </label>
      <details>
        <summary>Dates, vehicle and salesperson (rules and responses use them)</summary>
      <label className="field">
        <span>Test drive</span>
        <input className="input" type="datetime-local" defaultValue={dateInput(lead.testDriveAt)} onBlur={(e) => void update({ testDriveAt: e.target.value ? new Date(e.target.value).getTime() : null })} />
      </label>
      <label className="field">
        <span>Follow-up</span>
        <input className="input" type="datetime-local" defaultValue={dateInput(lead.followUpAt)} onBlur={(e) => void update({ followUpAt: e.target.value ? new Date(e.target.value).getTime() : null })} />
      </label>
      <label className="field">
        <span>Vehicle of interest</span>
        <input className="input" defaultValue={lead.vehicle ?? ''} onBlur={(e) => void update({ vehicle: e.target.value.trim() || null })} />
      </label>
      <label className="field">
        <span>Salesperson</span>
        <input className="input" defaultValue={lead.salesperson ?? ''} onBlur={(e) => void update({ salesperson: e.target.value.trim() || null })} />
      </label>
      </details>
    </div>
  );
}

const STEP_TONE = { pending: 'queued', held: 'queued', released: 'sent', blocked: 'blocked', skipped: 'neutral' } as const;

export function LeadAutomationCard({ customerId }: { customerId: number }) {
  const leads = useQuery('automation.lead', { customerId }).data ?? NO_LEADS;
  const path = useQuery('automation.leadPath', { customerId }).data ?? NO_PATH;
  return (
    <div className="card">
      <div className="card-head">
        <h2>Automation</h2>
      </div>
      <div className="card-body stack">
        <ol className="history" aria-label="Automation path">
          {path.map((p) => (
            <li key={`${p.ruleId}:${p.enrolledAt}`} data-testid="automation-path">
              <strong>{p.ruleName}</strong>{' '}
              <span className="muted small">
                · {p.accountName} · enrolled {fmtDateTime(p.enrolledAt)} · {p.status}
                {p.stopReason ? ` — ${p.stopReason}` : ''}
              </span>
              <ul>
                {p.steps.map((s) => (
                  <li key={s.position}>
                    Step {s.position}:{' '}
                    {s.messageStatus && s.messageStatus in STATUS_LABEL ? <MessageStatusChip status={s.messageStatus as MessageStatus} /> : <Chip tone={STEP_TONE[s.status]}>{s.status}</Chip>}{' '}
                    <span className="muted small">
                      {s.releasedAt ? fmtDateTime(s.releasedAt) : `due ${fmtDateTime(s.dueAt)}`}
                      {s.reason ? ` — ${s.reason}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
          {path.length === 0 && <li className="muted">Not enrolled in any rule.</li>}
        </ol>
        {leads.map((l) => (
          <LeadSwitches key={`${l.dealerAccountId}:${l.automationExcluded}:${l.closedAt}`} lead={l} />
        ))}
      </div>
    </div>
  );
}
