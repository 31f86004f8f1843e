// Display formatting. Dates in en-AU; numbers the way Australians write them.
import type { MessageStatus } from '../../shared/domain/types.ts';
import { phoneForDisplay } from '../../shared/phone-display.ts';

// Dates and counts are written here by hand, in en-AU's own forms (CLDR's, as Intl writes them:
// "5 Dec 2026, 9:42 pm", "3 Sept 2026", "100,000"), not with Intl: the first use of Intl in a new
// renderer process loads ICU's data, 25-50 ms measured in Chromium here, and the first screen (counts,
// the inbox's times) would pay it before its first rows. test/unit/format.test.ts checks these
// against Intl's en-AU for every month, hour and zone.
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'June', 'July', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'] as const;
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

function clock(d: Date, seconds: boolean): string {
  const h = d.getHours();
  const mm = String(d.getMinutes()).padStart(2, '0');
  const ss = seconds ? `:${String(d.getSeconds()).padStart(2, '0')}` : '';
  return `${h % 12 === 0 ? 12 : h % 12}:${mm}${ss} ${h < 12 ? 'am' : 'pm'}`;
}

function day(d: Date): string {
  return `${d.getDate()} ${MONTHS_SHORT[d.getMonth()]} ${d.getFullYear()}`;
}

/** "Friday 4 December 2026" (local time). */
export function fmtDayLong(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS_LONG[d.getMonth()]} ${d.getFullYear()}`;
}

/** "5 Dec 2026, 9:42 pm" (local time). */
export function fmtDateTime(ms: number | null | undefined): string {
  if (ms == null) return '—';
  const d = new Date(ms);
  return `${day(d)}, ${clock(d, false)}`;
}
/** "5 Dec 2026" (local time). */
export function fmtDate(ms: number | null | undefined): string {
  return ms == null ? '—' : day(new Date(ms));
}
/** "9:42:07 pm" (local time). */
export function fmtTime(ms: number | null | undefined): string {
  return ms == null ? '—' : clock(new Date(ms), true);
}

/** "just now", "3 min ago", "2 h ago", else the date. */
export function fmtAgo(ms: number | null | undefined, now = Date.now()): string {
  if (ms == null) return 'never';
  const s = Math.round((now - ms) / 1000);
  if (s < 10) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  return fmtDateTime(ms);
}

/** A number as people read it ("0412 345 678"; shared/phone-display.ts), or a dash for none. */
export function fmtPhone(e164: string | null | undefined): string {
  return e164 ? phoneForDisplay(e164) : '—';
}

/** A count as Australians write it: "100,000" (any other number: Intl's en-AU). */
export function fmtCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-AU');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

export type Tone = 'ok' | 'blocked' | 'queued' | 'sent' | 'inbound' | 'failed' | 'neutral';

/** The words and colour of each message status: blocked = red, queued = amber, delivered = green. */
export const STATUS_LABEL: Record<MessageStatus, { label: string; tone: Tone }> = {
  queued: { label: 'Queued', tone: 'queued' },
  sending: { label: 'Sending', tone: 'sent' },
  unknown: { label: 'Checking', tone: 'queued' },
  accepted: { label: 'With gateway', tone: 'sent' },
  sent: { label: 'Sent', tone: 'sent' },
  delivered: { label: 'Delivered', tone: 'ok' },
  undelivered: { label: 'Undelivered', tone: 'failed' },
  failed: { label: 'Failed', tone: 'failed' },
  blocked_opted_out: { label: 'Blocked — opted out', tone: 'blocked' },
  blocked_gateway: { label: 'Blocked by gateway', tone: 'blocked' },
  held_review: { label: 'Held for review', tone: 'blocked' },
  received: { label: 'Reply', tone: 'inbound' },
};

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
