// The SMS list: every message across leads, newest first. Filters: text, status, dealer account, date;
// exported as CSV with the same filters.
// Blocked attempts are marked red with the reason main recorded.
import { useEffect, useId, useMemo, useState } from 'react';
import type { SmsStatusFilter } from '../../shared/ipc/contract.ts';
import { useKeysetList } from '../data/use-keyset-list.ts';
import { useApp, dealerAccounts } from '../stores/app-store.ts';
import { href, navigate } from '../lib/router.ts';
import { fmtDateTime, fmtPhone } from '../lib/format.ts';
import { isBlocked } from '../../shared/domain/message-status.ts';
import { ListFooter } from '../components/ListFooter.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { MessageStatusChip } from '../components/StatusChip.tsx';
import { ExportButton } from '../components/ExportButton.tsx';

const STATUS_FILTERS: { key: SmsStatusFilter; label: string; tone: string }[] = [
  { key: 'queued', label: 'Queued', tone: 'queued' },
  { key: 'sent', label: 'Sent', tone: 'sent' },
  { key: 'delivered', label: 'Delivered', tone: 'ok' },
  { key: 'failed', label: 'Failed', tone: 'failed' },
  { key: 'blocked', label: 'Blocked', tone: 'blocked' },
  { key: 'inbound', label: 'Inbound', tone: 'inbound' },
];

/** 'YYYY-MM-DD' (local) -> epoch ms of local midnight; `plusDays` for an exclusive upper bound. */
function dayStart(value: string, plusDays = 0): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).getTime();
}

export function SmsListView() {
  const uid = useId();
  const accounts = useApp(dealerAccounts);
  const [statuses, setStatuses] = useState<SmsStatusFilter[]>([]);
  const [accountId, setAccountId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [search, setSearch] = useState('');
  const [text, setText] = useState('');
  // The list follows the search box once typing pauses.
  useEffect(() => {
    const t = setTimeout(() => setText(search.trim()), 250);
    return () => clearTimeout(t);
  }, [search]);

  const filter = useMemo(
    () => ({
      ...(statuses.length ? { statuses } : {}),
      ...(accountId ? { dealerAccountId: Number(accountId) } : {}),
      ...(dayStart(from) !== undefined ? { from: dayStart(from) } : {}),
      ...(dayStart(to, 1) !== undefined ? { to: dayStart(to, 1) } : {}),
      ...(text ? { text } : {}),
    }),
    [statuses, accountId, from, to, text],
  );
  // A new message or status reloads as deep as the user has scrolled: loaded pages stay.
  const list = useKeysetList('sms.list', filter, { key: (m) => m.id, pageSize: 100 });
  const { items, error } = list;
  const loading = list.loading || list.loadingMore;

  const toggle = (k: SmsStatusFilter) => setStatuses((s) => (s.includes(k) ? s.filter((x) => x !== k) : [...s, k]));

  return (
    <section className="page" aria-labelledby="sms-title">
      <header className="page-header">
        <h1 id="sms-title">SMS list</h1>
        <span className="page-sub">Every message across leads, blocked attempts included</span>
      </header>
      <div className="page-body page-fill">
        <div className="toolbar" role="group" aria-label="Filters">
          <div className="field" style={{ width: 220 }}>
            <label htmlFor={`${uid}-text`}>Search</label>
            <input
              id={`${uid}-text`}
              type="search"
              className="input"
              placeholder="Text, name or number"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          <div className="field">
            <span className="label" id={`${uid}-status`}>
              Status
            </span>
            <div className="row" role="group" aria-labelledby={`${uid}-status`}>
              {STATUS_FILTERS.map((f) => (
                <button
                  key={f.key}
                  type="button"
                  className={`btn btn-sm${statuses.includes(f.key) ? ' btn-primary' : ''}`}
                  aria-pressed={statuses.includes(f.key)}
                  onClick={() => toggle(f.key)}
                >
                  {f.label}
                </button>
              ))}
            </div>
          </div>
          <div className="field" style={{ width: 220 }}>
            <label htmlFor={`${uid}-acct`}>Dealer account</label>
            <select id={`${uid}-acct`} className="select" value={accountId} onChange={(e) => setAccountId(e.target.value)}>
              <option value="">All accounts</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field" style={{ width: 160 }}>
            <label htmlFor={`${uid}-from`}>From date</label>
            <input id={`${uid}-from`} type="date" className="input" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field" style={{ width: 160 }}>
            <label htmlFor={`${uid}-to`}>To date</label>
            <input id={`${uid}-to`} type="date" className="input" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          {(statuses.length > 0 || accountId || from || to || search) && (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                setStatuses([]);
                setAccountId('');
                setFrom('');
                setTo('');
                setSearch('');
              }}
            >
              Clear filters
            </button>
          )}
          <div style={{ marginLeft: 'auto', alignSelf: 'flex-end' }}>
            <ExportButton request={{ kind: 'sms', ...filter }} label="Export CSV" />
          </div>
        </div>

        <ErrorAlert message={error} />

        <div className="table-wrap">
          <table className="data" aria-label="Messages" data-testid="sms-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Status</th>
                <th scope="col">Customer</th>
                <th scope="col">Dealer account</th>
                <th scope="col">Number</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => {
                const { status } = m;
                const blocked = isBlocked(status);
                return (
                  <tr key={m.id} className={blocked ? 'is-blocked' : undefined} data-status={status} data-message-id={m.id}>
                    <td className="nowrap">{fmtDateTime(m.createdAt)}</td>
                    <td className="nowrap">
                      <MessageStatusChip status={status} />
                      {m.direction === 'inbound' ? null : <div className="muted small">{m.origin === 'automation' ? 'automation' : (m.createdBy ?? '')}</div>}
                    </td>
                    <td>
                      {m.customerId ? (
                        <a
                          href={href({ name: 'lead', customerId: m.customerId })}
                          onClick={(e) => {
                            e.preventDefault();
                            navigate({ name: 'lead', customerId: m.customerId! });
                          }}
                        >
                          {m.customerName ?? `Customer ${m.customerId}`}
                        </a>
                      ) : (
                        <span className="muted">Unknown</span>
                      )}
                    </td>
                    <td>{m.accountName ?? <span className="muted">Unattributed</span>}</td>
                    <td className="phone">
                      {m.direction === 'inbound' ? `from ${fmtPhone(m.fromNumber)}` : `to ${fmtPhone(m.toNumber)}`}
                    </td>
                    <td className="body-cell">
                      {m.body}
                      {blocked && m.blockReason && <span className="block-reason">{m.blockReason}</span>}
                      {!blocked && m.errorMessage && (
                        <span className="block-reason">
                          {m.errorCode ? `Error ${m.errorCode}: ` : ''}
                          {m.errorMessage}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {!loading && items.length === 0 && <p className="empty">No messages match these filters.</p>}
          <ListFooter loading={loading} hasMore={list.hasMore} count={items.length} onMore={list.more} sentinel={list.sentinel} />
        </div>
      </div>
    </section>
  );
}
