// The keywords Twilio itself acts on for a sender with (Advanced) Opt-Out on: only a message that
// is exactly the keyword, case-insensitive, surrounding space ignored. "UNSUB" and "please stop
// texting me" are ours to handle (R3), not the gateway's.

export const GATEWAY_OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'] as const;
export const GATEWAY_OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;

const OUT = new Set<string>(GATEWAY_OPT_OUT_KEYWORDS);
const IN = new Set<string>(GATEWAY_OPT_IN_KEYWORDS);

/** What the gateway does with this inbound body for its sender: opt out, opt back in, or nothing. */
export function gatewayKeywordEffect(body: string): 'opt_out' | 'opt_in' | null {
  const word = body.trim().toUpperCase();
  if (OUT.has(word)) return 'opt_out';
  if (IN.has(word)) return 'opt_in';
  return null;
}
