// Sends the composer asked for and has not heard back about (issue 14, finding 3). Each message gets
// its own request id before it is sent; the id is kept in local storage until main answers, so that
// after a dropped connection or a restart the composer can ask main what became of it
// (sms.sendStatus) instead of the user sending it again, and a retry of the same message reuses the
// id, which main never sends twice.

export interface PendingSend {
  requestId: string;
  customerId: number;
  dealerAccountId: number;
  senderId: number | null;
  body: string;
  /** When it was first sent, epoch ms. */
  at: number;
}

const KEY = 'smsdesk.pendingSends';
/** Older than this, a pending send is forgotten (main keeps the message either way). */
const KEEP_MS = 7 * 86_400_000;

let memory: PendingSend[] = [];

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function isPending(v: unknown): v is PendingSend {
  const p = v as Partial<PendingSend> | null;
  return (
    typeof p === 'object' && p !== null && typeof p.requestId === 'string' && typeof p.customerId === 'number' &&
    typeof p.dealerAccountId === 'number' && (p.senderId === null || typeof p.senderId === 'number') &&
    typeof p.body === 'string' && typeof p.at === 'number'
  );
}

function load(): PendingSend[] {
  const s = storage();
  if (!s) return memory;
  try {
    const v = JSON.parse(s.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter(isPending) : [];
  } catch {
    return [];
  }
}

function save(list: PendingSend[]): void {
  const now = Date.now();
  const kept = list.filter((p) => now - p.at < KEEP_MS);
  memory = kept;
  try {
    storage()?.setItem(KEY, JSON.stringify(kept));
  } catch {
    // Storage full or refused: memory still has it for this session.
  }
}

/** A new request id: one per message. */
export function newRequestId(): string {
  return crypto.randomUUID();
}

/** The send of exactly this message that is still unanswered, if any: sending it again reuses its id. */
export function pendingLike(m: Omit<PendingSend, 'requestId' | 'at'>): PendingSend | undefined {
  return load().find(
    (p) => p.customerId === m.customerId && p.dealerAccountId === m.dealerAccountId && p.senderId === m.senderId && p.body === m.body,
  );
}

/** Every unanswered send to this customer, oldest first. */
export function pendingFor(customerId: number): PendingSend[] {
  return load()
    .filter((p) => p.customerId === customerId)
    .sort((a, b) => a.at - b.at);
}

export function rememberSend(p: PendingSend): void {
  save([...load().filter((x) => x.requestId !== p.requestId), p]);
}

/** Main answered (or told what became of it): nothing left to ask. */
export function forgetSend(requestId: string): void {
  save(load().filter((x) => x.requestId !== requestId));
}
