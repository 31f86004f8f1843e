// Seeded randomness for the generators, so data sets and query mixes repeat run to run.
export { seededRandom } from '../src-main/seeded-random.ts';

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}
