// The lead's name and email, edited in place on the lead screen. Main validates (a name, a real
// email); a refusal is shown under the form with the field marked, and what was typed stays.
// Saving never touches the mobile or consent (leads.updateDetails has neither).
import { useId, useState } from 'react';
import type { LeadDetail } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { errorText } from '../lib/format.ts';
import { refusedField } from '../lib/refused-field.ts';
import { errorOn, leadFieldErrors, type LeadField } from '../../shared/domain/lead-fields.ts';

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
  /** Saving was tried: every field's problem shows, each going as it is put right. */
  const [tried, setTried] = useState(false);
  const all = leadFieldErrors({ firstName, lastName, email }, { requireName: true, who: 'customer' });
  // Over-long values are said at once; the rest once saving was tried.
  const errors = tried ? all : all.filter((e) => e.message.includes('characters at most'));

  const save = async () => {
    setTried(true);
    if (all.length > 0) return;
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
  const invalid = (field: string) => {
    const bad = (refusal !== null && refusal.field === field) || errorOn(errors, field as LeadField) !== undefined;
    return { 'aria-invalid': bad, 'aria-describedby': bad ? errId : undefined };
  };
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
          <input id={`${uid}-first`} className="input" value={firstName} onChange={(e) => {
              setFirstName(e.target.value);
              if (refusal?.field === 'name') setRefusal(null);
            }} autoComplete="off" autoFocus {...invalid(errorOn(errors, 'firstName') ? 'firstName' : 'name')} />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-last`}>Last name</label>
          <input id={`${uid}-last`} className="input" value={lastName} onChange={(e) => {
              setLastName(e.target.value);
              if (refusal?.field === 'name') setRefusal(null);
            }} autoComplete="off" {...invalid(errorOn(errors, 'lastName') ? 'lastName' : 'name')} />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${uid}-email`}>Email</label>
        <input id={`${uid}-email`} className="input" type="email" value={email} onChange={(e) => {
              setEmail(e.target.value);
              if (refusal?.field === 'email') setRefusal(null);
            }} autoComplete="off" {...invalid('email')} />
      </div>
      {(refusal || errors.length > 0) && (
        <span id={errId} role="alert" className="small field-errors" style={{ color: 'var(--red)' }} data-testid="details-error">
          {errors.length > 0 ? errors.map((e) => <span key={e.field + e.message}>{e.message}</span>) : refusal?.message}
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
