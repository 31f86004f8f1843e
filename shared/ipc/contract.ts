// The one IPC contract between the main process and the renderer. Per channel a zod schema for
// the input and one for the output; the `Api` type is inferred from them. Main validates every
// input (and its own output) at run time; the renderer gets the types at compile time. The same
// channels are served over Electron IPC (preload `invoke`) and by the loopback web host
// (`POST /api/<channel>`). Plain zod only: this file is imported by both processes.
import { MAX_DRAFT_CHARS } from '../domain/drafts.ts';
import { z } from 'zod';
import { MAX_SMS_BODY_INPUT_UNITS } from '../sms-segments.ts';
import {
  CHANNELS,
  CONSENT_SOURCES,
  CONSENT_STATUSES,
  MESSAGE_DIRECTIONS,
  MESSAGE_ORIGINS,
  MESSAGE_STATUSES,
} from '../domain/types.ts';
import { TIMELINE_KINDS, TIMELINE_PAGE_SIZE } from '../domain/timeline-order.ts';
import { NORMALISATION_STEPS, REACTION_KINDS, REPLY_RULES } from '../domain/reply-reason.ts';
import { MESSAGE_STATUS_GROUP_NAMES, MESSAGE_STATUS_GROUPS, type MessageStatusGroup } from '../domain/message-status.ts';
import { ERROR_CODES, SEND_REFUSAL_CODES, type ErrorCode } from '../errors.ts';
import { IMPORT_FIELDS, IMPORT_PROBLEMS, IMPORT_STATUSES } from '../domain/lead-import.ts';
import { EXPORT_KINDS } from '../domain/compliance.ts';
import type { CHANNEL_NAME_LIST, EVENT_NAME_LIST } from './names.ts';
import { channel, epochMs, id, pageLimit } from './channel-parts.ts';
import { automationChannels } from './automation-contract.ts';

// ---------------------------------------------------------------------------------------------
// Building blocks

const nullableString = z.string().nullable();

export const channelSchema = z.enum(CHANNELS);
export const consentStatusSchema = z.enum(CONSENT_STATUSES);
export const consentSourceSchema = z.enum(CONSENT_SOURCES);
export const messageStatusSchema = z.enum(MESSAGE_STATUSES);
export const errorCodeSchema = z.enum(ERROR_CODES);

/** The SMS list's status filters, as staff think of them, and the message statuses each covers. */
export const SMS_STATUS_FILTERS = MESSAGE_STATUS_GROUPS;
export type SmsStatusFilter = MessageStatusGroup;
export const smsStatusFilterSchema = z.enum(MESSAGE_STATUS_GROUP_NAMES);

// ---------------------------------------------------------------------------------------------
// Domain shapes (outputs)

/** When it was archived (kept with its history, nothing sent through it), or null: in use. */
const archivedAt = z.number().nullable();

export const dealerAccountSchema = z.object({ id, code: z.string(), name: z.string(), archivedAt });
export type DealerAccount = z.infer<typeof dealerAccountSchema>;

export const senderSchema = z.object({
  id,
  gatewayAccountId: id,
  kind: z.enum(['number', 'messaging_service']),
  /** E.164 number, or MG... messaging service SID. */
  address: z.string(),
  label: z.string(),
  /** The dealer accounts that send through it (several = a shared sender). */
  dealerAccountIds: z.array(id),
  archivedAt,
});
export type Sender = z.infer<typeof senderSchema>;

/**
 * R13 (and R7): Twilio refuses this customer's number from a sender, for every dealer on it; worded
 * by shared/domain/gateway-block.ts (mirrors its GatewayBlock).
 */
export const gatewayBlockSchema = z.object({
  senderId: id,
  senderLabel: z.string(),
  senderKind: z.enum(['number', 'messaging_service']),
  senderAddress: z.string(),
  /** Twilio's error code for it (21610). */
  errorCode: z.int(),
  /** The reply keyword Twilio acted on ('STOP'); null when learnt from a refused send. */
  keyword: nullableString,
  since: epochMs,
  /** Every dealer account on that sender: the block affects them all. */
  dealerAccountNames: z.array(z.string()),
});
export type GatewayBlockInfo = z.infer<typeof gatewayBlockSchema>;

/** Current consent for one (account, customer, channel). `status: 'none'` = nothing recorded (allowed). */
export const consentStateSchema = z.object({
  status: z.enum(['opted_in', 'opted_out', 'none']),
  source: consentSourceSchema.nullable(),
  changedAt: epochMs.nullable(),
  actor: nullableString,
  reason: nullableString,
  /** The keyword of a keyword reply ('STOP', 'START'); null for any other source. */
  keyword: nullableString,
  messageId: id.nullable(),
});
export type ConsentState = z.infer<typeof consentStateSchema>;

/** One lead's SMS/email consent chip for one dealer account (the leads list shows these). */
export const consentChipSchema = z.object({
  dealerAccountId: id,
  accountName: z.string(),
  sms: z.enum(['opted_in', 'opted_out', 'none']),
  email: z.enum(['opted_in', 'opted_out', 'none']),
  /** R13: how many of this account's senders Twilio blocks for the customer's number: none, some or all. */
  smsGatewayBlocked: z.enum(['none', 'some', 'all']),
});
export type ConsentChip = z.infer<typeof consentChipSchema>;

/** Who a lead is: what the list and the detail both show. */
export const leadIdentitySchema = z.object({
  customerId: id,
  firstName: z.string(),
  lastName: z.string(),
  name: z.string(),
  /** E.164. */
  mobile: nullableString,
  email: nullableString,
});
export type LeadIdentity = z.infer<typeof leadIdentitySchema>;

export const leadSummarySchema = leadIdentitySchema.extend({
  accounts: z.array(consentChipSchema),
});
export type LeadSummary = z.infer<typeof leadSummarySchema>;

export const phoneHistoryEntrySchema = z.object({
  number: z.string(),
  validFrom: epochMs,
  /** null while it is the current number. */
  validTo: epochMs.nullable(),
  changedBy: nullableString,
});
export type PhoneHistoryEntry = z.infer<typeof phoneHistoryEntrySchema>;

export const consentEventSchema = z.object({
  id,
  dealerAccountId: id,
  accountName: z.string(),
  customerId: id,
  channel: channelSchema,
  status: consentStatusSchema,
  source: consentSourceSchema,
  actor: nullableString,
  reason: nullableString,
  /** The keyword of a keyword reply ('STOP', 'START'); null for any other source. */
  keyword: nullableString,
  messageId: id.nullable(),
  occurredAt: epochMs,
  /** R11: the desk of the dealer group that recorded it (null: this desk, before it joined a group). */
  desk: nullableString,
  /** R11: a reply's effect whose attribution another desk's record revised; kept in the audit trail, no longer counts. */
  superseded: z.boolean(),
  /** R10: the bulk lead import, and the line of its file, an opt-out came from; null otherwise. */
  importId: id.nullable().default(null),
  importRow: z.int().nullable().default(null),
});
export type ConsentEvent = z.infer<typeof consentEventSchema>;

