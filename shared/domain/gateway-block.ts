// R13 (and R7): Twilio's own block of a recipient on a sender, told in words once for every place
// that shows it: the send policy's refusal and the composer's warning, the lead's consent table,
// the lead list's chips and the opt-in dialog. Twilio's STOP filtering acts on the whole sender (a
// number, or a whole messaging service) for every dealer sharing it, whichever dealer the
// customer meant; only the customer can lift it, by texting START to that sender.
import { phoneForDisplay } from '../phone-display.ts';
import { formatWhen } from './consent-wording.ts';

/** An active gateway block on one sender for one recipient, with who it affects. */
export interface GatewayBlock {
  senderId: number;
  senderLabel: string;
  senderKind: 'number' | 'messaging_service';
  /** E.164 number, or the MG... messaging service SID. */
  senderAddress: string;
  /** Twilio's error code for it: 21610. */
  errorCode: number;
  /** The reply keyword Twilio acted on ('STOP'); null when it was learnt from a 21610 refusal at send time. */
  keyword: string | null;
  /** Epoch ms: the reply, or the refused send. */
  since: number;
  /** Every dealer account on that sender, by name: the block affects them all. */
  dealerAccountNames: string[];
}

/** The keyword that lifts Twilio's block (Twilio's opt-in keywords are START, UNSTOP and YES). */
export const GATEWAY_LIFT_KEYWORD = 'START';

/** "Toyota", "Toyota and Mazda", "Toyota, Mazda and Kia". */
export function listOfNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The sender as a sentence names it: "0480 000 101" or "the messaging service Group line". */
export function gatewayLine(b: Pick<GatewayBlock, 'senderKind' | 'senderAddress' | 'senderLabel'>): string {
  return b.senderKind === 'number' ? phoneForDisplay(b.senderAddress) : `the messaging service ${b.senderLabel}`;
}

/** Where the customer texts START: "0480 000 101" or "any number of the messaging service Group line". */
function liftTarget(b: Pick<GatewayBlock, 'senderKind' | 'senderAddress' | 'senderLabel'>): string {
  return b.senderKind === 'number' ? phoneForDisplay(b.senderAddress) : `any number of the messaging service ${b.senderLabel}`;
}

/**
 * Why Twilio refuses this customer from this sender, in one sentence with its way out:
 * "Twilio blocks 0480 000 101 for Jane Citizen since their STOP on 3 Dec 2026, 10:04 am; it affects
 * Harbour City Toyota and Parramatta Mazda on this line. Jane Citizen must text START to 0480 000 101 to lift it."
 */
export function gatewayBlockReason(b: GatewayBlock, customerName: string, timeZone?: string): string {
  const when = formatWhen(b.since, timeZone);
  const cause = b.keyword
    ? `since their ${b.keyword} on ${when}`
    : `since a send on ${when} was refused as unsubscribed (Twilio error ${b.errorCode})`;
  const affects = b.dealerAccountNames.length > 0 ? `; it affects ${listOfNames(b.dealerAccountNames)} on this line` : '';
  return `Twilio blocks ${gatewayLine(b)} for ${customerName} ${cause}${affects}. ${liftGatewayBlockHint(b, customerName)}`;
}

/** What lifts the block: "Jane Citizen must text START to 0480 000 101 to lift it." */
export function liftGatewayBlockHint(b: Pick<GatewayBlock, 'senderKind' | 'senderAddress' | 'senderLabel'>, customerName: string): string {
  const who = customerName.charAt(0).toUpperCase() + customerName.slice(1);
  return `${who} must text ${GATEWAY_LIFT_KEYWORD} to ${liftTarget(b)} to lift it.`;
}
