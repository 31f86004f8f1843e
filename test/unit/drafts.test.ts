// The composer's drafts live in main: one per lead and dealer account, kept until the message is
// sent (a send that leaves or is queued clears it; a refused one keeps it), surviving a restart
// (the same database opened again). The composer opens on the account this user last texted from.
import { test } from 'node:test';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { seedWorld } from '../support/seed-world.ts';
import { contextFor } from '../support/handler-context.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import { migrate, schemaVersion } from '../../src-main/db/migrate.ts';
import type { ApiInput, ApiOutput, ChannelName } from '../../shared/ipc/contract.ts';
import { createApiClient } from '../../shared/ipc/client.ts';
import type { HandlerContext } from '../../src-main/ipc/context.ts';
import { openDatabase } from '../../src-main/db/open-database.ts';
import { createConnectedCore } from '../../src-main/connected-core.ts';
import { manualClock } from '../../src-main/clock.ts';
import { RecordingGateway } from '../support/recording-gateway.ts';

/** A channel called through the typed client, as the renderer calls it (a refusal throws). */
function call<C extends ChannelName>(ctx: HandlerContext, channel: C, input: ApiInput<C>): Promise<ApiOutput<C>> {
  return createApiClient({ invoke: (c, i) => invokeHandler(c, i, ctx), on: () => () => undefined }).call(channel, input);
}

test('a draft per lead and dealer account is kept across a restart, replaced as typed, removed when emptied', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smsdesk-drafts-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'desk.db');
  const w = seedWorld(path);
  const ctx = contextFor(w);
  const long = 'x'.repeat(2_000);
  await call(ctx, 'drafts.save', { customerId: w.customerId, dealerAccountId: w.dealerA, body: 'Hi Jane, the car' });
  w.clock.advance(1000);
  await call(ctx, 'drafts.save', { customerId: w.customerId, dealerAccountId: w.dealerB, body: long });
  w.db.close();

  // The app starts again on the same file.
  const again = contextFor(reopen(path));
  const read = await call(again, 'drafts.forLead', { customerId: w.customerId });
  assert.deepEqual(
    read.drafts.map((d) => [d.dealerAccountId, d.body.length]),
    [
      [w.dealerB, 2_000],
      [w.dealerA, 16],
    ],
    'newest first, a paste over one SMS kept whole',
  );
  await call(again, 'drafts.save', { customerId: w.customerId, dealerAccountId: w.dealerB, body: '   ' });
  assert.deepEqual((await call(again, 'drafts.forLead', { customerId: w.customerId })).drafts.map((d) => d.dealerAccountId), [w.dealerA]);
});

/** The database of a seeded world opened again, as a restart does (no second seeding). */
function reopen(path: string): ReturnType<typeof seedWorld> {
  const clock = manualClock(Date.UTC(2026, 10, 21));
  const db = openDatabase(path);
  const gateway = new RecordingGateway(clock);
  const core = createConnectedCore({ db, gateway, clock, timeZone: 'Australia/Sydney' });
  return { core, db, clock, gateway, dealerA: 1, dealerB: 2, shared: 1, customerId: 1 };
}

test('a send that leaves removes its draft; a refused send keeps it (nothing typed is lost)', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  await call(ctx, 'drafts.save', { customerId: w.customerId, dealerAccountId: w.dealerA, body: 'See you Saturday' });
  await call(ctx, 'drafts.save', { customerId: w.customerId, dealerAccountId: w.dealerB, body: 'Mazda offer' });
  await call(ctx, 'consent.optOut', { dealerAccountId: w.dealerB, customerId: w.customerId, channel: 'sms' });

  const refused = await call(ctx, 'sms.send', { dealerAccountId: w.dealerB, customerId: w.customerId, body: 'Mazda offer', requestId: randomUUID() });
  assert.equal(refused.outcome, 'refused');
  const sent = await call(ctx, 'sms.send', { dealerAccountId: w.dealerA, customerId: w.customerId, body: 'See you Saturday', requestId: randomUUID() });
  assert.equal(sent.outcome, 'sent');
  assert.deepEqual(
    (await call(ctx, 'drafts.forLead', { customerId: w.customerId })).drafts.map((d) => [d.dealerAccountId, d.body]),
    [[w.dealerB, 'Mazda offer']],
  );
});

test('the composer opens on the account this user last texted the lead from (not another user\'s, not an automated send)', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  assert.equal((await call(ctx, 'drafts.forLead', { customerId: w.customerId })).lastSentAccountId, null);
  await call(ctx, 'sms.send', { dealerAccountId: w.dealerB, customerId: w.customerId, body: 'From Mazda', requestId: randomUUID() });
  w.clock.advance(60_000);
  ctx.prefs.setUserName('Sam');
  await call(ctx, 'sms.send', { dealerAccountId: w.dealerA, customerId: w.customerId, body: 'From Toyota, by Sam', requestId: randomUUID() });
  ctx.prefs.setUserName('Kim (BDC)');
  assert.equal((await call(ctx, 'drafts.forLead', { customerId: w.customerId })).lastSentAccountId, w.dealerB);
});

test('drafts.save refuses an account that does not hold the lead, an unknown lead, and a body over the draft limit', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const other = w.core.store.accounts.createAccount('C', 'Westside Kia', 0);
  const r1 = await invokeHandler('drafts.save', { customerId: w.customerId, dealerAccountId: other, body: 'hi' }, ctx);
  assert.equal(r1.ok ? 'ok' : r1.error.code, 'INVALID_INPUT');
  const r2 = await invokeHandler('drafts.save', { customerId: 9999, dealerAccountId: w.dealerA, body: 'hi' }, ctx);
  assert.equal(r2.ok ? 'ok' : r2.error.code, 'NOT_FOUND');
  const r3 = await invokeHandler('drafts.save', { customerId: w.customerId, dealerAccountId: w.dealerA, body: 'x'.repeat(100_001) }, ctx);
  assert.equal(r3.ok ? 'ok' : r3.error.code, 'INVALID_INPUT');
  assert.deepEqual((await call(ctx, 'drafts.forLead', { customerId: w.customerId })).drafts, []);
});

test('migration 12 adds the drafts table to a version 11 store, keeping its data', () => {
  const db = new Database(':memory:');
  migrate(db, { target: 11 });
  db.prepare("INSERT INTO dealer_accounts (id, code, name, created_at) VALUES (1, 'A', 'Toyota', 0)").run();
  db.prepare("INSERT INTO customers (id, first_name, last_name, created_at, updated_at) VALUES (1, 'Jane', 'Citizen', 0, 0)").run();
  migrate(db, { target: 12 });
  assert.equal(schemaVersion(db), 12);
  db.prepare("INSERT INTO drafts (customer_id, dealer_account_id, body, updated_at) VALUES (1, 1, 'hi', 5)").run();
  assert.throws(() => db.prepare("INSERT INTO drafts (customer_id, dealer_account_id, body, updated_at) VALUES (1, 1, 'again', 6)").run(), /UNIQUE|PRIMARY/);
  assert.deepEqual(db.prepare('SELECT first_name FROM customers').all(), [{ first_name: 'Jane' }]);
});
