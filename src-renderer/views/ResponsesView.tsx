// Responses (message templates, seed: "How To Send An Email Via SMS"): create, edit and archive
// them per dealer account or shared — a name, an email subject and body (simple HTML) and the SMS
// text — with the placeholders documented, and a preview filled for a real lead by main's one
// renderer, the email body also shown as it goes "via SMS".
import { useId, useMemo, useState } from 'react';
import type { Template } from '../../shared/ipc/contract.ts';
import { TEMPLATE_FIELDS } from '../../shared/domain/templates.ts';
import { countSegments } from '../../shared/sms-segments.ts';
import { api } from '../api/api.ts';
import { useQuery } from '../data/use-query.ts';
import { useApp } from '../stores/app-store.ts';
import { errorText } from '../lib/format.ts';
import { Alert, ErrorAlert } from '../components/Alert.tsx';
import { Chip } from '../components/StatusChip.tsx';

const NO_TEMPLATES: Template[] = [];

function Editor({ template, onSaved, onCancel }: { template: Template | null; onSaved: (t: Template) => void; onCancel: () => void }) {
  const uid = useId();
  const accounts = useApp((s) => s.settings?.dealerAccounts ?? []);
  const [accountId, setAccountId] = useState(template?.dealerAccountId === null || template === null ? '' : String(template.dealerAccountId));
  const [name, setName] = useState(template?.name ?? '');
  const [body, setBody] = useState(template?.body ?? '');
  const [subject, setSubject] = useState(template?.emailSubject ?? '');
  const [emailBody, setEmailBody] = useState(template?.emailBody ?? '');
  const [error, setError] = useState<string | null>(null);
  const seg = countSegments(body);
  const save = async () => {
    setError(null);
    try {
      const t = await api()['templates.save']({
        ...(template ? { templateId: template.id } : {}),
        dealerAccountId: accountId ? Number(accountId) : null,
        name,
        body,
        emailSubject: subject || null,
        emailBody: emailBody || null,
      });
      onSaved(t);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="card stack" aria-label="Response" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <div className="card-head">
        <h2>{template ? `Edit: ${template.name}` : 'New response'}</h2>
      </div>
      <div className="card-body stack">
        <ErrorAlert message={error} />
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${uid}-name`}>Name</label>
            <input id={`${uid}-name`} className="input" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-account`}>Dealer account</label>
            <select id={`${uid}-account`} className="select" value={accountId} onChange={(e) => setAccountId(e.target.value)}>
              <option value="">Shared (every account)</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-sms`}>SMS text</label>
          <textarea id={`${uid}-sms`} className="textarea" rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
          <span className="muted small" data-testid="response-segments">
            {body.length} characters · {seg.segments} SMS segment{seg.segments === 1 ? '' : 's'} ({seg.encoding})
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-subject`}>Email subject</label>
          <input id={`${uid}-subject`} className="input" value={subject} onChange={(e) => setSubject(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-email`}>Email body (simple HTML)</label>
          <textarea id={`${uid}-email`} className="textarea" rows={6} value={emailBody} onChange={(e) => setEmailBody(e.target.value)} />
        </div>
        <details open>
          <summary>Placeholders</summary>
          <ul className="small">
            {TEMPLATE_FIELDS.map((f) => (
              <li key={f.key}>
                <code>{`{${f.spellings[1] ?? f.spellings[0]}}`}</code> — {f.label}
                {f.fallback ? ` (empty: "${f.fallback}")` : ' (a lead without one cannot be sent this response)'}
              </li>
            ))}
          </ul>
        </details>
        <div className="row">
          <button type="submit" className="btn btn-primary">
            Save response
          </button>
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
    </form>
  );
}

function Preview({ template }: { template: Template }) {
  const uid = useId();
  const [query, setQuery] = useState('');
  const leads = useQuery('leads.list', { query, limit: 8 }).data?.items ?? [];
  const [pick, setPick] = useState('');
  const [out, setOut] = useState<{ sms: string | null; email: string | null; error: string | null } | null>(null);
  const chosen = leads.find((l) => `${l.customerId}:${l.accounts[0]?.dealerAccountId}` === pick) ?? null;
  const preview = async () => {
    if (!chosen) return;
    const account = template.dealerAccountId ?? chosen.accounts[0]?.dealerAccountId;
    if (!account) return;
    const one = async (as: 'sms' | 'email_as_sms', has: boolean) => {
      if (!has) return { text: null, error: null };
      try {
        return { text: (await api()['templates.render']({ templateId: template.id, customerId: chosen.customerId, dealerAccountId: account, as })).text, error: null };
      } catch (err) {
        return { text: null, error: errorText(err) };
      }
    };
    const [sms, email] = await Promise.all([one('sms', template.body.trim() !== ''), one('email_as_sms', (template.emailBody ?? '').trim() !== '')]);
    setOut({ sms: sms.text, email: email.text, error: sms.error ?? email.error });
  };
  return (
    <div className="card">
      <div className="card-head">
        <h2>Preview with a lead</h2>
      </div>
      <div className="card-body stack">
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${uid}-q`}>Find a lead</label>
            <input id={`${uid}-q`} className="input" value={query} placeholder="Name or mobile" onChange={(e) => setQuery(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-lead`}>Lead</label>
            <select id={`${uid}-lead`} className="select" value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">Choose…</option>
              {leads.map((l) => (
                <option key={l.customerId} value={`${l.customerId}:${l.accounts[0]?.dealerAccountId}`}>
                  {l.firstName} {l.lastName}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="btn" disabled={!chosen} onClick={() => void preview()}>
            Preview
          </button>
        </div>
        {out?.error && <Alert tone="danger" role="alert" title="Cannot be filled for this lead">{out.error}</Alert>}
        {out?.sms && (
          <div data-testid="preview-sms">
            <strong>SMS</strong>
            <pre className="preview">{out.sms}</pre>
          </div>
        )}
        {out?.email && (
          <div data-testid="preview-email-sms">
            <strong>Email, sent via SMS</strong>
            <pre className="preview">{out.email}</pre>
          </div>
        )}
      </div>
    </div>
  );
}

export function ResponsesView() {
  const [showArchived, setShowArchived] = useState(false);
  const q = useQuery('templates.list', { includeArchived: showArchived });
  const templates = q.data ?? NO_TEMPLATES;
  const accounts = useApp((s) => s.settings?.dealerAccounts ?? []);
  const accountName = useMemo(() => new Map(accounts.map((a) => [a.id, a.name])), [accounts]);
  const [editing, setEditing] = useState<{ t: Template | null; key: number } | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chosen = templates.find((t) => t.id === selected) ?? null;
  return (
    <section className="page" aria-labelledby="responses-title">
      <header className="page-header">
        <h1 id="responses-title">Responses</h1>
        <span className="page-sub">SMS and email responses; an email response can be sent as SMS from a lead or an appraisal.</span>
        <span className="spacer" />
        <label className="row">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
          <span>Show archived</span>
        </label>
        <button type="button" className="btn btn-primary" onClick={() => setEditing({ t: null, key: Date.now() })}>
          New response
        </button>
      </header>
      <div className="page-body page-scroll stack" style={{ flex: 1 }}>
        <ErrorAlert message={q.error ?? error} />
        {editing && (
          <Editor
            key={editing.key}
            template={editing.t}
            onCancel={() => setEditing(null)}
            onSaved={(t) => {
              setEditing(null);
              setSelected(t.id);
              q.refetch();
            }}
          />
        )}
        <div className="table-wrap">
          <table className="data" aria-label="Responses">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Account</th>
                <th scope="col">SMS text</th>
                <th scope="col">Email</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {templates.map((t) => (
                <tr key={t.id} aria-selected={t.id === selected} data-testid="response-row">
                  <td>
                    <button type="button" className="btn-link" onClick={() => setSelected(t.id)}>
                      {t.name}
                    </button>{' '}
                    {t.archivedAt !== null && <Chip tone="neutral">archived</Chip>}
                  </td>
                  <td>{t.dealerAccountId === null ? 'Shared' : (accountName.get(t.dealerAccountId) ?? t.dealerAccountId)}</td>
                  <td className="body-cell">{t.body || <span className="muted">—</span>}</td>
                  <td>{t.emailSubject ?? (t.emailBody ? '(no subject)' : '—')}</td>
                  <td className="nowrap">
                    <button type="button" className="btn btn-sm" onClick={() => setEditing({ t, key: Date.now() })}>
                      Edit
                    </button>{' '}
                    <button
                      type="button"
                      className="btn btn-sm"
                      onClick={() =>
                        void api()
                          ['templates.archive']({ templateId: t.id, archived: t.archivedAt === null })
                          .then(() => q.refetch())
                          .catch((err: unknown) => setError(errorText(err)))
                      }
                    >
                      {t.archivedAt === null ? 'Archive' : 'Restore'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {templates.length === 0 && <p className="empty">No responses yet.</p>}
        </div>
        {chosen && <Preview key={chosen.id} template={chosen} />}
      </div>
    </section>
  );
}
