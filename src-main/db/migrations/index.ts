import type { Migration } from './migration.ts';
import { migration001 } from './001-initial-schema.ts';
import { migration002 } from './002-automation-notifications-sync.ts';
import { migration003 } from './003-appraisals.ts';
import { migration004 } from './004-outbox-attempts-sync.ts';
import { migration005 } from './005-customer-name-search.ts';
import { migration006 } from './006-review-queue-keyset.ts';
import { migration007 } from './007-consent-keyword.ts';
import { migration008 } from './008-change-log.ts';
import { migration009 } from './009-review-reasons.ts';
import { migration010 } from './010-send-calendar.ts';
import { migration011 } from './011-automation-runner.ts';
import { migration012 } from './012-drafts.ts';
import { migration013 } from './013-conversations.ts';
import { migration014 } from './014-search-digits-names-vehicles.ts';
import { migration015 } from './015-outbox-lease-request-id.ts';
import { migration016 } from './016-review-decisions.ts';
import { migration017 } from './017-lead-imports.ts';
import { migration018 } from './018-compliance-report-indexes.ts';
import { migration019 } from './019-attempt-counts.ts';
import { migration020 } from './020-group-sync.ts';
import { migration021 } from './021-gateway-stop-filtering.ts';
import { migration022 } from './022-archiving.ts';

/** Every migration, in order. Versions are 1..n with no gaps (checked by migrate()). */
export const migrations: readonly Migration[] = [
  migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010,
  migration011, migration012, migration013, migration014, migration015, migration016,
  migration017, migration018, migration019, migration020, migration021, migration022,
];
