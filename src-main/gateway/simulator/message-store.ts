// The simulator's message log. Each message is stored with its whole planned life (when it is
// sent, when it is delivered or not), so its Twilio representation is a pure function of the
// clock at read time. Listing is newest first by (date sent, sid), like Twilio, and paged with
// tokens naming the last message seen ("PA" + sid forward, "PB" + sid backward), so a page
// boundary stays put while messages are added.
import {
  accountPath,
  API_VERSION,
  messagePath,
  rfc2822,
  type TwilioDirection,
  type TwilioMessageResource,
  type TwilioMessageStatus,
} from './twilio-format.ts';

export interface StoredMessage {
  sid: string;
  accountSid: string;
  direction: TwilioDirection;
  /** The sender number; for a messaging-service send, the number the service picked. */
  from: string;
  /** Whether the caller named the From number (else it is revealed once the message is sent). */
  fromGiven: boolean;
  to: string;
  body: string;
  messagingServiceSid: string | null;
  numSegments: number;
  createdAt: number;
  /** When it is (or was) sent; the list order and DateSent filters use this. Inbound: received time. */
  sentAt: number;
  /** When it reaches its final status (outbound). */
  settledAt: number;
  finalStatus: 'delivered' | 'undelivered' | 'received';
  /** The ValidityPeriod the sender asked for, in seconds (absent: Twilio's default, 36,000). */
  validityPeriodS?: number | null;
}

const PRICE_PER_SEGMENT = 0.0515;

function keyCompare(a: StoredMessage, b: StoredMessage): number {
  if (a.sentAt !== b.sentAt) return a.sentAt - b.sentAt;
  return a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0;
}

/** The Twilio resource for a stored message as seen at `now`. */
export function messageResource(m: StoredMessage, now: number): TwilioMessageResource {
  const uri = messagePath(m.accountSid, m.sid);
  const mediaBase = `${accountPath(m.accountSid)}/Messages/${m.sid}`;
  const base = {
    account_sid: m.accountSid,
    api_version: API_VERSION,
    body: m.body,
    date_created: rfc2822(m.createdAt),
    direction: m.direction,
    messaging_service_sid: m.messagingServiceSid,
    num_media: '0',
    price_unit: 'USD',
    sid: m.sid,
    subresource_uris: { media: `${mediaBase}/Media.json`, feedback: `${mediaBase}/Feedback.json` },
    to: m.to,
    uri,
  };
  const price = (-PRICE_PER_SEGMENT * m.numSegments).toFixed(5);
  if (m.direction === 'inbound') {
    return {
      ...base,
      date_sent: rfc2822(m.sentAt),
      date_updated: rfc2822(m.sentAt),
      error_code: null,
      error_message: null,
      from: m.from,
      num_segments: String(m.numSegments),
      price,
      status: 'received',
    };
  }
  if (now < m.sentAt) {
    const viaService = m.messagingServiceSid !== null;
    const status: TwilioMessageStatus = viaService ? 'accepted' : 'queued';
    return {
      ...base,
      date_sent: null,
      date_updated: rfc2822(m.createdAt),
      error_code: null,
      error_message: null,
      from: viaService && !m.fromGiven ? null : m.from,
      num_segments: viaService ? '0' : String(m.numSegments),
      price: null,
      status,
    };
  }
  const settled = now >= m.settledAt;
  const undelivered = settled && m.finalStatus === 'undelivered';
  return {
    ...base,
    date_sent: rfc2822(m.sentAt),
    date_updated: rfc2822(settled ? m.settledAt : m.sentAt),
    error_code: undelivered ? 30003 : null,
    error_message: undelivered ? 'Unreachable destination handset' : null,
    from: m.from,
    num_segments: String(m.numSegments),
    price,
    status: settled ? m.finalStatus : 'sent',
  };
}

/** A DateSent bound: a whole GMT day (YYYY-MM-DD) or an instant (ISO date-time), to the second. */
export type DateBound = { kind: 'day'; startMs: number } | { kind: 'instant'; ms: number };

export interface ListFilter {
  to?: string;
  from?: string;
  dateSent?: DateBound;
  dateSentBefore?: DateBound;
  dateSentAfter?: DateBound;
}

const DAY_MS = 86_400_000;

