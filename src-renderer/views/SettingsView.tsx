// Settings: dealer accounts; senders (added here: a number or a Messaging Service) and which
// accounts share each; Twilio accounts (added here) and their credentials (write-only: the
// renderer can set or clear them, never read them) with a connection test and R13's STOP filtering;
// poll interval; notification preferences; who manual actions are recorded as.
import { useEffect, useId, useState } from 'react';
import type { GatewayAccountSettings, GatewayAccountStatus, NotificationPrefs, Sender, Settings } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { loadSettings, toast, useApp } from '../stores/app-store.ts';
import { errorText, fmtAgo, fmtDateTime, fmtPhone } from '../lib/format.ts';
import { Alert, ErrorAlert } from '../components/Alert.tsx';
import { GroupServerCard } from '../components/GroupServerCard.tsx';
import { SendHoursSettings } from '../components/SendHoursSettings.tsx';
import { DiagnosticsCard } from '../components/DiagnosticsCard.tsx';
import { ConfirmDialog, Dialog } from '../components/Dialog.tsx';
import { accountsLeftWithoutSender, accountsWithoutSender, sendersInUse, type CoverageChange } from '../../shared/domain/sender-coverage.ts';
import { listOfNames } from '../../shared/domain/gateway-block.ts';

export function SettingsView() {
  const settings = useApp((s) => s.settings);
  if (!settings) {
    return (
      <section className="page">
        <header className="page-header">
          <h1>Settings</h1>
        </header>
        <p className="empty">Loading…</p>
      </section>
    );
  }
  return (
    <section className="page" aria-labelledby="settings-title">
      <header className="page-header">
        <h1 id="settings-title">Settings</h1>
        <span className="page-sub">{settings.mode === 'demo' ? 'Demo mode: the built-in gateway simulator stands in for Twilio' : 'Live gateway'}</span>
      </header>
      <div className="page-body page-scroll" style={{ flex: 1 }}>
        <div className="settings-grid">
          {/* In the order a new desk is set up: dealer accounts, their Twilio account, the senders. */}
          <AccountsCard settings={settings} />
          <GatewayCard settings={settings} />
          <GroupServerCard />
          <SendersCard settings={settings} />
          <GeneralCard settings={settings} />
          <NotificationsCard prefs={settings.notifications} />
          <SendHoursSettings settings={settings} />
          <DiagnosticsCard />
        </div>
      </div>
    </section>
  );
}

function apply(s: Settings): void {
  useApp.setState({ settings: s });
}

function GeneralCard({ settings }: { settings: Settings }) {
  const uid = useId();
  const [name, setName] = useState(settings.userName);
  const [seconds, setSeconds] = useState(String(Math.round(settings.pollIntervalMs / 1000)));
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => setName(settings.userName), [settings.userName]);
  useEffect(() => setSeconds(String(Math.round(settings.pollIntervalMs / 1000))), [settings.pollIntervalMs]);

  const saveName = async () => {
    try {
      apply(await api()['settings.setUserName']({ userName: name }));
      setErr(null);
      toast({ tone: 'ok', title: 'Name saved' }, 2500);
    } catch (e) {
      setErr(errorText(e));
    }
  };
  const savePoll = async () => {
    const s = Number(seconds);
    if (!Number.isFinite(s) || s < 2 || s > 3600) {
      setErr('The poll interval is between 2 and 3600 seconds.');
      return;
    }
    try {
      apply(await api()['settings.setPollInterval']({ pollIntervalMs: Math.round(s * 1000) }));
      setErr(null);
      toast({ tone: 'ok', title: `Polling every ${s} s` }, 2500);
    } catch (e) {
      setErr(errorText(e));
    }
  };

  return (
    <div className="card">
      <div className="card-head">
        <h2>General</h2>
      </div>
      <div className="card-body stack">
        <form
          className="field-row"
          onSubmit={(e) => {
            e.preventDefault();
            void saveName();
          }}
        >
          <div className="field">
            <label htmlFor={`${uid}-name`}>Your name (recorded on manual actions)</label>
            <input id={`${uid}-name`} className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
          </div>
          <button type="submit" className="btn">
            Save name
          </button>
        </form>
        <form
          className="field-row"
          onSubmit={(e) => {
            e.preventDefault();
            void savePoll();
          }}
        >
          <div className="field">
            <label htmlFor={`${uid}-poll`}>Poll for replies every (seconds)</label>
            <input
              id={`${uid}-poll`}
              className="input"
              type="number"
              min={2}
              max={3600}
              value={seconds}
              onChange={(e) => setSeconds(e.target.value)}
            />
          </div>
          <button type="submit" className="btn">
            Save interval
          </button>
        </form>
        <ErrorAlert message={err} />
      </div>
    </div>
  );
}

