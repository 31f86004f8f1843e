// Which dealer accounts can text: an account in use needs a sender in use (neither it nor its
// Twilio account archived). Settings asks before a change (unticking an account on a sender,
// archiving a sender or a Twilio account) that would leave an account with none, naming it, and
// marks an account that has none. Plain data in, names out: the renderer and main's tests share it.

export interface CoverageSetup {
  dealerAccounts: readonly { id: number; name: string; archivedAt: number | null }[];
  gatewayAccounts: readonly { id: number; archivedAt: number | null }[];
  senders: readonly { id: number; gatewayAccountId: number; dealerAccountIds: readonly number[]; archivedAt: number | null }[];
}

/** A change to the set-up that may take an account's last sender away. */
export type CoverageChange =
  | { kind: 'archiveSender'; senderId: number }
  | { kind: 'archiveGatewayAccount'; gatewayAccountId: number }
  | { kind: 'senderAccounts'; senderId: number; dealerAccountIds: readonly number[] };

/** The senders in use: neither they nor their Twilio account archived. */
export function sendersInUse<S extends CoverageSetup['senders'][number]>(s: Omit<CoverageSetup, 'senders'> & { senders: readonly S[] }): S[] {
  const archivedGateways = new Set(s.gatewayAccounts.filter((g) => g.archivedAt !== null).map((g) => g.id));
  return s.senders.filter((sender) => sender.archivedAt === null && !archivedGateways.has(sender.gatewayAccountId));
}

/** The ids of the dealer accounts that have a sender in use. */
function covered(s: CoverageSetup): Set<number> {
  return new Set(sendersInUse(s).flatMap((sender) => sender.dealerAccountIds));
}

/** Dealer accounts in use that have no sender in use: they cannot text (manual or automated). */
export function accountsWithoutSender(s: CoverageSetup): { id: number; name: string }[] {
  const ok = covered(s);
  return s.dealerAccounts.filter((a) => a.archivedAt === null && !ok.has(a.id)).map(({ id, name }) => ({ id, name }));
}

function applied(s: CoverageSetup, c: CoverageChange): CoverageSetup {
  switch (c.kind) {
    case 'archiveSender':
      return { ...s, senders: s.senders.map((x) => (x.id === c.senderId ? { ...x, archivedAt: x.archivedAt ?? 0 } : x)) };
    case 'archiveGatewayAccount':
      return { ...s, gatewayAccounts: s.gatewayAccounts.map((g) => (g.id === c.gatewayAccountId ? { ...g, archivedAt: g.archivedAt ?? 0 } : g)) };
    case 'senderAccounts':
      return { ...s, senders: s.senders.map((x) => (x.id === c.senderId ? { ...x, dealerAccountIds: c.dealerAccountIds } : x)) };
  }
}

/** The dealer accounts (in use) that have a sender now and would have none after `change`. */
export function accountsLeftWithoutSender(s: CoverageSetup, change: CoverageChange): { id: number; name: string }[] {
  const before = covered(s);
  return accountsWithoutSender(applied(s, change)).filter((a) => before.has(a.id));
}