export const leadAccountSchema = z.object({
  dealerAccountId: id,
  accountName: z.string(),
  sms: consentStateSchema,
  email: consentStateSchema,
  /** Senders this account may use, for the composer. */
  senders: z.array(senderSchema),
  /** R13: Twilio's blocks of the customer's number on this account's senders. */
  gatewayBlocks: z.array(gatewayBlockSchema),
  /** The sender the composer starts on: the first Twilio does not block for the customer, else the first. */
  defaultSenderId: id.nullable(),
});
export type LeadAccount = z.infer<typeof leadAccountSchema>;

export const leadDetailSchema = leadIdentitySchema.extend({
  createdAt: epochMs,
  updatedAt: epochMs,
  phoneHistory: z.array(phoneHistoryEntrySchema),
  accounts: z.array(leadAccountSchema),
  /** The consent audit trail, newest first. */
  consentHistory: z.array(consentEventSchema),
  /** Review decisions about this customer's replies (confirm, dismiss, narrow), newest first. */
  reviewDecisions: z.array(z.lazy(() => reviewDecisionSchema)).default([]),
});
export type LeadDetail = z.infer<typeof leadDetailSchema>;

export const smsMessageSchema = z.object({
  id,
  direction: z.enum(MESSAGE_DIRECTIONS),
  origin: z.enum(MESSAGE_ORIGINS),
  status: messageStatusSchema,
  customerId: id.nullable(),
  customerName: nullableString,
  dealerAccountId: id.nullable(),
  accountName: nullableString,
  senderId: id.nullable(),
  senderAddress: nullableString,
  toNumber: z.string(),
  fromNumber: nullableString,
  /** Untrusted text (a reply may hold markup): render as text, never as HTML. */
  body: z.string(),
  segments: z.int(),
  /** Why it was not sent (blocked / held): a sentence for the user. */
  blockReason: nullableString,
  errorCode: z.int().nullable(),
  errorMessage: nullableString,
  createdBy: nullableString,
  /** R11: the desk of the dealer group that sent it, when another desk did. */
  desk: nullableString,
  automationRunId: id.nullable(),
  createdAt: epochMs,
  sentAt: epochMs.nullable(),
});
export type SmsMessage = z.infer<typeof smsMessageSchema>;

export const timelineCursorSchema = z.strictObject({ at: epochMs, kind: z.enum(TIMELINE_KINDS), id });
export type TimelineCursor = z.infer<typeof timelineCursorSchema>;

export const timelineItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), at: epochMs, id, message: smsMessageSchema }),
  z.object({ kind: z.literal('consent'), at: epochMs, id, event: consentEventSchema }),
]);
export type TimelineItem = z.infer<typeof timelineItemSchema>;

/**
 * The keyset cursor of the lists ordered newest first by (createdAt, id): the last row of the
 * previous page. A position, not a reference: rows added or resolved meanwhile never make a page
 * skip or repeat one.
 */
export const createdAtCursorSchema = z.strictObject({ createdAt: epochMs, id });
export type CreatedAtCursor = z.infer<typeof createdAtCursorSchema>;

export const smsCursorSchema = createdAtCursorSchema;
export type SmsCursor = CreatedAtCursor;

// ---------------------------------------------------------------------------------------------
// Errors: a stable code and, per code, the shape of its details (a discriminated union on code).

/** INVALID_INPUT: the field main refused (a form marks it), the value, or the schema's issues. */
export const invalidInputDetailsSchema = z.object({
  /** The input field the refusal is about. */
  field: z.string().optional(),
  /** The value refused, as typed. */
  input: z.string().optional(),
  /** A schema refusal: each issue's dotted path and message. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** A template placeholder left unfilled in a message body. */
  placeholder: z.string().optional(),
  /** The review item a refused resolution is about. */
  reviewId: id.optional(),
});

/** CUSTOMER_EXISTS: the customers a new lead's mobile or email matched (mirrors shared/existing-customer.ts). */
export const existingCustomerDetailsSchema = z.object({
  existing: z.array(
    z.object({
      customerId: id,
      name: z.string(),
      mobile: nullableString,
      email: nullableString,
      matchedOn: z.array(z.enum(['mobile', 'email'])),
      accounts: z.array(z.object({ dealerAccountId: id, accountName: z.string() })),
    }),
  ),
});

/** The codes whose errors carry no details (a send refusal is an answer of sms.send, not an error). */
const detailFree = ERROR_CODES.filter((c): c is Exclude<ErrorCode, 'INVALID_INPUT' | 'CUSTOMER_EXISTS'> => c !== 'INVALID_INPUT' && c !== 'CUSTOMER_EXISTS');

/** Why a send would be (or was) refused by consent (R5): mirrors shared/domain/types.ts ConsentBlock. */
export const consentBlockSchema = z.object({
  dealerAccountId: id,
  dealerAccountName: z.string(),
  channel: channelSchema,
  source: consentSourceSchema,
  since: epochMs,
  actor: nullableString,
  reason: nullableString,
  /** The keyword of a keyword reply ('STOP', 'START'); null for any other source. */
  keyword: nullableString,
  messageId: id.nullable(),
  messageBody: nullableString,
});

/** Why the classifier gave a reply its intent (R3): shared/domain/reply-reason.ts. Quotes the reply: render as text. */
export const replyReasonSchema = z.object({
  rule: z.enum(REPLY_RULES),
  family: nullableString,
  matched: nullableString,
  steps: z.array(z.enum(NORMALISATION_STEPS)),
  corrections: z.array(z.object({ from: z.string(), to: z.string() })),
  reaction: z.object({ kind: z.enum(REACTION_KINDS), emoji: z.string(), quote: nullableString, removed: z.boolean() }).nullable(),
});
export const accountRefSchema = z.object({ dealerAccountId: id, accountName: z.string() });
export type AccountRef = z.infer<typeof accountRefSchema>;

export const REVIEW_DECISIONS = ['confirmed', 'dismissed', 'narrowed'] as const;
export const NARROW_EFFECTS = ['kept', 'withdrawn', 'superseded'] as const;

/**
 * A review decision is a consent decision: who confirmed, dismissed or narrowed a reply put up for
 * review, when and why; for narrowing, what became of each account's opt-out (kept; withdrawn,
 * with the consent event; superseded: a newer change was left as it was).
 */