function AccountsCard({ settings }: { settings: Settings }) {
  const uid = useId();
  const noSender = new Set(accountsWithoutSender(settings).map((a) => a.id));
  const inUse = sendersInUse(settings);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const add = async () => {
    try {
      await api()['settings.createDealerAccount']({ code, name });
      setCode('');
      setName('');
      setErr(null);
      await loadSettings();
    } catch (e) {
      setErr(errorText(e));
    }
  };
  return (
    <div className="card" style={{ gridColumn: '1 / -1' }}>
      <div className="card-head">
        <h2>Dealer accounts</h2>
        <span className="muted small">{settings.dealerAccounts.length}</span>
      </div>
      <div className="card-body stack">
        <table className="data" aria-label="Dealer accounts">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Code</th>
              <th scope="col">Senders</th>
            </tr>
          </thead>
          <tbody>
            {settings.dealerAccounts.map((a) => (
              <tr key={a.id} className={a.archivedAt !== null ? 'archived' : undefined}>
                <td>
                  {a.name} <RenameButton what="dealer account" current={a.name} save={(name) => api()['settings.renameDealerAccount']({ dealerAccountId: a.id, name })} />{' '}
                  <ArchiveButton
                    what="dealer account"
                    name={a.name}
                    archivedAt={a.archivedAt}
                    settings={settings}
                    change={null}
                    consequence={`Nothing is sent for ${a.name} (by hand or by automation), and it is no longer offered for new leads or imports. Its leads, messages and opt-outs stay.`}
                    setArchived={(archived) => api()['settings.setDealerAccountArchived']({ dealerAccountId: a.id, archived })}
                  />
                </td>
                <td className="mono">{a.code}</td>
                <td>
                  {inUse
                    .filter((s) => s.dealerAccountIds.includes(a.id))
                    .map((s) => s.label)
                    .join(', ') || <span className="muted">none</span>}
                  {noSender.has(a.id) && (
                    <span className="chip chip-blocked plain" style={{ marginLeft: 6 }} title={`${a.name} cannot send SMS until a sender in use is shared with it.`}>
                      cannot text
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form
          className="field-row"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <div className="field" style={{ flex: '0 1 260px' }}>
            <label htmlFor={`${uid}-code`}>Code</label>
            <input id={`${uid}-code`} className="input" value={code} onChange={(e) => setCode(e.target.value)} maxLength={40} placeholder="TOYOTA" aria-describedby={`${uid}-code-hint`} />
            <span id={`${uid}-code-hint`} className="hint">Letters, digits, - and _; the desks of a group match accounts by it.</span>
          </div>
          <div className="field">
            <label htmlFor={`${uid}-name`}>Name</label>
            <input id={`${uid}-name`} className="input" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
          </div>
          <button type="submit" className="btn" disabled={!code.trim() || !name.trim()}>
            Add account
          </button>
        </form>
        <ErrorAlert message={err} />
      </div>
    </div>
  );
}

function SendersCard({ settings }: { settings: Settings }) {
  return (
    <div className="card" style={{ gridColumn: '1 / -1' }}>
      <div className="card-head">
        <h2>Senders and the accounts that share them</h2>
      </div>
      <div className="card-body">
        <p className="hint" style={{ marginBottom: 8 }}>
          A reply to a shared sender is attributed to the account that last texted that customer through it; an opt-out applies
          to that account only.
        </p>
        <table className="data" aria-label="Senders">
          <thead>
            <tr>
              <th scope="col">Sender</th>
              <th scope="col">Address</th>
              <th scope="col">Gateway account</th>
              <th scope="col">Used by</th>
            </tr>
          </thead>
          <tbody>
            {settings.senders.map((s) => (
              <SenderRow key={s.id} sender={s} settings={settings} />
            ))}
          </tbody>
        </table>
        {settings.senders.length === 0 && <p className="muted">No senders yet: add the number (or Messaging Service) your dealers text from.</p>}
        <AddSenderForm settings={settings} />
      </div>
    </div>
  );
}

/** A new sender: an Australian mobile number or a Twilio Messaging Service (MG…), on a gateway account, shared by the dealers ticked. */
function AddSenderForm({ settings }: { settings: Settings }) {
  const uid = useId();
  const gateways = settings.gatewayAccounts.filter((g) => g.archivedAt === null);
  const [kind, setKind] = useState<'number' | 'messaging_service'>('number');
  const [address, setAddress] = useState('');
  const [label, setLabel] = useState('');
  const [gatewayId, setGatewayId] = useState<number | null>(null);
  const [accounts, setAccounts] = useState<number[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const gatewayAccountId = gatewayId ?? gateways[0]?.id ?? null;
  const add = async () => {
    if (gatewayAccountId === null) return;
    setBusy(true);
    try {
      const s = await api()['settings.createSender']({ gatewayAccountId, kind, address, label, dealerAccountIds: accounts });
      toast({ tone: 'ok', title: 'Sender added', body: `${s.label}${accounts.length > 1 ? `, shared by ${accounts.length} dealer accounts` : ''}.` });
      setAddress('');
      setLabel('');
      setAccounts([]);
      setErr(null);
      await loadSettings();
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  if (gateways.length === 0) return <p className="hint">Add a Twilio account first (Twilio accounts, below): a sender belongs to one.</p>;
  return (
    <form
      className="stack"
      aria-label="Add a sender"
      style={{ borderTop: '1px solid var(--border)', paddingTop: 10, marginTop: 10 }}
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <h3 className="small">Add a sender</h3>
      <div className="field-row">
        <div className="field" style={{ flex: '0 1 200px' }}>
          <label htmlFor={`${uid}-kind`}>Kind</label>
          <select id={`${uid}-kind`} className="select" value={kind} onChange={(e) => setKind(e.target.value === 'messaging_service' ? 'messaging_service' : 'number')}>
            <option value="number">Mobile number</option>
            <option value="messaging_service">Messaging Service</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-address`}>{kind === 'number' ? 'Number' : 'Messaging Service SID'}</label>
          <input
            id={`${uid}-address`}
            className="input mono"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            placeholder={kind === 'number' ? '0480 000 101' : 'MG followed by 32 letters and digits'}
            maxLength={64}
          />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-label`}>Label</label>
          <input id={`${uid}-label`} className="input" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="Group shared line" maxLength={200} />
        </div>
        {gateways.length > 1 && (
          <div className="field" style={{ flex: '0 1 220px' }}>
            <label htmlFor={`${uid}-gw`}>Twilio account</label>
            <select id={`${uid}-gw`} className="select" value={gatewayAccountId ?? ''} onChange={(e) => setGatewayId(Number(e.target.value))}>
              {gateways.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.label}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <fieldset className="row" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend className="small">Dealer accounts that text from it</legend>
        {settings.dealerAccounts
          .filter((a) => a.archivedAt === null)
          .map((a) => (
          <label key={a.id} className="check small">
            <input
              type="checkbox"
              checked={accounts.includes(a.id)}
              onChange={(e) => setAccounts(e.target.checked ? [...accounts, a.id] : accounts.filter((x) => x !== a.id))}
            />
            {a.name}
          </label>
        ))}
      </fieldset>
      {accounts.length > 1 && (
        <p className="hint">
          Shared: a reply is attributed to the dealer that last texted that customer from it, and an opt-out applies to that dealer only. Twilio's
          own STOP filtering, if on, blocks the number on this line for every dealer sharing it.
        </p>
      )}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy || !address.trim() || !label.trim() || gatewayAccountId === null}>
          Add sender
        </button>
      </div>
      <ErrorAlert message={err} />
    </form>
  );
}

function SenderRow({ sender, settings }: { sender: Sender; settings: Settings }) {
  const [busy, setBusy] = useState(false);
  /** Unticking the last sender of a dealer account: asked first. */
  const [lastOf, setLastOf] = useState<{ id: number; name: string } | null>(null);
  const gw = settings.gatewayAccounts.find((g) => g.id === sender.gatewayAccountId);
  const toggle = async (accountId: number, on: boolean, confirmed = false) => {
    const ids = on ? [...sender.dealerAccountIds, accountId] : sender.dealerAccountIds.filter((x) => x !== accountId);
    const left = on ? [] : accountsLeftWithoutSender(settings, { kind: 'senderAccounts', senderId: sender.id, dealerAccountIds: ids });
    if (left[0] && !confirmed) {
      setLastOf(left[0]);
      return;
    }
    setLastOf(null);
    setBusy(true);
    try {
      await api()['settings.setSenderAccounts']({ senderId: sender.id, dealerAccountIds: ids });
      await loadSettings();
    } catch (e) {
      toast({ tone: 'danger', title: 'Could not change the sender', body: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr className={sender.archivedAt !== null ? 'archived' : undefined}>
      <td>
        {sender.label}{' '}
        <RenameButton what="sender" current={sender.label} save={(label) => api()['settings.renameSender']({ senderId: sender.id, label })} />{' '}
        <ArchiveButton
          what="sender"
          name={sender.label}
          archivedAt={sender.archivedAt}
          settings={settings}
          change={{ kind: 'archiveSender', senderId: sender.id }}
          consequence={`${sender.label} is no longer offered or sent from. Replies to it are still collected and attributed, and a STOP to it still counts.`}
          setArchived={(archived) => api()['settings.setSenderArchived']({ senderId: sender.id, archived })}
        />
        {sender.dealerAccountIds.length > 1 && (
          <span className="chip chip-sent plain" style={{ marginLeft: 6 }}>
            shared
          </span>
        )}
      </td>
      <td className="phone">{sender.kind === 'number' ? fmtPhone(sender.address) : sender.address}</td>
      <td>{gw?.label ?? sender.gatewayAccountId}</td>
      <td>
        <div className="row">
          {settings.dealerAccounts
            .filter((a) => a.archivedAt === null || sender.dealerAccountIds.includes(a.id))
            .map((a) => (
            <label key={a.id} className="check small">
              <input
                type="checkbox"
                checked={sender.dealerAccountIds.includes(a.id)}
                disabled={busy}
                onChange={(e) => void toggle(a.id, e.target.checked)}
                aria-label={`${a.name} uses ${sender.label}`}
              />
              {a.name}
            </label>
          ))}
        </div>
        <ConfirmDialog
          open={lastOf !== null}
          title="Leave this dealer account without a sender?"
          cancelLabel="Keep it"
          confirmLabel={`Stop using ${sender.label}`}
          onCancel={() => setLastOf(null)}
          onConfirm={() => lastOf && void toggle(lastOf.id, false, true)}
        >
          <p>
            {sender.label} is the only sender in use of {lastOf?.name}. Without it, {lastOf?.name} cannot send SMS (manual or automated) until another sender
            is added for it.
          </p>
        </ConfirmDialog>
      </td>
    </tr>
  );
}

function GatewayCard({ settings }: { settings: Settings }) {
  return (
    <div className="card">
      <div className="card-head">
        <h2>Twilio accounts</h2>
      </div>
      <div className="card-body stack">
        <p className="hint">
          Auth tokens are write-only: they are stored encrypted by the app and never shown again. Enter a new one to replace it.
        </p>
        {settings.gatewayAccounts.map((g) => (
          <GatewayRow key={g.id} gateway={g} settings={settings} />
        ))}
        {settings.gatewayAccounts.length === 0 && <p className="muted">No Twilio accounts yet.</p>}
        <AddGatewayForm />
      </div>
    </div>
  );
}

/** A Twilio account: its Account SID, a label and its Auth Token (kept encrypted, never shown again); the connection tested at once. */
function AddGatewayForm() {
  const uid = useId();
  const [sid, setSid] = useState('');
  const [label, setLabel] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const add = async () => {
    setBusy(true);
    setResult(null);
    try {
      const g = await api()['settings.createGatewayAccount']({ accountSid: sid.trim(), label });
      setSid('');
      setLabel('');
      if (token) {
        await api()['settings.setCredentials']({ gatewayAccountId: g.id, authToken: token });
        setToken('');
        const tested = await api()['settings.testConnection']({ gatewayAccountId: g.id });
        setResult(tested.ok ? { ok: true, message: `${g.label} added. ${tested.message}` } : { ok: false, message: `${g.label} added, but Twilio refused the connection: ${tested.message}` });
      } else {
        setResult({ ok: true, message: `${g.label} added. Save its Auth Token to send and receive through it.` });
      }
      await loadSettings();
    } catch (e) {
      setResult({ ok: false, message: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="stack"
      aria-label="Add a Twilio account"
      style={{ borderTop: '1px solid var(--border)', paddingTop: 10 }}
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <h3 className="small">Add a Twilio account</h3>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${uid}-sid`}>Account SID</label>
          <input id={`${uid}-sid`} className="input mono" value={sid} onChange={(e) => setSid(e.target.value)} placeholder="AC followed by 32 letters and digits" maxLength={40} autoComplete="username" />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-label`}>Label</label>
          <input id={`${uid}-label`} className="input" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="Dealer group Twilio" maxLength={200} />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${uid}-token`}>Auth Token (write-only)</label>
          <input id={`${uid}-token`} className="input" type="password" autoComplete="new-password" value={token} onChange={(e) => setToken(e.target.value)} maxLength={200} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy || !sid.trim() || !label.trim() || (token.length > 0 && token.length < 8)}>
          {token ? 'Add and test' : 'Add account'}
        </button>
      </div>
      {result && (
        <Alert tone={result.ok ? 'ok' : 'danger'} role="status">
          {result.message}
        </Alert>
      )}
    </form>
  );
}

function GatewayRow({ gateway, settings }: { gateway: GatewayAccountSettings; settings: Settings }) {
  const uid = useId();
  const [token, setToken] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    try {
      await api()['settings.setCredentials']({ gatewayAccountId: gateway.id, authToken: token });
      setToken('');
      setResult({ ok: true, message: 'Saved. The token is stored encrypted and cannot be read back.' });
      await loadSettings();
    } catch (e) {
      setResult({ ok: false, message: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const [confirmClear, setConfirmClear] = useState(false);
  const clear = async () => {
    setConfirmClear(false);
    setBusy(true);
    try {
      const after = await api()['settings.clearCredentials']({ gatewayAccountId: gateway.id });
      // Said as it is, from main's answer.
      setResult(after.credentialsConfigured ? { ok: false, message: 'The token could not be removed: it is still stored.' } : { ok: true, message: 'Token removed: nothing is sent or received through this account until a new one is saved.' });
      await loadSettings();
    } catch (e) {
      setResult({ ok: false, message: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const test = async () => {
    setBusy(true);
    setResult(null);
    try {
      setResult(await api()['settings.testConnection']({ gatewayAccountId: gateway.id }));
    } catch (e) {
      setResult({ ok: false, message: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="stack"
      style={{ borderTop: '1px solid var(--border)', paddingTop: 10 }}
      aria-label={`Credentials for ${gateway.label}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="row">
        <strong>{gateway.label}</strong>
        <span className="mono muted">{gateway.accountSid}</span>
        <RenameButton what="Twilio account" current={gateway.label} save={(label) => api()['settings.renameGatewayAccount']({ gatewayAccountId: gateway.id, label })} />
        {!gateway.simulated && (
          <ArchiveButton
            what="Twilio account"
            name={gateway.label}
            archivedAt={gateway.archivedAt}
            settings={settings}
            change={{ kind: 'archiveGatewayAccount', gatewayAccountId: gateway.id }}
            consequence={`Nothing is sent through ${gateway.label}'s senders. While its Auth Token is stored, replies to its numbers are still collected, so a STOP still counts; remove the token to stop that too.`}
            setArchived={(archived) => api()['settings.setGatewayAccountArchived']({ gatewayAccountId: gateway.id, archived })}
          />
        )}
        {gateway.simulated && <span className="chip chip-sent plain">simulator</span>}
        <span className={`chip ${gateway.credentialsConfigured ? 'chip-ok' : 'chip-queued'}`}>
          {gateway.credentialsConfigured ? 'Credentials stored' : 'No credentials'}
        </span>
      </div>
      <input type="text" name="username" autoComplete="username" value={gateway.accountSid} readOnly hidden />
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${uid}-token`}>Auth token (write-only)</label>
          <input
            id={`${uid}-token`}
            className="input"
            type="password"
            autoComplete="new-password"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder={gateway.credentialsConfigured ? '•••••••• (stored)' : 'Paste the auth token'}
            minLength={8}
            maxLength={200}
          />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy || token.length < 8}>
          Save token
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void test()}>
          Test connection
        </button>
        {gateway.credentialsConfigured && (
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setConfirmClear(true)}>
            Remove token…
          </button>
        )}
      </div>
      <AccountSyncState gatewayAccountId={gateway.id} />
      {!gateway.simulated && <StopFilteringSetting gateway={gateway} />}
      <ConfirmDialog
        open={confirmClear}
        title={`Remove the Auth Token of ${gateway.label}?`}
        cancelLabel="Keep it"
        confirmLabel="Remove token"
        onCancel={() => setConfirmClear(false)}
        onConfirm={() => void clear()}
      >
        <p>Nothing is sent or received through {gateway.label} until a new token is saved. Messages waiting to be sent stay queued.</p>
      </ConfirmDialog>
      {result && (
        <Alert tone={result.ok ? 'ok' : 'danger'} role="status">
          {result.message}
        </Alert>
      )}
    </form>
  );
}

/**
 * "Archive…" (asked first: what archiving does, and which dealer accounts it would leave with no
 * sender) or, once archived, "Restore". What main answers is what the screen then shows.
 */
function ArchiveButton({
  what,
  name,
  archivedAt,
  settings,
  change,
  consequence,
  setArchived,
}: {
  what: string;
  name: string;
  archivedAt: number | null;
  settings: Settings;
  /** How archiving changes who can text, for the warning; null when it takes no sender away. */
  change: CoverageChange | null;
  consequence: React.ReactNode;
  setArchived: (archived: boolean) => Promise<unknown>;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const left = change ? accountsLeftWithoutSender(settings, change) : [];
  const run = async (archived: boolean) => {
    setOpen(false);
    setBusy(true);
    try {
      await setArchived(archived);
      toast({ tone: 'ok', title: archived ? `${name} archived` : `${name} restored` });
      await loadSettings();
    } catch (e) {
      toast({ tone: 'danger', title: archived ? `Could not archive ${name}` : `Could not restore ${name}`, body: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  if (archivedAt !== null) {
    return (
      <>
        <span className="chip chip-neutral plain" title={`Archived ${fmtDateTime(archivedAt)}`}>
          archived
        </span>{' '}
        <button type="button" className="btn btn-sm" disabled={busy} aria-label={`Restore ${name}`} onClick={() => void run(false)}>
          Restore
        </button>
      </>
    );
  }
  return (
    <>
      <button type="button" className="btn btn-sm" disabled={busy} aria-label={`Archive ${name}`} onClick={() => setOpen(true)}>
        Archive…
      </button>
      <ConfirmDialog open={open} title={`Archive the ${what} ${name}?`} confirmLabel={`Archive ${name}`} onCancel={() => setOpen(false)} onConfirm={() => void run(true)}>
        <p>{consequence} Its history is kept, and it can be restored here at any time.</p>
        {left.length > 0 && (
          <Alert tone="warn" role="alert" testId="archive-leaves-no-sender">
            {listOfNames(left.map((a) => a.name))} will have no sender in use: {left.length > 1 ? 'they' : 'it'} cannot send SMS (manual or automated)
            until another sender is set up or this one is restored.
          </Alert>
        )}
      </ConfirmDialog>
    </>
  );
}

/** "Rename…": a dialog with the name as it is; main checks it, and what it answers is shown. */
function RenameButton({ what, current, save }: { what: string; current: string; save: (name: string) => Promise<unknown> }) {
  const uid = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(current);
  const [err, setErr] = useState<string | null>(null);
  const submit = async () => {
    try {
      await save(name);
      setOpen(false);
      setErr(null);
      await loadSettings();
    } catch (e) {
      setErr(errorText(e));
    }
  };
  return (
    <>
      <button
        type="button"
        className="btn btn-sm"
        aria-label={`Rename ${current}`}
        onClick={() => {
          setName(current);
          setErr(null);
          setOpen(true);
        }}
      >
        Rename…
      </button>
      <Dialog
        open={open}
        title={`Rename ${what}`}
        onClose={() => setOpen(false)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="button" className="btn btn-primary" disabled={!name.trim() || name.trim() === current} onClick={() => void submit()}>
              Save name
            </button>
          </>
        }
      >
        <div className="field">
          <label htmlFor={`${uid}-name`}>New name for {current}</label>
          <input
            id={`${uid}-name`}
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              // Enter saves this name, not the form the button sits in.
              if (e.key !== 'Enter') return;
              e.preventDefault();
              if (name.trim() && name.trim() !== current) void submit();
            }}
            maxLength={200}
          />
        </div>
        <ErrorAlert message={err} />
      </Dialog>
    </>
  );
}

const ACCOUNT_STATE_WORDS: Record<GatewayAccountStatus['state'], { text: string; chip: string }> = {
  online: { text: 'Online', chip: 'chip-ok' },
  offline: { text: 'Not reachable', chip: 'chip-failed' },
  auth_failed: { text: 'Twilio refused the Auth Token', chip: 'chip-failed' },
  limited: { text: 'Twilio asked us to slow down', chip: 'chip-queued' },
  no_credentials: { text: 'No Auth Token: not polled', chip: 'chip-queued' },
  unknown: { text: 'Not contacted yet', chip: 'chip-sent plain' },
};

/** This Twilio account's own polling state (each account is polled on its own): state, last contact, the last problem in words with Twilio's detail behind it, first sync progress. */
function AccountSyncState({ gatewayAccountId }: { gatewayAccountId: number }) {
  const st = useApp((s) => s.sync?.accounts?.find((a) => a.gatewayAccountId === gatewayAccountId));
  if (!st) return null;
  const words = ACCOUNT_STATE_WORDS[st.state];
  return (
    <div className="stack small" data-testid={`account-state-${gatewayAccountId}`}>
      <div className="row">
        <span className={`chip ${words.chip}`}>{words.text}</span>
        <span className="muted">
          Last successful contact: {st.lastOkAt ? <time title={fmtDateTime(st.lastOkAt)}>{fmtAgo(st.lastOkAt)}</time> : 'not yet'}
          {st.polling ? ' · polling…' : ''}
          {st.retryAt && st.state !== 'online' ? ` · tried again at ${fmtDateTime(st.retryAt)}` : ''}
        </span>
        {st.initialSync !== null && <span className="muted">First sync {Math.round(st.initialSync * 100)} %</span>}
      </div>
      {st.lastError && (
        <details>
          <summary>{st.lastError}</summary>
          {st.lastErrorDetail && <p className="mono muted">{st.lastErrorDetail}</p>}
        </details>
      )}
    </div>
  );
}

/** R13: whether Twilio's own STOP filtering is on for the account, and what each answer means. */
function StopFilteringSetting({ gateway }: { gateway: GatewayAccountSettings }) {
  const uid = useId();
  const [busy, setBusy] = useState(false);
  const set = async (on: boolean) => {
    setBusy(true);
    try {
      await api()['settings.setStopFiltering']({ gatewayAccountId: gateway.id, on });
      await loadSettings();
    } catch (e) {
      toast({ tone: 'danger', title: 'Could not change the setting', body: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <fieldset className="stack" style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={`${uid}-hint`}>
      <legend className="small">Twilio's STOP filtering</legend>
      <label className="check small">
        <input type="radio" name={`${uid}-stop`} checked={gateway.stopFiltering} disabled={busy} onChange={() => void set(true)} />
        On (Twilio's default)
      </label>
      <label className="check small">
        <input type="radio" name={`${uid}-stop`} checked={!gateway.stopFiltering} disabled={busy} onChange={() => void set(false)} />
        Off: Twilio turned it off at our request
      </label>
      <p className="hint" id={`${uid}-hint`}>
        {gateway.stopFiltering
          ? 'When a customer texts STOP to a sender of this account, Twilio itself refuses every later message to them from that sender, for every dealer sharing it, until they text START. The app shows that block before any send.'
          : 'Twilio passes STOP replies on without blocking: the app opts the customer out of the dealer they answered only, and the other dealers on the line may still text them.'}
      </p>
    </fieldset>
  );
}

const PREF_LABELS: { key: keyof NotificationPrefs; label: string }[] = [
  { key: 'replies', label: 'Customer replies' },
  { key: 'possibleOptOuts', label: 'Possible opt-outs awaiting review' },
  { key: 'sendFailures', label: 'Failed sends' },
  { key: 'desktop', label: 'Show desktop notifications (desktop app)' },
];

function NotificationsCard({ prefs }: { prefs: NotificationPrefs }) {
  const save = async (next: NotificationPrefs) => {
    try {
      apply(await api()['settings.setNotificationPrefs'](next));
    } catch (e) {
      toast({ tone: 'danger', title: 'Could not save', body: errorText(e) });
    }
  };
  return (
    <div className="card">
      <div className="card-head">
        <h2>Notifications</h2>
      </div>
      <fieldset className="card-body stack" style={{ border: 0, margin: 0 }}>
        <legend className="visually-hidden">Notify me about</legend>
        {PREF_LABELS.map((p) => (
          <label key={p.key} className="check">
            <input type="checkbox" checked={prefs[p.key]} onChange={(e) => void save({ ...prefs, [p.key]: e.target.checked })} />
            {p.label}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
