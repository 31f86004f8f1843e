// The rule editor (R12): trigger, filters (lead sources), steps (a response and a delay each),
// end date. Saved rules start switched off: a dry run comes before switching one on. Main checks
// everything again and says what it refused.
import { useId, useState } from 'react';
import type { AutomationRule, Settings, Template } from '../../../shared/ipc/contract.ts';
import {
  APPRAISAL_STATUSES,
  DELAY_UNITS,
  LEAD_DATE_FIELDS,
  LEAD_DATE_LABELS,
  TRIGGER_KINDS,
  TRIGGER_LABELS,
  type TriggerKind,
} from '../../../shared/domain/automation.ts';
import { TEMPLATE_FIELDS } from '../../../shared/domain/templates.ts';
import { api } from '../../api/api.ts';
import { errorText } from '../../lib/format.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';

type Unit = (typeof DELAY_UNITS)[number]['unit'];
interface StepDraft {
  templateId: string;
  amount: string;
  unit: Unit | 'none';
}

/** A delay as the editor shows it: the largest unit that divides it. */
function toDraft(ms: number): { amount: string; unit: Unit | 'none' } {
  if (ms === 0) return { amount: '', unit: 'none' };
  for (const u of [...DELAY_UNITS].reverse()) if (ms % u.ms === 0) return { amount: String(ms / u.ms), unit: u.unit };
  return { amount: String(Math.round(ms / 60_000)), unit: 'minutes' };
}
function toMs(amount: string, unit: Unit | 'none'): number {
  if (unit === 'none') return 0;
  const u = DELAY_UNITS.find((x) => x.unit === unit)!;
  return Math.round(Number(amount) * u.ms);
}
function localInput(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function RuleEditor({
  open,
  rule,
  settings,
  templates,
  onClose,
  onSaved,
}: {
  open: boolean;
  rule: AutomationRule | null;
  settings: Settings | undefined;
  templates: Template[];
  onClose: () => void;
  onSaved: (r: AutomationRule) => void;
}) {
  const uid = useId();
  const accounts = (settings?.dealerAccounts ?? []).filter((a) => a.archivedAt === null || a.id === rule?.dealerAccountId);
  const [accountId, setAccountId] = useState(String(rule?.dealerAccountId ?? accounts[0]?.id ?? ''));
  const [name, setName] = useState(rule?.name ?? '');
  const [trigger, setTrigger] = useState<TriggerKind>((TRIGGER_KINDS as readonly string[]).includes(rule?.trigger ?? '') ? (rule!.trigger as TriggerKind) : 'lead_created');
  const [days, setDays] = useState(String(rule?.triggerDays ?? 3));
  const [status, setStatus] = useState(rule?.triggerStatus ?? 'offered');
  const [dateField, setDateField] = useState(rule?.triggerDateField ?? 'test_drive_at');
  const offset = toDraft(Math.abs(rule?.triggerOffsetMs ?? 0));
  const [offsetAmount, setOffsetAmount] = useState(offset.amount || '1');
  const [offsetUnit, setOffsetUnit] = useState<Unit | 'none'>(offset.unit === 'none' ? 'none' : offset.unit);
  const [before, setBefore] = useState((rule?.triggerOffsetMs ?? 0) < 0);
  const [sources, setSources] = useState((rule?.sources ?? []).join(', '));
  const [endAt, setEndAt] = useState(localInput(rule?.endAt ?? null));
  const [steps, setSteps] = useState<StepDraft[]>(
    rule?.steps.map((s) => ({ templateId: String(s.templateId), ...toDraft(s.delayMs) })) ?? [{ templateId: '', amount: '', unit: 'none' }],
  );
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const usable = templates.filter((t) => t.archivedAt === null && t.body.trim() !== '' && (t.dealerAccountId === null || String(t.dealerAccountId) === accountId));

  const setStep = (i: number, change: Partial<StepDraft>) => setSteps((xs) => xs.map((s, j) => (j === i ? { ...s, ...change } : s)));

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const offsetMs = offsetUnit === 'none' ? 0 : toMs(offsetAmount, offsetUnit) * (before ? -1 : 1);
      const saved = await api()['automation.saveRule']({
        ...(rule ? { ruleId: rule.id } : {}),
        dealerAccountId: Number(accountId),
        name,
        trigger,
        triggerDays: trigger === 'no_reply' || trigger === 'not_updated' ? Number(days) : null,
        triggerStatus: trigger === 'appraisal_status' ? (status as (typeof APPRAISAL_STATUSES)[number]) : null,
        triggerDateField: trigger === 'lead_date' ? (dateField as (typeof LEAD_DATE_FIELDS)[number]) : null,
        triggerOffsetMs: trigger === 'lead_date' ? offsetMs : 0,
        sources: sources.split(',').map((s) => s.trim()).filter(Boolean),
        steps: steps.map((s) => ({ templateId: Number(s.templateId), delayMs: toMs(s.amount, s.unit) })),
        endAt: endAt ? new Date(endAt).getTime() : null,
      });
      onSaved(saved);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={rule ? `Edit rule: ${rule.name}` : 'New automation rule'}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void save()} disabled={saving}>
            {saving ? 'Saving…' : 'Save rule'}
          </button>
        </>
      }
    >
      <form className="stack rule-editor" onSubmit={(e) => e.preventDefault()} aria-label="Rule">
        <ErrorAlert message={error} />
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${uid}-name`}>Rule name</label>
            <input id={`${uid}-name`} className="input" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-account`}>Dealer account</label>
            <select id={`${uid}-account`} className="select" value={accountId} disabled={rule !== null} onChange={(e) => setAccountId(e.target.value)}>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${uid}-trigger`}>Trigger</label>
            <select id={`${uid}-trigger`} className="select" value={trigger} onChange={(e) => setTrigger(e.target.value as TriggerKind)}>
              {TRIGGER_KINDS.map((t) => (
                <option key={t} value={t}>
                  {TRIGGER_LABELS[t]}
                </option>
              ))}
            </select>
          </div>
          {(trigger === 'no_reply' || trigger === 'not_updated') && (
            <div className="field">
              <label htmlFor={`${uid}-days`}>Days</label>
              <input id={`${uid}-days`} className="input" type="number" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} />
            </div>
          )}
          {trigger === 'appraisal_status' && (
            <div className="field">
              <label htmlFor={`${uid}-status`}>To status</label>
              <select id={`${uid}-status`} className="select" value={status} onChange={(e) => setStatus(e.target.value)}>
                {APPRAISAL_STATUSES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </div>
          )}
          {trigger === 'lead_date' && (
            <>
              <div className="field">
                <label htmlFor={`${uid}-date`}>Date</label>
                <select id={`${uid}-date`} className="select" value={dateField} onChange={(e) => setDateField(e.target.value)}>
                  {LEAD_DATE_FIELDS.map((f) => (
                    <option key={f} value={f}>
                      {LEAD_DATE_LABELS[f]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${uid}-offset`}>Offset</label>
                <span className="row">
                  <input id={`${uid}-offset`} className="input" type="number" min={1} style={{ width: 70 }} value={offsetAmount} disabled={offsetUnit === 'none'} onChange={(e) => setOffsetAmount(e.target.value)} />
                  <select aria-label="Offset unit" className="select" value={offsetUnit} onChange={(e) => setOffsetUnit(e.target.value as Unit | 'none')}>
                    <option value="none">at the date</option>
                    {DELAY_UNITS.map((u) => (
                      <option key={u.unit} value={u.unit}>
                        {u.unit}
                      </option>
                    ))}
                  </select>
                  <select aria-label="Before or after" className="select" value={before ? 'before' : 'after'} disabled={offsetUnit === 'none'} onChange={(e) => setBefore(e.target.value === 'before')}>
                    <option value="before">before</option>
                    <option value="after">after</option>
                  </select>
                </span>
              </div>
            </>
          )}
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${uid}-sources`}>Only leads from (sources, comma-separated; empty: any)</label>
            <input id={`${uid}-sources`} className="input" value={sources} placeholder="web, walk-in" onChange={(e) => setSources(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-end`}>End date (optional)</label>
            <input id={`${uid}-end`} className="input" type="datetime-local" value={endAt} onChange={(e) => setEndAt(e.target.value)} />
          </div>
        </div>
        <fieldset className="stack">
          <legend>Steps — each sent a delay after the one before (the first: after the trigger)</legend>
          {steps.map((s, i) => (
            <div className="field-row" key={i} data-testid="rule-step">
              <div className="field">
                <label htmlFor={`${uid}-t${i}`}>Step {i + 1} response</label>
                <select id={`${uid}-t${i}`} className="select" value={s.templateId} onChange={(e) => setStep(i, { templateId: e.target.value })}>
                  <option value="">Choose a response…</option>
                  {usable.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${uid}-d${i}`}>Step {i + 1} delay</label>
                <span className="row">
                  <input
                    id={`${uid}-d${i}`}
                    className="input"
                    type="number"
                    min={1}
                    style={{ width: 70 }}
                    value={s.amount}
                    disabled={s.unit === 'none'}
                    onChange={(e) => setStep(i, { amount: e.target.value })}
                  />
                  <select aria-label={`Step ${i + 1} delay unit`} className="select" value={s.unit} onChange={(e) => setStep(i, { unit: e.target.value as Unit | 'none', amount: s.amount || '1' })}>
                    <option value="none">none (next allowed time)</option>
                    {DELAY_UNITS.map((u) => (
                      <option key={u.unit} value={u.unit}>
                        {u.unit}
                      </option>
                    ))}
                  </select>
                </span>
              </div>
              {steps.length > 1 && (
                <button type="button" className="btn btn-sm" onClick={() => setSteps((xs) => xs.filter((_, j) => j !== i))}>
                  Remove step {i + 1}
                </button>
              )}
            </div>
          ))}
          {steps.length < 10 && (
            <button type="button" className="btn btn-sm" onClick={() => setSteps((xs) => [...xs, { templateId: '', amount: '1', unit: 'days' }])}>
              Add step
            </button>
          )}
          <p className="muted small">
            Delays run from 5 minutes to 1 year. Steps go only inside the account&apos;s send hours (Settings); one due outside them waits for the next allowed time. Placeholders:{' '}
            {TEMPLATE_FIELDS.map((f) => f.token).join(', ')}.
          </p>
        </fieldset>
      </form>
    </Dialog>
  );
}
