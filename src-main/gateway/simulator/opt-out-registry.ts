// Gateway-level opt-out, as Twilio applies it: a customer who texts one of Twilio's standard
// opt-out keywords to a sender is unsubscribed from that sender (the number, or the whole
// messaging service when the number is in one) until they text an opt-in keyword. Twilio
// matches only a message that is exactly the keyword (case-insensitive, surrounding space
// ignored): "UNSUB" and "please stop texting me" do NOT unsubscribe at the gateway.

export const TWILIO_OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'] as const;
export const TWILIO_OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;
export const TWILIO_HELP_KEYWORDS = ['HELP', 'INFO'] as const;

export type GatewayKeywordKind = 'opt_out' | 'opt_in' | 'help';

export function gatewayKeyword(body: string): { kind: GatewayKeywordKind; keyword: string } | null {
  const word = body.trim().toUpperCase();
  if ((TWILIO_OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return { kind: 'opt_out', keyword: word };
  if ((TWILIO_OPT_IN_KEYWORDS as readonly string[]).includes(word)) return { kind: 'opt_in', keyword: word };
  if ((TWILIO_HELP_KEYWORDS as readonly string[]).includes(word)) return { kind: 'help', keyword: word };
  return null;
}

/** Twilio's default auto-replies (sent only when the simulator's `keywordAutoReply` is on). */
export const TWILIO_KEYWORD_REPLIES: Record<GatewayKeywordKind, string> = {
  opt_out:
    'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
  opt_in:
    'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
  help: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
};

export interface OptOutEntry {
  /** The sender scope: a phone number, or a messaging service SID (MG...). */
  scope: string;
  /** The customer's number, E.164. */
  number: string;
  keyword: string;
  at: number;
}

export class OptOutRegistry {
  readonly #entries = new Map<string, OptOutEntry>();

  static #key(scope: string, number: string): string {
    return `${scope}|${number}`;
  }

  optOut(scope: string, number: string, keyword: string, at: number): void {
    this.#entries.set(OptOutRegistry.#key(scope, number), { scope, number, keyword, at });
  }

  optIn(scope: string, number: string): void {
    this.#entries.delete(OptOutRegistry.#key(scope, number));
  }

  isOptedOut(scope: string, number: string): boolean {
    return this.#entries.has(OptOutRegistry.#key(scope, number));
  }

  entries(): OptOutEntry[] {
    return [...this.#entries.values()].map((e) => ({ ...e }));
  }
}
