// Lead detail: details with an editable name and email, an editable mobile and its history;
// consent per dealer account and channel with its history (manual opt-out; opt-in needs a
// reason); the Communications timeline; the composer.
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import type { Channel } from '../../shared/domain/types.ts';
import type { Appraisal, LeadAccount, LeadDetail } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { useQuery } from '../data/use-query.ts';
import { useApp, toast } from '../stores/app-store.ts';
import { href } from '../lib/router.ts';
import { errorText, fmtDateTime, fmtPhone } from '../lib/format.ts';
import { consentHow } from '../../shared/domain/consent-wording.ts';
import { ConsentHistory } from '../components/ConsentHistory.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { Alert, ErrorAlert } from '../components/Alert.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ConsentStateChip } from '../components/StatusChip.tsx';
import { GatewayBlockNote, GatewayBlockOptInNote } from '../components/GatewayBlockNote.tsx';
import { Composer } from '../components/Composer.tsx';
import { LeadAutomationCard } from '../components/LeadAutomationCard.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { LeadDetailsForm } from '../components/LeadDetailsForm.tsx';
import { useMarkRead } from '../components/use-mark-read.ts';
import { MobileEditor } from '../components/MobileEditor.tsx';

const NO_APPRAISALS: Appraisal[] = [];

