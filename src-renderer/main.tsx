// Renderer entry: connect to the main process (Electron preload or the loopback web host), then
// render. The renderer holds no data of its own: every read and write goes through the API client.
// First, before React and the app evaluate: connect and ask for the first page of leads (see
// api/early.ts), so the request runs while the rest of the script is still being evaluated.
import './lib/script-start.ts';
import { earlyBridge, firstInboxPageWithin, firstLeadsPageWithin, homeScreen, peekFirstInboxPage } from './api/early.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setClient } from './api/api.ts';
import { setUnreadConversations, startApp } from './stores/app-store.ts';
import { initLeads } from './stores/leads-store.ts';
import { href, startRouter, useRouter } from './lib/router.ts';
import { firstScreenPainted } from './lib/perf.ts';
import { App } from './App.tsx';
import './styles.css';

/** How long the first render waits for the first page of leads (or conversations) asked for at start. */
const FIRST_ROWS_WAIT_MS = 150;
/** How long home waits to learn whether there are replies (the inbox) before showing the leads. */
const HOME_WAIT_MS = 1500;

performance.mark('smsdesk:boot');
const root = createRoot(document.getElementById('root')!);

async function start(): Promise<void> {
  const bridge = earlyBridge();
  setClient(bridge.client);
  document.documentElement.dataset.bridge = bridge.kind;
  startRouter();
  // Home is the inbox once a customer has replied, else the leads list.
  if (useRouter.getState().route.name === 'home') {
    const name = await homeScreen(HOME_WAIT_MS);
    history.replaceState(null, '', `${location.pathname}${location.search}${href({ name })}`);
    useRouter.setState({ route: { name } });
  }
  // The leads list first; the shell's own loading (settings, sync status, counts, the event stream)
  // once the first rows are painted, so it does not compete with them.
  if (useRouter.getState().route.name === 'leads') {
    // The first page is usually moments away: a short wait lets the first render show the rows,
    // instead of rendering, laying out and painting an empty list first.
    await firstLeadsPageWithin(FIRST_ROWS_WAIT_MS);
    initLeads();
    void Promise.race([firstScreenPainted, new Promise((r) => setTimeout(r, 1500))]).then(() => startApp());
  } else if (useRouter.getState().route.name === 'inbox') {
    // The inbox's first conversations first, as for the leads (asked for at start).
    await firstInboxPageWithin(FIRST_ROWS_WAIT_MS);
    // The page carries the unread count: the badge, the heading and the title show it in the first
    // render, rather than a second render of the whole app once the inbox has it.
    const early = peekFirstInboxPage();
    if (early?.ok) setUnreadConversations(early.value.unreadConversations);
    void Promise.race([firstScreenPainted, new Promise((r) => setTimeout(r, 1500))]).then(() => startApp());
  } else {
    void startApp();
  }
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

start().catch((err: unknown) => {
  root.render(
    <div className="app-error alert alert-danger" role="alert">
      <div>
        <div className="alert-title">Dealer SMS Desk cannot start</div>
        <p>{err instanceof Error ? err.message : String(err)}</p>
      </div>
    </div>,
  );
});
