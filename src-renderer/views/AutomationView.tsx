// Automation history: every run of every rule, blocked sends included (R6), newest first.
import { useCallback, useEffect, useId, useState } from 'react';
import type { AutomationRule, AutomationRun } from '../../shared/ipc/contract.ts';
import type { MessageStatus } from '../../shared/domain.ts';
import { api } from '../api/api.ts';
import { useApp } from '../stores/app-store.ts';
import { href } from '../lib/router.ts';
import { errorText, fmtDateTime, STATUS_LABEL } from '../lib/format.ts';
import { isBlocked } from '../../shared/domain/message-status.ts';
import { ErrorAlert } from '../components/Alert.tsx';
import { ListFooter } from '../components/ListFooter.tsx';
import { Chip, MessageStatusChip } from '../components/StatusChip.tsx';

type Cursor = { ranAt: number; id: number } | null;

export function AutomationView() {
  const uid = useId();
  const dataVersion = useApp((s) => s.dataVersion);
  const [rules, setRules] = useState<AutomationRule[]>([]);
  const [ruleId, setRuleId] = useState('');
  const [runs, setRuns] = useState<AutomationRun[]>([]);
  const [next, setNext] = useState<Cursor>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api()
      ['automation.rules']({})
      .then(setRules)
      .catch((err: unknown) => setError(errorText(err)));
  }, []);

  useEffect(() => {
    let live = true;
    setLoading(true);
    api()
      ['automation.history']({ ...(ruleId ? { ruleId: Number(ruleId) } : {}), limit: 100 })
      .then((r) => {
        if (!live) return;
        setRuns(r.items);
        setNext(r.next);
        setError(null);
      })
      .catch((err: unknown) => live && setError(errorText(err)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [ruleId, dataVersion]);

  const more = useCallback(() => {
    if (!next) return;
    setLoading(true);
    api()
      ['automation.history']({ ...(ruleId ? { ruleId: Number(ruleId) } : {}), cursor: next, limit: 100 })
      .then((r) => {
        setRuns((cur) => [...cur, ...r.items]);
        setNext(r.next);
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setLoading(false));
  }, [next, ruleId]);

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
          <ListFooter loading={loading} hasMore={next !== null} count={runs.length} onMore={more} />
        </div>
      </div>
    </section>
  );
}
