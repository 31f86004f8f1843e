// The lead's name and email, edited in place on the lead screen. Main validates (a name, a real
// email); a refusal is shown under the form with the field marked, and what was typed stays.
// Saving never touches the mobile or consent (leads.updateDetails has neither).
import { useId, useState } from 'react';
import type { LeadDetail } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { errorText } from '../lib/format.ts';
import { refusedField } from '../lib/refused-field.ts';

interface Refusal {
  message: string;
  field: string | null;
}

export function LeadDetailsForm({
  lead,
  onSaved,
  onCancel,
}: {
  lead: LeadDetail;
  onSaved: (lead: LeadDetail) => void;
  onCancel: () => void;
}) {
  const uid = useId();
  const [firstName, setFirstName] = useState(lead.firstName);
  const [lastName, setLastName] = useState(lead.lastName);
  const [email, setEmail] = useState(lead.email ?? '');
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const save = async () => {
    setSaving(true);
    setRefusal(null);
    try {
      const saved = await api()['leads.updateDetails']({ customerId: lead.customerId, firstName, lastName, email: email.trim() || null });
      onSaved(saved);
    } catch (e) {
      setRefusal({ message: errorText(e), field: refusedField(e) });
    } finally {
      setSaving(false);
    }
  };

  const errId = `${uid}-err`;
  const invalid = (field: string) => ({
    'aria-invalid': refusal !== null && refusal.field === field,
    'aria-describedby': refusal && refusal.field === field ? errId : undefined,
  });
  const cancelOnEscape = (e: React.KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    onCancel();
  };

  return (
    <form
      className="stack lead-details-form"
      aria-label="Edit name and email"
      noValidate
      onKeyDown={cancelOnEscape}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${uid}-first`}>First name</label>
          <input id={`${uid}-first`} className="input" value={firstName} onChange={(e) => setFirstName(e.target.value)} maxLength={100} autoComplete="off" autoFocus {...invalid('name')} />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-last`}>Last name</label>
          <input id={`${uid}-last`} className="input" value={lastName} onChange={(e) => setLastName(e.target.value)} maxLength={100} autoComplete="off" {...invalid('name')} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-email`}>Email</label>
        <input id={`${uid}-email`} className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={320} autoComplete="off" {...invalid('email')} />
      </div>
      {refusal && (
        <span id={errId} role="alert" className="small" style={{ color: 'var(--red)' }} data-testid="details-error">
          {refusal.message}
        </span>
      )}
      <span className="row">
        <button type="submit" className="btn btn-primary btn-sm" disabled={saving}>
          Save details
        </button>
        <button type="button" className="btn btn-sm" onClick={onCancel}>
          Cancel
        </button>
        <span className="hint">Mobile and consent are not changed here.</span>
      </span>
    </form>
  );
}
