import type { Migration } from './migration.ts';
import { migration001 } from './001-initial-schema.ts';
import { migration002 } from './002-automation-notifications-sync.ts';

/** Every migration, in order. Versions are 1..n with no gaps (checked by migrate()). */
export const migrations: readonly Migration[] = [migration001, migration002];
