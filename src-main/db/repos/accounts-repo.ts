import type { Db } from '../open-database.ts';

export interface DealerAccountRow {
  id: number;
  code: string;
  name: string;
  created_at: number;
  /** When it was archived (kept with its history, no longer offered or sent from); null: in use. */
  archived_at: number | null;
}

export interface GatewayAccountRow {
  id: number;
  account_sid: string;
  label: string;
  created_at: number;
  /** R13: 1 while Twilio's own STOP filtering is on for the account (Twilio's default). */
  stop_filtering: number;
  /** Archived: nothing is sent through it (its replies are still collected while its token is stored). */
  archived_at: number | null;
}

export interface SenderRow {
  id: number;
  gateway_account_id: number;
  kind: 'number' | 'messaging_service';
  address: string;
  label: string;
  created_at: number;
  /** Unused since migration 9: Twilio's STOP filtering is the gateway account's `stop_filtering`. */
  gateway_opt_out: number;
  /** Archived: not offered or sent from; replies to it are still attributed (R4) and a STOP still counts. */
  archived_at: number | null;
}

/** What is archived, as a send through `sender` for `account` would meet it (null: nothing). */
export interface ArchivedPart {
  what: 'dealer account' | 'sender' | 'Twilio account';
  name: string;
  at: number;
}

/** Dealer accounts, gateway accounts and senders, and which accounts share each sender. */
export class AccountsRepo {
  private readonly insertAccountStmt;
  private readonly renameAccountStmt;
  private readonly relabelGatewayStmt;
  private readonly relabelSenderStmt;
  private readonly accountByIdStmt;
  private readonly names = new Map<number, string>();
  private readonly allAccountsStmt;
  private readonly insertGatewayStmt;
  private readonly gatewayBySidStmt;
  private readonly allGatewaysStmt;
  private readonly insertSenderStmt;
  private readonly senderByIdStmt;
  private readonly senderByAddressStmt;
  private readonly allSendersStmt;
  private readonly shareSenderStmt;
  private readonly unshareSenderStmt;
  private readonly accountsOfSenderStmt;
  private readonly sendersOfAccountStmt;
  private readonly usableSendersOfAccountStmt;
  private readonly senderUsedByStmt;
  private readonly setStopFilteringStmt;
  private readonly gatewayByIdStmt;
  private readonly archiveAccountStmt;
  private readonly archiveGatewayStmt;
  private readonly archiveSenderStmt;