export const reviewDecisionSchema = z.object({
  id,
  reviewId: id,
  kind: z.enum(['possible_opt_out', 'unattributed']),
  decision: z.enum(REVIEW_DECISIONS),
  actor: z.string(),
  reason: nullableString,
  decidedAt: epochMs,
  messageId: id,
  /** The reply's text: untrusted, render as text. */
  body: z.string(),
  customerId: id.nullable(),
  dealerAccountId: id.nullable(),
  accountName: nullableString,
  consentEventId: id.nullable(),
  accounts: z.array(
    accountRefSchema.extend({ customerId: id, effect: z.enum(NARROW_EFFECTS), consentEventId: id.nullable() }),
  ),
});
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

export const reviewItemSchema = z.object({
  id,
  kind: z.enum(['possible_opt_out', 'unattributed']),
  /** What the reply seemed to say: a possible opt-out, or "wrong number" (the mobile may have been reassigned); null when not recorded. */
  intent: z.enum(['possible_opt_out', 'wrong_number']).nullable(),
  /** Why, as the classifier said (the first decided); null for an unattributed reply or an item from before reasons were kept. */
  reasons: z.array(replyReasonSchema).nullable(),
  status: z.enum(['open', 'confirmed', 'dismissed']),
  messageId: id,
  /** The reply's text: untrusted, render as text. */
  body: z.string(),
  /** The number the reply came from (E.164): who it is when no customer has it. */
  fromNumber: nullableString,
  /** When the reply reached the gateway (createdAt is when it was put up for review). */
  receivedAt: epochMs,
  customerId: id.nullable(),
  customerName: nullableString,
  dealerAccountId: id.nullable(),
  accountName: nullableString,
  createdAt: epochMs,
  resolvedAt: epochMs.nullable(),
  resolvedBy: nullableString,
  /**
   * An unattributed opt-out keyword applied to every sharing account (R4): the accounts it opted the
   * customer out of, which staff may narrow to the one(s) it was meant for. Empty otherwise.
   */
  appliedTo: z.array(accountRefSchema).default([]),
  /** How it was resolved (who, why): null while open. */
  decision: reviewDecisionSchema.nullable().default(null),
});

/** A send the app refused (R5, held for review, R7): the answer of sms.send, and what is recorded on the attempt. */
export const sendRefusalSchema = z.object({
  code: z.enum(SEND_REFUSAL_CODES),
  /** The one sentence, as the composer's warning said it before sending. */
  reason: z.string(),
  /** How the refusal reads: 'Not sent: …' or 'Held: …' (also the attempt's blockReason). */
  text: z.string(),
  block: consentBlockSchema.nullable(),
  /** The possible opt-out that holds an automated send. */
  reviewId: id.nullable(),
  /** R7: Twilio's error code for the gateway's block. */
  gatewayErrorCode: z.int().nullable(),
  /** R13: Twilio's block that refused it, with every dealer it affects. */
  gatewayBlock: gatewayBlockSchema.nullable(),
});
export type SendRefusal = z.infer<typeof sendRefusalSchema>;

export const appErrorSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('INVALID_INPUT'), message: z.string(), details: invalidInputDetailsSchema.optional() }),
  z.object({ code: z.literal('CUSTOMER_EXISTS'), message: z.string(), details: existingCustomerDetailsSchema }),
  z.object({ code: z.enum(detailFree as [typeof detailFree[number], ...typeof detailFree]), message: z.string(), details: z.undefined().optional() }),
]);
export type IpcError = z.infer<typeof appErrorSchema>;
/** The details each error code carries. */
export type ErrorDetailsMap = { [K in ErrorCode]: Extract<IpcError, { code: K }>['details'] };
export type ErrorDetails<C extends ErrorCode> = ErrorDetailsMap[C];

/** Every call answers `{ok:true, value}` or `{ok:false, error:{code, message, details?}}`. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };
export type ReviewItem = z.infer<typeof reviewItemSchema>;

export const reviewCursorSchema = createdAtCursorSchema;
export type ReviewCursor = CreatedAtCursor;

export const notificationSchema = z.object({
  id,
  kind: z.enum(['reply', 'possible_opt_out', 'opt_out', 'opt_in', 'unattributed', 'send_failed']),
  customerId: id.nullable(),
  messageId: id.nullable(),
  title: z.string(),
  /** Untrusted (may quote a reply): render as text. */
  body: z.string(),
  createdAt: epochMs,
  readAt: epochMs.nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

/** One gateway account's state, as the status bar and Settings show it. */
export const gatewayAccountStatusSchema = z.object({
  gatewayAccountId: id,
  label: z.string(),
  /** What serves it: live Twilio, the built-in demo gateway, or nothing (no Auth Token stored). */
  gateway: z.enum(['twilio', 'simulator', 'none']),
  /** 'limited': Twilio answered 429 (too many requests); 'unknown': not tried yet. */
  state: z.enum(['unknown', 'online', 'offline', 'auth_failed', 'limited', 'no_credentials']),
  /** The last request Twilio answered for this account. */
  lastOkAt: epochMs.nullable(),
  /** The last poll of this account that completed. */
  lastPollAt: epochMs.nullable(),
  /** The last failure in plain words, while it lasts; Twilio's own code and message in lastErrorDetail. */
  lastError: nullableString,
  lastErrorDetail: nullableString,
  /** Not polled again before this (backoff; Twilio's Retry-After). */
  retryAt: epochMs.nullable(),
  polling: z.boolean(),
  /** 0..1 of its first sync while that runs; null otherwise. */
  initialSync: z.number().min(0).max(1).nullable(),
});
export type GatewayAccountStatus = z.infer<typeof gatewayAccountStatusSchema>;

