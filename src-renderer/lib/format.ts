// Display formatting. Dates in en-AU; numbers the way Australians write them.
import type { MessageStatus } from '../../shared/domain/types.ts';
import { phoneForDisplay } from '../../shared/phone-display.ts';

const dateTime = new Intl.DateTimeFormat('en-AU', { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });
const dateOnly = new Intl.DateTimeFormat('en-AU', { day: 'numeric', month: 'short', year: 'numeric' });
const timeOnly = new Intl.DateTimeFormat('en-AU', { hour: 'numeric', minute: '2-digit', second: '2-digit' });

export function fmtDateTime(ms: number | null | undefined): string {
  return ms == null ? '—' : dateTime.format(new Date(ms));
}
export function fmtDate(ms: number | null | undefined): string {
  return ms == null ? '—' : dateOnly.format(new Date(ms));
}
export function fmtTime(ms: number | null | undefined): string {
  return ms == null ? '—' : timeOnly.format(new Date(ms));
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

export function fmtCount(n: number): string {
  return n.toLocaleString('en-AU');
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
