// Compliance exports and reports vocabulary (issue 12), shared by main and the renderer.

/** The CSV exports: consent register, blocked attempts, unsubscribe handling, SMS list, one customer's evidence pack. */
export const EXPORT_KINDS = ['consent', 'blocked', 'unsubscribes', 'sms', 'evidence'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_LABELS: Readonly<Record<ExportKind, string>> = {
  consent: 'Consent register',
  blocked: 'Blocked attempts',
  unsubscribes: 'Unsubscribe handling',
  sms: 'SMS list',
  evidence: 'Consent evidence pack',
};

/**
 * How an opt-out came about, as the opt-out chart groups them: the keyword replied (STOP, UNSUB,
 * UNSUBSCRIBE, …), a reply confirmed by staff, staff by hand, a lead import, or the gateway's own
 * block on the sender (Twilio, R7/R13).
 */
export const OPT_OUT_HOW_OTHER = ['reply_confirmed', 'manual', 'import', 'gateway'] as const;
export type OptOutHowOther = (typeof OPT_OUT_HOW_OTHER)[number];

export const OPT_OUT_HOW_LABELS: Readonly<Record<OptOutHowOther, string>> = {
  reply_confirmed: 'reply confirmed by staff',
  manual: 'manual',
  import: 'import',
  gateway: 'gateway (Twilio) block',
};

/** The three kinds of refused attempt the report splits, per dealer account. */
export const BLOCK_KINDS = ['dealer', 'gateway', 'crossDealer'] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

export const BLOCK_KIND_LABELS: Readonly<Record<BlockKind, string>> = {
  dealer: 'opted out for this dealer',
  gateway: "Twilio's block on the sender",
  crossDealer: 'applied across dealers because the reply could not be attributed',
};

/** How long a reply has waited for review, as the report buckets it. */
export const REVIEW_WAIT_BUCKETS = [
  { label: 'under 1 hour', maxMs: 3_600_000 },
  { label: '1–4 hours', maxMs: 4 * 3_600_000 },
  { label: '4–24 hours', maxMs: 24 * 3_600_000 },
  { label: '1–3 days', maxMs: 3 * 24 * 3_600_000 },
  { label: 'over 3 days', maxMs: Number.POSITIVE_INFINITY },
] as const;
