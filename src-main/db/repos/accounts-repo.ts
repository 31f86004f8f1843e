import type { Db } from '../open-database.ts';

export interface DealerAccountRow {
  id: number;
  code: string;
  name: string;
  created_at: number;
}

export interface GatewayAccountRow {
  id: number;
  account_sid: string;
  label: string;
  created_at: number;
  /** R13: 1 while Twilio's own STOP filtering is on for the account (Twilio's default). */
  stop_filtering: number;
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
  private readonly senderUsedByStmt;
  private readonly setStopFilteringStmt;
  private readonly gatewayByIdStmt;

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
    this.senderUsedByStmt = db.prepare<[number, number], { one: number }>(
      'SELECT 1 AS one FROM sender_accounts WHERE sender_id = ? AND dealer_account_id = ?',
    );
    this.setStopFilteringStmt = db.prepare<[number, number]>('UPDATE gateway_accounts SET stop_filtering = ? WHERE id = ?');
    this.gatewayByIdStmt = db.prepare<[number], GatewayAccountRow>('SELECT * FROM gateway_accounts WHERE id = ?');
  }

  createAccount(code: string, name: string, now: number): number {
    return Number(this.insertAccountStmt.run(code, name, now).lastInsertRowid);
  }
  /** The account's name, from memory after the first look (accounts are few and never renamed). */
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
