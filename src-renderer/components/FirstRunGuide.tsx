// A new dealership's first run (issue 9): with no leads yet, the leads screen walks the user through
// what a real desk needs, in order — a dealer account, their Twilio account (with its Auth Token),
// a sender, the first lead — each step ticked off from the settings main reports, with a way to it.
import type { Settings } from '../../shared/ipc/contract.ts';
import { href } from '../lib/router.ts';

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
      <p className="hint card-body">
        Only looking around? The demo — a built-in gateway simulator with sample dealers, leads and replies, clearly marked “Demo” — runs when the app
        starts on a new database: <code>npm start</code> with no Twilio account set up.
      </p>
    </section>
  );
}
