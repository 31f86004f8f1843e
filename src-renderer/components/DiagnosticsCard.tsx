// Settings → Support: "Export diagnostics" writes a file for support to the app's data folder
// (versions, store health and backups, sync state, settings and recent log lines; never a
// credential) and says where it is, so the user can attach it to an email.
import { useState } from 'react';
import { api } from '../api/api.ts';
import { errorText } from '../lib/format.ts';
import { Alert } from './Alert.tsx';

export function DiagnosticsCard() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'ok' | 'danger'; text: string } | null>(null);
  const run = async () => {
    setBusy(true);
    try {
      const r = await api()['diagnostics.export']({});
      setResult({ tone: 'ok', text: r.path });
    } catch (e) {
      setResult({ tone: 'danger', text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="card">
      <div className="card-head">
        <h2>Support</h2>
      </div>
      <div className="card-body stack">
        <p className="muted small">
          Diagnostics for support: versions, the health of the local store and its backups, the sync state and recent log
          lines. Credentials are never included.
        </p>
        <div>
          <button type="button" className="btn" onClick={() => void run()} disabled={busy} data-testid="export-diagnostics">
            {busy ? 'Exporting…' : 'Export diagnostics'}
          </button>
        </div>
        {result && (
          <Alert tone={result.tone} role="status" title={result.tone === 'ok' ? 'Diagnostics saved' : 'Could not export diagnostics'} testId="diagnostics-result">
            <code className="mono" style={{ overflowWrap: 'anywhere' }}>{result.text}</code>
          </Alert>
        )}
      </div>
    </div>
  );
}
