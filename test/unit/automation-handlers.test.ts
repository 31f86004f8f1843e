// Automation, responses and send calendars through the IPC handler map (validated in and out).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextFor } from '../support/handler-context.ts';
import { automationWorld, DAY } from '../support/automation-world.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import type { ApiOutput, IpcResult } from '../../shared/ipc/contract.ts';

function world() {
  const w = automationWorld();
  const ctx = contextFor(w);
  return { ...w, ctx, call: (channel: string, input: unknown) => invokeHandler(channel, input, ctx) };
}
function value<T>(r: IpcResult<unknown>): T {
  assert.ok(r.ok, `expected success, got ${JSON.stringify(r).slice(0, 400)}`);
  return r.value as T;
}
function refused(r: IpcResult<unknown>): { code: string; message: string; details?: unknown } {
  assert.equal(r.ok, false, `expected a refusal, got ${JSON.stringify(r).slice(0, 200)}`);
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

test('responses: a placeholder the app cannot fill is refused when saved, naming the part; Send via SMS turns the email into SMS text filled for the lead', async () => {
  const w = world();
  const bad = refused(await w.call('templates.save', { dealerAccountId: w.dealerB, name: 'Bad', body: 'Hi {first name}', emailSubject: 'Your {odometer}', emailBody: null }));
  assert.equal(bad.code, 'INVALID_INPUT');
  assert.deepEqual(bad.details, { field: 'emailSubject', placeholder: '{odometer}' });
  assert.equal(value<unknown[]>(await w.call('templates.list', { dealerAccountId: w.dealerB })).length, 0, 'nothing saved');

  type T = ApiOutput<'templates.save'>;
  const t = value<T>(await w.call('templates.save', {
    dealerAccountId: w.dealerB, name: 'Quote ready', body: '',
    emailSubject: 'Your quote from {dealer}',
    emailBody: '<p>Hi {first name},</p><p>Your <b>quote</b> is ready: <a href="https://mazda.example/q/7">see it here</a>.</p><p>{salesperson}</p>',
  }));
  const jane = w.customerId;
  // {salesperson} has no value for Jane yet: refused when sent (rendered), naming it.
  const unfilled = refused(await w.call('templates.render', { templateId: t.id, customerId: jane, dealerAccountId: w.dealerB, as: 'email_as_sms' }));
  assert.match(unfilled.message, /\{salesperson\} has nothing to fill it for this lead \(no salesperson on record\)/);
  value(await w.call('automation.updateLead', { customerId: jane, dealerAccountId: w.dealerB, salesperson: 'Sam Nguyen' }));
  const sms = value<ApiOutput<'templates.render'>>(await w.call('templates.render', { templateId: t.id, customerId: jane, dealerAccountId: w.dealerB, as: 'email_as_sms' }));
  assert.equal(sms.text, 'Hi Jane,\nYour quote is ready: see it here: https://mazda.example/q/7.\nSam Nguyen');
  assert.deepEqual([sms.segments, sms.encoding], [1, 'GSM-7']);
  // It has no SMS text of its own.
  assert.match(refused(await w.call('templates.render', { templateId: t.id, customerId: jane, dealerAccountId: w.dealerB })).message, /has no SMS text/);
  // Archived, it leaves the list (and a rule cannot choose it).
  value(await w.call('templates.archive', { templateId: t.id }));
  assert.equal(value<unknown[]>(await w.call('templates.list', { dealerAccountId: w.dealerB })).length, 0);
  assert.equal(value<unknown[]>(await w.call('templates.list', { dealerAccountId: w.dealerB, includeArchived: true })).length, 1);
});

test('R12 rules over IPC: saved switched off, dry run says whom it would enrol (opted out and awaiting review counted), switched on, listed with counts', async () => {
  const w = world();
  const t = value<ApiOutput<'templates.save'>>(await w.call('templates.save', { dealerAccountId: w.dealerB, name: 'Nudge', body: 'Hi {first name}, anything we can help with?' }));
  const leads = ['Amy', 'Ben', 'Cat', 'Dan'].map((n) => w.newLead(n));
  w.core.consent.optOutManually({ dealerAccountId: w.dealerB, customerId: leads[0]!.customerId, channel: 'sms', actor: 'kim' });
  const badRule = refused(await w.call('automation.saveRule', { dealerAccountId: w.dealerB, name: 'Stale', trigger: 'not_updated', steps: [{ templateId: t.id, delayMs: 60_000 }] }));
  assert.match(badRule.message, /after how many days|at least 5 minutes/);
  type Rule = ApiOutput<'automation.saveRule'>;
  const rule = value<Rule>(await w.call('automation.saveRule', { dealerAccountId: w.dealerB, name: 'Stale', trigger: 'not_updated', triggerDays: 2, steps: [{ templateId: t.id, delayMs: 0 }] }));
  assert.equal(rule.enabled, false);
  assert.equal(rule.summary, 'When a lead has not been updated for 2 days: 1 step, at once (next allowed time).');
  w.clock.advance(3 * DAY);
  const dry = value<ApiOutput<'automation.dryRun'>>(await w.call('automation.dryRun', { ruleId: rule.id }));
  // Jane (a lead of B since T0) and the four new leads.
  assert.deepEqual([dry.wouldEnrol, dry.optedOut, dry.reviewPending], [5, 1, 0]);
  assert.match(dry.summary, /^Would enrol 5 leads now; 1 is opted out for this account/);
  value(await w.call('automation.setEnabled', { ruleId: rule.id, enabled: true }));
  await w.tick();
  const [listed] = value<ApiOutput<'automation.rules'>>(await w.call('automation.rules', {}));
  assert.equal(listed?.enabled, true);
  assert.deepEqual([listed?.counts.sent, listed?.counts.blocked], [4, 1]);
  assert.ok(listed?.lastRunAt);
  const blocked = value<ApiOutput<'automation.history'>>(await w.call('automation.history', { outcome: 'blocked' }));
  assert.deepEqual(blocked.items.map((r) => [r.customerName, r.outcomeGroup]), [['Amy Driver', 'blocked']]);
  const path = value<ApiOutput<'automation.leadPath'>>(await w.call('automation.leadPath', { customerId: leads[0]!.customerId }));
  assert.deepEqual(path.map((p) => [p.ruleName, p.status, p.steps.map((s) => s.status)]), [['Stale', 'stopped', ['blocked']]]);
  assert.ok(w.ctx.events.some(([e]) => e === 'automation:changed'), 'the lists hear of it');
});

test('the test clock is refused outside test runs', async () => {
  const w = world();
  assert.equal(refused(await w.call('automation.advanceTestClock', { ms: 1000 })).code, 'FORBIDDEN');
});

test('R12 send calendar over IPC: Perth, closed on Saturdays, refused when no day is open', async () => {
  const w = world();
  const closedAll = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: null, closes: null }));
  assert.match(refused(await w.call('calendar.set', { dealerAccountId: w.dealerB, timeZone: 'Australia/Perth', state: 'WA', hours: closedAll, closedOnPublicHolidays: true })).message, /At least one day must be open/);
  const hours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => (weekday <= 5 ? { weekday, opens: '08:30', closes: '19:00' } : { weekday, opens: null, closes: null }));
  const cal = value<ApiOutput<'calendar.set'>>(await w.call('calendar.set', { dealerAccountId: w.dealerB, timeZone: 'Australia/Perth', state: 'WA', hours, closedOnPublicHolidays: true }));
  assert.equal(cal.summary, 'Mon–Fri 08:30–19:00, closed Sat–Sun');
  assert.equal(cal.defaultHours, false);
  assert.equal(cal.openNow, true); // Friday 09:00 in Perth
  assert.match(cal.window.text, /^Open now, until Fri 20 Nov 2026, 19:00 AWST\.$/);
  assert.deepEqual(cal.upcomingHolidays[0], { date: '2026-12-25', name: 'Christmas Day' });
});