export const syncStatusSchema = z.object({
  /** Whether the last contact with the gateway worked. */
  online: z.boolean(),
  /** 'simulator' = the embedded demo gateway; 'none' = no credentials and no simulator. */
  gateway: z.enum(['twilio', 'simulator', 'none']),
  lastPollAt: epochMs.nullable(),
  lastError: nullableString,
  /** Outbound messages waiting in the outbox (queued, sending, outcome unknown). */
  queued: z.int().nonnegative(),
  pollIntervalMs: z.int().positive(),
  /**
   * Present while the first sync runs (null otherwise): `done` messages brought in so far;
   * `fraction` 0..1 of the sync's time window listed (the gateway gives no message totals).
   */
  initialSync: z.object({ done: z.int().nonnegative(), fraction: z.number().min(0).max(1) }).nullable(),
  /** Each gateway account's own state (the fields above are their aggregate). */
  accounts: z.array(gatewayAccountStatusSchema).default([]),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

/** R11: this desk's place in its group of desks (the status bar and Settings → Group server). Never a password. */
export const groupStatusSchema = z.object({
  /** 'off': no group server (one desk). */
  state: z.enum(['off', 'connecting', 'connected', 'unreachable']),
  /** The server without credentials (postgres://user@host:port/db). */
  server: nullableString,
  tls: z.enum(['disable', 'require', 'verify-full']).nullable(),
  deskName: nullableString,
  lastExchangeAt: epochMs.nullable(),
  /** When this desk last pulled the group's changes (consent freshness rests on it). */
  lastPullAt: epochMs.nullable(),
  /** Local changes waiting to be pushed. */
  waiting: z.int().nonnegative(),
  /** Pulled changes waiting for what they name. */
  parked: z.int().nonnegative(),
  lastError: nullableString,
  /** Automated sends wait when the group's state is older than this. */
  freshnessMs: z.int().positive(),
});
export type GroupStatus = z.infer<typeof groupStatusSchema>;

/** How to reach the group server. The URL may carry user and password; they are kept encrypted in main and never returned. */
export const groupServerInputSchema = z.strictObject({
  url: z.string().trim().min(1).max(500).regex(/^postgres(ql)?:\/\//, 'the URL starts with postgres://'),
  user: z.string().trim().max(100).optional(),
  /** Write-only. */
  password: z.string().max(500).optional(),
  tls: z.strictObject({ mode: z.enum(['disable', 'require', 'verify-full']), caFile: z.string().trim().max(1000).optional() }).optional(),
  deskName: z.string().trim().min(1).max(100).optional(),
});

// Automation, responses (templates) and send calendars: shared/ipc/automation-contract.ts.
export * from './automation-contract.ts';

export const APPRAISAL_STATUSES = ['open', 'offered', 'accepted', 'declined'] as const;
export const appraisalSchema = z.object({
  id,
  customerId: id,
  customerName: z.string(),
  dealerAccountId: id,
  accountName: z.string(),
  year: z.int().nullable(),
  make: z.string(),
  model: z.string(),
  variant: nullableString,
  registration: nullableString,
  odometerKm: z.int().nullable(),
  status: z.enum(APPRAISAL_STATUSES),
  /** Offer in whole dollars. */
  offerAud: z.int().nullable(),
  notes: nullableString,
  createdAt: epochMs,
  updatedAt: epochMs,
});
export type Appraisal = z.infer<typeof appraisalSchema>;

export const gatewayAccountSettingsSchema = z.object({
  id,
  accountSid: z.string(),
  label: z.string(),
  /** Whether credentials are stored (they are write-only: never sent to the renderer). */
  credentialsConfigured: z.boolean(),
  /** Whether this account is served by the embedded simulator (demo). */
  simulated: z.boolean(),
  /**
   * R13: whether Twilio's own STOP filtering is on for the account (Twilio's default): a STOP to a
   * sender then blocks the number from that sender for every dealer sharing it.
   */
  stopFiltering: z.boolean(),
  /** Archived: nothing is sent through it; its replies are still collected while its token is stored. */
  archivedAt,
});
export type GatewayAccountSettings = z.infer<typeof gatewayAccountSettingsSchema>;

export const notificationPrefsSchema = z.strictObject({
  /** Desktop (OS) notifications in the Electron app. */
  desktop: z.boolean(),
  replies: z.boolean(),
  possibleOptOuts: z.boolean(),
  sendFailures: z.boolean(),
});
export type NotificationPrefs = z.infer<typeof notificationPrefsSchema>;

export const settingsSchema = z.object({
  /** 'demo': the embedded simulator stands in for Twilio. */
  mode: z.enum(['demo', 'live']),
  /** Who the app records as the actor of manual actions. */
  userName: z.string(),
  dealerAccounts: z.array(dealerAccountSchema),
  gatewayAccounts: z.array(gatewayAccountSettingsSchema),
  senders: z.array(senderSchema),
  pollIntervalMs: z.int().positive(),
  notifications: notificationPrefsSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

/** field -> column index (0-based) of a lead import's file. */
export const importMappingSchema = z.partialRecord(z.enum(IMPORT_FIELDS), z.int().min(0).max(10_000));

/** A bulk lead import (R10): where it got to and what it did. */
export const leadImportSchema = z.object({
  id,
  dealerAccountId: id,
  accountName: z.string(),
  fileName: nullableString,
  actor: nullableString,
  status: z.enum(IMPORT_STATUSES),
  headers: z.array(z.string()),
  startedAt: epochMs,
  finishedAt: epochMs.nullable(),
  /** 0..1 of the file read while running; 1 when done; null when not known (finished otherwise). */
  fraction: z.number().min(0).max(1).nullable(),
  rowsRead: z.int().nonnegative(),
  /** New customers. */
  created: z.int().nonnegative(),
  /** Existing customers (found by mobile or email) made leads of the account. */
  attached: z.int().nonnegative(),
  /** Already a lead of the account, or already imported (the same lead id): left as they were. */
  unchanged: z.int().nonnegative(),
  invalid: z.int().nonnegative(),
  /** Rows whose "Opt in to future marketing communication" was off: opted out of SMS and email (R10). */
  optedOut: z.int().nonnegative(),
  error: nullableString,
});
export type LeadImport = z.infer<typeof leadImportSchema>;

export const importProblemSchema = z.object({
  /** The line of the file the row starts on. */
  row: z.int().positive(),
  problem: z.enum(IMPORT_PROBLEMS),
  field: nullableString,
  /** Why, in a sentence. */
  detail: z.string(),
  /** The row's cells as read: untrusted text. */
  record: z.array(z.string()),
});
export type ImportProblemItem = z.infer<typeof importProblemSchema>;

const seriesSchema = z.object({ key: z.string(), label: z.string(), counts: z.array(z.int().nonnegative()) });

/** The Reports screen (issue 12): every chart's numbers for a date range and optionally one dealer account. */
export const consentReportSchema = z.object({
  from: epochMs,
  to: epochMs,
  /** The range's days in the desk's time zone ('YYYY-MM-DD'); every series has one count per day. */
  days: z.array(z.string()),
  /** SMS opt-outs per day by how: the keyword replied (STOP, UNSUB, …), reply confirmed by staff, manual, import, gateway block. */
  optOutsByHow: z.array(seriesSchema),
  optOutsByAccount: z.array(seriesSchema),
  /** Per dealer account: attempts, and those refused, split by why. */
  blocked: z.array(
    z.object({
      dealerAccountId: id,
      accountName: z.string(),
      attempts: z.int().nonnegative(),
      /** Opted out for this dealer. */
      dealer: z.int().nonnegative(),
      /** Twilio's block on the sender (R7). */
      gateway: z.int().nonnegative(),
      /** Applied across dealers because the reply could not be attributed (R4). */
      crossDealer: z.int().nonnegative(),
      heldForReview: z.int().nonnegative(),
    }),
  ),
  reviews: z.object({
    open: z.int().nonnegative(),
    waiting: z.array(z.object({ label: z.string(), possibleOptOut: z.int().nonnegative(), unattributed: z.int().nonnegative() })),
    oldestWaitingMs: z.number().nullable(),
    resolved: z.int().nonnegative(),
    medianWaitMs: z.number().nullable(),
    p90WaitMs: z.number().nullable(),
  }),
  unsubscribes: z.object({
    total: z.int().nonnegative(),
    perDay: z.array(z.int().nonnegative()),
    maxHoursPerDay: z.array(z.number()),
    medianHours: z.number().nullable(),
    latest: z.array(
      z.object({
        eventId: id,
        accountName: z.string(),
        customerId: id,
        customerName: z.string(),
        source: consentSourceSchema,
        keyword: nullableString,
        receivedAt: epochMs,
        effectiveAt: epochMs,
        firstBlockedAt: epochMs.nullable(),
      }),
    ),
  }),
});
export type ConsentReport = z.infer<typeof consentReportSchema>;

// ---------------------------------------------------------------------------------------------
// Inputs

const empty = z.strictObject({});
const customerRef = z.strictObject({ customerId: id });

/** How many matches a search counts before it says "N+" (`totalIsEstimate`). */
export const LEADS_COUNT_CAP = 10_000;
export { TIMELINE_PAGE_SIZE };

// ---------------------------------------------------------------------------------------------
// The contract


/**
 * The one answer of a send: sent (handed to the gateway), queued (in the outbox: offline, retrying,
 * or its outcome being checked), failed (the gateway refused it for good), or refused by the send
 * policy. `message` is the recorded attempt (R6) in every case.
 */
export const sendResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('sent'), message: smsMessageSchema }),
  z.object({ outcome: z.literal('queued'), message: smsMessageSchema }),
  z.object({ outcome: z.literal('failed'), message: smsMessageSchema }),
  z.object({ outcome: z.literal('refused'), message: smsMessageSchema, refusal: sendRefusalSchema }),
]);
export type SendResult = z.infer<typeof sendResultSchema>;

/** The id a client makes for one send (a UUID), so that a retry of it cannot send twice. */
export const sendRequestIdSchema = z.uuid();
/** One conversation of the inbox: a lead with messages, its latest one, and its read state. */
export const conversationSchema = z.object({
  customerId: id,
  name: z.string(),
  /** E.164. */
  mobile: nullableString,
  lastMessageId: id,
  lastAt: epochMs,
  lastDirection: z.enum(MESSAGE_DIRECTIONS),
  /** The latest message's first characters: untrusted text, render as text. */
  preview: z.string(),
  lastStatus: messageStatusSchema,
  /** The dealer account of the latest message (null: an unattributed reply). */
  accountName: nullableString,
  /** Who sent the latest message (outbound), null for a reply or an automated send. */
  lastSentBy: nullableString,
  /** Replies not read since the conversation was last opened. */
  unread: z.int().nonnegative(),
  /** Their message is the latest: the lead is waiting for an answer. */
  needsReply: z.boolean(),
});
export type Conversation = z.infer<typeof conversationSchema>;
export const conversationCursorSchema = z.strictObject({ lastAt: epochMs, customerId: id });
export type ConversationCursor = z.infer<typeof conversationCursorSchema>;

// How long a draft may be: shared/domain/drafts.ts (the renderer reads it without the schemas).
export { MAX_DRAFT_CHARS };

/** What was typed to a lead for one dealer account and not sent yet. */
export const draftSchema = z.object({ dealerAccountId: id, body: z.string(), updatedAt: epochMs });
export type Draft = z.infer<typeof draftSchema>;

export const contract = {
  // leads
  'leads.list': channel(
    z.strictObject({
      /** Prefix search over names, email and mobile (any format); '' lists everyone by name. */
      query: z.string().max(200).default(''),
      offset: z.int().min(0).max(10_000_000).default(0),
      limit: pageLimit(500, 100),
    }),
    z.object({
      items: z.array(leadSummarySchema),
      /** Leads matching the query (capped at LEADS_COUNT_CAP for searches). */
      total: z.int().nonnegative(),
      totalIsEstimate: z.boolean(),
      offset: z.int().nonnegative(),
    }),
    'A page of leads (virtualised list), with SMS/email consent per dealer account.',
  ),
  'leads.get': channel(customerRef, leadDetailSchema, 'One lead: details, phone history, consent per account and channel with history.'),
  'leads.updateMobile': channel(
    z.strictObject({ customerId: id, mobile: z.string().max(64).nullable() }),
    z.object({ mobile: nullableString, phoneHistory: z.array(phoneHistoryEntrySchema) }),
    'Changes the mobile (R2: consent stays with the customer; the old number stays in the history).',
  ),
  'leads.updateDetails': channel(
    z.strictObject({ customerId: id, firstName: z.string().max(100), lastName: z.string().max(100), email: z.string().max(320).nullable() }),
    leadDetailSchema,
    'Changes name and email.',
  ),
  'leads.create': channel(
    z.strictObject({
      dealerAccountId: id,
      firstName: z.string().max(100),
      lastName: z.string().max(100),
      mobile: z.string().max(64).nullable().optional(),
      email: z.string().max(320).nullable().optional(),
      /** "Opt in to future marketing communication" (R10: off records an opt-out of both channels). */
      optInToMarketing: z.boolean(),
      /** Attach to an existing customer (a lead for a second dealer). */
      customerId: id.optional(),
    }),
    z.object({ customerId: id }),
    'Creates a lead (or attaches an existing customer to another dealer account).',
  ),

  // timeline
  'timeline.page': channel(
    z.strictObject({ customerId: id, cursor: timelineCursorSchema.nullable().optional(), limit: pageLimit(200, TIMELINE_PAGE_SIZE) }),
    z.object({ items: z.array(timelineItemSchema), next: timelineCursorSchema.nullable() }),
    "A page of a lead's communications timeline (messages, blocked attempts, consent events), newest first.",
  ),

  // sms
  'sms.list': channel(
    z.strictObject({
      statuses: z.array(smsStatusFilterSchema).max(6).optional(),
      dealerAccountId: id.optional(),
      /** Inclusive, epoch ms. */
      from: epochMs.optional(),
      /** Exclusive, epoch ms. */
      to: epochMs.optional(),
      /** Words that must each appear in the message text, the customer's name or a number (any format). */
      text: z.string().max(200).optional(),
      cursor: smsCursorSchema.nullable().optional(),
      limit: pageLimit(500, 100),
    }),
    z.object({ items: z.array(smsMessageSchema), next: smsCursorSchema.nullable() }),
    'Every message across leads, newest first, keyset-paged; filters by status group, dealer account, date and text.',
  ),
  'sms.preflight': channel(
    z.strictObject({ dealerAccountId: id, customerId: id, senderId: id.optional() }),
    z.object({
      /** False when a send would be refused (opted out, or refused by the gateway for this sender). */
      allowed: z.boolean(),
      /** The sentence to show before sending (R5), or null. */
      warning: nullableString,
      block: consentBlockSchema.nullable(),
      /** A reply that may be an opt-out, awaiting staff review for this account. */
      openReview: reviewItemSchema.nullable(),
      /** R7: the gateway refuses this number from the chosen (or default) sender. */
      gatewayBlocked: z.boolean(),
      /** The sender the answer is about: the one asked for, or the default (R13: one Twilio does not block). */
      senderId: id.nullable(),
      /** R13: Twilio's block on that sender for this customer (shown even when the dealer's own opt-out refuses first). */
      gatewayBlock: gatewayBlockSchema.nullable(),
      /** False when offline: a send now is queued and leaves when back online. */
      online: z.boolean(),
    }),
    'What the composer shows before sending: the opt-out warning, an open possible opt-out, offline state.',
  ),
  'sms.send': channel(
    // The 1600-character limit counts characters after trimming (the send service); this bounds the raw input.
    z.strictObject({ dealerAccountId: id, customerId: id, senderId: id.optional(), body: z.string().max(MAX_SMS_BODY_INPUT_UNITS), requestId: sendRequestIdSchema }),
    sendResultSchema,
    'Sends an SMS: sent, queued (offline or retrying), failed (the gateway refused it for good) or refused by the send policy in main whatever the renderer did (SMS_OPTED_OUT, GATEWAY_BLOCKED, HELD_FOR_REVIEW); every attempt is recorded. requestId: made by the client once per message; a repeat with the same id answers with the first result and sends nothing.',
  ),
  'sms.sendStatus': channel(
    z.strictObject({ requestId: sendRequestIdSchema }),
    sendResultSchema.nullable(),
    'What became of a send request whose answer never arrived (the app closed, the connection dropped): its result as it stands now, or null if it never reached the app (nothing recorded, nothing sent).',
  ),

  // the conversations inbox
  'inbox.list': channel(
    z.strictObject({
      needsReply: z.boolean().optional(),
      unread: z.boolean().optional(),
      dealerAccountId: id.optional(),
      /** Only conversations the current user has sent in. */
      mine: z.boolean().optional(),
      cursor: conversationCursorSchema.nullable().optional(),
      limit: pageLimit(200, 50),
    }),
    z.object({
      items: z.array(conversationSchema),
      next: conversationCursorSchema.nullable(),
      /** Conversations with unread replies, in all (the window title and the nav badge). */
      unreadConversations: z.int().nonnegative(),
      /** Unread notifications, in all. */
      unreadNotifications: z.int().nonnegative(),
      /** Some customer has replied: the inbox is the landing screen. */
      hasReplies: z.boolean(),
    }),
    'Conversations, newest activity first, keyset-paged; filters needs reply, unread, dealer account and mine; with the unread totals.',
  ),
  'inbox.markRead': channel(
    customerRef,
    z.object({ unreadConversations: z.int().nonnegative(), unreadNotifications: z.int().nonnegative() }),
    "Marks a lead's replies (and their notifications) read: the user opened it.",
  ),

  // drafts (the composer keeps what was typed until it is sent)
  'drafts.forLead': channel(
    customerRef,
    z.object({
      drafts: z.array(draftSchema),
      /** The dealer account this user last texted the lead from, or null (the composer opens on it when allowed). */
      lastSentAccountId: id.nullable(),
    }),
    "A lead's unsent drafts (one per dealer account), newest first, and the account this user last texted it from.",
  ),
  'drafts.save': channel(
    z.strictObject({ customerId: id, dealerAccountId: id, body: z.string().max(MAX_DRAFT_CHARS) }),
    z.object({ savedAt: epochMs }),
    'Keeps the draft to a lead from one dealer account (an empty body removes it); a send that leaves or is queued removes it too.',
  ),

  // consent
  'consent.optOut': channel(
    z.strictObject({ dealerAccountId: id, customerId: id, channel: channelSchema, reason: z.string().max(500).optional() }),
    z.object({ eventId: id }),
    'R9: opts a customer out by hand for one account and channel.',
  ),
  'consent.optIn': channel(
    z.strictObject({ dealerAccountId: id, customerId: id, channel: channelSchema, reason: z.string().min(1).max(500) }),
    z.object({ eventId: id }),
    'R9: opts a customer back in by hand; a reason is required and kept in the audit trail.',
  ),
  'consent.history': channel(customerRef, z.array(consentEventSchema), "A customer's consent audit trail, newest first."),

  // appraisals
  'appraisals.list': channel(
    z.strictObject({ dealerAccountId: id.optional(), offset: z.int().min(0).default(0), limit: pageLimit(500, 100) }),
    z.object({ items: z.array(appraisalSchema), total: z.int().nonnegative() }),
    'Vehicles under appraisal, newest first.',
  ),
  'appraisals.byLead': channel(customerRef, z.array(appraisalSchema), "A lead's vehicles under appraisal."),
  'appraisals.get': channel(z.strictObject({ appraisalId: id }), appraisalSchema, 'One appraisal.'),

  // reviews (possible opt-outs, unattributed replies)
  'reviews.list': channel(
    z.strictObject({
      /** 'open': the queue, newest first; 'resolved': decided items, most recently decided first (the cursor's createdAt is then when it was resolved). */
      status: z.enum(['open', 'resolved']).default('open'),
      cursor: reviewCursorSchema.nullable().optional(),
      limit: pageLimit(500, 100),
    }),
    z.object({
      items: z.array(reviewItemSchema),
      /** Every open item, not just this page's (the nav badge and the screen's heading show it). */
      open: z.int().nonnegative(),
      /** Pass as `cursor` for the next page; null after the last one. */
      nextCursor: reviewCursorSchema.nullable(),
    }),
    'Open review items, newest first (or resolved ones with their decision), keyset-paged, with how many are open in all.',
  ),
  'reviews.confirm': channel(
    z.strictObject({ reviewId: id, reason: z.string().max(500).optional(), actor: z.string().max(100).optional() }),
    reviewItemSchema,
    'Confirms a review item (a possible opt-out becomes an opt-out for that account; an unattributed reply is kept as applied); who (default: the user name) and why are recorded.',
  ),
  'reviews.dismiss': channel(
    z.strictObject({ reviewId: id, reason: z.string().max(500).optional(), actor: z.string().max(100).optional() }),
    reviewItemSchema,
    'Dismisses a review item (no consent change); a reason is required and recorded with who.',
  ),
  'reviews.narrow': channel(
    z.strictObject({ reviewId: id, keepAccountIds: z.array(id).min(1).max(100), reason: z.string().max(500).optional(), actor: z.string().max(100).optional() }),
    reviewItemSchema,
    'R4: an unattributed opt-out applied to every sharing account was meant for these accounts only; the others are withdrawn, each recorded with who and why.',
  ),

  // bulk lead import (R10)
  'imports.preview': channel(
    z.strictObject({ text: z.string().max(2_000_000) }),
    z.object({ headers: z.array(z.string()), rows: z.array(z.array(z.string())), mapping: importMappingSchema, delimiter: z.string() }),
    "The start of a CSV: its header row, the first rows and the suggested mapping of its columns.",
  ),
  'imports.start': channel(
    z.strictObject({
      /** The file's first chunk (or the whole pasted text); the rest follows with imports.append. */
      text: z.string().max(4_000_000),
      /** No more chunks follow. */
      last: z.boolean(),
      /** The file's size in bytes (the progress bar's whole). */
      totalBytes: z.int().min(0),
      fileName: z.string().max(260).nullable(),
      dealerAccountId: id,
      mapping: importMappingSchema,
      /** The opt-in of rows without a value (or every row when no column is mapped); null: such rows are refused. */
      optInDefault: z.boolean().nullable(),
    }),
    z.object({ importId: id }),
    'Starts importing leads in main (progress: import:progress events and imports.get); answers once the import is recorded.',
  ),
  'imports.append': channel(
    z.strictObject({ importId: id, text: z.string().max(4_000_000), last: z.boolean() }),
    z.object({ status: z.enum(IMPORT_STATUSES) }),
    "The next chunk of a running import's file; answers once the import has taken it in (its status: stop sending unless running).",
  ),
  'imports.get': channel(z.strictObject({ importId: id }), leadImportSchema, 'One import: status, progress and counts.'),
  'imports.cancel': channel(z.strictObject({ importId: id }), leadImportSchema, 'Stops a running import after the batch it is in (committed rows stay).'),
  'imports.problems': channel(
    z.strictObject({ importId: id, afterRow: z.int().min(0).optional(), limit: pageLimit(1000, 200) }),
    z.object({ items: z.array(importProblemSchema), nextAfterRow: z.int().nullable() }),
    "An import's invalid rows with the reason, in file order, a page at a time.",
  ),
  'imports.errorsCsv': channel(
    z.strictObject({ importId: id }),
    z.object({ fileName: z.string(), csv: z.string() }),
    "An import's invalid rows as CSV: the file's columns, then the line and the reason.",
  ),

  // reports
  'reports.consent': channel(
    z.strictObject({ from: epochMs, to: epochMs, dealerAccountId: id.optional() }),
    consentReportSchema,
    'The consent report: opt-outs per day by how and by account, blocked attempts per 100 attempts split by why, reviews waiting, unsubscribe handling.',
  ),

  // compliance exports (CSV), taken a chunk at a time
  'exports.open': channel(
    z.strictObject({
      kind: z.enum(EXPORT_KINDS),
      /** Inclusive, epoch ms. */
      from: epochMs.optional(),
      /** Exclusive, epoch ms. */
      to: epochMs.optional(),
      dealerAccountId: id.optional(),
      /** The SMS list's status filters and text search. */
      statuses: z.array(smsStatusFilterSchema).max(6).optional(),
      text: z.string().max(200).optional(),
      /** The evidence pack's customer. */
      customerId: id.optional(),
    }),
    z.object({ exportId: id, fileName: z.string() }),
    'Starts a CSV export (consent register, blocked attempts, unsubscribe handling, SMS list, evidence pack).',
  ),
  'exports.next': channel(
    z.strictObject({ exportId: id, maxRows: z.int().min(1).max(20_000).default(5_000) }),
    z.object({ csv: z.string(), rows: z.int().nonnegative(), done: z.boolean() }),
    "An export's next rows as CSV text (the first chunk has the header); done after the last.",
  ),
  'exports.close': channel(z.strictObject({ exportId: id }), z.object({}), 'Forgets an export the user cancelled.'),

  // notifications
  'notifications.list': channel(
    z.strictObject({ limit: pageLimit(500, 50) }),
    z.object({ items: z.array(notificationSchema), unread: z.int().nonnegative() }),
    'Recent notifications and the unread count.',
  ),
  'notifications.markRead': channel(
    z.strictObject({ ids: z.array(id).max(1000) }),
    z.object({ unread: z.int().nonnegative() }),
    'Marks notifications read.',
  ),
  'notifications.markAllRead': channel(empty, z.object({ unread: z.int().nonnegative() }), 'Marks every notification read.'),

  // sync
  'sync.status': channel(empty, syncStatusSchema, 'Online/offline, last poll, queued count, initial sync progress.'),
  'sync.pollNow': channel(empty, syncStatusSchema, 'Polls the gateway now (and flushes the outbox when online), and exchanges with the group server.'),

  // automation, responses (templates), send calendars (R12)
  ...automationChannels,

  // settings
  // diagnostics
  'diagnostics.export': channel(
    empty,
    z.object({ path: z.string(), bytes: z.int().nonnegative() }),
    'Writes a diagnostics file for support (versions, store health and backups, sync state, settings, recent log lines; never a credential) to the data folder and says where.',
  ),

  'settings.get': channel(empty, settingsSchema, 'Dealer accounts, senders and sharing, gateway accounts (credentials: configured yes/no only), poll interval, notification preferences.'),
  'settings.setUserName': channel(z.strictObject({ userName: z.string().trim().min(1).max(100) }), settingsSchema, 'Sets who manual actions are recorded as.'),
  'settings.createDealerAccount': channel(
    z.strictObject({
      /** How the desks of a group match the account: letters, digits, - and _ (no spaces). */
      code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'a code is letters, digits, - and _ (no spaces), such as TOYOTA or harbour-city'),
      name: z.string().trim().min(1).max(200),
    }),
    dealerAccountSchema,
    'Adds a dealer account.',
  ),
  'settings.renameDealerAccount': channel(
    z.strictObject({ dealerAccountId: id, name: z.string().trim().min(1).max(200) }),
    dealerAccountSchema,
    'Renames a dealer account (its code stays).',
  ),
  'settings.renameGatewayAccount': channel(
    z.strictObject({ gatewayAccountId: id, label: z.string().trim().min(1).max(200) }),
    gatewayAccountSettingsSchema,
    'Renames a gateway (Twilio) account.',
  ),
  'settings.renameSender': channel(z.strictObject({ senderId: id, label: z.string().trim().min(1).max(200) }), senderSchema, 'Renames a sender.'),
  'settings.openDemo': channel(
    empty,
    z.object({ url: z.string(), openedBy: z.enum(['app', 'renderer']) }),
    'Opens the demo beside this desk: a separate desk on its own database with the built-in gateway simulator (this desk\'s data untouched). openedBy app: main opened it in the browser; renderer: open url in a new tab.',
  ),
  'settings.setDealerAccountArchived': channel(
    z.strictObject({ dealerAccountId: id, archived: z.boolean() }),
    dealerAccountSchema,
    'Archives a dealer account (its leads, history and consent are kept; nothing is sent for it, manual or automated) or restores it.',
  ),
  'settings.setGatewayAccountArchived': channel(
    z.strictObject({ gatewayAccountId: id, archived: z.boolean() }),
    gatewayAccountSettingsSchema,
    'Archives a gateway (Twilio) account (nothing is sent through it; its replies are still collected while its token is stored) or restores it.',
  ),
  'settings.setSenderArchived': channel(
    z.strictObject({ senderId: id, archived: z.boolean() }),
    senderSchema,
    'Archives a sender (not offered or sent from; replies to it still count, a STOP included) or restores it.',
  ),
  'settings.createGatewayAccount': channel(
    z.strictObject({ accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'an account SID is AC followed by 32 hex digits'), label: z.string().trim().min(1).max(200) }),
    gatewayAccountSettingsSchema,
    'Adds a gateway (Twilio) account; set its credentials with settings.setCredentials.',
  ),
  'settings.createSender': channel(
    z.strictObject({
      gatewayAccountId: id,
      kind: z.enum(['number', 'messaging_service']),
      /** A phone number (any usual format) or an MG... messaging service SID. */
      address: z.string().trim().min(1).max(64),
      label: z.string().trim().min(1).max(200),
      dealerAccountIds: z.array(id).max(100),
    }),
    senderSchema,
    'Adds a sender (number or messaging service) and the dealer accounts that share it.',
  ),
  'settings.setSenderAccounts': channel(
    z.strictObject({ senderId: id, dealerAccountIds: z.array(id).max(100) }),
    senderSchema,
    'Sets which dealer accounts share a sender.',
  ),
  'settings.setCredentials': channel(
    z.strictObject({
      gatewayAccountId: id,
      /** Write-only: stored encrypted in main, never returned. */
      authToken: z.string().min(8).max(200),
    }),
    gatewayAccountSettingsSchema,
    'Stores a gateway account\'s auth token (write-only; the answer says only "configured").',
  ),
  'settings.clearCredentials': channel(z.strictObject({ gatewayAccountId: id }), gatewayAccountSettingsSchema, 'Forgets a gateway account\'s credentials.'),
  'settings.setStopFiltering': channel(
    z.strictObject({ gatewayAccountId: id, on: z.boolean() }),
    gatewayAccountSettingsSchema,
    'R13: records whether Twilio\'s STOP filtering is on for the account (its default) or was turned off on request to Twilio.',
  ),
  'settings.testConnection': channel(
    z.strictObject({ gatewayAccountId: id }),
    z.object({ ok: z.boolean(), message: z.string() }),
    'Checks the stored credentials against the gateway.',
  ),
  'settings.setPollInterval': channel(
    z.strictObject({ pollIntervalMs: z.int().min(2_000).max(3_600_000) }),
    settingsSchema,
    'How often replies are polled.',
  ),
  'settings.setNotificationPrefs': channel(notificationPrefsSchema, settingsSchema, 'Notification preferences.'),
  'settings.setGroupServer': channel(
    z.strictObject({ url: z.null() }).or(groupServerInputSchema),
    groupStatusSchema,
    'Joins the group server at `url` (R11; the first desk creates its schema) or, with url null, leaves the group.',
  ),
  'settings.testGroupServer': channel(
    groupServerInputSchema,
    z.object({ ok: z.boolean(), message: z.string(), schemaVersion: z.int().nullable() }),
    'Checks a group server\'s settings without keeping them.',
  ),

  // group of desks (R11)
  'group.status': channel(empty, groupStatusSchema, 'This desk\'s group server state: connected, last exchange, changes waiting.'),
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
export const CHANNEL_NAMES = Object.keys(contract) as ChannelName[];

