// The gateway adapter over the official `twilio` package (main process only). Twilio's errors
// become typed outcomes: what is final, what is safe to retry, and what must be reconciled
// against the message log before any retry because the request may have been acted on (R7, R8).
// The client's own auto-retry is off: the outbox owns retries.
import { AsyncLocalStorage } from 'node:async_hooks';
import twilio from 'twilio';
import type { Clock } from '../clock.ts';
import {
  GatewayError,
  localOutboundStatus,
  type GatewayMessage,
  type MessageListQuery,
  type MessagePage,
  type OutboundSms,
  type SendOutcome,
  type SyncGateway,
} from './sms-gateway.ts';

export interface TwilioGatewayOptions {
  accountSid: string;
  authToken: string;
  /** Another API host, e.g. the local simulator ("http://127.0.0.1:4010"). Edge and region stay unset. */
  baseUrl?: string;
  /** Per-request timeout, ms. Default 15 000. */
  timeoutMs?: number;
  clock?: Clock;
}

/** Twilio error codes with a meaning of their own here. */
export const TWILIO_CODES = {
  authenticate: 20003,
  unsubscribedRecipient: 21610,
  invalidTo: 21211,
  notMobile: 21614,
} as const;

const INVALID_RECIPIENT_CODES = new Set<number>([21211, 21614, 21612, 21408]);
/** Network failures that mean the request never reached the gateway. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_INVALID_URL']);

/** The response headers of the request made in this async context (for Retry-After). */
const lastHeaders = new AsyncLocalStorage<{ headers: Record<string, unknown> | null }>();

/** Twilio's request client, remembering each response's headers for the caller's async context. */
class HeaderKeepingRequestClient extends twilio.RequestClient {
  override async request<TData>(opts: Parameters<twilio.RequestClient['request']>[0]) {
    const response = await super.request<TData>(opts as never);
    const slot = lastHeaders.getStore();
    if (slot) slot.headers = (response.headers ?? null) as Record<string, unknown> | null;
    return response;
  }
}

interface RestLike {
  status: number;
  code?: number;
  message: string;
}

function isRestException(err: unknown): err is RestLike {
  return err instanceof twilio.RestException || (typeof err === 'object' && err !== null && typeof (err as RestLike).status === 'number' && !('isAxiosError' in err));
}

function networkCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = networkCode(err);
    return code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}

