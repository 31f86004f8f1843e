// Several gateway (Twilio) accounts at once. The registry keeps one AccountGateway per gateway
// account for the app's life; its client changes when the user stores or clears that account's
// Auth Token. A send goes through the gateway account that owns its sender; every account with
// credentials is polled (sync/account-pollers.ts). Each AccountGateway keeps that account's health
// — the last good contact, the last error in plain words — from every request made through it, so
// a wrong token or an outage shows on that account only.
import type { Clock } from '../clock.ts';
import {
  GatewayError,
  type GatewayMessage,
  type MessageListQuery,
  type MessagePage,
  type OutboundSms,
  type SendOutcome,
  type SyncGateway,
} from './sms-gateway.ts';
import { plainGatewayError } from './plain-words.ts';

export type GatewayKind = 'twilio' | 'simulator' | 'none';

/** Where one gateway account stands, as the status bar and Settings show it. */
export interface GatewayHealth {
  /** 'unknown': not tried yet; 'no_credentials': no Auth Token stored. */
  state: 'unknown' | 'online' | 'offline' | 'auth_failed' | 'limited' | 'no_credentials';
  /** The last request the gateway answered (successfully), epoch ms. */
  lastOkAt: number | null;
  /** The last failure in plain words, while it lasts. */
  lastError: string | null;
  /** Twilio's code and message (or the network error) behind lastError. */
  lastErrorDetail: string | null;
}

export function noCredentialsMessage(label: string): string {
  return `No Auth Token is stored for ${label}: add it under Settings → Gateway accounts.`;
}

/** One gateway account's gateway: stable for the app's life, its client set from the stored credentials. */
export class AccountGateway implements SyncGateway {
  #inner: SyncGateway | null = null;
  #kind: GatewayKind = 'none';
  #health: GatewayHealth = { state: 'no_credentials', lastOkAt: null, lastError: null, lastErrorDetail: null };
  readonly #listeners = new Set<() => void>();

  constructor(
    readonly gatewayAccountId: number,
    readonly accountSid: string,
    public label: string,
    private readonly clock: Clock,
  ) {}

  /** A new client (credentials stored or changed), or none (cleared). */
  set(inner: SyncGateway | null, kind: GatewayKind): void {
    this.#inner = inner;
    this.#kind = inner ? kind : 'none';
    this.#health = inner
      ? { state: 'unknown', lastOkAt: this.#health.lastOkAt, lastError: null, lastErrorDetail: null }
      : { state: 'no_credentials', lastOkAt: this.#health.lastOkAt, lastError: noCredentialsMessage(this.label), lastErrorDetail: null };
    this.#changed();
  }

  get kind(): GatewayKind {
    return this.#kind;
  }
  get configured(): boolean {
    return this.#inner !== null;
  }
  health(): GatewayHealth {
    return { ...this.#health };
  }

  /** Called whenever this account's health changes. Returns an unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const l of this.#listeners) l();
  }

  #ok(): void {
    const was = this.#health.state;
    this.#health = { state: 'online', lastOkAt: this.clock(), lastError: null, lastErrorDetail: null };
    if (was !== 'online') this.#changed();
  }

  #failed(err: GatewayError): void {
    const { text, detail } = plainGatewayError(err);
    const state: GatewayHealth['state'] =
      err.kind === 'auth_failed' ? 'auth_failed' : err.kind === 'retryable' && err.status === 429 ? 'limited' : err.kind === 'retryable' && err.status === null ? 'offline' : 'online';
    // A refusal of one request (a bad filter) still means the gateway answered.
    const lastOkAt = state === 'online' ? this.clock() : this.#health.lastOkAt;
    this.#health = { state, lastOkAt, lastError: text, lastErrorDetail: detail };
    this.#changed();
  }

  async send(sms: OutboundSms): Promise<SendOutcome> {
    const inner = this.#inner;
    if (!inner) return { kind: 'retryable', code: null, message: noCredentialsMessage(this.label), retryAfterMs: null };
    const outcome = await inner.send(sms);
    switch (outcome.kind) {
      case 'accepted':
      case 'recipient_unsubscribed':
      case 'invalid_recipient':
      case 'rejected':
        this.#ok();
        break;
      case 'auth_failed':
        this.#failed(new GatewayError('auth_failed', outcome.message, outcome.code, 401));
        break;
      case 'retryable':
        this.#failed(new GatewayError('retryable', outcome.message, outcome.code, outcome.code === null ? null : outcome.code === 20429 || outcome.code === 429 ? 429 : 500, outcome.retryAfterMs));
        break;
      case 'unknown':
        this.#failed(new GatewayError('retryable', outcome.message));
        break;
    }
    return outcome;
  }

  async listMessages(q: MessageListQuery): Promise<MessagePage> {
    return this.#read(() => this.#require().listMessages(q));
  }

  async fetchMessage(sid: string): Promise<GatewayMessage | null> {
    return this.#read(() => this.#require().fetchMessage(sid));
  }

  #require(): SyncGateway {
    if (!this.#inner) throw new GatewayError('auth_failed', noCredentialsMessage(this.label));
    return this.#inner;
  }

  async #read<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.#inner) throw new GatewayError('auth_failed', noCredentialsMessage(this.label));
    try {
      const value = await fn();
      this.#ok();
      return value;
    } catch (err) {
      this.#failed(err instanceof GatewayError ? err : new GatewayError('retryable', err instanceof Error ? err.message : String(err)));
      throw err;
    }
  }
}

/** The gateway accounts the registry serves (the store's, archived ones left out). */
export interface GatewayAccountList {
  gatewayAccounts(): { id: number; account_sid: string; label: string }[];
}

/** Which gateway serves a sender: the one of the gateway account that owns it. */
export interface GatewayRouter {
  forSender(sender: { gateway_account_id: number }): SyncGateway;
}

export class GatewayRegistry implements GatewayRouter {
  readonly #byId = new Map<number, AccountGateway>();
  readonly #listeners = new Set<() => void>();

  constructor(
    private readonly accounts: GatewayAccountList,
    private readonly clock: Clock,
  ) {}

  /** The gateway of this account (created on first use; unknown ids get one that has no client). */
  forAccount(gatewayAccountId: number): AccountGateway {
    let g = this.#byId.get(gatewayAccountId);
    if (!g) {
      const row = this.accounts.gatewayAccounts().find((a) => a.id === gatewayAccountId);
      g = new AccountGateway(gatewayAccountId, row?.account_sid ?? '', row?.label ?? `gateway account ${gatewayAccountId}`, this.clock);
      g.onChange(() => this.#changed());
      this.#byId.set(gatewayAccountId, g);
    }
    return g;
  }

  forSender(sender: { gateway_account_id: number }): AccountGateway {
    return this.forAccount(sender.gateway_account_id);
  }

  /** Every gateway account set up here, in order, with its gateway. */
  all(): AccountGateway[] {
    return this.accounts.gatewayAccounts().map((a) => {
      const g = this.forAccount(a.id);
      g.label = a.label;
      return g;
    });
  }

  /** What serves the gateway accounts overall: live Twilio if any account has credentials, else the simulator, else none. */
  kind(): GatewayKind {
    const kinds = new Set(this.all().map((g) => g.kind));
    return kinds.has('twilio') ? 'twilio' : kinds.has('simulator') ? 'simulator' : 'none';
  }

  /** Called whenever any account's client or health changes. Returns an unsubscribe. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const l of this.#listeners) l();
  }
}

/** One gateway for every sender (tests and tools that talk to a single gateway). */
export function singleGateway(gateway: SyncGateway): GatewayRouter {
  return { forSender: () => gateway };
}