/** Parses a DateSent value as Twilio accepts it; null when it is neither form. */
export function parseDateBound(value: string): DateBound | null {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const ms = Date.parse(`${v}T00:00:00Z`);
    return Number.isNaN(ms) ? null : { kind: 'day', startMs: ms };
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(v)) {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : { kind: 'instant', ms };
  }
  return null;
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

function matchesDates(sentAt: number, f: ListFilter): boolean {
  const s = seconds(sentAt);
  if (f.dateSent) {
    const b = f.dateSent;
    if (b.kind === 'day' ? sentAt < b.startMs || sentAt >= b.startMs + DAY_MS : s !== seconds(b.ms)) return false;
  }
  // "On or before" / "on or after": a day bound takes in the whole day.
  if (f.dateSentBefore) {
    const b = f.dateSentBefore;
    if (b.kind === 'day' ? sentAt >= b.startMs + DAY_MS : s > seconds(b.ms)) return false;
  }
  if (f.dateSentAfter) {
    const b = f.dateSentAfter;
    if (b.kind === 'day' ? sentAt < b.startMs : s < seconds(b.ms)) return false;
  }
  return true;
}

export interface PageRequest {
  pageSize: number;
  /** "PA<sid>": messages older than that one; "PB<sid>": the page just newer than it. */
  pageToken?: string;
  /** Client-side page index; used as an offset only when no token is given. */
  page: number;
}

export interface PageResult {
  items: StoredMessage[];
  /** Set when the next page exists. */
  nextToken: string | null;
  previousToken: string | null;
}

export class MessageStore {
  /** Ascending by (sentAt, sid). */
  readonly #sorted: StoredMessage[] = [];
  readonly #bySid = new Map<string, StoredMessage>();

  add(m: StoredMessage): void {
    if (this.#bySid.has(m.sid)) throw new Error(`duplicate message sid ${m.sid}`);
    let lo = 0;
    let hi = this.#sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keyCompare(this.#sorted[mid] as StoredMessage, m) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.#sorted.splice(lo, 0, m);
    this.#bySid.set(m.sid, m);
  }

  get(sid: string): StoredMessage | undefined {
    return this.#bySid.get(sid);
  }

  get size(): number {
    return this.#sorted.length;
  }

  /** Newest first. */
  all(): StoredMessage[] {
    return [...this.#sorted].reverse();
  }

  /** Messages matching the filter as seen at `now`, newest first. */
  #matching(filter: ListFilter, now: number): StoredMessage[] {
    const out: StoredMessage[] = [];
    for (let i = this.#sorted.length - 1; i >= 0; i--) {
      const m = this.#sorted[i] as StoredMessage;
      if (filter.to !== undefined && m.to !== filter.to) continue;
      if (filter.from !== undefined) {
        const shownFrom = messageResource(m, now).from;
        if (shownFrom !== filter.from) continue;
      }
      if (!matchesDates(m.sentAt, filter)) continue;
      out.push(m);
    }
    return out;
  }

  /** One page; throws RangeError for a token that names no message. */
  page(filter: ListFilter, req: PageRequest, now: number): PageResult {
    const rows = this.#matching(filter, now);
    let start: number;
    let end: number;
    if (req.pageToken) {
      const direction = req.pageToken.slice(0, 2);
      const cursor = this.#bySid.get(req.pageToken.slice(2));
      if (!cursor || (direction !== 'PA' && direction !== 'PB')) throw new RangeError('invalid PageToken');
      if (direction === 'PA') {
        // First row strictly older than the cursor.
        start = rows.findIndex((m) => keyCompare(m, cursor) < 0);
        if (start < 0) start = rows.length;
        end = Math.min(rows.length, start + req.pageSize);
      } else {
        // Rows strictly newer than the cursor are rows[0, k); the previous page is the last pageSize of them.
        let k = rows.findIndex((m) => keyCompare(m, cursor) <= 0);
        if (k < 0) k = rows.length;
        end = k;
        start = Math.max(0, end - req.pageSize);
      }
    } else {
      start = Math.min(rows.length, req.page * req.pageSize);
      end = Math.min(rows.length, start + req.pageSize);
    }
    const items = rows.slice(start, end);
    const last = items[items.length - 1];
    const first = items[0];
    return {
      items,
      nextToken: last && end < rows.length ? `PA${last.sid}` : null,
      previousToken: first && start > 0 ? `PB${first.sid}` : null,
    };
  }
}
