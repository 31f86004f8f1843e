// The simulator's behaviour without HTTP: validating and creating messages as Twilio does,
// listing with filters and paging, customer replies, keyword opt-outs per sender.
import type { Clock } from '../../clock.ts';
import type { Random } from '../../seeded-random.ts';
import { MessageStore, messageResource, parseDateBound, type ListFilter, type StoredMessage } from './message-store.ts';
import { gatewayKeyword, OptOutRegistry, TWILIO_KEYWORD_REPLIES } from './opt-out-registry.ts';
import { canonicalAddress, checkRecipient, countryOf, toE164, type CountryCode } from './phone.ts';
import { countSegments, smsLength, MAX_SMS_BODY_CHARS } from '../../../shared/sms-segments.ts';
import {
  isSid,
  listUri,
  messagePath,
  newSid,
  twilioError,
  type TwilioDirection,
  type TwilioErrorBody,
  type TwilioMessagePage,
  type TwilioMessageResource,
} from './twilio-format.ts';

export interface SimMessagingService {
  sid: string;
  friendlyName?: string;
  numbers: string[];
}

export interface CoreOptions {
  accountSid: string;
  clock: Clock;
  random: Random;
  /** Numbers the account owns (E.164), or 'any' to accept every valid From. */
  ownedNumbers: string[] | 'any';
  messagingServices: SimMessagingService[];
  enforceOptOut: boolean;
  keywordAutoReply: boolean;
  /** Share of outbound messages that end `undelivered` (error 30003) instead of `delivered`. */
  undeliveredRate: number;
  /** Time a new outbound message stays queued/accepted before it is sent. */
  queueMs: number;
  /** Time from sent to delivered/undelivered. */
  deliverMs: number;
  /** Country for numbers given in national format when the sender's country is unknown. */
  defaultCountry: CountryCode;
}

export type ApiResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; body: TwilioErrorBody };

export interface InboundInput {
  from: string;
  to: string;
  body: string;
  /** Epoch ms or ISO date-time; defaults to now. */
  at?: number | string;
}


function fail(status: number, code: number, message: string): { ok: false; status: number; body: TwilioErrorBody } {
  return { ok: false, status, body: twilioError(status, code, message) };
}

export class SimCore {
  readonly store = new MessageStore();
  readonly optOuts = new OptOutRegistry();
  readonly #o: CoreOptions;
  readonly #owned: Set<string> | 'any';
  readonly #services = new Map<string, SimMessagingService>();
  readonly #serviceOfNumber = new Map<string, string>();
  readonly #sticky = new Map<string, string>();
  enforceOptOut: boolean;

