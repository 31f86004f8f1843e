// Fault injection for API requests (POST create, GET list), deterministic from a seed.
//
// Spec string (CLI --faults): "500=0.1,429=0.1,slow=0.05,cut=0.05,dup=0.05,retryAfter=1,slowMs=3000,seed=42"
//   500=R      share of requests answered 500 (code 20500) before acting: no message is created
//   429=R      share answered 429 (code 20429) with a Retry-After header, before acting
//   slow=R     share answered only after slowMs (past the client timeout). A POST creates the
//              message BEFORE the delay, so the client cannot know the outcome
//   cut=R      share whose response is cut mid-body (half the JSON, then the socket is destroyed);
//              a POST creates the message first
//   dup=R      share of list pages fetched with a PageToken that repeat the previous page's last
//              message at their start
//   retryAfter Retry-After seconds on 429s (default 1); slowMs delay (default 3000); seed (default 1)
// 500, 429, slow and cut are exclusive per request (their rates must sum to <= 1); dup is drawn
// separately. `forceFault(kind)` queues a fault for the next eligible request regardless of rates.
import { seededRandom, type Random } from '../../seeded-random.ts';

export type RequestFault = '500' | '429' | 'slow' | 'cut';
export type FaultKind = RequestFault | 'dup';
export type FaultRoute = 'create' | 'list';

export interface FaultConfig {
  rate500: number;
  rate429: number;
  rateSlow: number;
  rateCut: number;
  rateDup: number;
  retryAfterSeconds: number;
  slowMs: number;
  seed: number;
}

export const NO_FAULTS: FaultConfig = {
  rate500: 0,
  rate429: 0,
  rateSlow: 0,
  rateCut: 0,
  rateDup: 0,
  retryAfterSeconds: 1,
  slowMs: 3000,
  seed: 1,
};

const SPEC_KEYS: Record<string, keyof FaultConfig> = {
  '500': 'rate500',
  '429': 'rate429',
  slow: 'rateSlow',
  cut: 'rateCut',
  dup: 'rateDup',
  retryAfter: 'retryAfterSeconds',
  slowMs: 'slowMs',
  seed: 'seed',
};

function validate(config: FaultConfig): FaultConfig {
  for (const key of ['rate500', 'rate429', 'rateSlow', 'rateCut', 'rateDup'] as const) {
    const v = config[key];
    if (!Number.isFinite(v) || v < 0 || v > 1) throw new RangeError(`faults: ${key} must be between 0 and 1, got ${v}`);
  }
  const exclusive = config.rate500 + config.rate429 + config.rateSlow + config.rateCut;
  if (exclusive > 1 + 1e-9) throw new RangeError(`faults: 500+429+slow+cut rates sum to ${exclusive}, more than 1`);
  if (!Number.isFinite(config.retryAfterSeconds) || config.retryAfterSeconds < 0) throw new RangeError('faults: retryAfter must be >= 0');
  if (!Number.isFinite(config.slowMs) || config.slowMs < 0) throw new RangeError('faults: slowMs must be >= 0');
  if (!Number.isInteger(config.seed)) throw new RangeError('faults: seed must be an integer');
  return config;
}

/** Parses a `--faults` spec; throws RangeError naming the bad part. An empty spec means no faults. */
export function parseFaultSpec(spec: string): FaultConfig {
  const config: FaultConfig = { ...NO_FAULTS };
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new RangeError(`faults: expected key=value, got '${part}'`);
    const key = SPEC_KEYS[part.slice(0, eq).trim()];
    if (!key) throw new RangeError(`faults: unknown key '${part.slice(0, eq)}' (known: ${Object.keys(SPEC_KEYS).join(', ')})`);
    const value = Number(part.slice(eq + 1).trim());
    if (part.slice(eq + 1).trim() === '' || Number.isNaN(value)) throw new RangeError(`faults: '${part}' is not a number`);
    config[key] = value;
  }
  return validate(config);
}

export function resolveFaultConfig(input: Partial<FaultConfig> | string | undefined): FaultConfig {
  if (input === undefined) return { ...NO_FAULTS };
  if (typeof input === 'string') return parseFaultSpec(input);
  return validate({ ...NO_FAULTS, ...input });
}

export interface FaultRecord {
  seq: number;
  route: FaultRoute;
  kind: FaultKind;
}

export class FaultInjector {
  #config: FaultConfig;
  #random: Random;
  #forced: RequestFault[] = [];
  #forcedDup = 0;
  #seq = 0;
  readonly #log: FaultRecord[] = [];

  constructor(config: FaultConfig) {
    this.#config = config;
    this.#random = seededRandom(config.seed);
  }

  get config(): FaultConfig {
    return { ...this.#config };
  }

  /** Replaces the configuration and restarts the seeded sequence. */
  configure(input: Partial<FaultConfig> | string | undefined): void {
    this.#config = resolveFaultConfig(input);
    this.#random = seededRandom(this.#config.seed);
  }

  force(kind: FaultKind, times = 1): void {
    for (let i = 0; i < times; i++) {
      if (kind === 'dup') this.#forcedDup += 1;
      else this.#forced.push(kind);
    }
  }

  /** The fault, if any, for one API request. Called once per create or list request. */
  drawRequest(route: FaultRoute): RequestFault | null {
    this.#seq += 1;
    const forced = this.#forced.shift();
    let kind: RequestFault | null = forced ?? null;
    if (!forced) {
      const c = this.#config;
      if (c.rate500 + c.rate429 + c.rateSlow + c.rateCut > 0) {
        const r = this.#random();
        if (r < c.rate500) kind = '500';
        else if (r < c.rate500 + c.rate429) kind = '429';
        else if (r < c.rate500 + c.rate429 + c.rateSlow) kind = 'slow';
        else if (r < c.rate500 + c.rate429 + c.rateSlow + c.rateCut) kind = 'cut';
      }
    }
    if (kind) this.#log.push({ seq: this.#seq, route, kind });
    return kind;
  }

  /** Whether a list page reached by PageToken repeats the previous page's last message. */
  drawDuplicate(): boolean {
    let dup = false;
    if (this.#forcedDup > 0) {
      this.#forcedDup -= 1;
      dup = true;
    } else if (this.#config.rateDup > 0) {
      dup = this.#random() < this.#config.rateDup;
    }
    if (dup) this.#log.push({ seq: this.#seq, route: 'list', kind: 'dup' });
    return dup;
  }

  /** Every fault applied so far, in order. */
  log(): FaultRecord[] {
    return this.#log.map((r) => ({ ...r }));
  }
}
