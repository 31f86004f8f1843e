// Automation (R12): the rules (on/off, last run, next due, what became of their steps), the rule
// editor, a dry run before switching one on, and the history of every step — sent, blocked (R6),
// held, rescheduled, skipped — filtered by rule, outcome and date, with the reason for each.
import { useId, useMemo, useState } from 'react';
import type { AutomationRule, DryRun } from '../../shared/ipc/contract.ts';
import type { MessageStatus } from '../../shared/domain/types.ts';
import { HISTORY_OUTCOMES, type HistoryOutcome } from '../../shared/domain/automation.ts';
import { api } from '../api/api.ts';
import { useQuery } from '../data/use-query.ts';
import { useKeysetList } from '../data/use-keyset-list.ts';
import { href } from '../lib/router.ts';
import { errorText, fmtDateTime, STATUS_LABEL } from '../lib/format.ts';
import { Alert, ErrorAlert } from '../components/Alert.tsx';
import { ListFooter } from '../components/ListFooter.tsx';
import { Chip, MessageStatusChip } from '../components/StatusChip.tsx';
import { RuleEditor } from './automation/RuleEditor.tsx';

const NO_RULES: AutomationRule[] = [];
const OUTCOME_TONE: Record<HistoryOutcome, 'ok' | 'blocked' | 'queued' | 'neutral' | 'failed' | 'sent'> = {
  sent: 'sent',
  blocked: 'blocked',
  held: 'queued',
  rescheduled: 'neutral',
  skipped: 'neutral',
  failed: 'failed',
};

/** On/off, shown as chosen at once; main's answer (automation:changed) confirms or restores it. */
function RuleSwitch({ rule, onChange }: { rule: AutomationRule; onChange: (enabled: boolean) => Promise<boolean> }) {
  const [on, setOn] = useState(rule.enabled);
  return (
    <label className="switch">
      <input
        type="checkbox"
        checked={on}
        aria-label={`${rule.name} on`}
        onChange={(e) => {
          const want = e.target.checked;
          setOn(want);
          void onChange(want).then((ok) => {
            if (!ok) setOn(!want);
          });
        }}
      />
      <span>{on ? 'On' : 'Off'}</span>
    </label>
  );
}

function RulesPanel({ rules, onEdit }: { rules: AutomationRule[]; onEdit: (r: AutomationRule) => void }) {
  const [dry, setDry] = useState<{ ruleId: number; result: DryRun } | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Runs a call; a refusal is shown. Resolves to whether it went through. */
  const run = async (fn: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    try {
      await fn();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    }
  };
  return (
    <div className="stack">
      <ErrorAlert message={error} />
      <div className="table-wrap">
        <table className="data" aria-label="Automation rules">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">On</th>
              <th scope="col">Last run</th>
              <th scope="col">Next due</th>
              <th scope="col">Sent</th>
              <th scope="col">Blocked</th>
              <th scope="col">Held</th>
              <th scope="col">Skipped</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} data-testid="rule-row" data-rule={r.name}>
                <td>
                  <strong>{r.name}</strong>
                  <div className="muted small">
                    {r.accountName} · {r.summary}
                  </div>
                  {dry?.ruleId === r.id && (
                    <Alert tone={dry.result.optedOut || dry.result.reviewPending ? 'warn' : 'info'} role="status" testId="dry-run" title="Dry run">
                      {dry.result.summary}
                    </Alert>
                  )}
                </td>
                <td>
                  <RuleSwitch key={`${r.id}:${r.enabled}`} rule={r} onChange={(enabled) => run(() => api()['automation.setEnabled']({ ruleId: r.id, enabled }))} />
                </td>
                <td className="nowrap">{r.lastRunAt ? fmtDateTime(r.lastRunAt) : '—'}</td>
                <td className="nowrap">{r.nextDueAt ? fmtDateTime(r.nextDueAt) : '—'}</td>
                <td>{r.counts.sent}</td>
                <td>{r.counts.blocked}</td>
                <td>{r.counts.held}</td>
                <td>{r.counts.skipped}</td>
                <td className="nowrap">
                  <button type="button" className="btn btn-sm" onClick={() => void run(async () => setDry({ ruleId: r.id, result: await api()['automation.dryRun']({ ruleId: r.id }) }))}>
                    Dry run
                  </button>{' '}
                  <button type="button" className="btn btn-sm" onClick={() => onEdit(r)}>
                    Edit
                  </button>{' '}
                  <button type="button" className="btn btn-sm" onClick={() => void run(() => api()['automation.archiveRule']({ ruleId: r.id }))}>
                    Archive
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rules.length === 0 && <p className="empty">No rules yet. Create one: it starts switched off, so you can dry-run it first.</p>}
      </div>
    </div>
  );
}

