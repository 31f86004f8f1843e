import type { Migration } from './migration.ts';
import { migration001 } from './001-initial-schema.ts';
import { migration002 } from './002-automation-notifications-sync.ts';
import { migration003 } from './003-appraisals.ts';
import { migration004 } from './004-outbox-attempts-sync.ts';
import { migration005 } from './005-customer-name-search.ts';
import { migration006 } from './006-review-queue-keyset.ts';
import { migration008 } from './008-change-log.ts';

// MERGE NOTE (feed branch): version 7 is the "vocab" branch's consent-event keyword column. Until
// that branch is merged this stand-in keeps the versions gap-free; replace it with migration007.
const reserved007: Migration = { version: 7, name: 'reserved: consent event keyword (vocab branch)', up: '' };

/** Every migration, in order. Versions are 1..n with no gaps (checked by migrate()). */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, reserved007, migration008];
