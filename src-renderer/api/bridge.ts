// Picks the transport the renderer talks to the main process through:
//   - inside Electron, the preload bridge `window.smsdesk` (invoke + on, nothing else);
//   - in a browser, the loopback web host: `POST /api/<channel>` with the bearer token taken from
//     the URL fragment `#token=...` (then removed from the address bar), events by EventSource.
import { createApiClient, createHttpTransport, tokenFromLocation, type ApiClient, type ApiTransport } from '../../shared/ipc/client.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload through contextBridge: the only door to the main process. */
    smsdesk?: ApiTransport;
  }
}

const TOKEN_KEY = 'smsdesk.token';

/** Keeps the token for this tab's reloads. */
function rememberToken(win: Window, token: string): void {
  try {
    win.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage may be unavailable (privacy mode); the token still works for this page's life.
  }
}

/**
 * Remembers the token soon, but not now: a new page's first touch of sessionStorage waits on the
 * browser process, and the first screen should not. Leaving the page first writes it at once.
 */
function rememberTokenSoon(win: Window, token: string): void {
  let done = false;
  const write = () => {
    if (done) return;
    done = true;
    win.removeEventListener('pagehide', write);
    rememberToken(win, token);
  };
  win.addEventListener('pagehide', write);
  win.setTimeout(write, 1500);
}

/** The web host's token: from `#token=...` on first load (then stripped), else this tab's session. */
export function takeToken(win: Window = window): string | null {
  const fromHash = tokenFromLocation(win.location.hash);
  if (fromHash) {
    rememberTokenSoon(win, fromHash);
    // Strip the secret from the address bar (and so from history, bookmarks and screenshots).
    const rest = win.location.hash.replace(/^#/, '').split('&').filter((part) => !part.startsWith('token=')).join('&');
    const hash = rest === '' ? '#/' : `#${rest}`;
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}${hash}`);
    return fromHash;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export type BridgeKind = 'electron' | 'web';

export interface Bridge {
  kind: BridgeKind;
  client: ApiClient;
}

export class NoTokenError extends Error {
  constructor() {
    super('This page needs the link printed by `smsdesk serve` (it carries a one-time token after #token=).');
  }
}

export function connect(win: Window = window): Bridge {
  if (win.smsdesk && typeof win.smsdesk.invoke === 'function') {
    return { kind: 'electron', client: createApiClient(win.smsdesk) };
  }
  const token = takeToken(win);
  if (!token) throw new NoTokenError();
  const transport = createHttpTransport({ baseUrl: '', token });
  return { kind: 'web', client: createApiClient(transport) };
}