  constructor(db: Db) {
    this.renameAccountStmt = db.prepare<[string, number]>('UPDATE dealer_accounts SET name = ? WHERE id = ?');
    this.relabelGatewayStmt = db.prepare<[string, number]>('UPDATE gateway_accounts SET label = ? WHERE id = ?');
    this.relabelSenderStmt = db.prepare<[string, number]>('UPDATE senders SET label = ? WHERE id = ?');
    this.insertAccountStmt = db.prepare<[string, string, number]>(
      'INSERT INTO dealer_accounts (code, name, created_at) VALUES (?, ?, ?)',
    );
    this.accountByIdStmt = db.prepare<[number], DealerAccountRow>('SELECT * FROM dealer_accounts WHERE id = ?');
    this.allAccountsStmt = db.prepare<[], DealerAccountRow>('SELECT * FROM dealer_accounts ORDER BY name, id');
    this.insertGatewayStmt = db.prepare<[string, string, number]>(
      'INSERT INTO gateway_accounts (account_sid, label, created_at) VALUES (?, ?, ?)',
    );
    this.gatewayBySidStmt = db.prepare<[string], GatewayAccountRow>('SELECT * FROM gateway_accounts WHERE account_sid = ?');
    this.allGatewaysStmt = db.prepare<[], GatewayAccountRow>('SELECT * FROM gateway_accounts ORDER BY id');
    this.insertSenderStmt = db.prepare<[number, string, string, string, number]>(
      'INSERT INTO senders (gateway_account_id, kind, address, label, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.senderByIdStmt = db.prepare<[number], SenderRow>('SELECT * FROM senders WHERE id = ?');
    this.senderByAddressStmt = db.prepare<[string], SenderRow>('SELECT * FROM senders WHERE address = ?');
    this.allSendersStmt = db.prepare<[], SenderRow>('SELECT * FROM senders ORDER BY id');
    this.shareSenderStmt = db.prepare<[number, number]>(
      'INSERT OR IGNORE INTO sender_accounts (sender_id, dealer_account_id) VALUES (?, ?)',
    );
    this.unshareSenderStmt = db.prepare<[number, number]>(
      'DELETE FROM sender_accounts WHERE sender_id = ? AND dealer_account_id = ?',
    );
    this.accountsOfSenderStmt = db.prepare<[number], DealerAccountRow>(
      `SELECT a.* FROM sender_accounts sa JOIN dealer_accounts a ON a.id = sa.dealer_account_id
       WHERE sa.sender_id = ? ORDER BY a.id`,
    );
    this.sendersOfAccountStmt = db.prepare<[number], SenderRow>(
      `SELECT s.* FROM sender_accounts sa JOIN senders s ON s.id = sa.sender_id
       WHERE sa.dealer_account_id = ? ORDER BY s.id`,
    );
    this.usableSendersOfAccountStmt = db.prepare<[number], SenderRow>(
      `SELECT s.* FROM sender_accounts sa JOIN senders s ON s.id = sa.sender_id JOIN gateway_accounts g ON g.id = s.gateway_account_id
       WHERE sa.dealer_account_id = ? AND s.archived_at IS NULL AND g.archived_at IS NULL ORDER BY s.id`,
    );
    this.senderUsedByStmt = db.prepare<[number, number], { one: number }>(
      'SELECT 1 AS one FROM sender_accounts WHERE sender_id = ? AND dealer_account_id = ?',
    );
    this.setStopFilteringStmt = db.prepare<[number, number]>('UPDATE gateway_accounts SET stop_filtering = ? WHERE id = ?');
    this.gatewayByIdStmt = db.prepare<[number], GatewayAccountRow>('SELECT * FROM gateway_accounts WHERE id = ?');
    this.archiveAccountStmt = db.prepare<[number | null, number]>('UPDATE dealer_accounts SET archived_at = ? WHERE id = ?');
    this.archiveGatewayStmt = db.prepare<[number | null, number]>('UPDATE gateway_accounts SET archived_at = ? WHERE id = ?');
    this.archiveSenderStmt = db.prepare<[number | null, number]>('UPDATE senders SET archived_at = ? WHERE id = ?');
  }

  /** Archives (at `at`) or restores (null) a dealer account. */
  setAccountArchived(id: number, at: number | null): void {
    this.archiveAccountStmt.run(at, id);
  }
  /** Archives (at `at`) or restores (null) a gateway account. */
  setGatewayAccountArchived(id: number, at: number | null): void {
    this.archiveGatewayStmt.run(at, id);
  }
  /** Archives (at `at`) or restores (null) a sender. */
  setSenderArchived(id: number, at: number | null): void {
    this.archiveSenderStmt.run(at, id);
  }

  /**
   * What stops a send for `accountId` through `sender`: the dealer account, the sender or the
   * sender's gateway account archived (the first of them), or null.
   */
  archivedPart(accountId: number, sender: Pick<SenderRow, 'id'> | null): ArchivedPart | null {
    const account = this.account(accountId);
    if (account?.archived_at != null) return { what: 'dealer account', name: account.name, at: account.archived_at };
    if (!sender) return null;
    const s = this.sender(sender.id);
    if (s?.archived_at != null) return { what: 'sender', name: s.label, at: s.archived_at };
    const g = s ? this.gatewayByIdStmt.get(s.gateway_account_id) : undefined;
    if (g?.archived_at != null) return { what: 'Twilio account', name: g.label, at: g.archived_at };
    return null;
  }

  createAccount(code: string, name: string, now: number): number {
    return Number(this.insertAccountStmt.run(code, name, now).lastInsertRowid);
  }
  /** The account's name, from memory after the first look (accounts are few; a rename forgets it). */
  accountName(id: number): string {
    let name = this.names.get(id);
    if (name === undefined) {
      name = this.account(id)?.name ?? `account ${id}`;
      this.names.set(id, name);
    }
    return name;
  }
  /** The name staff see; the code (how desks of a group match the account) stays. */
  renameAccount(id: number, name: string): void {
    this.renameAccountStmt.run(name, id);
    this.names.delete(id);
  }
  relabelGatewayAccount(id: number, label: string): void {
    this.relabelGatewayStmt.run(label, id);
  }
  relabelSender(id: number, label: string): void {
    this.relabelSenderStmt.run(label, id);
  }
  account(id: number): DealerAccountRow | undefined {
    return this.accountByIdStmt.get(id);
  }
  accounts(): DealerAccountRow[] {
    return this.allAccountsStmt.all();
  }

  createGatewayAccount(accountSid: string, label: string, now: number): number {
    return Number(this.insertGatewayStmt.run(accountSid, label, now).lastInsertRowid);
  }
  gatewayAccountBySid(accountSid: string): GatewayAccountRow | undefined {
    return this.gatewayBySidStmt.get(accountSid);
  }
  gatewayAccounts(): GatewayAccountRow[] {
    return this.allGatewaysStmt.all();
  }

  createSender(gatewayAccountId: number, kind: SenderRow['kind'], address: string, label: string, now: number): number {
    return Number(this.insertSenderStmt.run(gatewayAccountId, kind, address, label, now).lastInsertRowid);
  }
  sender(id: number): SenderRow | undefined {
    return this.senderByIdStmt.get(id);
  }
  senderByAddress(address: string): SenderRow | undefined {
    return this.senderByAddressStmt.get(address);
  }
  senders(): SenderRow[] {
    return this.allSendersStmt.all();
  }
  shareSender(senderId: number, dealerAccountId: number): void {
    this.shareSenderStmt.run(senderId, dealerAccountId);
  }
  unshareSender(senderId: number, dealerAccountId: number): void {
    this.unshareSenderStmt.run(senderId, dealerAccountId);
  }
  accountsOfSender(senderId: number): DealerAccountRow[] {
    return this.accountsOfSenderStmt.all(senderId);
  }
  sendersOfAccount(dealerAccountId: number): SenderRow[] {
    return this.sendersOfAccountStmt.all(dealerAccountId);
  }
  /** The account's senders that can send: neither they nor their gateway account archived. */
  usableSendersOfAccount(dealerAccountId: number): SenderRow[] {
    return this.usableSendersOfAccountStmt.all(dealerAccountId);
  }
  /** R13: whether Twilio's own STOP filtering is on for the gateway account (it unsubscribes a recipient from a sender on STOP). */
  setStopFiltering(gatewayAccountId: number, on: boolean): void {
    this.setStopFilteringStmt.run(on ? 1 : 0, gatewayAccountId);
  }
  gatewayAccount(id: number): GatewayAccountRow | undefined {
    return this.gatewayByIdStmt.get(id);
  }
  senderUsedBy(senderId: number, dealerAccountId: number): boolean {
    return this.senderUsedByStmt.get(senderId, dealerAccountId) !== undefined;
  }
}
