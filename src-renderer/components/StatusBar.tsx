// The sync status bar: online/offline, last poll, queued count, initial sync progress.
import { useEffect, useState } from 'react';
import { api } from '../api/api.ts';
import { useApp } from '../stores/app-store.ts';
import { errorText, fmtAgo, fmtCount, fmtDateTime } from '../lib/format.ts';
import { accountsDown, syncProblem } from '../lib/plain-words.ts';
import { InitialSyncProgress } from './InitialSyncProgress.tsx';
import { GroupStatusChip } from './GroupStatusChip.tsx';

export function StatusBar() {
  const sync = useApp((s) => s.sync);
  const [, tick] = useState(0);
  const [polling, setPolling] = useState(false);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 5000);
    return () => clearInterval(t);
  }, []);

  const pollNow = async () => {
    setPolling(true);
    try {
      useApp.setState({ sync: await api()['sync.pollNow']({}) });
    } catch (err) {
      useApp.setState((s) => (s.sync ? { sync: { ...s.sync, lastError: errorText(err) } } : {}));
    } finally {
      setPolling(false);
    }
  };

  if (!sync) {
    return (
      <footer className="statusbar" aria-label="Sync status">
        Connecting…
      </footer>
    );
  }
  const problem = syncProblem(sync);
  return (
    <footer className="statusbar" aria-label="Sync status" data-testid="sync-status" data-online={sync.online}>
      <span role="status" aria-live="polite">
        <span className={`dot ${sync.online ? 'online' : 'offline'}`} aria-hidden="true" />
        <strong>{sync.online ? 'Online' : 'Offline'}</strong>
        {sync.gateway === 'simulator' ? ' · demo gateway' : sync.gateway === 'none' ? ' · no gateway configured' : ''}
        {accountsDown(sync) && <span data-testid="accounts-down"> · {accountsDown(sync)}</span>}
      </span>
      <span data-testid="last-contact" title={sync.lastPollAt ? fmtDateTime(sync.lastPollAt) : undefined}>
        Last successful contact: <strong>{sync.lastPollAt ? fmtAgo(sync.lastPollAt) : 'not yet'}</strong>
      </span>
      <span data-testid="queued-count">
        Queued: <strong style={sync.queued > 0 ? { color: 'var(--amber)' } : undefined}>{fmtCount(sync.queued)}</strong>
        {sync.queued > 0 && !sync.online ? ' (will send when online)' : ''}
      </span>
      {sync.initialSync && <InitialSyncProgress initial={sync.initialSync} />}
      {problem && (
        <span className="sync-problem" data-testid="sync-problem">
          {problem.text}
          {problem.detail && (
            <details className="sync-details">
              <summary>Details</summary>
              <span className="mono small">{problem.detail}</span>
            </details>
          )}
        </span>
      )}
      <GroupStatusChip />
      <span className="spacer" />
      <span className="muted">every {Math.round(sync.pollIntervalMs / 1000)} s</span>
      <button type="button" className="btn btn-sm" onClick={() => void pollNow()} disabled={polling}>
        {polling ? 'Polling…' : 'Poll now'}
      </button>
    </footer>
  );
}

