import { dismissToast, useApp } from '../stores/app-store.ts';
import { navigate } from '../lib/router.ts';

/** Transient notices (a reply arrived, a setting saved). Text only: a reply may hold markup. */
export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  return (
    <div className="toasts" role="region" aria-label="Notices" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className="toast" data-tone={t.tone} data-testid="toast">
          <div className="toast-main">
            <strong>{t.title}</strong>
            {t.body && <div className="toast-body">{t.body}</div>}
            {t.customerId ? (
              <button
                type="button"
                className="btn-link"
                style={{ color: '#9cc3ff', fontSize: 'var(--text-sm)' }}
                onClick={() => {
                  dismissToast(t.id);
                  navigate({ name: 'lead', customerId: t.customerId! });
                }}
              >
                Open lead
              </button>
            ) : null}
          </div>
          <button type="button" aria-label="Dismiss notice" onClick={() => dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
