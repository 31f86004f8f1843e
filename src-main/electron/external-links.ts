// Opening a web address outside the app: only http(s), and only after the user has seen the whole
// address (bidirectional controls written out, the host as the browser will resolve it) and
// said yes. A link in a customer's reply can otherwise send the user to a look-alike site.
import { escapeForMessage } from '../../shared/text-rules.ts';

export interface ExternalLinkDeps {
  /** Asks the user; resolves true to open. */
  confirm(shown: string): Promise<boolean>;
  open(url: string): Promise<void> | void;
  /** SMSDESK_OPEN_EXTERNAL=0 (tests): never open anything. */
  disabled?: boolean;
  log?: (message: string) => void;
}

export type ExternalLinkOutcome = 'opened' | 'declined' | 'refused' | 'disabled';

/** The address as the user should see it before agreeing: normalised (punycode host), controls written out. */
export function displayAddress(url: URL): string {
  return escapeForMessage(url.href);
}

export function httpUrl(raw: string): URL | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

export async function openExternalAfterConfirm(raw: string, deps: ExternalLinkDeps): Promise<ExternalLinkOutcome> {
  const url = httpUrl(raw);
  if (!url) return 'refused';
  if (deps.disabled) {
    deps.log?.(`not opening ${displayAddress(url)} (SMSDESK_OPEN_EXTERNAL=0)`);
    return 'disabled';
  }
  if (!(await deps.confirm(displayAddress(url)))) return 'declined';
  await deps.open(url.href);
  return 'opened';
}
