// Appraisals: vehicles under appraisal, each linked to a lead, with the same SMS composer (the
// seed's second place to send from).
import { useState } from 'react';
import type { Appraisal } from '../../shared/ipc/contract.ts';
import { useQuery } from '../data/use-query.ts';
import { useApp, dealerAccounts } from '../stores/app-store.ts';
import { href, navigate } from '../lib/router.ts';
import { fmtCount, fmtDateTime, fmtPhone } from '../lib/format.ts';
import { ErrorAlert } from '../components/Alert.tsx';
import { Composer } from '../components/Composer.tsx';
import { Chip } from '../components/StatusChip.tsx';

const STATUS_TONE = { open: 'queued', offered: 'sent', accepted: 'ok', declined: 'neutral' } as const;

const NO_APPRAISALS: Appraisal[] = [];

function vehicle(a: Appraisal): string {
  return [a.year, a.make, a.model, a.variant].filter(Boolean).join(' ');
}

export function AppraisalsView({ appraisalId }: { appraisalId: number | null }) {
  const accounts = useApp(dealerAccounts);
  const [accountId, setAccountId] = useState('');
  const list = useQuery('appraisals.list', { ...(accountId ? { dealerAccountId: Number(accountId) } : {}), limit: 500 }, { keepPrevious: true });
  const items = list.data?.items ?? NO_APPRAISALS;
  const total = list.data?.total ?? 0;
  const { error, loading } = list;

  const selected = items.find((a) => a.id === appraisalId) ?? null;

  return (
    <section className="page" aria-labelledby="appr-title">
      <header className="page-header">
        <h1 id="appr-title">Appraisals</h1>
        <span className="page-sub">{loading ? 'Loading…' : `${total} vehicle${total === 1 ? '' : 's'} under appraisal`}</span>
        <span className="spacer" />
        <label htmlFor="appr-account" className="visually-hidden">
          Dealer account
        </label>
        <select id="appr-account" className="select" style={{ width: 240 }} value={accountId} onChange={(e) => setAccountId(e.target.value)}>
          <option value="">All dealer accounts</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </header>
      <div className="detail-grid" style={{ gridTemplateColumns: selected ? 'minmax(0, 1.2fr) minmax(380px, 1fr)' : 'minmax(0, 1fr)' }}>
        <div className="table-wrap" style={{ alignSelf: 'start', maxHeight: '100%' }}>
          <ErrorAlert message={error} />
          <table className="data" aria-label="Vehicles under appraisal">
            <thead>
              <tr>
                <th scope="col">Vehicle</th>
                <th scope="col">Rego</th>
                <th scope="col">Customer</th>
                <th scope="col">Dealer account</th>
                <th scope="col">Status</th>
                <th scope="col">Offer</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr
                  key={a.id}
                  className="clickable"
                  style={a.id === appraisalId ? { outline: '2px solid var(--accent)', outlineOffset: -2 } : undefined}
                  onClick={() => navigate({ name: 'appraisals', appraisalId: a.id })}
                >
                  <td>
                    <a
                      href={href({ name: 'appraisals', appraisalId: a.id })}
                      onClick={(e) => e.stopPropagation()}
                      aria-current={a.id === appraisalId ? 'true' : undefined}
                    >
                      {vehicle(a)}
                    </a>
                  </td>
                  <td className="mono">{a.registration ?? '—'}</td>
                  <td>{a.customerName}</td>
                  <td>{a.accountName}</td>
                  <td>
                    <Chip tone={STATUS_TONE[a.status]}>{a.status}</Chip>
                  </td>
                  <td className="nowrap">{a.offerAud !== null ? `$${fmtCount(a.offerAud)}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!loading && items.length === 0 && <p className="empty">No vehicles under appraisal.</p>}
        </div>
        {selected && <AppraisalPanel appraisal={selected} />}
      </div>
    </section>
  );
}

function AppraisalPanel({ appraisal }: { appraisal: Appraisal }) {
  const leadQuery = useQuery('leads.get', { customerId: appraisal.customerId });
  const lead = leadQuery.data ?? null;
  const { error } = leadQuery;

  return (
    <div className="detail-side" aria-label="Appraisal">
      <div className="card">
        <div className="card-head">
          <h2>{vehicle(appraisal)}</h2>
          <Chip tone={STATUS_TONE[appraisal.status]}>{appraisal.status}</Chip>
        </div>
        <div className="card-body">
          <dl className="details">
            <dt>Customer</dt>
            <dd>
              <a href={href({ name: 'lead', customerId: appraisal.customerId })}>{appraisal.customerName}</a>
              {lead ? <span className="muted"> · {fmtPhone(lead.mobile)}</span> : null}
            </dd>
            <dt>Dealer account</dt>
            <dd>{appraisal.accountName}</dd>
            <dt>Registration</dt>
            <dd className="mono">{appraisal.registration ?? '—'}</dd>
            <dt>Odometer</dt>
            <dd>{appraisal.odometerKm !== null ? `${fmtCount(appraisal.odometerKm)} km` : '—'}</dd>
            <dt>Offer</dt>
            <dd>{appraisal.offerAud !== null ? `$${fmtCount(appraisal.offerAud)}` : '—'}</dd>
            <dt>Updated</dt>
            <dd>{fmtDateTime(appraisal.updatedAt)}</dd>
            {appraisal.notes && (
              <>
                <dt>Notes</dt>
                <dd style={{ whiteSpace: 'pre-wrap' }}>{appraisal.notes}</dd>
              </>
            )}
          </dl>
        </div>
      </div>
      <ErrorAlert message={error} />
      {lead && (
        <Composer
          key={appraisal.id}
          standalone
          title={`SMS ${lead.firstName || lead.name} about the ${[appraisal.make, appraisal.model].join(' ')}`}
          customerId={lead.customerId}
          firstName={lead.firstName}
          mobile={lead.mobile}
          accounts={lead.accounts}
          initialAccountId={appraisal.dealerAccountId}
        />
      )}
    </div>
  );
}
