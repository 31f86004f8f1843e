// SQL IN-lists of message statuses, built from the shared status groups (shared/domain/message-status.ts)
// so that the SQL and the rest of the app cannot disagree about, say, whether 'sending' is waiting.
// Written as literals, not bound parameters, so that SQLite can match a query to a partial index
// whose WHERE clause lists the same statuses (messages_outbox, messages_unsettled).
import { MESSAGE_STATUSES, type MessageStatus } from '../../shared/domain/types.ts';

/** `'queued', 'sending', 'unknown'`: only known statuses (a closed set), so nothing untrusted reaches the SQL. */
export function sqlStatusList(statuses: readonly MessageStatus[]): string {
  if (statuses.length === 0) throw new Error('An empty status list');
  return statuses
    .map((s) => {
      if (!(MESSAGE_STATUSES as readonly string[]).includes(s)) throw new Error(`Not a message status: ${s}`);
      return `'${s}'`;
    })
    .join(', ');
}
