// GatewaySimulator: a local Twilio-compatible SMS gateway for tests, demos and offline work.
// The official `twilio` client works against it unchanged:
//   const client = twilio(sim.accountSid, sim.authToken, { timeout: 2000 });
//   client.api.baseUrl = sim.url;   // leave edge and region unset
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { isManualClock, type Clock, type ManualClock } from '../../clock.ts';
import type { Random } from '../../seeded-random.ts';
import { SimCore, type InboundInput, type SimMessagingService } from './core.ts';
import { DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN } from './demo-scenario.ts';
import { FaultInjector, resolveFaultConfig, type FaultConfig, type FaultKind, type FaultRecord } from './faults.ts';
import type { OptOutEntry } from './opt-out-registry.ts';
import type { CountryCode } from './phone.ts';
import { ScenarioRunner, scenarioNumbers, type Scenario, type ScenarioEvent } from './scenario.ts';
import { createSimHttpServer } from './server.ts';
import { isSid, type TwilioMessageResource } from './twilio-format.ts';

export interface GatewaySimulatorOptions {
  /** Default: the demo account `DEMO_ACCOUNT_SID`. */
  accountSid?: string;
  /** Default: `DEMO_AUTH_TOKEN`. */
  authToken?: string;
  /** Epoch-ms clock; a manualClock() can be driven by `sim.advance(ms)`. Default: Date.now. */
  clock?: Clock;
  /** PRNG for SIDs, sender picks and undelivered draws. Default: Math.random. */
  random?: Random;
  /** Owned sender numbers; 'any' accepts every valid From. Default: the scenario's and messaging
   * services' numbers, or 'any' when neither is given. Listed numbers add to those. */
  ownedNumbers?: string[] | 'any';
  messagingServices?: SimMessagingService[];
  scenario?: Scenario;
  /** Scenario offsets count from here. Default: the clock at `start()`. */
  scenarioStartMs?: number;
  /** Refuse sends (21610) to recipients who texted a Twilio opt-out keyword to that sender. Default true. */
  enforceOptOut?: boolean;
  /** Send Twilio's standard STOP/START/HELP auto-replies (direction outbound-reply). Default false. */
  keywordAutoReply?: boolean;
  /** Share of outbound messages ending `undelivered`. Default 0. */
  undeliveredRate?: number;
  /** Queued (or accepted) for queueMs, then sent, then final after deliverMs. Defaults 1000 / 2000. */
  timing?: { queueMs?: number; deliverMs?: number };
  /** Fault rates, or a spec string like "500=0.1,429=0.1,slow=0.05,cut=0.05,dup=0.05,seed=42". */
  faults?: Partial<FaultConfig> | string;
  /** How often (real ms) the scenario timer checks for due events. Default 100. */
  tickMs?: number;
  defaultCountry?: CountryCode;
}

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback is allowed. */
  host?: '127.0.0.1';
}

export class GatewaySimulator {
  readonly accountSid: string;
  readonly authToken: string;
  readonly scenario: Scenario | null;
  readonly #clock: Clock;
  readonly #manual: ManualClock | null;
  readonly #core: SimCore;
  readonly #faults: FaultInjector;
  readonly #tickMs: number;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #scenarioStartMs: number | undefined;
  #runner: ScenarioRunner | null = null;
  #server: Server | null = null;
  #interval: NodeJS.Timeout | null = null;
  #port = 0;
  #online = true;

