// The seed's world with automation: Parramatta Mazda (dealer B) with its responses and a helper
// to add leads, apply replies as the poller would, and run the runner and the outbox on the
// manual clock.
import { seedWorld, T0 } from './seed-world.ts';
import { gatewayMessage } from './inbound.ts';
import { MessageIngestor } from '../../src-main/sync/ingestor.ts';
import type { RuleInput } from '../../src-main/automation/automation-service.ts';
import type { SendCalendar } from '../../shared/domain/send-hours.ts';

export const SHARED = '+61480000001';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function automationWorld(dbPath = ':memory:') {
  const w = seedWorld(dbPath);
  const { core, clock, dealerB } = w;
  const ingestor = new MessageIngestor(core.store, core.consent, clock);
  const template = (name: string, body: string, dealerAccountId: number | null = dealerB): number => core.store.templates.create(dealerAccountId, name, body);
  let n = 0;
  /** A new lead of dealer B (an event a lead-created rule sees). */
  const newLead = (first: string, o: { dealerAccountId?: number; source?: string } = {}): { customerId: number; mobile: string } => {
    n += 1;
    clock.advance(1_000); // leads come in one after another (and after a rule was switched on)
    const mobile = `+614130${String(n).padStart(5, '0')}`;
    const { customerId } = core.leads.createLead(
      { dealerAccountId: o.dealerAccountId ?? dealerB, firstName: first, lastName: 'Driver', mobile, optInToMarketing: true, ...(o.source ? { source: o.source } : {}) },
      'test',
    );
    return { customerId, mobile };
  };
  /** A reply from `from` to the shared number, applied as the poller applies it (R3, R4). */
  let replies = 0;
  const reply = (from: string, body: string) => {
    replies += 1;
    const sid = `SM${'f'.repeat(24)}${replies.toString(16).padStart(8, '0')}`; // never a SID the recording gateway hands out
    return ingestor.ingestPage([gatewayMessage({ sid, from, to: SHARED, body, at: clock() })]);
  };
  const rule = (input: Partial<RuleInput> & Pick<RuleInput, 'steps' | 'trigger'>) => {
    const { rule: r } = core.automation.createRule({ dealerAccountId: dealerB, name: 'Rule', ...input });
    return r.id;
  };
  /** One runner tick, then the outbox drained (the gateway called for what was queued). */
  const tick = async () => {
    const stats = await core.runner.tick();
    await core.outbox.drain();
    return stats;
  };
  const setCalendar = (dealerAccountId: number, cal: Partial<SendCalendar>) =>
    core.calendar.setForAccount(dealerAccountId, { timeZone: 'Australia/Sydney', state: 'NSW', hours: null, closedOnPublicHolidays: true, ...cal });
  const history = (ruleId?: number) => core.store.automation.history(100, ruleId !== undefined ? { ruleId } : {}).reverse();
  const sentTo = (mobile: string) => w.gateway.sent.filter((s) => s.to === mobile);
  return { ...w, T0, ingestor, template, newLead, reply, rule, tick, setCalendar, history, sentTo };
}
