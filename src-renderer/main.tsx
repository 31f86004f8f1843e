// Renderer entry, kept tiny so it runs as soon as the page is parsed: connect to the main process
// and ask for the first page of leads (api/early.ts), then load React and the app (boot.tsx, a
// chunk the page already preloads). The stylesheet stays a <link> in the page's head.
import './api/early.ts';
import './styles.css';

import('./boot.tsx').catch((err: unknown) => {
  const root = document.getElementById('root');
  if (!root) return;
  const box = document.createElement('div');
  box.className = 'app-error alert alert-danger';
  box.setAttribute('role', 'alert');
  box.textContent = `Dealer SMS Desk cannot start: ${err instanceof Error ? err.message : String(err)}`;
  root.replaceChildren(box);
});
