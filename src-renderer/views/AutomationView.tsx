// Automation history: every run of every rule, blocked sends included (R6), newest first.
import { useId, useMemo, useState } from 'react';
import type { AutomationRule } from '../../shared/ipc/contract.ts';
import type { MessageStatus } from '../../shared/domain/types.ts';
import { useQuery } from '../data/use-query.ts';
import { useKeysetList } from '../data/use-keyset-list.ts';
import { href } from '../lib/router.ts';
import { fmtDateTime, STATUS_LABEL } from '../lib/format.ts';
import { isBlocked } from '../../shared/domain/message-status.ts';
import { ErrorAlert } from '../components/Alert.tsx';
import { ListFooter } from '../components/ListFooter.tsx';
import { Chip, MessageStatusChip } from '../components/StatusChip.tsx';

const NO_RULES: AutomationRule[] = [];

export function AutomationView() {
  const uid = useId();
  const rulesQuery = useQuery('automation.rules', {});
  const rules = rulesQuery.data ?? NO_RULES;
  const [ruleId, setRuleId] = useState('');
  // A send or a status change reloads the runs loaded (data/invalidation.ts).
  const filter = useMemo(() => (ruleId ? { ruleId: Number(ruleId) } : {}), [ruleId]);
  const history = useKeysetList('automation.history', filter, { key: (r) => r.id, pageSize: 100 });
  const runs = history.items;
  const loading = history.loading || history.loadingMore;
  const error = history.error ?? rulesQuery.error;
  const more = history.more;

  return (
    <section className="page" aria-labelledby="auto-title">
      <header className="page-header">
        <h1 id="auto-title">Automation history</h1>
        <span className="page-sub">Every automated send, blocked ones included</span>
        <span className="spacer" />
        <label htmlFor={`${uid}-rule`} className="visually-hidden">
          Rule
        </label>
        <select id={`${uid}-rule`} className="select" style={{ width: 280 }} value={ruleId} onChange={(e) => setRuleId(e.target.value)}>
          <option value="">All rules</option>
          {rules.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
              {r.enabled ? '' : ' (off)'}
            </option>
          ))}
        </select>
      </header>
      <div className="page-body page-fill">
        <ErrorAlert message={error} />
        <div className="table-wrap">
          <table className="data" aria-label="Automation runs">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Rule</th>
                <th scope="col">Customer</th>
                <th scope="col">Dealer account</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => {
                const status = r.messageStatus as MessageStatus | null;
                const blocked = status !== null && isBlocked(status);
                return (
                  <tr key={r.id} className={blocked ? 'is-blocked' : undefined} data-outcome={r.outcome}>
                    <td className="nowrap">{fmtDateTime(r.ranAt)}</td>
                    <td>{r.ruleName}</td>
                    <td>
                      <a href={href({ name: 'lead', customerId: r.customerId })}>{r.customerName}</a>
                    </td>
                    <td>{r.accountName}</td>
                    <td className="body-cell">
                      {status && status in STATUS_LABEL ? <MessageStatusChip status={status} /> : <Chip tone="neutral">{r.outcome}</Chip>}
                      {blocked && r.blockReason && <span className="block-reason">{r.blockReason}</span>}
                      {!blocked && r.detail && <span className="muted small"> {r.detail}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {!loading && runs.length === 0 && <p className="empty">No automated sends yet.</p>}
          <ListFooter loading={loading} hasMore={history.hasMore} count={runs.length} onMore={more} />
        </div>
      </div>
    </section>
  );
}
