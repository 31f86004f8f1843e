// The app shell: navigation, the current screen, the sync status bar, notices.
import { useEffect, useRef } from 'react';
import { useRouter, href, type Route } from './lib/router.ts';
import { useApp } from './stores/app-store.ts';
import { fmtCount } from './lib/format.ts';
import { StatusBar } from './components/StatusBar.tsx';
import { Toasts } from './components/Toasts.tsx';
import { Alert } from './components/Alert.tsx';
import { LeadsView } from './views/LeadsView.tsx';
import { LeadDetailView } from './views/LeadDetailView.tsx';
import { AppraisalsView } from './views/AppraisalsView.tsx';
import { SmsListView } from './views/SmsListView.tsx';
import { NotificationsView } from './views/NotificationsView.tsx';
import { SettingsView } from './views/SettingsView.tsx';
import { AutomationView } from './views/AutomationView.tsx';
import { InboxView } from './views/InboxView.tsx';
import { installShortcuts } from './lib/shortcuts.ts';
import { useWindowTitle } from './lib/window-title.ts';
import { ResponsesView } from './views/ResponsesView.tsx';
import { ImportLeadsView } from './views/ImportLeadsView.tsx';
import { ReportsView } from './views/ReportsView.tsx';

const NAV: { name: Route['name']; label: string; route: Route }[] = [
  { name: 'inbox', label: 'Inbox', route: { name: 'inbox' } },
  { name: 'leads', label: 'Leads', route: { name: 'leads' } },
  { name: 'appraisals', label: 'Appraisals', route: { name: 'appraisals', appraisalId: null } },
  { name: 'sms', label: 'SMS list', route: { name: 'sms' } },
  { name: 'automation', label: 'Automation', route: { name: 'automation' } },
  { name: 'templates', label: 'Responses', route: { name: 'templates' } },
  { name: 'notifications', label: 'Notifications', route: { name: 'notifications' } },
  { name: 'reports', label: 'Reports', route: { name: 'reports' } },
  { name: 'import', label: 'Lead import', route: { name: 'import' } },
  { name: 'settings', label: 'Settings', route: { name: 'settings' } },
];

function section(route: Route): Route['name'] {
  return route.name === 'lead' ? 'leads' : route.name;
}

export function App() {
  const route = useRouter((s) => s.route);
  const unread = useApp((s) => s.unread);
  const openReviews = useApp((s) => s.openReviews);
  const fatal = useApp((s) => s.fatal);
  const unreadConversations = useApp((s) => s.unreadConversations);
  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => installShortcuts(), []);
  useWindowTitle(unreadConversations);

  // Move focus to the new screen's heading for keyboard and screen-reader users.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const h = mainRef.current?.querySelector<HTMLElement>('h1');
    if (h && !mainRef.current?.contains(document.activeElement)) {
      h.tabIndex = -1;
      h.focus({ preventScroll: true });
    }
  }, [route]);

  const current = section(route);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="nav" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            SMS
          </span>
          Dealer SMS Desk
        </div>
        {NAV.map((n) => {
          const badge = n.name === 'notifications' ? unread + openReviews : n.name === 'inbox' ? unreadConversations : 0;
          return (
            <a key={n.name} href={href(n.route)} aria-current={current === n.name ? 'page' : undefined}>
              <span>{n.label}</span>
              {badge > 0 && (
                <span
                  className="nav-count"
                  aria-label={n.name === 'inbox' ? `${fmtCount(badge)} unread` : `${fmtCount(badge)} new`}
                  data-testid={n.name === 'inbox' ? 'nav-inbox-count' : 'nav-notification-count'}
                >
                  {fmtCount(badge)}
                </span>
              )}
            </a>
          );
        })}
        <div className="nav-foot">Consent is kept per dealer account. The app refuses sends to opted-out customers.</div>
      </nav>
      <main id="main" className="main" ref={mainRef}>
        {fatal && (
          <div className="page-body">
            <Alert tone="danger" role="alert" title="Could not reach the app">
              <p style={{ margin: 0 }}>{fatal.text}</p>
              {fatal.detail && (
                <details className="small">
                  <summary>Details</summary>
                  {fatal.detail}
                </details>
              )}
            </Alert>
          </div>
        )}
        {route.name === 'inbox' && <InboxView />}
        {route.name === 'leads' && <LeadsView />}
        {route.name === 'lead' && <LeadDetailView key={route.customerId} customerId={route.customerId} />}
        {route.name === 'appraisals' && <AppraisalsView appraisalId={route.appraisalId} />}
        {route.name === 'sms' && <SmsListView />}
        {route.name === 'automation' && <AutomationView />}
        {route.name === 'templates' && <ResponsesView />}
        {route.name === 'notifications' && <NotificationsView />}
        {route.name === 'settings' && <SettingsView />}
        {route.name === 'import' && <ImportLeadsView />}
        {route.name === 'reports' && <ReportsView />}
      </main>
      <StatusBar />
      <Toasts />
    </div>
  );
}
