// R12 through the official `twilio` client against the simulator: automated sends carry a
// ValidityPeriod no longer than the time left in the dealer's send window (the simulator refuses
// one outside 1–36,000 s, as Twilio does), and pacing holds under a rule matching 2,000 leads:
// never more than the sender's messages per minute in any minute, every lead reached once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayWorld, SHARED_NUMBER } from '../support/gateway-world.ts';
import { instantOf } from '../../src-main/calendar/zoned-time.ts';

const MINUTE = 60_000;

test('R12 automated sends through the twilio client carry ValidityPeriod <= the time left in the window; pacing holds for 2,000 leads', { timeout: 300_000 }, async (t) => {
  const w = await gatewayWorld(t, { sim: { timing: { queueMs: 100, deliverMs: 200 } } });
  const { core, clock, sim, dealerB, shared } = w;
  // Friday 20 Nov 2026, 18:50 in Sydney: 70 minutes of send hours left tonight.
  clock.set(instantOf({ year: 2026, month: 11, day: 20 }, 18 * 60 + 50, 'Australia/Sydney'));
  const PER_MINUTE = 25; // 70 minutes x 25 = 1,750 tonight: the rest wait for Saturday 09:00
  core.store.automation.setSenderPace(shared, PER_MINUTE);
  const template = core.store.templates.create(dealerB, 'Hello', 'Hi {first name} {last name}, thanks for your enquiry with {dealer}.');
  const rule = core.automation.createRule({ dealerAccountId: dealerB, name: 'Welcome', trigger: 'lead_created', steps: [{ templateId: template, delayMs: 0 }] }).rule.id;
  core.automation.setEnabled(rule, true);
  clock.advance(1_000);
  const LEADS = 2_000;
  core.store.transaction(() => {
    for (let i = 0; i < LEADS; i++) {
      core.leads.createLead({ dealerAccountId: dealerB, firstName: `Lead${i}`, lastName: 'Paced', mobile: `+6143${String(1_000_000 + i).padStart(7, '0')}`, optInToMarketing: true }, 'web');
    }
  });

  // Run minute by minute until every lead was reached.
  for (let minute = 0; minute < 24 * 60 * 4 && (minute === 0 || core.store.automation.earliestDue() !== null); minute++) {
    await core.runner.tick();
    await core.outbox.drain();
    clock.advance(MINUTE);
    if (minute > 100 && core.store.automation.earliestDue()! > clock()) clock.set(core.store.automation.earliestDue()!);
  }

  const sent = sim.allMessages().filter((m) => m.direction === 'outbound-api' && m.from === SHARED_NUMBER);
  assert.equal(sent.length, LEADS, 'every lead reached');
  assert.equal(new Set(sent.map((m) => m.to)).size, LEADS, 'each exactly once');
  // Pacing: no 60-second window holds more than the sender's per-minute limit.
  const times = sent.map((m) => Date.parse(m.date_created)).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= MINUTE) j++;
    most = Math.max(most, i - j + 1);
  }
  assert.ok(most <= PER_MINUTE, `at most ${PER_MINUTE} in any minute (saw ${most})`);
  // ValidityPeriod: carried by every send, never past the close of the window it went in.
  const closes = (at: number): number => {
    const w = core.calendar.windowAt(dealerB, at);
    return w.closesAt;
  };
  for (const m of sent) {
    const period = sim.validityPeriodOf(m.sid);
    assert.ok(period !== null && period >= 1 && period <= 36_000, `${m.sid} carries a ValidityPeriod (${period})`);
    const at = Date.parse(m.date_created);
    assert.ok(at + period * 1000 <= closes(at), `${m.sid} sent ${new Date(at).toISOString()} may not arrive after the window closes`);
  }
  // The ones left at 20:00 on Friday went on Saturday from 09:00 (Saturdays are open until 17:00).
  const friday8pm = instantOf({ year: 2026, month: 11, day: 20 }, 20 * 60, 'Australia/Sydney');
  const saturday9am = instantOf({ year: 2026, month: 11, day: 21 }, 9 * 60, 'Australia/Sydney');
  assert.ok(times.every((at) => at < friday8pm || at >= saturday9am), 'nothing sent between 20:00 and 09:00');
  assert.ok(times.some((at) => at >= saturday9am), 'the rest waited for Saturday morning');
  const history = core.store.automation.history(5, { ruleId: rule, outcomes: ['rescheduled'] });
  assert.match(history[0]?.detail ?? '', /outside Parramatta Mazda's send hours \((Friday after 20:00|they close at Fri 20 Nov 2026, 20:00 AEDT)\); moved to Sat 21 Nov 2026, 09:00 AEDT\./);
});
