// Settings → Group server (R11): several desks of one dealer group share consent, leads and who
// sent what through one PostgreSQL server. URL, user and password go to main once and are kept
// encrypted there (like gateway credentials); this screen never gets them back.
import { useEffect, useId, useState } from 'react';
import type { GroupStatus } from '../../shared/ipc/contract.ts';
import { api, client } from '../api/api.ts';
import { errorText, fmtAgo, fmtCount, fmtDateTime } from '../lib/format.ts';
import { Alert, ErrorAlert } from './Alert.tsx';

type TlsMode = 'disable' | 'require' | 'verify-full';

export function GroupServerCard() {
  const uid = useId();
  const [status, setStatus] = useState<GroupStatus | null>(null);
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [tls, setTls] = useState<TlsMode>('require');
  const [caFile, setCaFile] = useState('');
  const [deskName, setDeskName] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api()['group.status']({}).then((g) => live && setStatus(g), (e: unknown) => live && setErr(errorText(e)));
    const off = client().on('group:status', (g) => setStatus(g));
    return () => {
      live = false;
      off();
    };
  }, []);

  const input = () => ({
    url: url.trim(),
    ...(user.trim() ? { user: user.trim() } : {}),
    ...(password ? { password } : {}),
    tls: { mode: tls, ...(tls === 'verify-full' && caFile.trim() ? { caFile: caFile.trim() } : {}) },
    ...(deskName.trim() ? { deskName: deskName.trim() } : {}),
  });
  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setErr(null);
    try {
      await what();
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const test = () => run(async () => setResult(await api()['settings.testGroupServer'](input())));
  const join = () =>
    run(async () => {
      setStatus(await api()['settings.setGroupServer'](input()));
      setPassword('');
      setResult({ ok: true, message: 'Joined. The password is stored encrypted and cannot be read back.' });
    });
  const leave = () =>
    run(async () => {
      setStatus(await api()['settings.setGroupServer']({ url: null }));
      setResult({ ok: true, message: 'Left the group. This desk keeps what it holds and works alone.' });
    });

  const member = status !== null && status.state !== 'off';
  return (
    <div className="card" data-testid="group-server-card">
      <div className="card-head">
        <h2>Group server</h2>
      </div>
      <div className="card-body stack">
        <p className="hint">
          Several desks of one dealer group share consent, leads and who sent what through one PostgreSQL server. Without one, this desk works
          alone.
        </p>
        {member && status && (
          <dl className="details" aria-label="Group server status">
            <dt>Server</dt>
            <dd>{status.server}</dd>
            <dt>This desk</dt>
            <dd>{status.deskName}</dd>
            <dt>State</dt>
            <dd data-testid="group-state">
              {status.state === 'connected' ? 'Connected' : status.state === 'connecting' ? 'Connecting…' : 'Unreachable'}
              {status.lastError && status.state !== 'connected' ? ` — ${status.lastError}` : ''}
            </dd>
            <dt>Last exchange</dt>
            <dd title={fmtDateTime(status.lastExchangeAt)}>{fmtAgo(status.lastExchangeAt)}</dd>
            <dt>Waiting to push</dt>
            <dd>{fmtCount(status.waiting)}</dd>
            <dt>TLS</dt>
            <dd>{status.tls}</dd>
          </dl>
        )}
        {member && status && (
          <p className="hint">
            Automated messages wait when this desk has not heard from the group for {Math.round(status.freshnessMs / 1000)} s; messages sent by hand
            say since when.
          </p>
        )}
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void join();
          }}
        >
          <div className="field">
            <label htmlFor={`${uid}-url`}>Server URL</label>
            <input
              id={`${uid}-url`}
              className="input"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="postgres://host:5432/smsdesk"
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${uid}-user`}>User</label>
              <input id={`${uid}-user`} className="input" value={user} onChange={(e) => setUser(e.target.value)} autoComplete="off" />
            </div>
            <div className="field">
              <label htmlFor={`${uid}-password`}>Password</label>
              <input
                id={`${uid}-password`}
                className="input"
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="new-password"
              />
            </div>
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${uid}-tls`}>TLS</label>
              <select id={`${uid}-tls`} className="input" value={tls} onChange={(e) => setTls(e.target.value as TlsMode)}>
                <option value="require">require (encrypted)</option>
                <option value="verify-full">verify-full (encrypted, server certificate checked)</option>
                <option value="disable">disable (local network only)</option>
              </select>
            </div>
            {tls === 'verify-full' && (
              <div className="field">
                <label htmlFor={`${uid}-ca`}>CA certificate file (PEM)</label>
                <input id={`${uid}-ca`} className="input" value={caFile} onChange={(e) => setCaFile(e.target.value)} placeholder="/path/to/ca.pem" />
              </div>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${uid}-desk`}>This desk's name (shown beside what it records)</label>
            <input id={`${uid}-desk`} className="input" value={deskName} onChange={(e) => setDeskName(e.target.value)} maxLength={100} placeholder="Parramatta Ford desk" />
          </div>
          <div className="field-row">
            <button type="button" className="btn" onClick={() => void test()} disabled={busy || !url.trim()}>
              Test connection
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy || !url.trim()}>
              {member ? 'Join with these settings' : 'Join group'}
            </button>
            {member && (
              <button type="button" className="btn" onClick={() => void leave()} disabled={busy}>
                Leave group
              </button>
            )}
          </div>
        </form>
        {result && <Alert tone={result.ok ? 'ok' : 'danger'}>{result.message}</Alert>}
        <ErrorAlert message={err} />
      </div>
    </div>
  );
}
