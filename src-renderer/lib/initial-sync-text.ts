// The words for the initial sync's progress bar: a percentage of the sync window listed and the
// messages brought in so far.
import type { SyncStatus } from '../../shared/ipc/contract.ts';
import { fmtCount } from './format.ts';

export type InitialSync = NonNullable<SyncStatus['initialSync']>;

export interface InitialSyncText {
  /** Whole percent, rounded down: 100 only once the sync has listed everything. */
  percent: number;
  /** Shown beside the bar: "42% · 12,345 messages". */
  shown: string;
  /** The bar's aria-valuetext: "Initial sync 42% — 12,345 messages so far". */
  valueText: string;
}

export function initialSyncText(s: InitialSync): InitialSyncText {
  const percent = Math.min(100, Math.max(0, Math.floor(s.fraction * 100)));
  const messages = `${fmtCount(s.done)} ${s.done === 1 ? 'message' : 'messages'}`;
  return { percent, shown: `${percent}% · ${messages}`, valueText: `Initial sync ${percent}% — ${messages} so far` };
}
