// R13: what the store knows of Twilio's own blocks, as the send policy, the lead's screens and the
// composer need it: the block on one sender for a number (with every dealer on that line), all
// blocks on a number, and the default sender of a dealer account for a customer — the first of
// its senders Twilio does not block for them. All local reads: deciding costs no gateway request.
import type { Store } from '../db/store.ts';
import type { SenderRow } from '../db/repos/accounts-repo.ts';
import type { GatewayBlockRow, GatewayBlockWithSender } from '../db/repos/gateway-blocks-repo.ts';
import type { GatewayBlock } from '../../shared/domain/gateway-block.ts';

type SenderFacts = Pick<SenderRow, 'id' | 'label' | 'kind' | 'address'>;

export class GatewayBlocks {
  constructor(private readonly store: Store) {}

  /** The block on this sender for this number, or null. */
  on(sender: SenderFacts, recipient: string): GatewayBlock | null {
    const row = this.store.gatewayBlocks.active(sender.id, recipient);
    return row ? this.#block(row, sender) : null;
  }

  /** Every active block on this number, newest first. */
  forRecipient(recipient: string): GatewayBlock[] {
    return this.store.gatewayBlocks.activeForRecipient(recipient).map((r: GatewayBlockWithSender) =>
      this.#block(r, { id: r.sender_id, label: r.sender_label, kind: r.sender_kind, address: r.sender_address }),
    );
  }

  /**
   * The sender a send from this dealer account to this number goes through when none is chosen:
   * its first sender Twilio does not block for the number, else its first (the policy then tells why).
   */
  defaultSender(dealerAccountId: number, recipient: string | null): SenderRow | undefined {
    const senders = this.store.accounts.usableSendersOfAccount(dealerAccountId);
    if (recipient === null) return senders[0];
    return senders.find((s) => !this.store.gatewayBlocks.active(s.id, recipient)) ?? senders[0];
  }

  #block(row: GatewayBlockRow, sender: SenderFacts): GatewayBlock {
    return {
      senderId: sender.id,
      senderLabel: sender.label,
      senderKind: sender.kind,
      senderAddress: sender.address,
      errorCode: row.error_code,
      keyword: row.keyword,
      since: row.blocked_at,
      dealerAccountNames: this.store.accounts.accountsOfSender(sender.id).map((a) => a.name),
    };
  }
}
