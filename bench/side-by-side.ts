// Fair comparisons between benchmarks measured in one run: every side is warmed up first (JIT,
// caches, lazily built state), then the sides are measured in rounds whose order alternates
// (A B C, then C B A, ...), so neither sits always first (cold) nor always last (warm, or under a
// growing heap); each side reports the median of its rounds, and a ratio between two sides is
// the median of the per-round ratios (both measured next to each other).

export interface Side {
  name: string;
  /** Untimed preparation before each run (a fresh store, say). */
  prepare?: (round: number) => Promise<void> | void;
  /** One measured run; resolves to a rate (higher is better), e.g. messages per second. */
  run: (round: number) => Promise<number>;
  /** Untimed cleanup after each run. */
  cleanup?: (round: number) => Promise<void> | void;
}

export interface SideBySideOptions {
  /** Measured rounds (default 5; at least 1). */
  rounds?: number;
  /** Unmeasured runs of every side before the first round (default 1). */
  warmups?: number;
  /** Sees every run in order: for the log, and for tests of the schedule. */
  onRun?: (e: { side: string; round: number; warmup: boolean; rate: number }) => void;
}

export interface SideBySideResult {
  /** Per side: the median rate and every round's rate (in round order). */
  sides: Record<string, { median: number; rounds: number[] }>;
  /** The order each round ran the sides in. */
  orders: string[][];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Round r's order: as given on even rounds, reversed on odd ones. */
export function roundOrder<T>(sides: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...sides] : [...sides].reverse();
}

async function once(side: Side, round: number): Promise<number> {
  await side.prepare?.(round);
  try {
    return await side.run(round);
  } finally {
    await side.cleanup?.(round);
  }
}

export async function sideBySide(sides: readonly Side[], o: SideBySideOptions = {}): Promise<SideBySideResult> {
  const rounds = Math.max(1, o.rounds ?? 5);
  const warmups = Math.max(0, o.warmups ?? 1);
  for (let w = 0; w < warmups; w++) {
    for (const side of roundOrder(sides, w)) o.onRun?.({ side: side.name, round: -1 - w, warmup: true, rate: await once(side, -1 - w) });
  }
  const rates = new Map<string, number[]>(sides.map((s) => [s.name, []]));
  const orders: string[][] = [];
  for (let r = 0; r < rounds; r++) {
    const order = roundOrder(sides, r);
    orders.push(order.map((s) => s.name));
    for (const side of order) {
      const rate = await once(side, r);
      rates.get(side.name)!.push(rate);
      o.onRun?.({ side: side.name, round: r, warmup: false, rate });
    }
  }
  return {
    sides: Object.fromEntries([...rates].map(([name, list]) => [name, { median: median(list), rounds: list }])),
    orders,
  };
}

/** The median over rounds of a/b, each round's pair measured next to each other. */
export function medianRatio(result: SideBySideResult, a: string, b: (round: number) => number): number {
  const list = result.sides[a]?.rounds ?? [];
  return median(list.map((v, r) => v / b(r)));
}
