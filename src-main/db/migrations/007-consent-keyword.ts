import type { Migration } from './migration.ts';

/**
 * The keyword of a keyword reply (STOP, UNSUBSCRIBE, START…) gets its own column on the consent
 * event and on the current state, instead of living in the sentence `Replied STOP` that the
 * renderer parsed back out (reports count opt-outs by keyword). Backfilled from those sentences.
 * The events' reason is left as it was: the audit trail is append-only, so the trigger that keeps
 * it so is lifted for the backfill of the new column only and put back as it was.
 */
export const migration007: Migration = {
  version: 7,
  name: 'consent keyword column',
  up: `
    ALTER TABLE consent_events ADD COLUMN keyword TEXT;
    ALTER TABLE consent ADD COLUMN keyword TEXT;

    DROP TRIGGER consent_events_no_update;
    UPDATE consent_events SET keyword = substr(reason, 9)
      WHERE source = 'inbound_keyword' AND substr(reason, 1, 8) = 'Replied ' AND length(reason) > 8;
    CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
      BEGIN SELECT RAISE(ABORT, 'consent_events is append-only'); END;

    UPDATE consent SET keyword = (SELECT e.keyword FROM consent_events e WHERE e.id = consent.event_id)
      WHERE source = 'inbound_keyword';
  `,
};