/** What the caller passes (defaults optional). */
export type ApiInput<C extends ChannelName> = z.input<Contract[C]['input']>;
/** What the handler receives after validation (defaults applied). */
export type ApiParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;
export type ApiOutput<C extends ChannelName> = z.output<Contract[C]['output']>;

/** The API as a typed function map: what a client exposes. */
export type Api = { [C in ChannelName]: (input: ApiInput<C>) => Promise<ApiOutput<C>> };

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

// ---------------------------------------------------------------------------------------------
// Events (main -> renderer)

export const events = {
  /** The app finished starting (tests wait for this rather than sleeping). */
  'app:ready': z.object({ mode: z.enum(['demo', 'live']) }),
  'sync:status': syncStatusSchema,
  /** A message row was created (a send attempt, blocked or not, or an inbound reply). */
  'message:new': z.object({ messageId: id, customerId: id.nullable(), direction: z.enum(MESSAGE_DIRECTIONS), status: messageStatusSchema }),
  /** A message's status changed (queued -> sent -> delivered, or blocked at dispatch). */
  'message:updated': z.object({ messageId: id, customerId: id.nullable(), status: messageStatusSchema }),
  'consent:changed': z.object({ customerId: id, dealerAccountId: id, channel: channelSchema, status: consentStatusSchema }),
  'notification:new': notificationSchema,
  'review:changed': z.object({ reviewId: id.nullable() }),
  'lead:changed': z.object({ customerId: id }),
  'settings:changed': z.object({}),
  'group:status': groupStatusSchema,
  /** An automation rule changed, or a step of one was recorded (customerId: whose; null for a rule). */
  'automation:changed': z.object({ customerId: id.nullable() }),
  /** A lead import committed a batch, or ended (the renderer's bar and the Electron taskbar follow it). */
  'import:progress': z.object({ importId: id, status: z.enum(IMPORT_STATUSES), fraction: z.number().min(0).max(1), rowsRead: z.int().nonnegative() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

// ---------------------------------------------------------------------------------------------
// names.ts (zod-free, for the preload) must list exactly these channels and events.

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelListsMatch: Same<ChannelName, (typeof CHANNEL_NAME_LIST)[number]> = true;
const eventListsMatch: Same<EventName, (typeof EVENT_NAME_LIST)[number]> = true;
void channelListsMatch;
void eventListsMatch;
