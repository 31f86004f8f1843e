// Gateway credentials: which gateway accounts have an auth token, storing and clearing one
// (write-only: a token never comes back out), "test connection", and which client the app's
// gateway uses (live credentials first, else the embedded simulator, else none). Tokens live in
// the app's secret store, reached through AuthTokens; never in SQLite, never sent to the renderer.
import type { Clock } from '../clock.ts';
import type { AccountsRepo } from '../db/repos/accounts-repo.ts';
import { DEMO_ACCOUNT_SID } from './simulator/demo-scenario.ts';
import { TwilioGateway } from './twilio-gateway.ts';
import { plainGatewayError } from './plain-words.ts';
import type { GatewayRegistry, GatewayKind } from './gateway-registry.ts';

/** Gateway credentials: write-only from the renderer's side. */
export interface CredentialsService {
  isConfigured(gatewayAccountId: number): Promise<boolean>;
  set(gatewayAccountId: number, authToken: string): Promise<void>;
  clear(gatewayAccountId: number): Promise<void>;
  /** Checks the stored credentials against the gateway; never throws for a refusal. */
  test(gatewayAccountId: number): Promise<{ ok: boolean; message: string }>;
  /** Whether the account is served by the embedded simulator. */
  isSimulated(gatewayAccountId: number): boolean;
}

/** Auth tokens by Twilio account SID (app/ backs this with its SecretStore). */
export interface AuthTokens {
  get(accountSid: string): Promise<string | null>;
  set(accountSid: string, token: string): Promise<void>;
  delete(accountSid: string): Promise<void>;
  has(accountSid: string): Promise<boolean>;
}

/** The embedded simulator as a Twilio endpoint (a started GatewaySimulator fits). */
export interface SimulatedTwilio {
  readonly accountSid: string;
  readonly authToken: string;
  readonly url: string;
}

export interface LiveCredentials {
  accountSid: string;
  token: string;
}

export type { GatewayKind };

type GatewayAccounts = Pick<AccountsRepo, 'gatewayAccounts'>;

/** The first gateway account (other than the simulator's) that has a stored auth token. */
export async function liveCredentials(accounts: GatewayAccounts, tokens: AuthTokens, simulatorSid?: string): Promise<LiveCredentials | null> {
  for (const g of accounts.gatewayAccounts()) {
    if (g.account_sid === simulatorSid) continue;
    const token = await tokens.get(g.account_sid);
    if (token) return { accountSid: g.account_sid, token };
  }
  return null;
}

export interface GatewayCredentialsOptions {
  accounts: GatewayAccounts;
  tokens: AuthTokens;
  /** The embedded simulator, when it runs. */
  simulator: SimulatedTwilio | null;
  /** The app runs the demo: its gateway account counts as simulated. */
  demo: boolean;
  clock: Clock;
  /** Another Twilio API host for live accounts (tests point it at a simulator). */
  gatewayBaseUrl?: string;
}

export class GatewayCredentials implements CredentialsService {
  readonly #o: GatewayCredentialsOptions;

  constructor(o: GatewayCredentialsOptions) {
    this.#o = o;
  }

  isSimulated(gatewayAccountId: number): boolean {
    const sid = this.#accountSid(gatewayAccountId);
    const { simulator } = this.#o;
    return sid !== undefined && (simulator ? sid === simulator.accountSid : sid === DEMO_ACCOUNT_SID && this.#o.demo);
  }

  async isConfigured(gatewayAccountId: number): Promise<boolean> {
    if (this.isSimulated(gatewayAccountId)) return true;
    const sid = this.#accountSid(gatewayAccountId);
    return sid !== undefined && (await this.#o.tokens.has(sid));
  }

  async set(gatewayAccountId: number, authToken: string): Promise<void> {
    const sid = this.#accountSid(gatewayAccountId);
    if (!sid) throw new Error(`gateway account ${gatewayAccountId} not found`);
    await this.#o.tokens.set(sid, authToken);
  }

  async clear(gatewayAccountId: number): Promise<void> {
    const sid = this.#accountSid(gatewayAccountId);
    if (sid) await this.#o.tokens.delete(sid);
  }

  async test(gatewayAccountId: number): Promise<{ ok: boolean; message: string }> {
    const sid = this.#accountSid(gatewayAccountId);
    if (!sid) return { ok: false, message: 'No such gateway account.' };
    const simulated = this.isSimulated(gatewayAccountId);
    let client: TwilioGateway;
    if (simulated && this.#o.simulator) {
      client = this.#simulatorClient(this.#o.simulator);
    } else {
      const token = await this.#o.tokens.get(sid);
      if (!token) return { ok: false, message: 'No credentials are stored for this account yet.' };
      client = this.#liveClient({ accountSid: sid, token }, 10_000);
    }
    try {
      await client.listMessages({ pageSize: 1 });
      return { ok: true, message: simulated ? 'Connected to the built-in demo gateway.' : `Connected to Twilio as ${sid}.` };
    } catch (err) {
      // Twilio's own error, in plain words first and then as Twilio said it.
      const { text, detail } = plainGatewayError(err);
      return { ok: false, message: `${text} (${detail})` };
    }
  }

  /** The first live account with stored credentials (the simulator's account never counts). */
  live(): Promise<LiveCredentials | null> {
    return liveCredentials(this.#o.accounts, this.#o.tokens, this.#o.simulator?.accountSid);
  }

  /** The client one gateway account uses now: the simulator for the demo's account, else its stored token, else none. */
  async clientFor(gatewayAccountId: number): Promise<{ client: TwilioGateway | null; kind: GatewayKind }> {
    const sid = this.#accountSid(gatewayAccountId);
    if (!sid) return { client: null, kind: 'none' };
    if (this.isSimulated(gatewayAccountId) && this.#o.simulator) return { client: this.#simulatorClient(this.#o.simulator), kind: 'simulator' };
    if (sid === this.#o.simulator?.accountSid) return { client: null, kind: 'none' };
    const token = await this.#o.tokens.get(sid);
    return token ? { client: this.#liveClient({ accountSid: sid, token }), kind: 'twilio' } : { client: null, kind: 'none' };
  }

  /** Gives every gateway account of the registry the client its credentials allow (several at once). */
  async configure(registry: GatewayRegistry): Promise<void> {
    for (const g of registry.all()) {
      const { client, kind } = await this.clientFor(g.gatewayAccountId);
      g.set(client, kind);
    }
  }

  #accountSid(gatewayAccountId: number): string | undefined {
    return this.#o.accounts.gatewayAccounts().find((g) => g.id === gatewayAccountId)?.account_sid;
  }

  #liveClient(live: LiveCredentials, timeoutMs?: number): TwilioGateway {
    const { clock, gatewayBaseUrl } = this.#o;
    return new TwilioGateway({
      accountSid: live.accountSid,
      authToken: live.token,
      clock,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(gatewayBaseUrl ? { baseUrl: gatewayBaseUrl } : {}),
    });
  }

  #simulatorClient(sim: SimulatedTwilio): TwilioGateway {
    return new TwilioGateway({ accountSid: sim.accountSid, authToken: sim.authToken, baseUrl: sim.url, timeoutMs: 5_000, clock: this.#o.clock });
  }
}
