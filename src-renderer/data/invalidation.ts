// The one map from main-process events to the queries they make stale. A query hook (useQuery,
// useKeysetList) or a store listening for invalidation reloads when an event it is named under
// here arrives and, where a rule is a predicate, the event concerns its input (the same customer).
import type { ChannelName, EventName } from '../../shared/ipc/contract.ts';

/** Does this event (its payload) concern a query with this input? */
type Concerns = (input: Record<string, unknown>, payload: Record<string, unknown>) => boolean;
type Rules = Partial<Record<ChannelName, true | Concerns>>;

/** A query about one customer is stale only when the event is about that customer. */
const sameCustomer: Concerns = (input, payload) => input.customerId === payload.customerId;

export const INVALIDATION: Readonly<Partial<Record<EventName, Rules>>> = {
  // A send, a reply, a status change: message lists and the lead's timeline.
  'message:new': { 'sms.list': true, 'automation.history': true, 'timeline.page': sameCustomer, 'automation.leadPath': sameCustomer, 'inbox.list': true },
  'message:updated': { 'sms.list': true, 'automation.history': true, 'timeline.page': sameCustomer, 'automation.leadPath': sameCustomer, 'inbox.list': true },
  // Consent chips, the lead's consent card and timeline, and the composer's warning must not lie.
  'consent:changed': {
    'leads.list': true,
    'leads.get': sameCustomer,
    'appraisals.byLead': sameCustomer,
    'timeline.page': sameCustomer,
    'sms.preflight': sameCustomer,
    'reports.consent': true,
  },
  'lead:changed': { 'inbox.list': true, 'leads.list': true, 'leads.get': sameCustomer, 'appraisals.byLead': sameCustomer, 'sms.preflight': sameCustomer, 'automation.lead': sameCustomer },
  // A possible opt-out opened or resolved: the composer's review warning, the queue, the notices,
  // and the lead's consent audit trail (review decisions show there).
  'review:changed': { 'sms.preflight': true, 'reviews.list': true, 'notifications.list': true, 'leads.get': true, 'reports.consent': true },
  'notification:new': { 'reviews.list': true, 'notifications.list': true },
  'settings:changed': { 'settings.get': true, 'calendar.get': true },
  // A rule saved or switched, a step recorded: the rules list with its counts, the history, the lead's path.
  'automation:changed': { 'automation.rules': true, 'automation.history': true, 'automation.leadPath': (input, payload) => payload.customerId === null || sameCustomer(input, payload) },
};

const EVENT_LIST = Object.keys(INVALIDATION) as EventName[];

/** The events that make `channel`'s answers stale. */
export function eventsInvalidating(channel: ChannelName): EventName[] {
  return EVENT_LIST.filter((e) => INVALIDATION[e]?.[channel] !== undefined);
}

/**
 * Whether `event` (with `payload`) makes the query `channel(input)` stale. An event the map does
 * not name for the channel (a view's own `invalidateOn`) invalidates it whatever its payload.
 */
export function invalidates(event: EventName, payload: unknown, channel: ChannelName, input: unknown): boolean {
  const rule = INVALIDATION[event]?.[channel];
  if (rule === undefined || rule === true) return true;
  return rule((input ?? {}) as Record<string, unknown>, (payload ?? {}) as Record<string, unknown>);
}