/** Retry-After as ms: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: unknown, now: number): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const text = String(raw).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function retryAfterOf(headers: Record<string, unknown> | null, now: number): number | null {
  if (!headers) return null;
  return parseRetryAfter(headers['retry-after'] ?? headers['Retry-After'], now);
}

const ms = (d: Date | null | undefined): number | null => (d instanceof Date && !Number.isNaN(d.getTime()) ? d.getTime() : null);


interface TwilioMessageLike {
  sid: string;
  direction: string;
  from: string | null;
  to: string;
  body: string;
  status: string;
  messagingServiceSid: string | null;
  numSegments: string | null;
  errorCode: number | null;
  errorMessage: string | null;
  dateCreated: Date;
  dateSent: Date | null;
  dateUpdated: Date;
}

export function toGatewayMessage(m: TwilioMessageLike): GatewayMessage {
  const created = ms(m.dateCreated) ?? 0;
  return {
    sid: m.sid,
    direction: m.direction,
    from: m.from ?? null,
    to: m.to,
    body: m.body ?? '',
    status: m.status,
    messagingServiceSid: m.messagingServiceSid ?? null,
    numSegments: Number(m.numSegments ?? 1) || 1,
    errorCode: m.errorCode ?? null,
    errorMessage: m.errorMessage ?? null,
    dateCreated: created,
    dateSent: ms(m.dateSent),
    dateUpdated: ms(m.dateUpdated) ?? created,
  };
}

export class TwilioGateway implements SyncGateway {
  readonly client: twilio.Twilio;
  readonly accountSid: string;
  readonly #clock: Clock;
  readonly #baseUrl: string;

  constructor(o: TwilioGatewayOptions) {
    const timeout = o.timeoutMs ?? 15_000;
    this.accountSid = o.accountSid;
    this.#clock = o.clock ?? Date.now;
    const httpClient = new HeaderKeepingRequestClient({ timeout, autoRetry: false, keepAlive: true });
    this.client = twilio(o.accountSid, o.authToken, { httpClient, autoRetry: false, timeout, env: {} });
    if (o.baseUrl) {
      this.#baseUrl = o.baseUrl.replace(/\/+$/, '');
      this.client.api.baseUrl = this.#baseUrl;
      this.client.edge = undefined;
      this.client.region = undefined;
    } else {
      this.#baseUrl = 'https://api.twilio.com';
    }
  }

  async send(sms: OutboundSms): Promise<SendOutcome> {
    const validity = sms.validityPeriodS !== undefined ? { validityPeriod: sms.validityPeriodS } : {};
    const params =
      sms.sender.kind === 'messaging_service'
        ? { to: sms.to, body: sms.body, messagingServiceSid: sms.sender.address, ...validity }
        : { to: sms.to, body: sms.body, from: sms.sender.address, ...validity };
    const slot = { headers: null as Record<string, unknown> | null };
    try {
      const m = await lastHeaders.run(slot, () => this.client.messages.create(params));
      return { kind: 'accepted', sid: m.sid, status: localOutboundStatus(m.status), at: ms(m.dateCreated) ?? this.#clock() };
    } catch (err) {
      return this.#sendFailure(err, slot.headers);
    }
  }

  #sendFailure(err: unknown, headers: Record<string, unknown> | null): SendOutcome {
    if (isRestException(err)) {
      const code = typeof err.code === 'number' ? err.code : null;
      const message = err.message || `HTTP ${err.status}`;
      if (code === TWILIO_CODES.unsubscribedRecipient) return { kind: 'recipient_unsubscribed', code, message };
      if (code !== null && INVALID_RECIPIENT_CODES.has(code)) return { kind: 'invalid_recipient', code, message };
      if (err.status === 401 || code === TWILIO_CODES.authenticate) {
        return { kind: 'auth_failed', code: code ?? TWILIO_CODES.authenticate, message: authMessage(message) };
      }
      if (err.status === 429 || err.status >= 500) {
        // Answered before acting (Twilio's 429 and 5xx on create): safe to send again.
        return { kind: 'retryable', code: code ?? err.status, message, retryAfterMs: retryAfterOf(headers, this.#clock()) };
      }
      return { kind: 'rejected', code, message };
    }
    const code = networkCode(err);
    if (code && NOT_SENT_CODES.has(code)) {
      return { kind: 'retryable', code: null, message: `The SMS gateway could not be reached: ${describe(err)}`, retryAfterMs: null };
    }
    // A timeout, a reset or a response cut off after the request left: it may have been sent.
    return { kind: 'unknown', message: describe(err) };
  }

  #readFailure(err: unknown, headers: Record<string, unknown> | null): GatewayError {
    if (isRestException(err)) {
      const code = typeof err.code === 'number' ? err.code : null;
      const message = err.message || `HTTP ${err.status}`;
      if (err.status === 401 || code === TWILIO_CODES.authenticate) return new GatewayError('auth_failed', authMessage(message), code, err.status);
      if (err.status === 429 || err.status >= 500) {
        return new GatewayError('retryable', message, code, err.status, retryAfterOf(headers, this.#clock()));
      }
      return new GatewayError('rejected', message, code, err.status);
    }
    const code = networkCode(err);
    const prefix = code && NOT_SENT_CODES.has(code) ? 'The SMS gateway could not be reached: ' : '';
    return new GatewayError('retryable', `${prefix}${describe(err)}`);
  }

  /**
   * Reads are idempotent: one immediate retry when a kept-alive connection turned out to be closed
   * by the server (ECONNRESET / EPIPE before any response).
   */
  async #read<T>(slot: { headers: Record<string, unknown> | null }, fn: () => Promise<T>): Promise<T> {
    try {
      return await lastHeaders.run(slot, fn);
    } catch (err) {
      const code = networkCode(err);
      if ((code === 'ECONNRESET' || code === 'EPIPE') && !(err as { response?: unknown }).response) return lastHeaders.run(slot, fn);
      throw err;
    }
  }

  async listMessages(q: MessageListQuery): Promise<MessagePage> {
    const slot = { headers: null as Record<string, unknown> | null };
    try {
      const page = await this.#read(slot, () => {
        if (q.pageUrl !== undefined) {
          if (!q.pageUrl.startsWith(`${this.#baseUrl}/`)) throw new GatewayError('rejected', `refusing a page URL outside ${this.#baseUrl}`);
          return this.client.messages.getPage(q.pageUrl);
        }
        return this.client.messages.page({
          ...(q.to !== undefined ? { to: q.to } : {}),
          ...(q.from !== undefined ? { from: q.from } : {}),
          ...(q.dateSentAfter !== undefined ? { dateSentAfter: new Date(q.dateSentAfter) } : {}),
          pageSize: Math.min(1000, Math.max(1, q.pageSize ?? 50)),
        });
      });
      return {
        messages: page.instances.map((m) => toGatewayMessage(m as unknown as TwilioMessageLike)),
        nextPageUrl: page.nextPageUrl ?? null,
      };
    } catch (err) {
      if (err instanceof GatewayError) throw err;
      throw this.#readFailure(err, slot.headers);
    }
  }

  async fetchMessage(sid: string): Promise<GatewayMessage | null> {
    const slot = { headers: null as Record<string, unknown> | null };
    try {
      const m = await this.#read(slot, () => this.client.messages(sid).fetch());
      return toGatewayMessage(m as unknown as TwilioMessageLike);
    } catch (err) {
      if (isRestException(err) && err.status === 404) return null;
      throw this.#readFailure(err, slot.headers);
    }
  }
}

function authMessage(message: string): string {
  return `The SMS gateway rejected the account credentials (${message}). Check the Account SID and Auth Token in Settings.`;
}
