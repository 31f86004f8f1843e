// The core over a desk's database file, for headless commands (import, export): no gateway, no
// web host. Refuses a file that does not exist (a typo must not create an empty desk).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDatabase } from '../db/open-database.ts';
import { createCore, type Core } from '../core.ts';
import { systemClock } from '../clock.ts';
import { defaultDbPath } from '../app/paths.ts';
import { UsageError } from './command.ts';
import type { DealerAccountRow } from '../db/repos/accounts-repo.ts';

export function openOfflineCore(dbPath: string | null): { core: Core; path: string; close(): void } {
  const path = dbPath === null ? defaultDbPath() : resolve(dbPath);
  if (!existsSync(path)) throw new UsageError(`no desk database at ${path} (use --db PATH)`);
  const db = openDatabase(path);
  const core = createCore({ db, clock: systemClock });
  return { core, path, close: () => db.close() };
}

/** The dealer account with this code (any case), or a usage error listing the codes there are. */
export function accountByCode(core: Core, code: string): DealerAccountRow {
  const all = core.store.accounts.accounts();
  const found = all.find((a) => a.code.toLowerCase() === code.trim().toLowerCase());
  if (!found) throw new UsageError(`no dealer account with the code '${code}' (codes: ${all.map((a) => a.code).join(', ') || 'none'})`);
  return found;
}
