// Shown in the new-lead dialog when main refused a second record for someone we already hold
// (CUSTOMER_EXISTS): per matching customer, either add the chosen dealer account to them, or,
// when that account holds them already, open them.
import type { ExistingCustomer } from '../../shared/existing-customer.ts';
import { fmtPhone } from '../lib/format.ts';
import { Alert } from './Alert.tsx';

export function ExistingCustomerNotice({
  message,
  existing,
  account,
  busy,
  onAttach,
  onOpen,
}: {
  /** Main's sentence: who has the mobile or email. */
  message: string;
  existing: ExistingCustomer[];
  /** The dealer account chosen in the dialog. */
  account: { id: number; name: string } | null;
  busy: boolean;
  onAttach: (customer: ExistingCustomer) => void;
  onOpen: (customer: ExistingCustomer) => void;
}) {
  return (
    <Alert tone="warn" role="alert" title="Already a customer" testId="existing-customer">
      <p style={{ margin: '0 0 8px' }}>{message}</p>
      <ul className="existing-customers" style={{ margin: 0, padding: 0, listStyle: 'none', display: 'grid', gap: 8 }}>
        {existing.map((c) => {
          const held = account !== null && c.accounts.some((a) => a.dealerAccountId === account.id);
          const name = c.name || '(no name)';
          return (
            <li key={c.customerId} className="row">
              <span>
                <strong>{name}</strong>{' '}
                <span className="muted small">
                  {fmtPhone(c.mobile)} · {c.email ?? 'no email'}
                </span>
              </span>
              {held || account === null ? (
                <button type="button" className="btn btn-sm" onClick={() => onOpen(c)}>
                  Open {name}
                </button>
              ) : (
                <button type="button" className="btn btn-sm btn-primary" disabled={busy} onClick={() => onAttach(c)}>
                  Add {name} as a lead of {account.name}
                </button>
              )}
              {held && account && <span className="small">Already a lead of {account.name}.</span>}
            </li>
          );
        })}
      </ul>
      {account && existing.some((c) => !c.accounts.some((a) => a.dealerAccountId === account.id)) && (
        <p className="small" style={{ margin: '8px 0 0' }}>
          Adding keeps the customer's name, mobile and email as they are; the marketing choice above applies to {account.name} only.
        </p>
      )}
    </Alert>
  );
}
