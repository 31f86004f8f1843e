import type { Migration } from './migration.ts';
import { migration001 } from './001-initial-schema.ts';
import { migration002 } from './002-automation-notifications-sync.ts';
import { migration003 } from './003-appraisals.ts';
import { migration004 } from './004-outbox-attempts-sync.ts';
import { migration005 } from './005-customer-name-search.ts';
import { migration006 } from './006-review-queue-keyset.ts';
import { migration007 } from './007-consent-keyword.ts';
import { migration008 } from './008-change-log.ts';
import { migration009 } from './009-gateway-stop-filtering.ts';

/** Every migration, in order. Versions are 1..n with no gaps (checked by migrate()). */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009];
