// R11 under random interleavings: three desks (separate SQLite files, one real PostgreSQL) opt
// customers out and back in by hand while exchanging with the group at random moments (a desk
// that does not exchange is offline). 200 customers, each its own random scenario, interleaved.
// Afterwards every desk holds the same consent, and it is the fold of the server's events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupDatabase, sql } from '../support/pg.ts';
import { groupWorld, type Desk } from '../support/group-world.ts';
import { seededRandom } from '../../src-main/seeded-random.ts';
import { foldConsent } from '../../src-main/consent/consent-fold.ts';
import type { ConsentSource, ConsentStatus } from '../../shared/domain/types.ts';

const CUSTOMERS = 200;
const STEPS = 1_400;
const mobile = (i: number) => `+6141300${String(i).padStart(4, '0')}`;

/** Consent as one desk holds it: "code|mobile|channel" → status. */
function consentOf(d: Desk): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < CUSTOMERS; i++) {
    const id = d.core.store.customers.byMobile(mobile(i))[0]?.id;
    if (id === undefined) continue;
    for (const row of d.core.store.consent.forCustomer(id)) {
      out.set(`${d.core.store.accounts.account(row.dealer_account_id)?.code}|${mobile(i)}|${row.channel}`, row.status);
    }
  }
  return out;
}

test('R11 200 random interleavings of three desks\' opt-outs and opt-ins end in identical consent on every desk, the fold of the server\'s events', async (t) => {
  const url = await groupDatabase(t);
  if (!url) return;
  const w = await groupWorld(t, { url });
  const desks = [await w.open('North desk'), await w.open('South desk'), await w.open('West desk')];
  const [first] = desks as [Desk, Desk, Desk];
  w.seedAccounts(first);
  for (let i = 0; i < CUSTOMERS; i++) {
    first.core.leads.createLead({ dealerAccountId: first.account('FORD'), firstName: 'C', lastName: `No ${i}`, mobile: mobile(i), optInToMarketing: true }, 'import');
  }
  await first.core.group.join('North desk');
  for (const d of desks.slice(1)) await d.core.group.join(d.name, { createSchema: false });

  const random = seededRandom(2026);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  let exchanges = 0;
  for (let step = 0; step < STEPS; step++) {
    const d = pick(desks);
    const r = random();
    w.clock.advance(Math.floor(random() * 3_000));
    if (r < 0.2) {
      await d.core.group.exchange();
      exchanges++;
      continue;
    }
    const customerId = d.customerByMobile(mobile(Math.floor(random() * CUSTOMERS)));
    const change = { dealerAccountId: d.account(pick(['FORD', 'HYUNDAI'])), customerId, channel: pick(['sms', 'email'] as const), actor: d.name };
    if (r < 0.6) d.core.consent.optOutManually(change);
    else d.core.consent.optInManually({ ...change, reason: 'Asked in person to be texted again' });
  }
  // Everyone online again: two rounds so every desk has everything.
  for (let round = 0; round < 2; round++) for (const d of desks) await d.core.group.exchange();

  const states = desks.map(consentOf);
  assert.ok((states[0] as Map<string, string>).size > 300, 'the scenarios changed a lot of consent');
  assert.deepEqual(states[1], states[0], 'South = North');
  assert.deepEqual(states[2], states[0], 'West = North');

  // The server's events, folded here, give the same answer (no desk kept a change to itself).
  const rows = await sql<{ uid: string; payload: { customer: string; account: string; channel: string; status: ConsentStatus; source: ConsentSource; supersedes: string | null }; occurred_at: string }>(
    url, "SELECT uid::text AS uid, payload, occurred_at::text AS occurred_at FROM group_events WHERE kind = 'consent_event'",
  );
  const byKey = new Map<string, Parameters<typeof foldConsent>[0][number][]>();
  const mobileOfUid = new Map<string, string>();
  for (let i = 0; i < CUSTOMERS; i++) {
    const id = first.customerByMobile(mobile(i));
    for (const e of first.core.store.consent.history(id)) void e;
    const uid = first.core.store.group.uidOf('customer', id);
    if (uid) mobileOfUid.set(uid, mobile(i));
  }
  for (const r of rows) {
    const key = `${r.payload.account}|${mobileOfUid.get(r.payload.customer)}|${r.payload.channel}`;
    const list = byKey.get(key) ?? [];
    list.push({ uid: r.uid, status: r.payload.status, source: r.payload.source, occurredAt: Number(r.occurred_at), supersedes: r.payload.supersedes });
    byKey.set(key, list);
  }
  const reference = new Map<string, string>();
  for (const [key, events] of byKey) {
    const decided = foldConsent(events);
    if (decided) reference.set(key, decided.status);
  }
  assert.deepEqual(states[0], reference, 'the desks hold the fold of the server\'s events');
  t.diagnostic(`${STEPS} steps, ${exchanges} exchanges, ${rows.length} consent events on the server`);
});
