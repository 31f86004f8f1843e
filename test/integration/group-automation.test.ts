// R11 with R12: an automation rule made on one desk runs on every desk of the group (their runners
// all see the shared leads), and each step of it is sent by exactly one desk: the desks claim the
// step on the group server before reserving it. With the server unreachable a desk does not send
// the step (it stays due) and nothing is lost. Two desks, one simulator, one real PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupDatabase } from '../support/pg.ts';
import { fordAndHyundai, type Desk } from '../support/group-world.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

async function twoDesks(t: Parameters<typeof fordAndHyundai>[0] & { skip(m: string): void }) {
  const url = await groupDatabase(t);
  if (!url) return null;
  return fordAndHyundai(t, { url });
}

/** A welcome rule for Ford (new lead: one text at once, a second three days later (a Monday)), made on `d`. */
function welcomeRule(d: Desk): number {
  const ford = d.account('FORD');
  const hello = d.core.store.templates.create(ford, 'Welcome', 'Hi {firstName}, thanks for your enquiry at Parramatta Ford.');
  const check = d.core.store.templates.create(ford, 'Check-in', 'Hi {firstName}, any questions about the car?');
  const { rule } = d.core.automation.createRule({
    dealerAccountId: ford, name: 'Welcome new leads', trigger: 'lead_created',
    steps: [{ templateId: hello, delayMs: 0 }, { templateId: check, delayMs: 3 * DAY }],
  });
  d.core.automation.setEnabled(rule.id, true);
  return rule.id;
}

async function tickBoth(desks: Desk[]): Promise<void> {
  // Both desks' runners work at the same moment; each drains its outbox.
  await Promise.all(desks.map((d) => d.core.runner.tick()));
  for (const d of desks) await d.core.outbox.drain();
}

test('R11 R12 a rule made on one desk runs on both, and each of its steps is sent by exactly one desk of the group', async (t) => {
  const w = await twoDesks(t);
  if (!w) return;
  const { ford, hyundai, clock, sim } = w;
  const ruleOnFord = welcomeRule(ford);
  await ford.core.group.exchange();
  await hyundai.core.group.exchange();

  const shared = hyundai.core.automation.rules().find((r) => r.name === 'Welcome new leads');
  assert.ok(shared, 'the rule reached the other desk');
  assert.equal(shared.enabled, 1, 'switched on there too');
  assert.deepEqual(
    hyundai.core.store.automation.steps(shared.id).map((s) => [hyundai.core.store.templates.get(s.template_id)?.name, s.delay_ms]),
    [['Welcome', 0], ['Check-in', 3 * DAY]],
    'with its steps and their responses',
  );

  // Five new leads, some entered on each desk; both desks learn of all of them.
  clock.advance(MIN);
  const mobiles = ['0413 100 001', '0413 100 002', '0413 100 003', '0413 100 004', '0413 100 005'];
  mobiles.forEach((mobile, i) => {
    const d = i % 2 === 0 ? ford : hyundai;
    d.core.leads.createLead({ dealerAccountId: d.account('FORD'), firstName: `Lead${i}`, lastName: 'Driver', mobile, optInToMarketing: true }, 'web');
  });
  await ford.core.group.exchange();
  await hyundai.core.group.exchange();
  await ford.core.group.exchange();

  clock.advance(MIN);
  await tickBoth([ford, hyundai]);
  const welcomes = () => sim.allMessages().filter((m) => m.body.includes('thanks for your enquiry'));
  assert.equal(welcomes().length, 5, 'one welcome per lead, not two');
  assert.equal(new Set(welcomes().map((m) => m.to)).size, 5);

  // The desk that lost a claim records the step as skipped, naming the desk that sends it.
  const skipped = [ford, hyundai].flatMap((d) => d.core.store.automation.history(100, {}).filter((h) => h.outcome === 'skipped'));
  assert.equal(skipped.length, 5, 'each step: one desk sent it, the other skipped it');
  for (const h of skipped) assert.match(h.detail ?? '', /the desk "(Ford|Hyundai) desk" of the group sends this step/i);

  // Three days on (Friday to Monday): the second step, once per lead again. Both desks kept the
  // sequence going; the claim decides again.
  clock.advance(3 * DAY + MIN);
  await ford.core.group.exchange();
  await hyundai.core.group.exchange();
  await tickBoth([ford, hyundai]);
  assert.equal(sim.allMessages().filter((m) => m.body.includes('any questions about the car')).length, 5);
  assert.ok(ruleOnFord > 0);
});

test('R11 R12 with the group server unreachable a desk does not send a shared rule\'s step; once it is back the step goes once', async (t) => {
  const w = await twoDesks(t);
  if (!w) return;
  const { ford, hyundai, clock, sim } = w;
  welcomeRule(ford);
  await ford.core.group.exchange();
  await hyundai.core.group.exchange();
  clock.advance(MIN);
  hyundai.core.leads.createLead({ dealerAccountId: hyundai.account('FORD'), firstName: 'Noor', lastName: 'Haddad', mobile: '0413 200 001', optInToMarketing: true }, 'web');
  await hyundai.core.group.exchange();
  await ford.core.group.exchange();

  // Ford's desk is cut off from the group: it cannot claim the step, so it does not send it.
  ford.proxy.pause();
  clock.advance(MIN);
  await ford.core.runner.tick().catch(() => undefined);
  await ford.core.outbox.drain();
  assert.equal(sim.allMessages().filter((m) => m.body.includes('thanks for your enquiry')).length, 0, 'nothing sent without a claim');
  const due = ford.core.store.automation.due(clock() + DAY, 10);
  assert.equal(due.length, 1, 'the step is still due on Ford\'s desk');

  // Back online: both desks try; the step goes once.
  ford.proxy.resume();
  clock.advance(MIN);
  await ford.core.group.exchange();
  await tickBoth([ford, hyundai]);
  assert.equal(sim.allMessages().filter((m) => m.body.includes('thanks for your enquiry')).length, 1);
});
