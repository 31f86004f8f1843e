// R11 with two desks of one dealer group (separate SQLite files, one simulator, one real
// PostgreSQL group server): the seed's scenario across desks, a manual opt-out reaching the
// other desk before its next send, a lead captured on one desk found on the other.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupDatabase } from '../support/pg.ts';
import { fordAndHyundai, PRIYA, sendFrom, type groupWorld } from '../support/group-world.ts';
import { SHARED_NUMBER } from '../support/gateway-world.ts';

const MIN = 60_000;

async function twoDesks(t: Parameters<typeof groupWorld>[0] & { skip(m: string): void }) {
  const url = await groupDatabase(t);
  if (!url) return null;
  return fordAndHyundai(t, { url });
}

test('R11 R4 the seed across desks: Hyundai\'s desk sends last, Priya replies STOP — Hyundai only is opted out on every desk, Ford\'s desk still sends', async (t) => {
  const w = await twoDesks(t);
  if (!w) return;
  const { ford, hyundai, clock, sim } = w;
  assert.equal(hyundai.sms('FORD'), true, 'the second desk has the accounts, the sender and Priya from the group');

  clock.advance(MIN);
  assert.equal((await sendFrom(ford, 'FORD', 'Hi Priya, your Ranger is ready.')).outcome, 'sent');
  clock.advance(MIN);
  assert.equal((await sendFrom(hyundai, 'HYUNDAI', 'Hi Priya, the Tucson test drive is on Saturday.')).outcome, 'sent');

  clock.advance(MIN);
  sim.injectInbound({ from: PRIYA, to: SHARED_NUMBER, body: 'STOP' });
  // Ford's desk polls the reply before it has heard who sent Hyundai's message: without the group
  // it would take the STOP as answering its own message (or every sharing account) and refuse Ford.
  await ford.core.poller.pollOnce();
  const stopOnFord = ford.core.store.messages.list({ limit: 10 }).find((m) => m.direction === 'inbound');
  assert.ok(stopOnFord);
  const [first] = ford.core.store.sync.attributions(stopOnFord.id);
  assert.notEqual(first?.account_name, 'Parramatta Hyundai', 'the first decision on Ford\'s desk is wrong');
  assert.equal(ford.sms('FORD'), false, 'so Ford is refused for now');

  // Hyundai's desk polls it with its own record: Hyundai only.
  await hyundai.core.poller.pollOnce();
  assert.equal(hyundai.sms('HYUNDAI'), false);
  assert.equal(hyundai.sms('FORD'), true);

  // Both exchange with the group: Ford's desk learns who sent the last message and revises.
  await hyundai.core.group.exchange();
  await ford.core.group.exchange();
  await hyundai.core.group.exchange();
  for (const d of [ford, hyundai]) {
    assert.equal(d.sms('HYUNDAI'), false, `${d.name}: opted out of Hyundai`);
    assert.equal(d.sms('FORD'), true, `${d.name}: Ford untouched`);
  }
  const decisions = ford.core.store.sync.attributions(stopOnFord.id);
  assert.ok(decisions.length >= 2, 'the first decision stays beside the revision');
  const revised = decisions.find((a) => /^Revised when another desk's record of the message arrived/.test(a.reason));
  assert.equal(revised?.account_name, 'Parramatta Hyundai');
  const fordHistory = ford.core.consent.history(ford.customerByMobile(PRIYA));
  const superseded = fordHistory.filter((e) => e.superseded === 1);
  assert.ok(superseded.length >= 1, 'the first effect is superseded, not deleted');
  assert.ok(superseded.every((e) => e.account_name === 'Parramatta Ford'));
  const review = ford.core.store.reviews.open(10);
  assert.equal(review.filter((r) => r.kind === 'unattributed').length, 0, 'no review item left open');
  // One consent effect group-wide for the one reply: the same event ids on both desks.
  const ids = (d: typeof ford) => d.core.consent.history(d.customerByMobile(PRIYA)).filter((e) => e.source === 'inbound_keyword' && e.superseded === 0).map((e) => e.uid).sort();
  assert.deepEqual(ids(ford), ids(hyundai));
  assert.equal(ids(ford).length, 1);

  // Ford's desk still sends; Hyundai's is refused on both desks.
  clock.advance(MIN);
  assert.equal((await sendFrom(ford, 'FORD', 'Priya, the Ranger paperwork is ready.')).outcome, 'sent');
  const refused = await sendFrom(ford, 'HYUNDAI', 'Hello from Hyundai');
  assert.equal(refused.outcome, 'refused');
  assert.equal(refused.refusal?.code, 'SMS_OPTED_OUT');
});

test('R11 R9 a manual opt-out on one desk refuses the other desk\'s next send as soon as it is online to the group', async (t) => {
  const w = await twoDesks(t);
  if (!w) return;
  const { ford, hyundai, clock } = w;
  clock.advance(MIN);
  // Priya phoned Hyundai: staff opt her out of Ford's SMS by hand on Hyundai's desk (she deals with both).
  hyundai.core.consent.optOutManually({ dealerAccountId: hyundai.account('FORD'), customerId: hyundai.customerByMobile(PRIYA), channel: 'sms', actor: 'lee' });
  await hyundai.core.group.exchange();
  // Ford's desk has not pulled since; its next send pulls first and is refused.
  assert.equal(ford.sms('FORD'), true, 'not pulled yet');
  const r = await sendFrom(ford, 'FORD', 'Hi Priya!');
  assert.equal(r.outcome, 'refused');
  assert.equal(r.refusal?.code, 'SMS_OPTED_OUT');
  assert.equal(w.sim.allMessages().filter((m) => m.body === 'Hi Priya!').length, 0, 'nothing reached the gateway');
  const [event] = ford.core.consent.history(ford.customerByMobile(PRIYA));
  assert.deepEqual([event?.actor, event?.desk, event?.source], ['lee', 'Hyundai desk', 'manual'], 'who and which desk, on every desk');
});

test('R11 R10 a lead captured on one desk with marketing unticked exists, opted out, on the other; the same person entered on both desks is one customer', async (t) => {
  const w = await twoDesks(t);
  if (!w) return;
  const { ford, hyundai } = w;
  const MIA = '+61412999000';
  ford.core.leads.createLead(
    { dealerAccountId: ford.account('FORD'), firstName: 'Mia', lastName: 'Wong', mobile: '0412 999 000', optInToMarketing: false },
    'walk-in',
  );
  // Hyundai's desk, offline from the group, enters Mia too (marketing ticked), by the same mobile.
  hyundai.core.leads.createLead(
    { dealerAccountId: hyundai.account('HYUNDAI'), firstName: 'Mia', lastName: 'Wong', mobile: '0412 999 000', optInToMarketing: true },
    'phone',
  );
  await ford.core.group.exchange();
  await hyundai.core.group.exchange();
  await ford.core.group.exchange();
  for (const d of [ford, hyundai]) {
    assert.equal(d.core.store.customers.byMobile(MIA).length, 1, `${d.name}: one customer`);
    const id = d.customerByMobile(MIA);
    assert.equal(d.core.store.customers.isLeadOf(id, d.account('FORD')), true);
    assert.equal(d.core.store.customers.isLeadOf(id, d.account('HYUNDAI')), true);
    assert.equal(d.sms('FORD', MIA), false, `${d.name}: R10 opted out of Ford`);
    assert.equal(d.core.consent.decide(d.account('FORD'), id, 'email').allowed, false);
    assert.equal(d.sms('HYUNDAI', MIA), true, `${d.name}: Hyundai untouched`);
  }
});

test('R11 R3 a review decision made on one desk closes the item on the other (with its consent effect); templates are shared', async (t) => {
  const w = await twoDesks(t);
  if (!w) return;
  const { ford, hyundai, clock, sim } = w;
  clock.advance(MIN);
  assert.equal((await sendFrom(hyundai, 'HYUNDAI', 'Hi Priya, the Tucson is ready.')).outcome, 'sent');
  await hyundai.core.group.exchange();
  await ford.core.group.exchange();
  clock.advance(MIN);
  sim.injectInbound({ from: PRIYA, to: SHARED_NUMBER, body: 'please stop texting me' });
  await ford.core.poller.pollOnce();
  await hyundai.core.poller.pollOnce();
  const openOn = (d: typeof ford) => d.core.reviews.open(10).filter((r) => r.kind === 'possible_opt_out');
  assert.equal(openOn(ford).length, 1, 'both desks put it up for review (attributed to Hyundai by the shared record)');
  assert.equal(openOn(hyundai).length, 1);
  assert.equal(openOn(ford)[0]?.account_name, 'Parramatta Hyundai');

  ford.core.reviews.confirm((openOn(ford)[0] as { id: number }).id, { actor: 'sam' });
  ford.core.store.templates.create(ford.account('FORD'), 'Service due', 'Hi {firstName}, your service is due.');
  await ford.core.group.exchange();
  await hyundai.core.group.exchange();
  assert.equal(openOn(hyundai).length, 0, 'closed on the other desk');
  const [item] = hyundai.core.store.reviews.open(10);
  assert.equal(item, undefined);
  assert.equal(hyundai.sms('HYUNDAI'), false, 'the confirmed opt-out reached it');
  assert.equal(hyundai.sms('FORD'), true);
  assert.deepEqual(hyundai.core.templates.list(hyundai.account('FORD')).map((x) => x.name), ['Service due']);
});

test('R4 R11 a provisional decision (every sharing account, flagged for review) is revised when the other desk\'s outbound record arrives: audited, review item closed, one effect', async (t) => {
  const w = await twoDesks(t);
  if (!w) return;
  const { ford, hyundai, clock, sim } = w;
  clock.advance(MIN);
  // Only Hyundai's desk texts Priya; Ford's desk has not heard of it when her STOP comes in.
  assert.equal((await sendFrom(hyundai, 'HYUNDAI', 'Hi Priya, the Tucson test drive is on Saturday.')).outcome, 'sent');
  clock.advance(MIN);
  sim.injectInbound({ from: PRIYA, to: SHARED_NUMBER, body: 'STOP' });
  await ford.core.poller.pollOnce();
  const stop = ford.core.store.messages.list({ limit: 10 }).find((m) => m.direction === 'inbound');
  assert.ok(stop);
  const [first] = ford.core.store.sync.attributions(stop.id);
  assert.equal(first?.rule, 'all_sharing_accounts');
  assert.equal(ford.sms('FORD'), false, 'provisionally applied to every sharing account');
  assert.equal(ford.core.reviews.open(10).filter((r) => r.kind === 'unattributed').length, 1, 'and flagged for review');

  await hyundai.core.group.exchange();
  await ford.core.group.exchange();
  const decisions = ford.core.store.sync.attributions(stop.id);
  const revised = decisions.find((a) => a.rule === 'latest_outbound');
  assert.equal(revised?.account_name, 'Parramatta Hyundai');
  assert.match(revised?.reason ?? '', /^Revised when another desk's record of the message arrived: .*sent for Parramatta Hyundai/);
  assert.ok(decisions.some((a) => a.rule === 'all_sharing_accounts'), 'the first decision stays in the audit trail');
  assert.equal(ford.core.reviews.open(10).filter((r) => r.kind === 'unattributed').length, 0, 'the review item is closed');
  const closed = ford.core.store.reviews.get(ford.core.store.group.reviewOfReply(stop.id, 'unattributed', null)?.id as number);
  assert.equal(closed?.resolved_by, 'group server (attribution revised)');
  for (const d of [ford, hyundai]) {
    await d.core.group.exchange();
    assert.equal(d.sms('FORD'), true, `${d.name}: Ford no longer refused`);
    assert.equal(d.sms('HYUNDAI'), false, `${d.name}: Hyundai opted out`);
  }
  const counting = (d: typeof ford) => d.core.consent.history(d.customerByMobile(PRIYA)).filter((e) => e.source === 'inbound_keyword' && e.superseded === 0).map((e) => e.uid);
  assert.deepEqual(counting(ford), counting(hyundai), 'one effect group-wide');
  assert.equal(counting(ford).length, 1);
});

test('R11 an appraisal recorded on one desk is on the other desk, once, on the same lead', async (t) => {
  const w = await twoDesks(t);
  if (!w) return;
  const { ford, hyundai, clock } = w;
  clock.advance(MIN);
  ford.core.store.appraisals.insert(
    { customerId: ford.customerByMobile(PRIYA), dealerAccountId: ford.account('FORD'), year: 2019, make: 'Ford', model: 'Ranger', registration: 'ABC12D', odometerKm: 84_000, status: 'offered', offerAud: 31_500 },
    clock(),
  );
  for (let i = 0; i < 2; i++) {
    await ford.core.group.exchange();
    await hyundai.core.group.exchange();
  }
  const [a, more] = hyundai.core.store.appraisals.byCustomer(hyundai.customerByMobile(PRIYA));
  assert.equal(more, undefined, 'once');
  assert.deepEqual(
    [a?.account_name, a?.make, a?.model, a?.registration, a?.odometer_km, a?.status, a?.offer_aud, a?.created_at],
    ['Parramatta Ford', 'Ford', 'Ranger', 'ABC12D', 84_000, 'offered', 31_500, clock()],
  );
  assert.equal(ford.core.store.appraisals.byCustomer(ford.customerByMobile(PRIYA)).length, 1, 'not echoed back');
});

test('R11 a dealer account, Twilio account or sender renamed on one desk is renamed on the other (the codes, SIDs and numbers that match them stay)', async (t) => {
  const w = await twoDesks(t);
  if (!w) return;
  const { ford, hyundai } = w;
  const { accounts } = ford.core.store;
  accounts.renameAccount(ford.account('FORD'), 'Parramatta Ford & Lincoln');
  accounts.relabelGatewayAccount(accounts.gatewayAccounts()[0]!.id, 'Group Twilio (production)');
  accounts.relabelSender(accounts.senders()[0]!.id, 'Group line');
  await ford.core.group.exchange();
  await hyundai.core.group.exchange();
  const h = hyundai.core.store.accounts;
  assert.equal(h.account(hyundai.account('FORD'))?.name, 'Parramatta Ford & Lincoln');
  assert.equal(h.gatewayAccounts()[0]?.label, 'Group Twilio (production)');
  assert.equal(h.senders()[0]?.label, 'Group line');
});

test('R11 issue 9: a dealer account or sender archived on one desk is archived on the other (nothing leaves through it there either), and restored likewise', async (t) => {
  const w = await twoDesks(t);
  if (!w) return;
  const { ford, hyundai } = w;
  const { accounts } = ford.core.store;
  const line = accounts.senders()[0]!;
  accounts.setAccountArchived(ford.account('FORD'), 1_000);
  accounts.setSenderArchived(line.id, 2_000);
  await ford.core.group.exchange();
  await hyundai.core.group.exchange();
  const h = hyundai.core.store.accounts;
  assert.equal(h.account(hyundai.account('FORD'))?.archived_at, 1_000);
  const there = h.senderByAddress(line.address)!;
  assert.equal(there.archived_at, 2_000);
  assert.deepEqual(h.archivedPart(hyundai.account('HYUNDAI'), there), { what: 'sender', name: there.label, at: 2_000 });

  accounts.setSenderArchived(line.id, null);
  await ford.core.group.exchange();
  await hyundai.core.group.exchange();
  assert.equal(h.senderByAddress(line.address)?.archived_at, null);
});
