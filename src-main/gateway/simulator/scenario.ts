// Scenarios: who the senders are (numbers, messaging services, the dealers behind them), who the
// customers are, and timed events (customer replies, earlier outbound history) that fire at
// offsets from the simulator's start time. Loadable from JSON (`--scenario FILE`).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 number like +61491570156');
const mgSid = z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'expected a messaging service SID: MG + 32 hex');

export const scenarioSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  dealers: z.array(z.object({ id: z.string().min(1), name: z.string().min(1) })).default([]),
  /** Phone numbers the account owns, and the dealer accounts that send through each. */
  senders: z.array(
    z.object({
      number: e164,
      dealerIds: z.array(z.string()).default([]),
      label: z.string().optional(),
    }),
  ),
  messagingServices: z
    .array(
      z.object({
        sid: mgSid,
        friendlyName: z.string().min(1),
        numbers: z.array(e164).min(1),
        dealerIds: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  customers: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        mobile: e164,
        email: z.string().optional(),
        dealerIds: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  events: z.array(
    z.object({
      /** Milliseconds after the simulator starts (negative: history, created at start). */
      at: z.number().int(),
      direction: z.enum(['inbound', 'outbound']).default('inbound'),
      from: z.string().min(1),
      to: z.string().min(1),
      body: z.string().min(1),
      /** For outbound history: which dealer account sent it (informational, for seeding the app). */
      dealerId: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioEvent = Scenario['events'][number];
export type ScenarioSender = Scenario['senders'][number];
export type ScenarioMessagingService = Scenario['messagingServices'][number];
export type ScenarioCustomer = Scenario['customers'][number];
export type ScenarioDealer = Scenario['dealers'][number];

/** Validates scenario JSON; throws an Error listing every problem. */
export function parseScenario(json: unknown): Scenario {
  const result = scenarioSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid scenario:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

export async function loadScenarioFile(path: string): Promise<Scenario> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`scenario ${path}: not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  return parseScenario(json);
}

/** Every number the scenario's account owns (plain senders and messaging-service pools). */
export function scenarioNumbers(s: Scenario): string[] {
  return [...new Set([...s.senders.map((x) => x.number), ...s.messagingServices.flatMap((m) => m.numbers)])];
}

/** Fires scenario events as the clock reaches them, each exactly once, in time order. */
export class ScenarioRunner {
  readonly #events: ScenarioEvent[];
  readonly #startMs: number;
  readonly #fire: (event: ScenarioEvent, atMs: number) => void;
  #next = 0;

  constructor(scenario: Scenario, startMs: number, fire: (event: ScenarioEvent, atMs: number) => void) {
    // Stable sort keeps file order for equal offsets.
    this.#events = scenario.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
    this.#startMs = startMs;
    this.#fire = fire;
  }

  get startMs(): number {
    return this.#startMs;
  }

  get pending(): number {
    return this.#events.length - this.#next;
  }

  /** Fires every event due at `now`; returns how many fired. */
  runDue(now: number): number {
    let fired = 0;
    while (this.#next < this.#events.length) {
      const event = this.#events[this.#next] as ScenarioEvent;
      const at = this.#startMs + event.at;
      if (at > now) break;
      this.#next += 1;
      this.#fire(event, at);
      fired += 1;
    }
    return fired;
  }
}
