// An in-memory gateway message log listed the way Twilio lists Messages: filtered by To, From and
// DateSent>= (whole seconds), newest first by date sent, in pages linked by a next-page URL. Every
// list request is shown to `onList` first, which may throw to fail it (a network error mid-pass).
import { GatewayError, type GatewayMessage, type MessageListQuery, type MessagePage, type MessageSource } from '../../src-main/gateway/sms-gateway.ts';

interface PageRef {
  to?: string;
  from?: string;
  after?: number;
  size: number;
  offset: number;
}

const PAGE_URL = 'log:';

const sentAt = (m: GatewayMessage): number => m.dateSent ?? m.dateCreated;
/** Twilio's listing order: newest date sent first (SID breaks ties). */
const newestFirst = (a: GatewayMessage, b: GatewayMessage): number => sentAt(b) - sentAt(a) || (a.sid < b.sid ? 1 : a.sid > b.sid ? -1 : 0);

export class PagedMessageLog implements MessageSource {
  readonly #messages: GatewayMessage[];
  /** Each request as made (a first page's query, or { pageUrl }). */
  readonly requests: MessageListQuery[] = [];
  onList: ((query: MessageListQuery) => void) | null = null;

  constructor(
    messages: GatewayMessage[],
    readonly accountSid?: string,
  ) {
    this.#messages = [...messages].sort(newestFirst);
  }

  /** A message arriving at the gateway now (kept in listing order). */
  add(message: GatewayMessage): void {
    this.#messages.push(message);
    this.#messages.sort(newestFirst);
  }

  async listMessages(query: MessageListQuery): Promise<MessagePage> {
    this.requests.push(query);
    this.onList?.(query);
    const ref = query.pageUrl !== undefined ? parsePageUrl(query.pageUrl) : firstPage(query);
    const after = ref.after === undefined ? undefined : Math.floor(ref.after / 1000) * 1000;
    const rows = this.#messages.filter(
      (m) =>
        (ref.to === undefined || m.to === ref.to) &&
        (ref.from === undefined || m.from === ref.from) &&
        (after === undefined || (m.dateSent !== null && m.dateSent >= after)),
    );
    const messages = rows.slice(ref.offset, ref.offset + ref.size);
    const end = ref.offset + messages.length;
    return { messages, nextPageUrl: end < rows.length ? PAGE_URL + JSON.stringify({ ...ref, offset: end }) : null };
  }

  /** Whether a request (a first page or a later one) lists the whole log, not one number's messages. */
  listsWholeLog(query: MessageListQuery): boolean {
    const ref = query.pageUrl !== undefined ? parsePageUrl(query.pageUrl) : firstPage(query);
    return ref.to === undefined && ref.from === undefined;
  }

  async fetchMessage(sid: string): Promise<GatewayMessage | null> {
    return this.#messages.find((m) => m.sid === sid) ?? null;
  }
}

function firstPage(q: MessageListQuery): PageRef {
  return {
    ...(q.to !== undefined ? { to: q.to } : {}),
    ...(q.from !== undefined ? { from: q.from } : {}),
    ...(q.dateSentAfter !== undefined ? { after: q.dateSentAfter } : {}),
    size: q.pageSize ?? 50,
    offset: 0,
  };
}

function parsePageUrl(url: string): PageRef {
  if (!url.startsWith(PAGE_URL)) throw new GatewayError('rejected', `not a page of this log: ${url}`, 20404, 404);
  return JSON.parse(url.slice(PAGE_URL.length)) as PageRef;
}
