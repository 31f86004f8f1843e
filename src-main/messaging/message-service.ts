// The SMS list: every message across leads, newest first, keyset-paged (sms.list).
import type { Store } from '../db/store.ts';
import type { MessageListFilter, MessageListRow } from '../db/repos/messages-repo.ts';

export class MessageService {
  constructor(private readonly store: Store) {}

  list(filter: MessageListFilter): MessageListRow[] {
    return this.store.messages.list(filter);
  }
}
