// "New lead": a dealer account, the name, an Australian mobile and an email, and the "Opt in to
// future marketing communication" box. Unticked, main records an opt-out of SMS and email for that
// account (R10). Main normalises and checks the mobile and email; its refusal is shown in the
// dialog with the field marked and nothing typed is lost. A mobile or email that an existing
// customer has is offered as "add this account to them" instead of a second record.
import { useEffect, useId, useRef, useState } from 'react';
import type { DealerAccount } from '../../shared/ipc/contract.ts';
import { ApiError } from '../../shared/ipc/client.ts';
import type { ExistingCustomer } from '../../shared/existing-customer.ts';
import { api } from '../api/api.ts';
import { toast, useApp, activeDealerAccounts } from '../stores/app-store.ts';
import { navigate } from '../lib/router.ts';
import { errorText } from '../lib/format.ts';
import { refusedField } from '../lib/refused-field.ts';
import { Alert } from './Alert.tsx';
import { Dialog } from './Dialog.tsx';
import { ExistingCustomerNotice } from './ExistingCustomerNotice.tsx';
import { leadFieldErrors } from '../../shared/domain/lead-fields.ts';

interface NewLeadFields {
  dealerAccountId: number | null;
  firstName: string;
  lastName: string;
  mobile: string;
  email: string;
  optInToMarketing: boolean;
}

type Problem =
  | { kind: 'refused'; message: string; field: string | null }
  | { kind: 'exists'; message: string; existing: ExistingCustomer[] }
  | null;


function blankFields(accounts: DealerAccount[]): NewLeadFields {
  // With one account there is nothing to choose; with several the user must pick (no silent default).
  return { dealerAccountId: accounts.length === 1 ? accounts[0]!.id : null, firstName: '', lastName: '', mobile: '', email: '', optInToMarketing: false };
}

function consentSentence(optIn: boolean, accountName: string): string {
  return optIn
    ? `No opt-out recorded for ${accountName}.`
    : `Opted out of SMS and email from ${accountName} (marketing box unticked).`;
}