function HistoryPanel({ rules }: { rules: AutomationRule[] }) {
  const uid = useId();
  const [ruleId, setRuleId] = useState('');
  const [outcome, setOutcome] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter = useMemo(
    () => ({
      ...(ruleId ? { ruleId: Number(ruleId) } : {}),
      ...(outcome ? { outcome: outcome as HistoryOutcome } : {}),
      ...(from ? { from: new Date(`${from}T00:00`).getTime() } : {}),
      ...(to ? { to: new Date(`${to}T00:00`).getTime() + 86_400_000 } : {}),
    }),
    [ruleId, outcome, from, to],
  );
  const history = useKeysetList('automation.history', filter, { key: (r) => r.id, pageSize: 100 });
  const runs = history.items;
  const loading = history.loading || history.loadingMore;
  return (
    <section className="stack" aria-labelledby={`${uid}-h`}>
      <div className="history-filters">
        <h2 id={`${uid}-h`}>History</h2>
        <span className="spacer" />
        <label htmlFor={`${uid}-rule`}>Rule</label>
        <select id={`${uid}-rule`} className="select" style={{ width: 220 }} value={ruleId} onChange={(e) => setRuleId(e.target.value)}>
          <option value="">All rules</option>
          {rules.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
              {r.enabled ? '' : ' (off)'}
            </option>
          ))}
        </select>
        <label htmlFor={`${uid}-outcome`}>Outcome</label>
        <select id={`${uid}-outcome`} className="select" value={outcome} onChange={(e) => setOutcome(e.target.value)}>
          <option value="">All outcomes</option>
          {HISTORY_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <label htmlFor={`${uid}-from`}>From</label>
        <input id={`${uid}-from`} className="input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor={`${uid}-to`}>To</label>
        <input id={`${uid}-to`} className="input" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </div>
      <ErrorAlert message={history.error} />
      <div className="table-wrap">
        <table className="data" aria-label="Automation history">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Rule</th>
              <th scope="col">Step</th>
              <th scope="col">Customer</th>
              <th scope="col">Dealer account</th>
              <th scope="col">Outcome and why</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const status = r.messageStatus as MessageStatus | null;
              const group = r.outcomeGroup;
              const why = r.blockReason ?? r.detail;
              return (
                <tr key={r.id} className={group === 'blocked' ? 'is-blocked' : undefined} data-outcome={group ?? r.outcome}>
                  <td className="nowrap">{fmtDateTime(r.ranAt)}</td>
                  <td>{r.ruleName}</td>
                  <td>{r.position ?? '—'}</td>
                  <td>
                    <a href={href({ name: 'lead', customerId: r.customerId })}>{r.customerName}</a>
                  </td>
                  <td>{r.accountName}</td>
                  <td className="body-cell">
                    {status && status in STATUS_LABEL ? <MessageStatusChip status={status} /> : <Chip tone={group ? OUTCOME_TONE[group] : 'neutral'}>{group ?? r.outcome}</Chip>}
                    {why && <span className={group === 'blocked' ? 'block-reason' : 'muted small'}> {why}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!loading && runs.length === 0 && <p className="empty">Nothing recorded{ruleId || outcome || from || to ? ' for these filters' : ' yet'}.</p>}
        <ListFooter loading={loading} hasMore={history.hasMore} count={runs.length} onMore={history.more} />
      </div>
    </section>
  );
}

export function AutomationView() {
  const rulesQuery = useQuery('automation.rules', {});
  const rules = rulesQuery.data ?? NO_RULES;
  const settings = useQuery('settings.get', {}).data;
  const templates = useQuery('templates.list', {}).data ?? [];
  const [editing, setEditing] = useState<{ rule: AutomationRule | null; key: number } | null>(null);

  return (
    <section className="page" aria-labelledby="auto-title">
      <header className="page-header">
        <h1 id="auto-title">Automation</h1>
        <span className="page-sub">Rules send responses after a trigger, inside each account&apos;s send hours; brakes are checked when each step goes.</span>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={() => setEditing({ rule: null, key: Date.now() })}>
          New rule
        </button>
      </header>
      <div className="page-body stack">
        <ErrorAlert message={rulesQuery.error} />
        <RulesPanel rules={rules} onEdit={(rule) => setEditing({ rule, key: Date.now() })} />
        <HistoryPanel rules={rules} />
      </div>
      {editing && (
        <RuleEditor
          key={editing.key}
          open
          rule={editing.rule}
          settings={settings}
          templates={templates}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            rulesQuery.refetch();
          }}
        />
      )}
    </section>
  );
}
