// Settings: dealer accounts; senders and which accounts share each; gateway credentials
// (write-only: the renderer can set or clear them, never read them) with a connection test;
// poll interval; notification preferences; who manual actions are recorded as.
import { useEffect, useId, useState } from 'react';
import type { GatewayAccountSettings, NotificationPrefs, Sender, Settings } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { loadSettings, toast, useApp } from '../stores/app-store.ts';
import { errorText, fmtPhone } from '../lib/format.ts';
import { Alert, ErrorAlert } from '../components/Alert.tsx';
import { GroupServerCard } from '../components/GroupServerCard.tsx';
import { SendHoursSettings } from '../components/SendHoursSettings.tsx';
import { DiagnosticsCard } from '../components/DiagnosticsCard.tsx';

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
          <GeneralCard settings={settings} />
          <AccountsCard settings={settings} />
          <SendersCard settings={settings} />
          <GatewayCard settings={settings} />
          <GroupServerCard />
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
    <div className="card">
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
              <tr key={a.id}>
                <td>{a.name}</td>
                <td className="mono">{a.code}</td>
                <td>
                  {settings.senders
                    .filter((s) => s.dealerAccountIds.includes(a.id))
                    .map((s) => s.label)
                    .join(', ') || <span className="muted">none</span>}
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
          <div className="field" style={{ flex: '0 1 120px' }}>
            <label htmlFor={`${uid}-code`}>Code</label>
            <input id={`${uid}-code`} className="input" value={code} onChange={(e) => setCode(e.target.value)} maxLength={40} />
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
      </div>
    </div>
  );
}

function SenderRow({ sender, settings }: { sender: Sender; settings: Settings }) {
  const [busy, setBusy] = useState(false);
  const gw = settings.gatewayAccounts.find((g) => g.id === sender.gatewayAccountId);
  const toggle = async (accountId: number, on: boolean) => {
    setBusy(true);
    try {
      const ids = on ? [...sender.dealerAccountIds, accountId] : sender.dealerAccountIds.filter((x) => x !== accountId);
      await api()['settings.setSenderAccounts']({ senderId: sender.id, dealerAccountIds: ids });
      await loadSettings();
    } catch (e) {
      toast({ tone: 'danger', title: 'Could not change the sender', body: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr>
      <td>
        {sender.label}
        {sender.dealerAccountIds.length > 1 && (
          <span className="chip chip-sent plain" style={{ marginLeft: 6 }}>
            shared
          </span>
        )}
      </td>
      <td className="mono">{sender.kind === 'number' ? fmtPhone(sender.address) : sender.address}</td>
      <td>{gw?.label ?? sender.gatewayAccountId}</td>
      <td>
        <div className="row">
          {settings.dealerAccounts.map((a) => (
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
      </td>
    </tr>
  );
}

function GatewayCard({ settings }: { settings: Settings }) {
  return (
    <div className="card">
      <div className="card-head">
        <h2>Twilio credentials</h2>
      </div>
      <div className="card-body stack">
        <p className="hint">
          Auth tokens are write-only: they are stored encrypted by the app and never shown again. Enter a new one to replace it.
        </p>
        {settings.gatewayAccounts.map((g) => (
          <GatewayRow key={g.id} gateway={g} />
        ))}
        {settings.gatewayAccounts.length === 0 && <p className="muted">No gateway accounts.</p>}
      </div>
    </div>
  );
}

function GatewayRow({ gateway }: { gateway: GatewayAccountSettings }) {
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
  const clear = async () => {
    setBusy(true);
    try {
      await api()['settings.clearCredentials']({ gatewayAccountId: gateway.id });
      setResult({ ok: true, message: 'Credentials removed.' });
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
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void clear()}>
            Remove
          </button>
        )}
      </div>
      {result && (
        <Alert tone={result.ok ? 'ok' : 'danger'} role="status">
          {result.message}
        </Alert>
      )}
    </form>
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
