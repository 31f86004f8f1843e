// The composer's drafts (kept per lead and dealer account until sent).

/** How long a draft may be: far over one SMS, so a paste is kept whole and trimmed in the composer. */
export const MAX_DRAFT_CHARS = 100_000;
