// What went wrong, in plain words for the desk's users, with the technical detail kept apart (shown
// behind a "Details" control): the gateway not reachable, credentials refused, a browser tab left
// open across a restart of the desk.
import { ApiError } from '../../shared/ipc/client.ts';
import type { SyncStatus } from '../../shared/ipc/contract.ts';
import { errorText } from './format.ts';

export interface Problem {
  /** The sentence for the user: what it means and what to do. */
  text: string;
  /** The technical detail (an error message), or null. */
  detail: string | null;
}

/** Why the gateway is not answering, in words; null when online or nothing is known. */
export function syncProblem(sync: SyncStatus): Problem | null {
  if (sync.online) return null;
  if (sync.gateway === 'none') return { text: 'No SMS gateway is set up: add a Twilio account in Settings.', detail: sync.lastError };
  const detail = sync.lastError;
  if (!detail) return { text: 'The SMS gateway is not answering. Messages you send wait in the outbox.', detail: null };
  if (/\b(401|403|20003)\b|auth|credential|token/i.test(detail)) {
    return { text: 'The SMS gateway refused the credentials: check them in Settings. Messages you send wait in the outbox.', detail };
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|ENETUNREACH|timed? ?out|could not be reached|network|fetch failed|socket/i.test(detail)) {
    return { text: 'The SMS gateway cannot be reached (no internet connection, or the gateway is down). Messages you send wait in the outbox.', detail };
  }
  return { text: 'The SMS gateway is not answering as expected. Messages you send wait in the outbox.', detail };
}

/** Why the app cannot be reached at all, in words. */
export function fatalProblem(err: unknown, bridge: string | undefined): Problem {
  const detail = errorText(err);
  if (bridge === 'web' && err instanceof ApiError && err.code === 'FORBIDDEN' && /token/i.test(detail)) {
    return {
      text: 'The desk was restarted, so this tab’s link no longer works. Open the new link printed in the terminal where the desk runs (npm start or smsdesk serve), and close this tab.',
      detail,
    };
  }
  return { text: detail, detail: null };
}

/** With several Twilio accounts, which are not reachable (the status bar's aggregate would hide one account down). */
export function accountsDown(sync: Pick<SyncStatus, 'accounts'>): string | null {
  const live = (sync.accounts ?? []).filter((a) => a.gateway !== 'none');
  if (live.length < 2) return null;
  const down = live.filter((a) => a.state !== 'online' && a.state !== 'unknown');
  if (down.length === 0) return null;
  return down.length === 1 ? `${down[0]!.label} not reachable` : `${down.length} of ${live.length} Twilio accounts not reachable`;
}
