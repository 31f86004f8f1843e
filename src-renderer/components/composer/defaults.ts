// Which dealer account the composer opens on, and what a dealer-specific text says about the chosen
// account. Pure functions over what the lead page already has.
import type { LeadAccount } from '../../../shared/ipc/contract.ts';

/** SMS to the lead from this account is not refused by an opt-out (R1). */
export function smsAllowed(a: LeadAccount): boolean {
  return a.sms.status !== 'opted_out';
}

/**
 * The account the composer opens on: the one with the newest draft, else the one this user last
 * texted the lead from, else the first allowed one: never an opted-out account while another is
 * allowed (each candidate is taken only when allowed, or when no account is).
 */
export function defaultAccountId(
  accounts: readonly LeadAccount[],
  known: { draftAccountId?: number | null; lastSentAccountId?: number | null } = {},
): number | null {
  const anyAllowed = accounts.some(smsAllowed);
  const usable = (id: number | null | undefined) => {
    const a = id == null ? undefined : accounts.find((x) => x.dealerAccountId === id);
    return a !== undefined && (smsAllowed(a) || !anyAllowed) ? a.dealerAccountId : null;
  };
  return (
    usable(known.draftAccountId) ??
    usable(known.lastSentAccountId) ??
    accounts.find(smsAllowed)?.dealerAccountId ??
    accounts[0]?.dealerAccountId ??
    null
  );
}

/** A template put into the message: whose it is and the text it put there. */
export interface InsertedTemplate {
  name: string;
  /** null: a template every account may use. */
  dealerAccountId: number | null;
  accountName: string | null;
  text: string;
}

/**
 * Why the message reads as another dealer's (a sentence), or null: a dealer-specific template
 * still in the text while another account is chosen, or the text naming another of the lead's
 * dealer accounts and not the chosen one.
 */
export function dealerMismatch(
  body: string,
  chosen: LeadAccount | null,
  accounts: readonly LeadAccount[],
  inserted: InsertedTemplate | null,
): string | null {
  if (!chosen || !body.trim()) return null;
  if (inserted && inserted.dealerAccountId !== null && inserted.dealerAccountId !== chosen.dealerAccountId && body.includes(inserted.text)) {
    return `“${inserted.name}” is a template of ${inserted.accountName ?? 'another dealer account'}, but this message goes from ${chosen.accountName}.`;
  }
  const lower = body.toLowerCase();
  if (lower.includes(chosen.accountName.toLowerCase())) return null;
  const other = accounts.find((a) => a.dealerAccountId !== chosen.dealerAccountId && a.accountName.trim() && lower.includes(a.accountName.toLowerCase()));
  return other ? `The message names ${other.accountName}, but it goes from ${chosen.accountName}.` : null;
}

/** The text with `insert` put at the selection [start, end), spaced from the words around it. */
export function insertAt(body: string, insert: string, start: number, end: number): { text: string; caret: number } {
  const s = Math.max(0, Math.min(start, body.length));
  const e = Math.max(s, Math.min(end, body.length));
  const before = body.slice(0, s);
  const after = body.slice(e);
  const lead = before && !/\s$/.test(before) ? ' ' : '';
  const trail = after && !/^\s/.test(after) ? ' ' : '';
  const text = `${before}${lead}${insert}${trail}${after}`;
  return { text, caret: before.length + lead.length + insert.length };
}
