/** Percentile of a sample (nearest rank). */
export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function sortedSample(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

export type Emit = (metric: string, value: number, unit: string) => void;

export const emitJsonLine: Emit = (metric, value, unit) => {
  process.stdout.write(`${JSON.stringify({ metric, value: Number(value.toFixed(3)), unit })}\n`);
};

/** Elapsed time of `fn` in microseconds. */
export function timeUs(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1000;
}
