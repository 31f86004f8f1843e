// The inbox's order as last shown (and its filters), so that "next / previous conversation" on a
// lead page steps through the same list the user was working down.
import { create } from 'zustand';
import type { ApiInput } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { navigate } from '../lib/router.ts';

export type InboxFilter = Omit<ApiInput<'inbox.list'>, 'cursor' | 'limit'>;

interface InboxState {
  filter: InboxFilter;
  /** The customers in the order the inbox last showed them. */
  order: number[];
}

export const useInbox = create<InboxState>(() => ({ filter: {}, order: [] }));

export function setInboxFilter(filter: InboxFilter): void {
  useInbox.setState({ filter });
}

/** Turns one yes/no filter on or off, from the filter as it is now (two quick clicks undo each other). */
export function toggleInboxFilter(key: 'needsReply' | 'unread' | 'mine'): void {
  const next: InboxFilter = { ...useInbox.getState().filter };
  if (next[key]) delete next[key];
  else next[key] = true;
  useInbox.setState({ filter: next });
}

export function setInboxOrder(order: number[]): void {
  useInbox.setState({ order });
}

/**
 * Opens the next (+1) or previous (-1) conversation after `customerId` in the inbox's order; from a
 * lead the inbox has not shown, the first one. Returns whether it moved.
 */
export async function stepConversation(customerId: number | null, step: 1 | -1): Promise<boolean> {
  let { order } = useInbox.getState();
  if (customerId === null || !order.includes(customerId)) {
    if (order.length === 0) {
      const page = await api()['inbox.list']({ ...useInbox.getState().filter, limit: 50 });
      order = page.items.map((c) => c.customerId);
      setInboxOrder(order);
    }
    const first = step === 1 ? order[0] : order[order.length - 1];
    if (first === undefined || first === customerId) return false;
    navigate({ name: 'lead', customerId: first });
    return true;
  }
  const target = order[order.indexOf(customerId) + step];
  if (target === undefined) return false;
  navigate({ name: 'lead', customerId: target });
  return true;
}
