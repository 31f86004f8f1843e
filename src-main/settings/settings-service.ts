// The desk's set-up: dealer accounts, gateway accounts and senders, and which dealer accounts
// share each sender. A messaging service SID and a sender number are checked here, and a
// duplicate is refused with the field it concerns, whichever caller asks.
import type { Clock } from '../clock.ts';
import type { Store } from '../db/store.ts';
import type { DealerAccountRow, GatewayAccountRow, SenderRow } from '../db/repos/accounts-repo.ts';
import { invalidInput, notFound } from '../app-error.ts';
import { normaliseAnyNumber, PhoneNumberError } from '../../shared/phone.ts';

/** A sender with the dealer accounts it is shared with. */
export interface SenderRecord {
  row: SenderRow;
  dealerAccountIds: number[];
}

export interface NewSender {
  gatewayAccountId: number;
  kind: SenderRow['kind'];
  address: string;
  label: string;
  dealerAccountIds: number[];
}

/** A Twilio messaging service SID: MG and 32 hex digits. */
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/** The sender with the ids of the dealer accounts sharing it. */
export function senderRecord(store: Store, s: SenderRow): SenderRecord {
  return { row: s, dealerAccountIds: store.accounts.accountsOfSender(s.id).map((a) => a.id) };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Runs `write`; a UNIQUE violation becomes INVALID_INPUT with `message` on `field`. */
function refusingDuplicate<T>(write: () => T, message: string, field: string): T {
  try {
    return write();
  } catch (err) {
    if (isUniqueViolation(err)) throw invalidInput(message, { field });
    throw err;
  }
}

/** The address a sender of `kind` is stored under, or INVALID_INPUT naming the field. */
export function senderAddress(kind: SenderRow['kind'], input: string): string {
  if (kind === 'messaging_service') {
    if (!MESSAGING_SERVICE_SID.test(input)) throw invalidInput('A messaging service SID is MG followed by 32 hex digits.', { field: 'address' });
    return input;
  }
  try {
    return normaliseAnyNumber(input);
  } catch (err) {
    if (err instanceof PhoneNumberError) throw invalidInput(err.message, { field: 'address' });
    throw err;
  }
}

export class SettingsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  dealerAccounts(): DealerAccountRow[] {
    return this.store.accounts.accounts();
  }

  gatewayAccounts(): GatewayAccountRow[] {
    return this.store.accounts.gatewayAccounts();
  }

  /** The gateway account, or NOT_FOUND. */
  gatewayAccount(id: number): GatewayAccountRow {
    const row = this.store.accounts.gatewayAccounts().find((g) => g.id === id);
    if (!row) throw notFound(`Gateway account ${id}`);
    return row;
  }

  senders(): SenderRecord[] {
    return this.store.accounts.senders().map((s) => senderRecord(this.store, s));
  }

  /** A dealer account code is unique. */
  createDealerAccount(code: string, name: string): DealerAccountRow {
    const id = refusingDuplicate(
      () => this.store.accounts.createAccount(code, name, this.clock()),
      `A dealer account with code "${code}" already exists.`,
      'code',
    );
    return this.store.accounts.account(id)!;
  }

  /** A dealer account's name (its code stays: desks of a group match accounts by it). */
  renameDealerAccount(id: number, name: string): DealerAccountRow {
    if (!this.store.accounts.account(id)) throw notFound(`Dealer account ${id}`);
    this.store.accounts.renameAccount(id, name);
    return this.store.accounts.account(id)!;
  }

  relabelGatewayAccount(id: number, label: string): GatewayAccountRow {
    this.gatewayAccount(id);
    this.store.accounts.relabelGatewayAccount(id, label);
    return this.gatewayAccount(id);
  }

  relabelSender(id: number, label: string): SenderRecord {
    if (!this.store.accounts.sender(id)) throw notFound(`Sender ${id}`);
    this.store.accounts.relabelSender(id, label);
    return senderRecord(this.store, this.store.accounts.sender(id)!);
  }

  /**
   * Archives (or restores) a dealer account: its leads, history and consent stay; nothing is sent
   * for it (the send policy refuses, manual or automated) and it is no longer offered for new leads.
   */
  setDealerAccountArchived(id: number, archived: boolean): DealerAccountRow {
    const a = this.store.accounts.account(id);
    if (!a) throw notFound(`Dealer account ${id}`);
    this.store.accounts.setAccountArchived(id, archived ? (a.archived_at ?? this.clock()) : null);
    return this.store.accounts.account(id)!;
  }

  /**
   * Archives (or restores) a gateway account: nothing is sent through its senders. Its replies are
   * still collected while its Auth Token is stored, so a STOP to one of its numbers still counts.
   */
  setGatewayAccountArchived(id: number, archived: boolean): GatewayAccountRow {
    const g = this.gatewayAccount(id);
    this.store.accounts.setGatewayAccountArchived(id, archived ? (g.archived_at ?? this.clock()) : null);
    return this.gatewayAccount(id);
  }

  /** Archives (or restores) a sender: not offered or sent from; replies to it are still attributed (R4). */
  setSenderArchived(id: number, archived: boolean): SenderRecord {
    const s = this.store.accounts.sender(id);
    if (!s) throw notFound(`Sender ${id}`);
    this.store.accounts.setSenderArchived(id, archived ? (s.archived_at ?? this.clock()) : null);
    return senderRecord(this.store, this.store.accounts.sender(id)!);
  }

  /** A gateway account SID is set up once. */
  createGatewayAccount(accountSid: string, label: string): GatewayAccountRow {
    const id = refusingDuplicate(
      () => this.store.accounts.createGatewayAccount(accountSid, label, this.clock()),
      `Gateway account ${accountSid} is already set up.`,
      'accountSid',
    );
    return this.gatewayAccount(id);
  }

  /**
   * R13: whether Twilio's own STOP filtering is on for the account. On (Twilio's default), a STOP
   * to a sender blocks the number from it for every dealer sharing it, and the app records that
   * block as soon as it polls the STOP; off (Twilio turned it off on request), only the dealer the
   * STOP answered is opted out.
   */
  setStopFiltering(gatewayAccountId: number, on: boolean): GatewayAccountRow {
    this.gatewayAccount(gatewayAccountId);
    this.store.accounts.setStopFiltering(gatewayAccountId, on);
    return this.gatewayAccount(gatewayAccountId);
  }

  /**
   * A sender on a gateway account, shared with the given dealer accounts. A number is stored in
   * E.164; a messaging service SID must look like one; an address is set up once.
   */
  createSender(s: NewSender): SenderRecord {
    const { store } = this;
    this.gatewayAccount(s.gatewayAccountId);
    this.requireDealerAccounts(s.dealerAccountIds);
    const address = senderAddress(s.kind, s.address);
    const id = refusingDuplicate(
      () =>
        store.transaction(() => {
          const senderId = store.accounts.createSender(s.gatewayAccountId, s.kind, address, s.label, this.clock());
          for (const a of s.dealerAccountIds) store.accounts.shareSender(senderId, a);
          return senderId;
        }),
      `Sender ${address} is already set up.`,
      'address',
    );
    return senderRecord(store, store.accounts.sender(id)!);
  }

  /** The dealer accounts sharing a sender become exactly `dealerAccountIds`. */
  setSenderAccounts(senderId: number, dealerAccountIds: number[]): SenderRecord {
    const { store } = this;
    const s = store.accounts.sender(senderId);
    if (!s) throw notFound(`Sender ${senderId}`);
    this.requireDealerAccounts(dealerAccountIds);
    const wanted = new Set(dealerAccountIds);
    store.transaction(() => {
      for (const a of store.accounts.accountsOfSender(s.id)) if (!wanted.has(a.id)) store.accounts.unshareSender(s.id, a.id);
      for (const a of wanted) store.accounts.shareSender(s.id, a);
    });
    return senderRecord(store, s);
  }

  private requireDealerAccounts(ids: number[]): void {
    for (const id of ids) if (!this.store.accounts.account(id)) throw notFound(`Dealer account ${id}`);
  }
}
