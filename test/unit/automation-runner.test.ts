import { test } from 'node:test';
import assert from 'node:assert/strict';
import { automationWorld, DAY, HOUR, MINUTE } from '../support/automation-world.ts';
import { instantOf } from '../../src-main/calendar/zoned-time.ts';

// T0 is Friday 20 Nov 2026, 12:00 in Sydney.

/** A three-step lead-created rule of dealer B: at once, 3 days later (Monday), 4 days after that (Friday): seven days. */
function threeSteps(w: ReturnType<typeof automationWorld>) {
  const t1 = w.template('Welcome', 'Hi {first name}, thanks for your enquiry with {dealer}.');
  const t2 = w.template('Check-in', 'Hi {first name}, any questions about the car?');
  const t3 = w.template('Last call', 'Hi {first name}, last chance for this month\'s offer at {dealer}.');
  const ruleId = w.rule({ name: 'New lead welcome', trigger: 'lead_created', steps: [{ templateId: t1, delayMs: 0 }, { templateId: t2, delayMs: 3 * DAY }, { templateId: t3, delayMs: 4 * DAY }] });
  w.core.automation.setEnabled(ruleId, true);
  return ruleId;
}

test('R12 a three-step sequence over seven days: each step is sent once, at its time, then the enrolment completes', async () => {
  const w = automationWorld();
  const ruleId = threeSteps(w);
  w.clock.advance(MINUTE);
  const bob = w.newLead('Bob');

  const first = await w.tick();
  assert.equal(first.enrolled, 1);
  assert.equal(first.released, 1);
  assert.deepEqual(w.sentTo(bob.mobile).map((s) => s.body), ['Hi Bob, thanks for your enquiry with Parramatta Mazda.']);
  // Ticking again at the same moment, or a day later, sends nothing more.
  await w.tick();
  w.clock.advance(DAY);
  await w.tick();
  assert.equal(w.sentTo(bob.mobile).length, 1);

  w.clock.advance(2 * DAY); // Monday 12:01
  await w.tick();
  w.clock.advance(4 * DAY); // Friday 27 Nov 12:01
  await w.tick();
  w.clock.advance(10 * DAY);
  await w.tick();

  const sent = w.sentTo(bob.mobile);
  assert.deepEqual(sent.map((s) => s.body), [
    'Hi Bob, thanks for your enquiry with Parramatta Mazda.',
    'Hi Bob, any questions about the car?',
    "Hi Bob, last chance for this month's offer at Parramatta Mazda.",
  ]);
  // ValidityPeriod: no longer than the time left in the window (12:01:01 → 20:00 is 7 h 58 min 59 s).
  const left = 7 * 3600 + 58 * 60 + 59;
  assert.deepEqual(sent.map((s) => s.validityPeriodS), [left, left, left]);
  const history = w.history(ruleId);
  assert.deepEqual(history.map((h) => [h.position, h.message_status]), [[1, 'accepted'], [2, 'accepted'], [3, 'accepted']]);
  const [path] = w.core.automation.leadPath(bob.customerId);
  assert.equal(path?.enrolment.status, 'completed');
  assert.deepEqual(path?.steps.map((s) => s.status), ['released', 'released', 'released']);
});

test('R12 the step is reserved and its message queued in the store before the gateway is called (R8: the outbox sends it)', async () => {
  const w = automationWorld();
  threeSteps(w);
  const bob = w.newLead('Bob');
  const stats = await w.core.runner.tick();
  assert.equal(stats.released, 1);
  assert.equal(w.gateway.sent.length, 0, 'the runner never calls the gateway');
  const [path] = w.core.automation.leadPath(bob.customerId);
  const step = path!.steps[0]!;
  assert.equal(step.status, 'released');
  const message = w.core.store.messages.get(step.message_id!);
  assert.equal(message?.status, 'queued');
  assert.equal(message?.origin, 'automation');
  assert.equal(message?.valid_until, instantOf({ year: 2026, month: 11, day: 20 }, 20 * 60, 'Australia/Sydney'));
  await w.core.outbox.drain();
  assert.equal(w.sentTo(bob.mobile).length, 1);
});

