// The first sync's progress in the status bar: a determinate bar of the sync window listed, with
// the messages brought in so far.
import { initialSyncText, type InitialSync } from '../lib/initial-sync-text.ts';

export function InitialSyncProgress({ initial }: { initial: InitialSync }) {
  const text = initialSyncText(initial);
  return (
    <span className="sync-progress" data-testid="initial-sync">
      <label htmlFor="initial-sync">Initial sync</label>
      <progress id="initial-sync" max={1} value={initial.fraction} aria-valuetext={text.valueText} />
      <span>{text.shown}</span>
    </span>
  );
}