  constructor(options: CoreOptions) {
    this.#o = options;
    this.enforceOptOut = options.enforceOptOut;
    for (const s of options.messagingServices) {
      if (!isSid('MG', s.sid)) throw new Error(`messaging service SID must be MG + 32 hex: ${s.sid}`);
      const numbers = s.numbers.map((n) => this.#canonical(n));
      this.#services.set(s.sid, { ...s, numbers });
      for (const n of numbers) this.#serviceOfNumber.set(n, s.sid);
    }
    this.#owned =
      options.ownedNumbers === 'any'
        ? 'any'
        : new Set([...options.ownedNumbers.map((n) => this.#canonical(n)), ...this.#serviceOfNumber.keys()]);
  }

  get accountSid(): string {
    return this.#o.accountSid;
  }

  now(): number {
    return this.#o.clock();
  }

  #canonical(raw: string): string {
    return canonicalAddress(raw, this.#o.defaultCountry);
  }

  /** E.164 form of a number when it parses (national format read in the default country). */
  canonical(raw: string): string {
    return this.#canonical(raw);
  }

  ownsNumber(number: string): boolean {
    return this.#owned === 'any' ? toE164(number, this.#o.defaultCountry) !== null : this.#owned.has(this.#canonical(number));
  }

  ownedNumbers(): string[] | 'any' {
    return this.#owned === 'any' ? 'any' : [...this.#owned];
  }

  /** The opt-out scope of a sender number: its messaging service when it is in one, else itself. */
  scopeOf(number: string): string {
    const n = this.#canonical(number);
    return this.#serviceOfNumber.get(n) ?? n;
  }

  isOptedOut(sender: string, recipient: string): boolean {
    const scope = isSid('MG', sender) ? sender : this.scopeOf(sender);
    return this.optOuts.isOptedOut(scope, this.#canonical(recipient));
  }

  #pickServiceNumber(service: SimMessagingService, to: string): string {
    const key = `${service.sid}|${to}`;
    const sticky = this.#sticky.get(key);
    if (sticky) return sticky;
    const pick = service.numbers[Math.floor(this.#o.random() * service.numbers.length)] ?? service.numbers[0];
    if (!pick) throw new Error(`messaging service ${service.sid} has no numbers`);
    this.#sticky.set(key, pick);
    return pick;
  }

  #newMessageSid(): string {
    let sid = newSid('SM', this.#o.random);
    while (this.store.get(sid)) sid = newSid('SM', this.#o.random);
    return sid;
  }

  #storeOutbound(args: {
    direction: TwilioDirection;
    from: string;
    fromGiven: boolean;
    to: string;
    body: string;
    messagingServiceSid: string | null;
    createdAt: number;
    validityPeriodS?: number | null;
  }): StoredMessage {
    const undelivered = this.#o.undeliveredRate > 0 && this.#o.random() < this.#o.undeliveredRate;
    const sentAt = args.createdAt + this.#o.queueMs;
    const m: StoredMessage = {
      ...args,
      sid: this.#newMessageSid(),
      accountSid: this.#o.accountSid,
      numSegments: countSegments(args.body).segments,
      sentAt,
      settledAt: sentAt + this.#o.deliverMs,
      finalStatus: undelivered ? 'undelivered' : 'delivered',
    };
    this.store.add(m);
    return m;
  }

  /** POST Messages.json, with Twilio's validation and error codes. */
  createFromApi(form: URLSearchParams): ApiResult<TwilioMessageResource> {
    const rawTo = form.get('To')?.trim() ?? '';
    let rawFrom = form.get('From')?.trim() ?? '';
    let serviceSid = form.get('MessagingServiceSid')?.trim() ?? '';
    const body = form.get('Body') ?? '';
    if (!rawTo) return fail(400, 21604, "A 'To' phone number is required.");
    if (isSid('MG', rawFrom) && !serviceSid) {
      serviceSid = rawFrom; // Twilio accepts a messaging service SID in From
      rawFrom = '';
    }
    if (!rawFrom && !serviceSid) return fail(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");

    let service: SimMessagingService | undefined;
    if (serviceSid) {
      service = this.#services.get(serviceSid);
      if (!service) return fail(400, 21701, `The Messaging Service Sid ${serviceSid} is invalid.`);
    }
    let from: string | null = null;
    if (rawFrom) {
      const canonical = this.#canonical(rawFrom);
      const owned = service ? service.numbers.includes(canonical) : this.ownsNumber(canonical);
      if (!owned) {
        return fail(400, 21606, `The From phone number ${rawFrom} is not a valid, SMS-capable inbound phone number or short code for your account.`);
      }
      from = canonical;
    }
    if (body.trim() === '') return fail(400, 21602, 'Message body is required.');
    if (smsLength(body) > MAX_SMS_BODY_CHARS) return fail(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    const rawValidity = form.get('ValidityPeriod');
    let validityPeriodS: number | null = null;
    if (rawValidity !== null) {
      validityPeriodS = /^\d+$/.test(rawValidity.trim()) ? Number(rawValidity) : NaN;
      if (!(validityPeriodS >= 1 && validityPeriodS <= 36_000)) {
        return fail(400, 21624, 'Validity period can only be set to integers between 1 and 36,000 seconds (10 hours max).');
      }
    }

    const senderForCountry = from ?? service?.numbers[0];
    const country = (senderForCountry && countryOf(senderForCountry)) || this.#o.defaultCountry;
    const recipient = checkRecipient(rawTo, country);
    if (!recipient.ok) {
      return recipient.code === 21211
        ? fail(400, 21211, `The 'To' number ${rawTo} is not a valid phone number.`)
        : fail(400, 21614, "'To' number is not a valid mobile number");
    }
    const to = recipient.e164;
    if (from && from === to) return fail(400, 21266, "'To' and 'From' number cannot be the same");

    const scope = service ? service.sid : this.scopeOf(from as string);
    if (this.enforceOptOut && this.optOuts.isOptedOut(scope, to)) {
      return fail(400, 21610, 'Attempt to send to unsubscribed recipient');
    }
    const now = this.now();
    const m = this.#storeOutbound({
      direction: 'outbound-api',
      from: from ?? this.#pickServiceNumber(service as SimMessagingService, to),
      fromGiven: from !== null,
      to,
      body,
      messagingServiceSid: service?.sid ?? null,
      createdAt: now,
      validityPeriodS,
    });
    return { ok: true, status: 201, body: messageResource(m, now) };
  }

  fetch(sid: string): ApiResult<TwilioMessageResource> {
    const m = this.store.get(sid);
    if (!m) return fail(404, 20404, `The requested resource ${messagePath(this.#o.accountSid, sid)} was not found`);
    return { ok: true, status: 200, body: messageResource(m, this.now()) };
  }

  /** GET Messages.json. `duplicate` repeats the previous page's last message first (fault). */
  listFromApi(query: URLSearchParams, duplicate = false): ApiResult<TwilioMessagePage> {
    const filter: ListFilter = {};
    const echo: Array<[string, string]> = [];
    const to = query.get('To');
    if (to) {
      filter.to = this.#canonical(to);
      echo.push(['To', to]);
    }
    const from = query.get('From');
    if (from) {
      filter.from = this.#canonical(from);
      echo.push(['From', from]);
    }
    for (const [param, key] of [
      ['DateSent', 'dateSent'],
      ['DateSent<', 'dateSentBefore'],
      ['DateSent>', 'dateSentAfter'],
    ] as const) {
      const raw = query.get(param);
      if (raw === null || raw === '') continue;
      const bound = parseDateBound(raw);
      if (!bound) return fail(400, 20001, `Invalid ${param}: ${raw}`);
      filter[key] = bound;
      echo.push([param, raw]);
    }
    const pageSizeRaw = query.get('PageSize');
    let pageSize = 50;
    if (pageSizeRaw !== null) {
      pageSize = Number(pageSizeRaw);
      if (!Number.isInteger(pageSize) || pageSize < 1) return fail(400, 20001, `Invalid PageSize: ${pageSizeRaw}`);
      pageSize = Math.min(pageSize, 1000);
    }
    const pageRaw = query.get('Page');
    const page = pageRaw === null ? 0 : Number(pageRaw);
    if (!Number.isInteger(page) || page < 0) return fail(400, 20001, `Invalid Page: ${pageRaw}`);
    const pageToken = query.get('PageToken') ?? undefined;

    const now = this.now();
    let result;
    try {
      result = this.store.page(filter, { pageSize, page, pageToken }, now);
    } catch {
      return fail(400, 20001, `Invalid PageToken: ${pageToken}`);
    }
    const items = [...result.items];
    if (duplicate && pageToken?.startsWith('PA')) {
      const previousLast = this.store.get(pageToken.slice(2));
      if (previousLast) items.unshift(previousLast);
    }
    const acct = this.#o.accountSid;
    const sized: Array<[string, string]> = [...echo, ['PageSize', String(pageSize)]];
    const start = page * pageSize;
    return {
      ok: true,
      status: 200,
      body: {
        end: start + Math.max(0, items.length - 1),
        first_page_uri: listUri(acct, [...sized, ['Page', '0']]),
        messages: items.map((m) => messageResource(m, now)),
        next_page_uri: result.nextToken ? listUri(acct, [...sized, ['Page', String(page + 1)], ['PageToken', result.nextToken]]) : null,
        page,
        page_size: pageSize,
        previous_page_uri: result.previousToken
          ? listUri(acct, [...sized, ['Page', String(Math.max(0, page - 1))], ['PageToken', result.previousToken]])
          : null,
        start,
        uri: listUri(acct, [...sized, ['Page', String(page)], ...(pageToken ? ([['PageToken', pageToken]] as Array<[string, string]>) : [])]),
      },
    };
  }

  #atMs(at: number | string | undefined): number {
    if (at === undefined) return this.now();
    const ms = typeof at === 'number' ? at : Date.parse(at);
    if (!Number.isFinite(ms)) throw new RangeError(`invalid time: ${String(at)}`);
    return ms;
  }

  /** A customer texts one of the account's numbers. Applies Twilio's keyword opt-out/in. */
  injectInbound(input: InboundInput): StoredMessage {
    const from = toE164(input.from, this.#o.defaultCountry);
    if (!from) throw new RangeError(`inbound: 'from' ${input.from} is not a valid phone number`);
    const to = this.#canonical(input.to);
    if (!this.ownsNumber(to)) throw new RangeError(`inbound: 'to' ${input.to} is not a number of this account`);
    if (typeof input.body !== 'string' || input.body === '') throw new RangeError('inbound: body is required');
    const at = this.#atMs(input.at);
    const service = this.#serviceOfNumber.get(to) ?? null;
    const m: StoredMessage = {
      sid: this.#newMessageSid(),
      accountSid: this.#o.accountSid,
      direction: 'inbound',
      from,
      fromGiven: true,
      to,
      body: input.body,
      messagingServiceSid: service,
      numSegments: countSegments(input.body).segments,
      createdAt: at,
      sentAt: at,
      settledAt: at,
      finalStatus: 'received',
    };
    this.store.add(m);
    const keyword = gatewayKeyword(input.body);
    if (keyword) {
      const scope = this.scopeOf(to);
      if (keyword.kind === 'opt_out') this.optOuts.optOut(scope, from, keyword.keyword, at);
      if (keyword.kind === 'opt_in') this.optOuts.optIn(scope, from);
      if (this.#o.keywordAutoReply) {
        this.#storeOutbound({
          direction: 'outbound-reply',
          from: to,
          fromGiven: true,
          to: from,
          body: TWILIO_KEYWORD_REPLIES[keyword.kind],
          messagingServiceSid: service,
          createdAt: at + 1,
        });
      }
    }
    return m;
  }

  /** Outbound history from a scenario: created as if sent by the API at `at`, no checks. */
  recordOutbound(input: { from: string; to: string; body: string; at: number }): StoredMessage {
    const to = toE164(input.to, this.#o.defaultCountry);
    if (!to) throw new RangeError(`outbound: 'to' ${input.to} is not a valid phone number`);
    const service = isSid('MG', input.from) ? this.#services.get(input.from) : undefined;
    if (isSid('MG', input.from) && !service) throw new RangeError(`outbound: unknown messaging service ${input.from}`);
    return this.#storeOutbound({
      direction: 'outbound-api',
      from: service ? this.#pickServiceNumber(service, to) : this.#canonical(input.from),
      fromGiven: !service,
      to,
      body: input.body,
      messagingServiceSid: service?.sid ?? null,
      createdAt: input.at,
    });
  }

  resource(m: StoredMessage): TwilioMessageResource {
    return messageResource(m, this.now());
  }
}
