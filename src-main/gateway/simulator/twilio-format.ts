// Wire formats of Twilio REST API 2010-04-01 as the simulator emits them: SIDs, RFC 2822 dates,
// error bodies, Message resources and list page envelopes.
import type { Random } from '../../seeded-random.ts';

export const API_VERSION = '2010-04-01';

const HEX = '0123456789abcdef';

/** A Twilio SID: two-letter prefix + 32 lower-case hex digits. */
export function newSid(prefix: string, random: Random): string {
  let out = prefix;
  for (let i = 0; i < 32; i++) out += HEX[Math.floor(random() * 16) & 15];
  return out;
}

export function isSid(prefix: string, value: string): boolean {
  return new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
}

/** RFC 2822 in GMT, as Twilio writes it: "Thu, 26 Nov 2026 03:46:53 +0000". */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace(/GMT$/, '+0000');
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export type TwilioDirection = 'inbound' | 'outbound-api' | 'outbound-reply';
export type TwilioMessageStatus = 'accepted' | 'queued' | 'sent' | 'delivered' | 'undelivered' | 'received';

/** A Message resource exactly as the simulator serialises it. */
export interface TwilioMessageResource {
  account_sid: string;
  api_version: string;
  body: string;
  date_created: string;
  date_sent: string | null;
  date_updated: string;
  direction: TwilioDirection;
  error_code: number | null;
  error_message: string | null;
  from: string | null;
  messaging_service_sid: string | null;
  num_media: string;
  num_segments: string;
  price: string | null;
  price_unit: string;
  sid: string;
  status: TwilioMessageStatus;
  subresource_uris: { media: string; feedback: string };
  to: string;
  uri: string;
}

export interface TwilioMessagePage {
  end: number;
  first_page_uri: string;
  messages: TwilioMessageResource[];
  next_page_uri: string | null;
  page: number;
  page_size: number;
  previous_page_uri: string | null;
  start: number;
  uri: string;
}

export function accountPath(accountSid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}`;
}

export function messagePath(accountSid: string, sid: string): string {
  return `${accountPath(accountSid)}/Messages/${sid}.json`;
}

/** Query string in Twilio's own style: keys as-is where safe (DateSent%3E stays encoded). */
export function listUri(accountSid: string, params: Array<[string, string]>): string {
  const qs = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return `${accountPath(accountSid)}/Messages.json${qs ? `?${qs}` : ''}`;
}
