// A new dealership's first run (issue 9): with no leads yet, the leads screen walks the user through
// what a real desk needs, in order — a dealer account, their Twilio account (with its Auth Token),
// a sender, the first lead — each step ticked off from the settings main reports, with a way to it.
import { useState } from 'react';
import type { Settings } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { href } from '../lib/router.ts';
import { errorText } from '../lib/format.ts';

export interface FirstRunStep {
  key: 'dealer' | 'twilio' | 'sender' | 'lead';
  title: string;
  detail: string;
  done: boolean;
}

/** The steps and whether each is done, from the settings (no demo gateway counts as Twilio). */
export function firstRunSteps(s: Settings, hasLeads: boolean): FirstRunStep[] {
  const twilio = s.gatewayAccounts.some((g) => !g.simulated && g.credentialsConfigured);
  return [
    { key: 'dealer', title: 'Add your dealer account', detail: 'A code and a name for each dealership (rooftop) that texts its leads from this desk.', done: s.dealerAccounts.length > 0 },
    { key: 'twilio', title: 'Connect your Twilio account', detail: 'Its Account SID and Auth Token (kept encrypted, never shown again); the connection is tested at once.', done: twilio },
    { key: 'sender', title: 'Add a sender', detail: 'The number (or Messaging Service) your dealers text from, and which dealer accounts share it.', done: s.senders.length > 0 },
    { key: 'lead', title: 'Add your first lead', detail: 'Or import a file of leads (Lead import).', done: hasLeads },
  ];
}

export function FirstRunGuide({ settings, hasLeads, onNewLead }: { settings: Settings; hasLeads: boolean; onNewLead: () => void }) {
  const steps = firstRunSteps(settings, hasLeads);
  const next = steps.find((st) => !st.done);
  if (!next) return null;
  return (
    <section className="card first-run" aria-labelledby="first-run-title" data-testid="first-run">
      <div className="card-head">
        <h2 id="first-run-title">Set up your desk</h2>
        <span className="muted small">
          {steps.filter((st) => st.done).length} of {steps.length} done
        </span>
      </div>
      <ol className="card-body stack first-run-steps">
        {steps.map((st) => (
          <li key={st.key} data-done={st.done} aria-current={st === next ? 'step' : undefined}>
            <strong>
              {st.done ? '✓ ' : ''}
              {st.title}
            </strong>
            <span className="muted small"> — {st.detail}</span>
            {st === next &&
              (st.key === 'lead' ? (
                <button type="button" className="btn btn-primary btn-sm" style={{ marginLeft: 8 }} onClick={onNewLead}>
                  New lead
                </button>
              ) : (
                <a className="btn btn-primary btn-sm" style={{ marginLeft: 8 }} href={href({ name: 'settings' })}>
                  Open Settings
                </a>
              ))}
          </li>
        ))}
      </ol>
      <OpenDemo />
    </section>
  );
}

/**
 * The demo, one click away: a separate desk on its own database (main's settings.openDemo), so
 * nothing here is touched. In a browser the tab is opened at the click (a tab opened later, once
 * the demo has started, would be blocked as a pop-up) and sent to the demo's address when it is
 * up; in the desktop app main opens it in the system browser.
 */
function OpenDemo() {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'starting' } | { kind: 'open'; url: string; where: 'tab' | 'browser' } | { kind: 'failed'; error: string }>({ kind: 'idle' });
  const open = async () => {
    const inBrowser = document.documentElement.dataset.bridge === 'web';
    const tab = inBrowser ? window.open('about:blank', '_blank') : null;
    setState({ kind: 'starting' });
    try {
      const r = await api()['settings.openDemo']({});
      if (r.openedBy === 'renderer' && tab) {
        tab.opener = null;
        tab.location.href = r.url;
      }
      setState({ kind: 'open', url: r.url, where: r.openedBy === 'app' ? 'browser' : 'tab' });
    } catch (e) {
      tab?.close();
      setState({ kind: 'failed', error: errorText(e) });
    }
  };
  return (
    <div className="card-body first-run-demo" data-testid="first-run-demo">
      <p className="hint">
        Only looking around? <strong>The demo</strong> — sample dealers, leads and replies on a built-in stand-in for Twilio (“demo gateway” in its
        status bar) — opens as a separate desk with its own database. Nothing you set up here is touched, and nothing is sent to real phones.
      </p>
      <div className="row">
        <button type="button" className="btn btn-sm" disabled={state.kind === 'starting'} onClick={() => void open()}>
          {state.kind === 'starting' ? 'Starting the demo…' : 'Open the demo'}
        </button>
        {state.kind === 'open' && (
          <span className="small" role="status">
            The demo is open in {state.where === 'tab' ? 'a new tab' : 'your browser'}.{' '}
            <a href={state.url} target="_blank" rel="noopener noreferrer">
              Open it again
            </a>
          </span>
        )}
        {state.kind === 'failed' && (
          <span className="small" style={{ color: 'var(--red)' }} role="alert">
            The demo could not start: {state.error}
          </span>
        )}
      </div>
    </div>
  );
}
