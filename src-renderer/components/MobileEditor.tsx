// The lead's mobile, changed in place. R2: consent stays with the customer (main keeps the old
// number in the history). A number another customer already has gets the same "Already a
// customer" notice as New lead (main refuses it with CUSTOMER_EXISTS): keep this number, or open
// that customer. Clearing the number asks first. Esc cancels; what was typed stays on a refusal.
import { useId, useState } from 'react';
import type { ExistingCustomer } from '../../shared/existing-customer.ts';
import type { LeadDetail } from '../../shared/ipc/contract.ts';
import { ApiError } from '../../shared/ipc/client.ts';
import { api } from '../api/api.ts';
import { toast } from '../stores/app-store.ts';
import { navigate } from '../lib/router.ts';
import { errorText, fmtPhone } from '../lib/format.ts';
import { Dialog } from './Dialog.tsx';
import { ExistingCustomerNotice } from './ExistingCustomerNotice.tsx';

export function MobileEditor({ lead, onChanged }: { lead: LeadDetail; onChanged: () => void }) {
  const uid = useId();
  const [editing, setEditing] = useState(false);
  const [mobile, setMobile] = useState('');
  const [saving, setSaving] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const [existing, setExisting] = useState<ExistingCustomer[]>([]);
  const [confirmClear, setConfirmClear] = useState(false);

  const start = () => {
    setMobile(lead.mobile ? fmtPhone(lead.mobile) : '');
    setErr(null);
    setExisting([]);
    setEditing(true);
  };
  const cancel = () => {
    setEditing(false);
    setErr(null);
    setExisting([]);
  };

  const save = async (value: string | null) => {
    setSaving(true);
    setErr(null);
    setExisting([]);
    try {
      await api()['leads.updateMobile']({ customerId: lead.customerId, mobile: value });
      setEditing(false);
      toast(
        value === null
          ? { tone: 'ok', title: 'Mobile removed', body: 'The number stays in the phone history; consent stays with the customer.' }
          : { tone: 'ok', title: 'Mobile updated', body: 'Consent stays with the customer: any opt-out still applies.' },
        4000,
      );
      onChanged();
    } catch (e) {
      const found = e instanceof ApiError ? (e.detailsFor('CUSTOMER_EXISTS')?.existing ?? []) : [];
      setExisting(found);
      setErr(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const submit = () => {
    const value = mobile.trim();
    if (!value && lead.mobile) setConfirmClear(true);
    else void save(value || null);
  };

  if (!editing) {
    return (
      <span className="row">
        <span className="phone" data-testid="lead-mobile">
          {fmtPhone(lead.mobile)}
        </span>
        <button type="button" className="btn btn-sm" onClick={start} aria-label="Change mobile number">
          Change
        </button>
      </span>
    );
  }
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        // Escape in the confirmation dialog stays in the dialog (components/Dialog.tsx).
        if (e.key === 'Escape') {
          e.preventDefault();
          cancel();
        }
      }}
    >
      <label htmlFor={`${uid}-mobile`} className="visually-hidden">
        New mobile number
      </label>
      <input
        id={`${uid}-mobile`}
        className="input"
        value={mobile}
        onChange={(e) => {
          setMobile(e.target.value);
          setErr(null);
          setExisting([]);
        }}
        aria-invalid={err !== null}
        aria-describedby={err ? `${uid}-err` : undefined}
        inputMode="tel"
        autoFocus
      />
      <span className="row">
        <button type="submit" className="btn btn-primary btn-sm" disabled={saving}>
          Save mobile
        </button>
        <button type="button" className="btn btn-sm" onClick={cancel}>
          Cancel
        </button>
      </span>
      {existing.length > 0 ? (
        <div id={`${uid}-err`}>
          <ExistingCustomerNotice
            message={`${err ?? ''} Keep this customer's number, or open the customer who has it (if they are the same person, change the number there).`}
            existing={existing}
            account={null}
            busy={saving}
            onAttach={() => undefined}
            onOpen={(c) => navigate({ name: 'lead', customerId: c.customerId })}
          />
          <button type="button" className="btn btn-sm" style={{ marginTop: 6 }} onClick={cancel}>
            Keep {fmtPhone(lead.mobile)}
          </button>
        </div>
      ) : (
        err && (
          <span id={`${uid}-err`} role="alert" className="small" style={{ color: 'var(--red)' }}>
            {err}
          </span>
        )
      )}
      <Dialog
        open={confirmClear}
        onClose={() => setConfirmClear(false)}
        title={`Remove ${lead.name || 'this customer'}'s mobile?`}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setConfirmClear(false)}>
              Keep the number
            </button>
            <button
              type="button"
              className="btn btn-danger-solid"
              onClick={() => {
                setConfirmClear(false);
                void save(null);
              }}
            >
              Remove mobile
            </button>
          </>
        }
      >
        <p>
          {fmtPhone(lead.mobile)} will no longer be their number: no SMS can be sent to them until a new one is added. It stays in the phone history, and
          their consent stays with them.
        </p>
      </Dialog>
    </form>
  );
}