  constructor(options: GatewaySimulatorOptions = {}) {
    this.accountSid = options.accountSid ?? DEMO_ACCOUNT_SID;
    this.authToken = options.authToken ?? DEMO_AUTH_TOKEN;
    if (!isSid('AC', this.accountSid)) throw new Error(`accountSid must be AC + 32 hex: ${this.accountSid}`);
    if (!this.authToken) throw new Error('authToken must not be empty');
    this.#clock = options.clock ?? Date.now;
    this.#manual = isManualClock(this.#clock) ? this.#clock : null;
    this.scenario = options.scenario ?? null;
    const services = [...(this.scenario?.messagingServices ?? []), ...(options.messagingServices ?? [])];
    const listed = options.ownedNumbers;
    let owned: string[] | 'any';
    if (listed === 'any') owned = 'any';
    else if (listed === undefined && !this.scenario && services.length === 0) owned = 'any';
    else owned = [...(this.scenario ? scenarioNumbers(this.scenario) : []), ...(listed ?? [])];
    this.#core = new SimCore({
      accountSid: this.accountSid,
      clock: this.#clock,
      random: options.random ?? Math.random,
      ownedNumbers: owned,
      messagingServices: services,
      enforceOptOut: options.enforceOptOut ?? true,
      keywordAutoReply: options.keywordAutoReply ?? false,
      undeliveredRate: options.undeliveredRate ?? 0,
      queueMs: options.timing?.queueMs ?? 1000,
      deliverMs: options.timing?.deliverMs ?? 2000,
      defaultCountry: options.defaultCountry ?? 'AU',
    });
    this.#faults = new FaultInjector(resolveFaultConfig(options.faults));
    this.#tickMs = options.tickMs ?? 100;
    this.#scenarioStartMs = options.scenarioStartMs;
  }

  /** Starts serving on 127.0.0.1 and starts the scenario clock. */
  async start(options: StartOptions = {}): Promise<{ url: string; port: number }> {
    if (this.#server) throw new Error('simulator already started');
    const host = options.host ?? '127.0.0.1';
    if (host !== '127.0.0.1') throw new Error('the simulator listens on 127.0.0.1 only');
    if (this.scenario && !this.#runner) {
      this.#runner = new ScenarioRunner(this.scenario, this.#scenarioStartMs ?? this.#clock(), (e, at) => this.#fire(e, at));
      this.tick();
    }
    this.#server = createSimHttpServer({
      core: this.#core,
      authToken: this.authToken,
      faults: this.#faults,
      beforeRequest: () => this.tick(),
      isOnline: () => this.#online,
      timers: this.#timers,
    });
    this.#port = await this.#listen(options.port ?? 0);
    this.#interval = setInterval(() => this.tick(), this.#tickMs);
    this.#interval.unref();
    return { url: this.url, port: this.#port };
  }

  #listen(port: number): Promise<number> {
    const server = this.#server;
    if (!server) throw new Error('simulator not started');
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      });
    });
  }

  #close(): Promise<void> {
    const server = this.#server;
    if (!server?.listening) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  async stop(): Promise<void> {
    if (this.#interval) clearInterval(this.#interval);
    this.#interval = null;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await this.#close();
    this.#server = null;
  }

  get url(): string {
    if (!this.#server) throw new Error('simulator not started');
    return `http://127.0.0.1:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  get online(): boolean {
    return this.#online;
  }

  /**
   * Offline: stop listening (new connections are refused, ECONNREFUSED) and destroy open ones.
   * Online again: listen on the same port.
   */
  async setOnline(online: boolean): Promise<void> {
    if (online === this.#online) return;
    this.#online = online;
    if (!this.#server) return;
    if (!online) {
      for (const t of this.#timers) clearTimeout(t);
      this.#timers.clear();
      await this.#close();
    } else {
      await this.#listen(this.#port);
    }
  }

  now(): number {
    return this.#clock();
  }

  /** Moves the manual clock forward and fires the scenario events now due. */
  advance(ms: number): void {
    if (!this.#manual) throw new Error('advance() needs the simulator to be built with a manualClock()');
    this.#manual.advance(ms);
    this.tick();
  }

  /** Fires scenario events due at the current clock; returns how many fired. */
  tick(): number {
    return this.#runner?.runDue(this.#clock()) ?? 0;
  }

  /** Scenario events not fired yet. */
  get pendingEvents(): number {
    return this.#runner?.pending ?? this.scenario?.events.length ?? 0;
  }

  #fire(event: ScenarioEvent, at: number): void {
    if (event.direction === 'outbound') this.#core.recordOutbound({ from: event.from, to: event.to, body: event.body, at });
    else this.#core.injectInbound({ from: event.from, to: event.to, body: event.body, at });
  }

  /** A customer texts one of the account's numbers (default: now). */
  injectInbound(input: InboundInput): TwilioMessageResource {
    return this.#core.resource(this.#core.injectInbound(input));
  }

  set enforceOptOut(on: boolean) {
    this.#core.enforceOptOut = on;
  }

  get enforceOptOut(): boolean {
    return this.#core.enforceOptOut;
  }

  /** Gateway-level opt-outs now in force. */
  optOuts(): OptOutEntry[] {
    return this.#core.optOuts.entries();
  }

  /** Whether the gateway would refuse `recipient` from `sender` (a number or an MG SID). */
  isOptedOut(sender: string, recipient: string): boolean {
    return this.#core.isOptedOut(sender, recipient);
  }

  /** Outbound messages actually created via the API (direction outbound-api) to this number. */
  sentTo(number: string): number {
    const target = this.#core.canonical(number);
    return this.#core.store.all().filter((m) => m.direction === 'outbound-api' && m.to === target).length;
  }

  /** Every message, newest first, as the API would show it now. */
  allMessages(): TwilioMessageResource[] {
    return this.#core.store.all().map((m) => this.#core.resource(m));
  }

  getMessage(sid: string): TwilioMessageResource | undefined {
    const m = this.#core.store.get(sid);
    return m ? this.#core.resource(m) : undefined;
  }

  /** The ValidityPeriod (seconds) a message was created with; null when the sender gave none (Twilio's 36,000 s default). */
  validityPeriodOf(sid: string): number | null {
    return this.#core.store.get(sid)?.validityPeriodS ?? null;
  }

  ownedNumbers(): string[] | 'any' {
    return this.#core.ownedNumbers();
  }

  /** Queues a fault for the next eligible API request (dup: the next list page by PageToken). */
  forceFault(kind: FaultKind, times = 1): void {
    this.#faults.force(kind, times);
  }

  /** Replaces the fault configuration (restarting its seeded sequence). */
  configureFaults(faults: Partial<FaultConfig> | string | undefined): void {
    this.#faults.configure(faults);
  }

  get faultConfig(): FaultConfig {
    return this.#faults.config;
  }

  /** Every fault applied so far, in order. */
  faultLog(): FaultRecord[] {
    return this.#faults.log();
  }
}
