// A gateway failure in words a dealership's staff can act on (the status bar, Settings, "Test
// connection"): what happened and what to do, with Twilio's own code and message kept as the
// detail. Never a credential: Twilio's error texts do not echo the Auth Token, and nothing here adds it.
import { GatewayError } from './sms-gateway.ts';

export interface PlainGatewayError {
  /** What happened and what to do, in one or two sentences. */
  text: string;
  /** Twilio's code and message, or the network error, for the "details" line. */
  detail: string;
}

function detailOf(e: GatewayError): string {
  const code = e.code !== null ? `Twilio error ${e.code}` : e.status !== null ? `HTTP ${e.status}` : 'network';
  return `${code}: ${e.message}`;
}

/** Twilio's answer (or the lack of one) in plain words. */
export function plainGatewayError(err: unknown): PlainGatewayError {
  const e = err instanceof GatewayError ? err : new GatewayError('retryable', err instanceof Error ? err.message : String(err));
  const detail = detailOf(e);
  if (e.kind === 'auth_failed') {
    return { text: 'Twilio did not accept this Account SID and Auth Token. Check the Account SID, then enter the Auth Token again.', detail };
  }
  if (e.kind === 'retryable' && e.status === 429) {
    const wait = e.retryAfterMs !== null ? ` It asked us to wait ${Math.max(1, Math.round(e.retryAfterMs / 1000))} s.` : '';
    return { text: `Twilio is limiting requests from this account (too many requests).${wait} Replies will be fetched when it allows.`, detail };
  }
  if (e.kind === 'retryable' && e.status !== null && e.status >= 500) {
    return { text: 'Twilio had a problem on its side. Trying again shortly.', detail };
  }
  if (e.kind === 'retryable') {
    return { text: 'Twilio cannot be reached from this computer (no connection, or it did not answer in time). Trying again shortly.', detail };
  }
  if (e.status === 404) {
    return { text: 'Twilio does not know this Account SID. Check it against the Twilio Console.', detail };
  }
  return { text: `Twilio refused the request: ${e.message}`, detail };
}