test('R12/R6 a STOP after step 1: step 2 is recorded as blocked in the automation history, the lead\'s timeline and the SMS list; step 3 is never attempted', async () => {
  const w = automationWorld();
  const ruleId = threeSteps(w);
  const bob = w.newLead('Bob');
  await w.tick();
  w.clock.advance(HOUR);
  w.reply(bob.mobile, 'STOP');
  w.clock.advance(3 * DAY);
  const s2 = await w.tick();
  assert.equal(s2.blocked, 1);
  w.clock.advance(30 * DAY);
  await w.tick();

  assert.equal(w.sentTo(bob.mobile).length, 1, 'only step 1 reached the gateway');
  const history = w.history(ruleId);
  assert.deepEqual(history.map((h) => [h.position, h.message_status]), [[1, 'accepted'], [2, 'blocked_opted_out']]);
  assert.match(history[1]!.block_reason ?? '', /^Not sent: Bob Driver previously opted out of SMS from Parramatta Mazda on .*replied STOP/);
  const timeline = w.core.store.timeline.page(bob.customerId, 20).items.filter((i) => i.kind === 'message').map((i) => i.kind === 'message' && `${i.message.direction}:${i.message.status}`);
  assert.deepEqual(timeline, ['outbound:blocked_opted_out', 'inbound:received', 'outbound:accepted']);
  const smsList = w.core.store.messages.list({ limit: 10, statuses: ['blocked_opted_out'] });
  assert.equal(smsList.length, 1);
  assert.equal(smsList[0]?.origin, 'automation');
  const [path] = w.core.automation.leadPath(bob.customerId);
  assert.deepEqual(path?.steps.map((s) => s.status), ['released', 'blocked'], 'no step 3 was ever scheduled');
  assert.equal(path?.enrolment.status, 'stopped');
});

test('R12 a reply brakes the chase: no reply 3 days after our last message chases once; a reply before the step goes stops it', async () => {
  const w = automationWorld();
  const t = w.template('Chase', 'Hi {first name}, still keen on a test drive?');
  const chase = w.rule({ name: 'Chase', trigger: 'no_reply', triggerDays: 3, steps: [{ templateId: t, delayMs: 2 * HOUR }] });
  const quiet = w.newLead('Quiet');
  const chatty = w.newLead('Chatty');
  for (const c of [quiet, chatty]) await w.core.sends.send({ dealerAccountId: w.dealerB, customerId: c.customerId, body: 'Thanks for coming in today!', actor: 'sam', origin: 'manual' });
  w.core.automation.setEnabled(chase, true);

  w.clock.advance(3 * DAY + MINUTE); // Monday 12:01: three days without a reply from either
  const enrolled = await w.tick();
  assert.equal(enrolled.enrolled, 2);
  w.clock.advance(HOUR);
  w.reply(chatty.mobile, 'Sorry, been busy. Can I come Saturday?');
  w.clock.advance(HOUR);
  await w.tick();

  assert.deepEqual(w.sentTo(quiet.mobile).map((s) => s.body), ['Thanks for coming in today!', 'Hi Quiet, still keen on a test drive?']);
  assert.deepEqual(w.sentTo(chatty.mobile).map((s) => s.body), ['Thanks for coming in today!']);
  const skipped = w.history(chase).find((h) => h.outcome === 'skipped');
  assert.equal(skipped?.customer_id, chatty.customerId);
  assert.match(skipped?.detail ?? '', /^Chatty Driver replied "Sorry, been busy\. Can I come Saturday\?" on Mon 23 Nov 2026, 13:01 AEDT; the sequence stops\.$/);
  // The chase's own message is not chased again.
  w.clock.advance(10 * DAY);
  await w.tick();
  assert.equal(w.sentTo(quiet.mobile).length, 2);
});