export function LeadDetailView({ customerId }: { customerId: number }) {
  const ref = useMemo(() => ({ customerId }), [customerId]);
  useMarkRead(customerId);
  // Both reload when the lead or its consent changes (data/invalidation.ts).
  const leadQuery = useQuery('leads.get', ref);
  const appraisalsQuery = useQuery('appraisals.byLead', ref);
  const lead = leadQuery.data ?? null;
  const error = leadQuery.error;
  const appraisals = appraisalsQuery.data ?? NO_APPRAISALS;
  const { refetch: refetchLead } = leadQuery;
  const { refetch: refetchAppraisals } = appraisalsQuery;
  const load = useCallback(() => {
    refetchLead();
    refetchAppraisals();
  }, [refetchLead, refetchAppraisals]);

  if (error && !lead) {
    return (
      <section className="page">
        <header className="page-header">
          <a href={href({ name: 'leads' })}>← Leads</a>
        </header>
        <div className="page-body">
          <Alert tone="danger" role="alert" title="Could not open this lead">
            {error}
          </Alert>
        </div>
      </section>
    );
  }

  return (
    <section className="page" aria-labelledby="lead-title">
      <header className="page-header">
        <a href={href({ name: 'leads' })} className="small">
          ← Leads
        </a>
        <h1 id="lead-title">{lead ? lead.name || '(no name)' : 'Loading…'}</h1>
        {lead && (
          <span className="page-sub">
            {fmtPhone(lead.mobile)} · {lead.email ?? 'no email'} · lead of {lead.accounts.map((a) => a.accountName).join(', ') || 'no account'}
          </span>
        )}
      </header>
      {/* The timeline loads alongside the details (not after them): a lead opens in one round trip. */}
      <div className="detail-grid">
        <div className="detail-side">
          {lead && <DetailsCard lead={lead} onChanged={load} />}
          {lead && <ConsentCard lead={lead} onChanged={load} />}
          {lead && <LeadAutomationCard customerId={customerId} />}
          {appraisals.length > 0 && (
            <div className="card">
              <div className="card-head">
                <h2>Vehicles under appraisal</h2>
              </div>
              <ul className="history card-body" style={{ padding: '8px 14px' }}>
                {appraisals.map((a) => (
                  <li key={a.id}>
                    <a href={href({ name: 'appraisals', appraisalId: a.id })}>
                      {a.year ?? ''} {a.make} {a.model}
                    </a>{' '}
                    <span className="muted">
                      · {a.accountName} · {a.status}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
        <div className="detail-main">
          <Timeline customerId={customerId} />
          {lead && (
            <div className="card">
              <Composer
                customerId={customerId}
                firstName={lead.firstName}
                mobile={lead.mobile}
                accounts={lead.accounts}
              />
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

function DetailsCard({ lead, onChanged }: { lead: LeadDetail; onChanged: () => void }) {
  const [editingDetails, setEditingDetails] = useState(false);
  const editDetailsButton = useRef<HTMLButtonElement>(null);

  const closeDetails = () => {
    setEditingDetails(false);
    // Back to the button that opened the form (it renders again on the next frame).
    requestAnimationFrame(() => editDetailsButton.current?.focus());
  };

  return (
    <div className="card">
      <div className="card-head">
        <h2>Details</h2>
        {!editingDetails && (
          <button ref={editDetailsButton} type="button" className="btn btn-sm" onClick={() => setEditingDetails(true)}>
            Edit details
          </button>
        )}
      </div>
      <div className="card-body stack">
        {editingDetails && (
          <LeadDetailsForm
            lead={lead}
            onCancel={closeDetails}
            onSaved={() => {
              closeDetails();
              toast({ tone: 'ok', title: 'Details saved', body: 'Name and email updated. The mobile and consent are unchanged.' }, 4000);
              onChanged();
            }}
          />
        )}
        <dl className="details">
          {!editingDetails && (
            <>
              <dt>Name</dt>
              <dd data-testid="lead-name">{lead.name || '—'}</dd>
              <dt>Email</dt>
              <dd data-testid="lead-email">{lead.email ?? '—'}</dd>
            </>
          )}
          <dt>Mobile</dt>
          <dd>
            <MobileEditor lead={lead} onChanged={onChanged} />
          </dd>
          <dt>Added</dt>
          <dd>{fmtDateTime(lead.createdAt)}</dd>
        </dl>
        {lead.phoneHistory.length > 0 && (
          <div>
            <h3 className="small muted">Phone history</h3>
            <ul className="history" aria-label="Phone history">
              {lead.phoneHistory.map((p, i) => (
                <li key={`${p.number}-${p.validFrom}-${i}`}>
                  <span className="phone">{fmtPhone(p.number)}</span>{' '}
                  <span className="muted">
                    {p.validTo === null ? 'current, since' : 'from'} {fmtDateTime(p.validFrom)}
                    {p.validTo !== null ? ` to ${fmtDateTime(p.validTo)}` : ''}
                    {p.changedBy ? ` · by ${p.changedBy}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}

type ConsentAction = { kind: 'optOut' | 'optIn'; account: LeadAccount; channel: Channel } | null;

function ConsentCard({ lead, onChanged }: { lead: LeadDetail; onChanged: () => void }) {
  const uid = useId();
  const userName = useApp((s) => s.settings?.userName ?? 'you');
  const [action, setAction] = useState<ConsentAction>(null);
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [showHistory, setShowHistory] = useState(false);

  const close = () => {
    setAction(null);
    setReason('');
    setErr(null);
  };

  const confirm = async () => {
    if (!action) return;
    if (action.kind === 'optIn' && !reason.trim()) {
      setErr('A reason is required to opt a customer back in.');
      return;
    }
    setBusy(true);
    setErr(null);
    try {
      const input = { dealerAccountId: action.account.dealerAccountId, customerId: lead.customerId, channel: action.channel };
      if (action.kind === 'optOut') await api()['consent.optOut']({ ...input, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      else await api()['consent.optIn']({ ...input, reason: reason.trim() });
      close();
      onChanged();
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const channelName = (c: Channel) => (c === 'sms' ? 'SMS' : 'email');

  return (
    <div className="card">
      <div className="card-head">
        <h2>Consent</h2>
        <ExportButton request={{ kind: 'evidence', customerId: lead.customerId }} label="Evidence pack (CSV)" className="btn-link small" />
        <button type="button" className="btn-link small" aria-expanded={showHistory} onClick={() => setShowHistory((v) => !v)}>
          {showHistory ? 'Hide history' : `History (${lead.consentHistory.length + lead.reviewDecisions.length})`}
        </button>
      </div>
      <div className="card-body stack">
        <table className="consent-table" aria-label="Consent by dealer account and channel">
          <thead>
            <tr>
              <th scope="col">Dealer account</th>
              <th scope="col">Channel</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lead.accounts.flatMap((a) =>
              (['sms', 'email'] as const).map((ch) => {
                const st = a[ch];
                const out = st.status === 'opted_out';
                return (
                  <tr key={`${a.dealerAccountId}-${ch}`} data-testid={`consent-${a.dealerAccountId}-${ch}`}>
                    {ch === 'sms' ? (
                      <th scope="row" rowSpan={2} style={{ fontWeight: 600 }}>
                        {a.accountName}
                      </th>
                    ) : null}
                    <td>{channelName(ch)}</td>
                    <td>
                      <ConsentStateChip status={st.status} channel={ch} twilioBlocksAll={ch === 'sms' && a.gatewayBlocks.length > 0 && a.gatewayBlocks.length >= a.senders.length} />
                      {st.changedAt !== null && (
                        <div className="muted small">
                          {fmtDateTime(st.changedAt)}
                          {st.source || st.reason ? ` · ${consentHow({ source: st.source, reason: st.reason, keyword: st.keyword })}` : ''}
                        </div>
                      )}
                      {ch === 'sms' && <GatewayBlockNote blocks={a.gatewayBlocks} customerName={lead.name} />}
                    </td>
                    <td style={{ textAlign: 'right' }}>
                      {out ? (
                        <button
                          type="button"
                          className="btn btn-sm"
                          onClick={() => setAction({ kind: 'optIn', account: a, channel: ch })}
                          aria-label={`Opt in to ${channelName(ch)} from ${a.accountName}`}
                        >
                          Opt in…
                        </button>
                      ) : (
                        <button
                          type="button"
                          className="btn btn-sm btn-danger"
                          onClick={() => setAction({ kind: 'optOut', account: a, channel: ch })}
                          aria-label={`Opt out of ${channelName(ch)} from ${a.accountName}`}
                        >
                          Opt out
                        </button>
                      )}
                    </td>
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
        {showHistory && <ConsentHistory lead={lead} />}
      </div>

      <Dialog
        open={action !== null}
        onClose={close}
        title={
          action
            ? `${action.kind === 'optOut' ? 'Opt out of' : 'Opt back in to'} ${channelName(action.channel)} from ${action.account.accountName}`
            : ''
        }
        actions={
          <>
            <button type="button" className="btn" onClick={close}>
              Cancel
            </button>
            <button
              type="button"
              className={action?.kind === 'optOut' ? 'btn btn-danger-solid' : 'btn btn-primary'}
              onClick={() => void confirm()}
              disabled={busy || (action?.kind === 'optIn' && !reason.trim())}
            >
              {action?.kind === 'optOut' ? 'Opt out' : 'Opt in'}
            </button>
          </>
        }
      >
        {action && (
          <>
            <p>
              {action.kind === 'optOut'
                ? `${lead.name} will not receive ${channelName(action.channel)} from ${action.account.accountName}. Other dealer accounts are not affected.`
                : `Only opt ${lead.name} back in when they asked for it. The reason is kept in the consent audit trail with your name (${userName}) and the time.`}
            </p>
            {action.kind === 'optIn' && action.channel === 'sms' && <GatewayBlockOptInNote blocks={action.account.gatewayBlocks} customerName={lead.name} />}
            <div className="field">
              <label htmlFor={`${uid}-reason`}>{action.kind === 'optIn' ? 'Reason (required)' : 'Reason (optional)'}</label>
              <textarea
                id={`${uid}-reason`}
                className="textarea"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                required={action.kind === 'optIn'}
                aria-invalid={err !== null}
                maxLength={500}
                autoFocus
              />
            </div>
            <ErrorAlert message={err} />
          </>
        )}
      </Dialog>
    </div>
  );
}