export function NewLeadDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const uid = useId();
  const formId = `${uid}-form`;
  const accounts = useApp(activeDealerAccounts);
  const [fields, setFields] = useState<NewLeadFields>(() => blankFields(accounts));
  const [problem, setProblem] = useState<Problem>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);

  const account = accounts.find((a) => a.id === fields.dealerAccountId) ?? null;

  // Every opening starts blank. Only an opening: a settings reload while typing must not wipe the form.
  const accountsNow = useRef(accounts);
  accountsNow.current = accounts;
  useEffect(() => {
    if (!open) return;
    setFields(blankFields(accountsNow.current));
    setProblem(null);
    setTried(false);
  }, [open]);

  const set = <K extends keyof NewLeadFields>(key: K, value: NewLeadFields[K]) => {
    setFields((f) => ({ ...f, [key]: value }));
    // A match found for other values would mislead: it goes when they change.
    if (problem?.kind === 'exists' && key !== 'optInToMarketing') setProblem(null);
    // A refusal about this field goes as soon as the field is changed: no stale error beside a corrected value.
    if (problem?.kind === 'refused' && (problem.field === key || (problem.field === 'name' && (key === 'firstName' || key === 'lastName')))) setProblem(null);
  };

  // Every problem at once, each going as it is put right; over-long values said at once.
  const allErrors = leadFieldErrors({ firstName: fields.firstName, lastName: fields.lastName, email: fields.email, mobile: fields.mobile }, { requireName: true });
  const errors = tried ? allErrors : allErrors.filter((e) => e.message.includes('characters at most'));

  const close = () => onClose();

  const done = (customerId: number, title: string, body: string) => {
    // No link to the lead in the toast: the app goes there.
    toast({ tone: 'ok', title, body });
    close();
    navigate({ name: 'lead', customerId });
  };

  const create = async () => {
    setTried(true);
    if (allErrors.length > 0) return;
    if (!account) {
      setProblem({ kind: 'refused', message: 'Choose the dealer account this lead belongs to.', field: 'dealerAccountId' });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const { customerId } = await api()['leads.create']({
        dealerAccountId: account.id,
        firstName: fields.firstName,
        lastName: fields.lastName,
        mobile: fields.mobile.trim() || null,
        email: fields.email.trim() || null,
        optInToMarketing: fields.optInToMarketing,
      });
      const name = `${fields.firstName.trim()} ${fields.lastName.trim()}`.trim();
      done(customerId, 'Lead created', `${name} is a lead of ${account.name}. ${consentSentence(fields.optInToMarketing, account.name)}`);
    } catch (e) {
      const existing = e instanceof ApiError ? (e.detailsFor('CUSTOMER_EXISTS')?.existing ?? []) : [];
      setProblem(existing.length > 0 ? { kind: 'exists', message: errorText(e), existing } : { kind: 'refused', message: errorText(e), field: refusedField(e) });
    } finally {
      setBusy(false);
    }
  };

  const attach = async (customer: ExistingCustomer) => {
    if (!account) return;
    setBusy(true);
    try {
      await api()['leads.create']({
        dealerAccountId: account.id,
        customerId: customer.customerId,
        firstName: '',
        lastName: '',
        optInToMarketing: fields.optInToMarketing,
      });
      done(
        customer.customerId,
        `Added to ${customer.name || 'the existing customer'}`,
        `${customer.name} was already a customer; ${account.name} now holds them as a lead too. Their details are unchanged. ${consentSentence(fields.optInToMarketing, account.name)}`,
      );
    } catch (e) {
      setProblem({ kind: 'refused', message: errorText(e), field: refusedField(e) });
    } finally {
      setBusy(false);
    }
  };

  const errId = `${uid}-err`;
  const invalid = (...names: string[]) => {
    const bad = (problem?.kind === 'refused' && problem.field !== null && names.includes(problem.field)) || errors.some((e) => names.includes(e.field));
    return { 'aria-invalid': bad, 'aria-describedby': bad ? errId : undefined };
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title="New lead"
      actions={
        <>
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" form={formId} className="btn btn-primary" disabled={busy || problem?.kind === 'exists'}>
            Create lead
          </button>
        </>
      }
    >
      <form
        id={formId}
        className="stack"
        aria-label="New lead"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <div className="field">
          <label htmlFor={`${uid}-account`}>Dealer account</label>
          <select
            id={`${uid}-account`}
            className="select"
            value={fields.dealerAccountId ?? ''}
            onChange={(e) => set('dealerAccountId', e.target.value ? Number(e.target.value) : null)}
            {...invalid('dealerAccountId')}
          >
            {accounts.length !== 1 && <option value="">Choose a dealer account…</option>}
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${uid}-first`}>First name</label>
            <input id={`${uid}-first`} className="input" value={fields.firstName} onChange={(e) => set('firstName', e.target.value)} autoComplete="off" {...invalid('name', 'firstName')} />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-last`}>Last name</label>
            <input id={`${uid}-last`} className="input" value={fields.lastName} onChange={(e) => set('lastName', e.target.value)} autoComplete="off" {...invalid('name', 'lastName')} />
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${uid}-mobile`}>Mobile</label>
            <input
              id={`${uid}-mobile`}
              className="input"
              value={fields.mobile}
              onChange={(e) => set('mobile', e.target.value)}
              inputMode="tel"
              placeholder="0412 345 678"
              autoComplete="off"
              {...invalid('mobile')}
            />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-email`}>Email</label>
            <input id={`${uid}-email`} className="input" type="email" value={fields.email} onChange={(e) => set('email', e.target.value)} autoComplete="off" {...invalid('email')} />
          </div>
        </div>
        <div className="stack" style={{ gap: 4 }}>
          <label className="check">
            <input type="checkbox" checked={fields.optInToMarketing} onChange={(e) => set('optInToMarketing', e.target.checked)} aria-describedby={`${uid}-optin-hint`} />
            Opt in to future marketing communication
          </label>
          <span id={`${uid}-optin-hint`} className="hint" data-testid="optin-hint">
            {fields.optInToMarketing
              ? `The lead may receive SMS and email from ${account?.name ?? 'the chosen account'}.`
              : `Unticked: the lead is opted out of SMS and email from ${account?.name ?? 'the chosen account'}.`}
          </span>
        </div>
        {errors.length > 0 ? (
          <Alert tone="danger" role="alert" id={errId} testId="new-lead-error">
            <span className="field-errors">
              {errors.map((e) => (
                <span key={e.field + e.message}>{e.message}</span>
              ))}
            </span>
          </Alert>
        ) : (
          problem?.kind === 'refused' && (
            <Alert tone="danger" role="alert" id={errId} testId="new-lead-error">
              {problem.message}
            </Alert>
          )
        )}
        {problem?.kind === 'exists' && (
          <ExistingCustomerNotice
            message={problem.message}
            existing={problem.existing}
            account={account}
            busy={busy}
            onAttach={(c) => void attach(c)}
            onOpen={(c) => {
              close();
              navigate({ name: 'lead', customerId: c.customerId });
            }}
          />
        )}
      </form>
    </Dialog>
  );
}