test('R12 a step due Saturday 18:00 in Perth goes Monday 09:00 Perth time, and the reschedule shows in the history', async () => {
  const w = automationWorld();
  w.setCalendar(w.dealerB, { timeZone: 'Australia/Perth', state: 'WA' });
  const t = w.template('Follow-up', 'Hi {first name}, following up as promised.');
  const ruleId = w.rule({ name: 'Follow-up date', trigger: 'lead_date', triggerDateField: 'follow_up_at', triggerOffsetMs: 0, steps: [{ templateId: t, delayMs: 0 }] });
  w.core.automation.setEnabled(ruleId, true);
  const ann = w.newLead('Ann');
  const sat6pm = instantOf({ year: 2026, month: 12, day: 5 }, 18 * 60, 'Australia/Perth');
  w.core.automation.updateLead(ann.customerId, w.dealerB, { followUpAt: sat6pm });

  w.clock.set(sat6pm);
  const s = await w.tick();
  assert.equal(s.enrolled, 1);
  assert.equal(s.rescheduled, 1);
  assert.equal(w.sentTo(ann.mobile).length, 0);
  const [moved] = w.history(ruleId);
  assert.equal(moved?.outcome, 'rescheduled');
  assert.equal(moved?.detail, "Due Sat 5 Dec 2026, 18:00 AWST, outside Parramatta Mazda's send hours (Saturday after 17:00); moved to Mon 7 Dec 2026, 09:00 AWST.");

  w.clock.set(instantOf({ year: 2026, month: 12, day: 7 }, 9 * 60 - 1, 'Australia/Perth'));
  await w.tick();
  assert.equal(w.sentTo(ann.mobile).length, 0, 'not a minute early');
  w.clock.set(instantOf({ year: 2026, month: 12, day: 7 }, 9 * 60, 'Australia/Perth'));
  await w.tick();
  const [sent] = w.sentTo(ann.mobile);
  assert.equal(sent?.body, 'Hi Ann, following up as promised.');
  assert.equal(sent?.validityPeriodS, 36_000, '11 hours left in the window, capped at Twilio\'s 10-hour maximum');
});

test('R12 a step due on a NSW public holiday (Labour Day, Mon 4 Oct 2027) waits for the next working day', async () => {
  const w = automationWorld();
  w.clock.set(instantOf({ year: 2027, month: 10, day: 4 }, 10 * 60, 'Australia/Sydney'));
  const t = w.template('Welcome', 'Hi {first name}, welcome to {dealer}.');
  const ruleId = w.rule({ name: 'Welcome', trigger: 'lead_created', steps: [{ templateId: t, delayMs: 0 }] });
  w.core.automation.setEnabled(ruleId, true);
  const cy = w.newLead('Cy');
  await w.tick();
  assert.equal(w.sentTo(cy.mobile).length, 0);
  assert.match(w.history(ruleId)[0]?.detail ?? '', /\(a public holiday in NSW \(Labour Day\)\); moved to Tue 5 Oct 2027, 09:00 AEDT\.$/);
  w.clock.set(instantOf({ year: 2027, month: 10, day: 5 }, 9 * 60, 'Australia/Sydney'));
  await w.tick();
  assert.equal(w.sentTo(cy.mobile).length, 1);
});

test('R12 a rule switched off mid-sequence sends nothing more; the step due is skipped with the reason', async () => {
  const w = automationWorld();
  const ruleId = threeSteps(w);
  const bob = w.newLead('Bob');
  await w.tick();
  w.core.automation.setEnabled(ruleId, false);
  w.clock.advance(30 * DAY);
  await w.tick();
  assert.equal(w.sentTo(bob.mobile).length, 1);
  const history = w.history(ruleId);
  assert.deepEqual(history.map((h) => [h.position, h.message_status ?? h.outcome]), [[1, 'accepted'], [2, 'skipped']]);
  assert.equal(history[1]?.detail, 'The rule "New lead welcome" was switched off.');
  // Switched on again, the stopped enrolment does not resume.
  w.core.automation.setEnabled(ruleId, true);
  w.clock.advance(30 * DAY);
  await w.tick();
  assert.equal(w.sentTo(bob.mobile).length, 1);
});

