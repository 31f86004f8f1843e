// Stable error codes that cross the IPC boundary. The renderer switches on these, never on text.
export const ERROR_CODES = [
  'INVALID_INPUT', // the request failed validation
  'NOT_FOUND',
  'CUSTOMER_EXISTS', // a new lead's mobile or email belongs to an existing customer (details: ExistingCustomerDetails)
  'SMS_OPTED_OUT', // R5: the customer opted out of SMS from this dealer account
  'GATEWAY_BLOCKED', // R7: the gateway refuses this recipient from this sender (Twilio 21610)
  'HELD_FOR_REVIEW', // an automated send held while a possible opt-out awaits review
  'GROUP_STALE', // R11: an automated send waits until this desk has the group's latest consent
  'ARCHIVED', // issue 9: the dealer account, sender or Twilio account is archived: nothing is sent through it
  'INVALID_RECIPIENT', // the gateway says the number cannot receive SMS
  'GATEWAY_AUTH', // the gateway rejected our credentials
  'GATEWAY_ERROR',
  'FORBIDDEN', // IPC sender or web host request refused
  'DISK_FULL', // the disk is full (SQLITE_FULL/ENOSPC): the write was refused whole, nothing lost
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The codes of a send the app refuses (a refusal is an answer of sms.send, not an error). */
export const SEND_REFUSAL_CODES = ['SMS_OPTED_OUT', 'GATEWAY_BLOCKED', 'HELD_FOR_REVIEW', 'GROUP_STALE', 'ARCHIVED'] as const satisfies readonly ErrorCode[];
export type SendRefusalCode = (typeof SEND_REFUSAL_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
}
