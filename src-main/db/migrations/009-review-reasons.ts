import type { Migration } from './migration.ts';

/**
 * Why a reply was put up for review (R3), kept with the review item so staff see the same reason
 * the classifier gave: `intent` is the reply's intent (possible_opt_out, wrong_number; null for an
 * unattributed reply or an item from before this version) and `reasons` the classifier's reasons as
 * JSON (shared/domain/reply-reason.ts). Additive: older rows keep nulls.
 */
export const migration009: Migration = {
  version: 9,
  name: 'review item reasons',
  up: `
    ALTER TABLE review_items ADD COLUMN intent TEXT CHECK (intent IS NULL OR intent IN ('possible_opt_out', 'wrong_number'));
    ALTER TABLE review_items ADD COLUMN reasons TEXT CHECK (reasons IS NULL OR json_valid(reasons));
  `,
};