test('R12 a possible opt-out holds the step until it is reviewed (held once in the history); dismissed, the step goes', async () => {
  const w = automationWorld();
  const dee = w.newLead('Dee');
  await w.core.sends.send({ dealerAccountId: w.dealerB, customerId: dee.customerId, body: 'Your quote is ready.', actor: 'sam', origin: 'manual' });
  w.clock.advance(HOUR);
  w.reply(dee.mobile, 'please stop texting me');
  const [review] = w.core.reviews.open();
  assert.equal(review?.kind, 'possible_opt_out');

  w.clock.advance(HOUR);
  const t = w.template('Not updated', 'Hi {first name}, anything we can help with?');
  const ruleId = w.rule({ name: 'Stale leads', trigger: 'not_updated', triggerDays: 1, steps: [{ templateId: t, delayMs: 0 }] });
  w.core.automation.setEnabled(ruleId, true);
  w.clock.advance(DAY);
  const held = await w.tick();
  assert.equal(held.held, 1);
  w.clock.advance(30 * MINUTE);
  await w.tick();
  assert.equal(w.sentTo(dee.mobile).length, 1, 'only the manual message');
  const holds = w.history(ruleId).filter((h) => h.outcome === 'held');
  assert.equal(holds.length, 1, 'held is recorded once, not on every look');
  assert.match(holds[0]!.detail ?? '', /^Held: Dee Driver replied "please stop texting me", which may be an opt-out; it awaits staff review\.$/);

  w.core.reviews.dismiss(review!.id, { actor: 'kim', reason: 'asking about the price, not to stop' });
  w.clock.advance(10 * MINUTE);
  await w.tick();
  assert.deepEqual(w.sentTo(dee.mobile).map((s) => s.body), ['Your quote is ready.', 'Hi Dee, anything we can help with?']);
});

test('R12 a possible opt-out confirmed while held: the step is recorded as blocked and the sequence stops', async () => {
  const w = automationWorld();
  const dee = w.newLead('Dee');
  await w.core.sends.send({ dealerAccountId: w.dealerB, customerId: dee.customerId, body: 'Your quote is ready.', actor: 'sam', origin: 'manual' });
  w.reply(dee.mobile, 'no more messages please');
  const t = w.template('Not updated', 'Hi {first name}, anything we can help with?');
  const ruleId = w.rule({ name: 'Stale', trigger: 'not_updated', triggerDays: 1, steps: [{ templateId: t, delayMs: 0 }] });
  w.core.automation.setEnabled(ruleId, true);
  w.clock.advance(DAY + HOUR);
  await w.tick();
  w.core.reviews.confirm(w.core.reviews.open()[0]!.id, { actor: 'kim' });
  w.clock.advance(10 * MINUTE);
  await w.tick();
  assert.deepEqual(w.history(ruleId).filter((h) => h.customer_id === dee.customerId).map((h) => h.message_status ?? h.outcome), ['held', 'blocked_opted_out']);
  assert.equal(w.sentTo(dee.mobile).length, 1);
});

