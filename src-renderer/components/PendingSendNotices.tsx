// What became of sends the composer never heard back about (issue 14, finding 3): one notice each,
// in main's words, until the user dismisses it.
import type { PendingNotice } from './use-pending-sends.ts';
import { fmtDateTime } from '../lib/format.ts';
import { Alert } from './Alert.tsx';

const excerpt = (body: string): string => (body.length > 60 ? `${body.slice(0, 59)}…` : body);

function title(n: PendingNotice): string {
  if (n.lost) return 'Not sent: your message never reached the app';
  if (!n.outcome) return 'Still no answer about an earlier message';
  switch (n.outcome.kind) {
    case 'sent':
      return `Sent after all: ${n.outcome.text}`;
    case 'queued':
      return 'Saved in the outbox: it leaves as soon as the gateway is reachable';
    case 'refused':
      return 'Not sent';
    case 'unknown':
      return 'Still no answer about an earlier message';
  }
}

export function PendingSendNotices({ notices, onDismiss }: { notices: PendingNotice[]; onDismiss: (requestId: string) => void }) {
  if (notices.length === 0) return null;
  return (
    <div className="pending-sends" data-testid="pending-sends">
      {notices.map((n) => (
        <Alert
          key={n.requestId}
          tone={n.lost || n.outcome?.kind === 'refused' ? 'danger' : n.outcome?.kind === 'sent' ? 'ok' : 'warn'}
          role="status"
          testId="pending-send"
          title={title(n)}
        >
          <p>
            “{excerpt(n.body)}” ({fmtDateTime(n.at)}).{' '}
            {n.lost
              ? 'Nothing was sent. The text is back in the box: Send it again when you are ready (it cannot go twice).'
              : n.outcome === null
                ? 'The app cannot be asked yet; this is checked again when it is back.'
                : n.outcome.kind === 'refused'
                  ? n.outcome.text
                  : 'No need to send it again.'}
          </p>
          <button type="button" className="btn btn-sm" onClick={() => onDismiss(n.requestId)}>
            Dismiss
          </button>
        </Alert>
      ))}
    </div>
  );
}