test('R12 brakes at release: the lead closed, excluded from automation, or the rule past its end date', async () => {
  const w = automationWorld();
  const t = w.template('Hello', 'Hi {first name}.');
  const ruleId = w.rule({ name: 'Hello', trigger: 'lead_created', endAt: w.T0 + 10 * DAY, steps: [{ templateId: t, delayMs: 2 * HOUR }] });
  w.core.automation.setEnabled(ruleId, true);
  const closed = w.newLead('Closed');
  const excluded = w.newLead('Excluded');
  const late = w.newLead('Late');
  await w.tick();
  w.core.automation.updateLead(closed.customerId, w.dealerB, { closed: true });
  w.core.automation.updateLead(excluded.customerId, w.dealerB, { automationExcluded: true });
  w.clock.advance(2 * HOUR);
  w.core.store.automation.moveStep(w.core.automation.leadPath(late.customerId)[0]!.steps[0]!.id, 'pending', w.T0 + 11 * DAY, null);
  await w.tick();
  w.clock.set(w.T0 + 11 * DAY + HOUR);
  await w.tick();
  assert.equal(w.gateway.sent.length, 0);
  const reasons = new Map(w.history(ruleId).map((h) => [h.customer_id, h.detail]));
  assert.match(reasons.get(closed.customerId) ?? '', /^The lead was closed on Fri 20 Nov 2026/);
  assert.equal(reasons.get(excluded.customerId), 'The lead is excluded from automation.');
  assert.match(reasons.get(late.customerId) ?? '', /^The rule's end date \(Mon 30 Nov 2026, 12:00 AEDT\) has passed\.$/);
});

test('R12 pacing: a sender releases at most its automated messages per minute; the rest wait for later minutes', async () => {
  const w = automationWorld();
  w.core.store.automation.setSenderPace(w.shared, 2);
  const t = w.template('Hello', 'Hi {first name}.');
  const ruleId = w.rule({ name: 'Hello', trigger: 'lead_created', steps: [{ templateId: t, delayMs: 0 }] });
  w.core.automation.setEnabled(ruleId, true);
  for (const name of ['A', 'B', 'C', 'D', 'E']) w.newLead(name);
  const first = await w.tick();
  assert.deepEqual([first.released, first.paced], [2, 3]);
  const perMinute: number[] = [w.gateway.sent.length];
  for (let i = 0; i < 3; i++) {
    w.clock.advance(MINUTE);
    await w.tick();
    perMinute.push(w.gateway.sent.length - perMinute.reduce((a, b) => a + b, 0));
  }
  assert.deepEqual(perMinute, [2, 2, 1, 0]);
});

test('R12 a response with a placeholder the lead cannot fill is skipped with the reason; the sequence moves on', async () => {
  const w = automationWorld();
  const t1 = w.template('Vehicle', 'Hi {first name}, how is the {vehicle}?');
  const t2 = w.template('Plain', 'Hi {first name}, thanks again.');
  const ruleId = w.rule({ name: 'Two', trigger: 'lead_created', steps: [{ templateId: t1, delayMs: 0 }, { templateId: t2, delayMs: DAY * 3 }] });
  w.core.automation.setEnabled(ruleId, true);
  const eve = w.newLead('Eve');
  await w.tick();
  w.clock.advance(3 * DAY);
  await w.tick();
  assert.deepEqual(w.sentTo(eve.mobile).map((s) => s.body), ['Hi Eve, thanks again.']);
  assert.match(w.history(ruleId)[0]?.detail ?? '', /cannot be filled: The template's \{vehicle\} has nothing to fill it for this lead/);
});

test('R12 group hook: a step another desk claimed is skipped with its reason, and never sent here', async () => {
  const w = automationWorld();
  const claims: string[] = [];
  const { AutomationRunner } = await import('../../src-main/automation/runner.ts');
  const runner = new AutomationRunner({
    store: w.core.store, sends: w.core.sends, templates: w.core.templates, calendar: w.core.calendar, clock: w.clock,
    claim: { claim: (k) => (claims.push(`${k.ruleId}/${k.triggerKey}/${k.position}`), { claimed: false, reason: 'sent by the Parramatta desk' }) },
  });
  const t = w.template('Hello', 'Hi {first name}.');
  const ruleId = w.rule({ name: 'Hello', trigger: 'lead_created', steps: [{ templateId: t, delayMs: 0 }] });
  w.core.automation.setEnabled(ruleId, true);
  const f = w.newLead('Fay');
  await runner.tick();
  await w.core.outbox.drain();
  assert.equal(w.gateway.sent.length, 0);
  const lead = w.core.store.leadFields.get(f.customerId, w.dealerB)!;
  assert.deepEqual(claims, [`${ruleId}/lead_created:${lead.id}/1`]);
  assert.equal(w.history(ruleId)[0]?.detail, 'Sent by the Parramatta desk.');
});
