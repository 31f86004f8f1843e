import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld, T0 } from '../support/seed-world.ts';
import { contextFor, quietLog } from '../support/handler-context.ts';
import type { HandlerContext } from '../../src-main/ipc/context.ts';
import { allHandlers, combineHandlers, contractDescription, HandlerRegistrationError, invokeHandler, handlerGroups } from '../../src-main/ipc/registry.ts';
import { defineHandlers } from '../../src-main/ipc/handler.ts';
import { leadHandlers } from '../../src-main/customers/handlers.ts';
import { bootApp } from '../../src-main/app/app.ts';
import { MemorySecretStore } from '../../src-main/app/secret-store.ts';
import { CHANNEL_NAMES, EVENT_NAMES, contract, type IpcError, type IpcResult, type SendResult } from '../../shared/ipc/contract.ts';
import { CHANNEL_NAME_LIST, EVENT_NAME_LIST } from '../../shared/ipc/names.ts';
import { createApiClient } from '../../shared/ipc/client.ts';
import { randomUUID } from 'node:crypto';

function refused(r: IpcResult<unknown>): IpcError {
  assert.equal(r.ok, false, `expected a refusal, got ${JSON.stringify(r)}`);
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

test('every contract channel has exactly one handler, and the zod-free name lists match the contract', () => {
  assert.deepEqual(Object.keys(allHandlers).sort(), [...CHANNEL_NAMES].sort());
  assert.deepEqual([...CHANNEL_NAME_LIST].sort(), [...CHANNEL_NAMES].sort());
  assert.deepEqual([...EVENT_NAME_LIST].sort(), [...EVENT_NAMES].sort());
});

test('a duplicate handler name is rejected when the map is built', () => {
  assert.throws(() => combineHandlers([...handlerGroups, leadHandlers]), (e: unknown) => {
    assert.ok(e instanceof HandlerRegistrationError);
    assert.match(e.message, /'leads\.list' is registered twice/);
    return true;
  });
  const stray = { 'leads.delete': () => ({}) };
  assert.throws(() => combineHandlers([...handlerGroups, stray]), /'leads\.delete' is not a channel of the contract/);
  assert.throws(() => combineHandlers([leadHandlers]), /channels without a handler: .*sms\.send/);
});

test('validation: a bad input is refused with INVALID_INPUT and the failing field, before any handler runs', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const e1 = refused(await invokeHandler('leads.list', { limit: 'lots' }, ctx));
  assert.equal(e1.code, 'INVALID_INPUT');
  assert.match(e1.message, /limit/);
  assert.deepEqual((e1.details as { issues: { path: string }[] }).issues.map((i) => i.path), ['limit']);

  // Unknown keys are refused too (strict objects): no smuggled fields.
  const e2 = refused(await invokeHandler('consent.optOut', { dealerAccountId: w.dealerA, customerId: w.customerId, channel: 'sms', actor: 'mallory' }, ctx));
  assert.equal(e2.code, 'INVALID_INPUT');
  const e3 = refused(await invokeHandler('consent.optOut', { dealerAccountId: w.dealerA, customerId: w.customerId, channel: 'fax' }, ctx));
  assert.equal(e3.code, 'INVALID_INPUT');
  assert.equal(w.core.store.consent.history(w.customerId).length, 0, 'nothing changed');

  // R9: opting back in needs a reason, refused by the schema already.
  assert.equal(refused(await invokeHandler('consent.optIn', { dealerAccountId: w.dealerA, customerId: w.customerId, channel: 'sms', reason: '' }, ctx)).code, 'INVALID_INPUT');

  const e4 = refused(await invokeHandler('leads.drop', {}, ctx));
  assert.equal(e4.code, 'NOT_FOUND');
  assert.equal(refused(await invokeHandler('__proto__', {}, ctx)).code, 'NOT_FOUND');
  assert.equal(refused(await invokeHandler('leads.get', 'not an object', ctx)).code, 'INVALID_INPUT');
  assert.equal(refused(await invokeHandler('leads.get', { customerId: 9999 }, ctx)).code, 'NOT_FOUND');
});

test('R5 through IPC: a send to an opted-out customer is answered refused (SMS_OPTED_OUT) with the preflight\'s sentence and the block, and the attempt is recorded (R6)', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const out = await invokeHandler('consent.optOut', { dealerAccountId: w.dealerB, customerId: w.customerId, channel: 'sms', reason: 'Asked at the showroom' }, ctx);
  assert.equal(out.ok, true);
  assert.ok(ctx.events.some(([e, p]) => e === 'consent:changed' && (p as { status: string }).status === 'opted_out'));

  const pre = await invokeHandler('sms.preflight', { dealerAccountId: w.dealerB, customerId: w.customerId }, ctx);
  assert.ok(pre.ok);
  const preValue = pre.value as { allowed: boolean; warning: string; block: { dealerAccountName: string } };
  assert.equal(preValue.allowed, false);
  assert.match(preValue.warning, /^Jane Citizen previously opted out of SMS from Parramatta Mazda on 20 Nov 2026, 12:00 pm, staff \(Kim \(BDC\)\) — Asked at the showroom\. A send will be refused\.$/);

  const r = await invokeHandler('sms.send', { dealerAccountId: w.dealerB, customerId: w.customerId, body: 'Hi Jane, still keen?', requestId: randomUUID() }, ctx);
  assert.ok(r.ok, 'a refusal is an answer, not an error');
  const sent = r.value as SendResult;
  assert.ok(sent.outcome === 'refused');
  const e = sent.refusal;
  assert.equal(e.code, 'SMS_OPTED_OUT');
  assert.match(e.text, /^Not sent: Jane Citizen previously opted out of SMS from Parramatta Mazda on 20 Nov 2026, 12:00 pm/);
  assert.equal(`${e.reason} A send will be refused.`, preValue.warning, 'the preflight warning and the refusal read the same sentence');
  assert.equal(sent.message.blockReason, e.text, 'the recorded attempt carries the refusal');
  assert.ok(e.block);
  assert.equal(e.block.dealerAccountId, w.dealerB);
  assert.equal(e.block.source, 'manual');
  assert.equal(JSON.stringify(r), JSON.stringify(JSON.parse(JSON.stringify(r))), 'the result survives JSON and structured clone');
  const row = w.core.store.messages.get(sent.message.id);
  assert.equal(row?.status, 'blocked_opted_out');
  assert.equal(w.gateway.sent.length, 0);

  // Dealer A is unaffected (R1).
  const ok = await invokeHandler('sms.send', { dealerAccountId: w.dealerA, customerId: w.customerId, body: 'Hi Jane, from Toyota', requestId: randomUUID() }, ctx);
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.equal(w.gateway.sent.length, 1);

  // Through the typed client the same refusal is the same answer, typed: no error to catch, no cast.
  const client = createApiClient({ invoke: (c, i) => invokeHandler(c, i, ctx), on: () => () => undefined });
  const again = await client.call('sms.send', { dealerAccountId: w.dealerB, customerId: w.customerId, body: 'again', requestId: randomUUID() });
  assert.equal(again.outcome === 'refused' ? again.refusal.code : again.outcome, 'SMS_OPTED_OUT');
  const page = await client.call('timeline.page', { customerId: w.customerId });
  assert.deepEqual(
    page.items.slice(0, 4).map((i) => (i.kind === 'message' ? i.message.status : `consent:${i.event.status}`)),
    ['blocked_opted_out', 'accepted', 'blocked_opted_out', 'consent:opted_out'],
  );
});

test('an unexpected failure becomes INTERNAL with a safe message; an output that breaks the contract never leaves', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const logged: unknown[] = [];
  ctx.log = { info: () => undefined, error: (_m, extra) => logged.push(extra) };
  const broken = combineHandlers(
    [
      defineHandlers({
        'sync.status': () => {
          throw new Error('SQLITE_CORRUPT at /home/kim/.local/share/dealer-sms-desk/desk.db');
        },
        // A handler that (wrongly) returns more than the contract names, and one that returns garbage.
        'settings.testConnection': () => ({ ok: true, message: 'fine', authToken: 'tok_live_secret' }) as never,
        'sync.pollNow': () => ({ nope: true }) as never,
      }),
    ],
    { requireAll: false },
  );
  const e = refused(await invokeHandler('sync.status', {}, ctx, broken));
  assert.equal(e.code, 'INTERNAL');
  assert.doesNotMatch(e.message, /SQLITE|home/);
  assert.equal(logged.length, 1);
  const stripped = await invokeHandler('settings.testConnection', { gatewayAccountId: 1 }, ctx, broken);
  assert.deepEqual(stripped, { ok: true, value: { ok: true, message: 'fine' } });
  assert.equal(refused(await invokeHandler('sync.pollNow', {}, ctx, broken)).code, 'INTERNAL');
});

test('gateway credentials are write-only: set, reported as configured, never returned by any channel', async () => {
  const secrets = new MemorySecretStore();
  // The gateway host is a closed local port: nothing leaves this machine.
  const app = await bootApp({ dbPath: ':memory:', demo: false, background: false, secrets, log: quietLog, gatewayBaseUrl: 'http://127.0.0.1:9' });
  try {
    const TOKEN = 'f00dfeed0123456789abcdefdeadbeef';
    const created = await app.invoke('settings.createGatewayAccount', { accountSid: `AC${'1'.repeat(32)}`, label: 'Group Twilio' });
    assert.ok(created.ok, JSON.stringify(created));
    const id = (created.value as { id: number }).id;
    assert.equal((created.value as { credentialsConfigured: boolean }).credentialsConfigured, false);
    const set = await app.invoke('settings.setCredentials', { gatewayAccountId: id, authToken: TOKEN });
    assert.ok(set.ok, JSON.stringify(set));
    assert.equal((set.value as { credentialsConfigured: boolean }).credentialsConfigured, true);
    assert.equal(await secrets.get(`gateway:AC${'1'.repeat(32)}:authToken`), TOKEN, 'stored in the secret store');

    const seen: string[] = [JSON.stringify(set)];
    for (const channel of ['settings.get', 'sync.status', 'notifications.list', 'automation.rules'] as const) {
      seen.push(JSON.stringify(await app.invoke(channel, {})));
    }
    const probe = await app.invoke('settings.testConnection', { gatewayAccountId: id });
    assert.equal((probe as { value: { ok: boolean } }).value.ok, false, 'nothing listens there');
    seen.push(JSON.stringify(probe));
    for (const text of seen) assert.ok(!text.includes(TOKEN), `a credential leaked: ${text.slice(0, 200)}`);
    // Not in the database either.
    const dump = app.db.serialize().toString('latin1');
    assert.ok(!dump.includes(TOKEN), 'the token is not stored in SQLite');
    // The contract has no channel that returns one.
    assert.ok(!JSON.stringify(contractDescription().channels.map((c) => c.output)).includes('authToken'));
    const cleared = await app.invoke('settings.clearCredentials', { gatewayAccountId: id });
    assert.equal((cleared as { value: { credentialsConfigured: boolean } }).value.credentialsConfigured, false);
  } finally {
    await app.close();
  }
});

test('the leads list pages with offset, limit and total, and shows SMS consent per account', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  await invokeHandler('consent.optOut', { dealerAccountId: w.dealerB, customerId: w.customerId, channel: 'sms' }, ctx);
  const r = await invokeHandler('leads.list', { query: 'jan', limit: 10 }, ctx);
  assert.ok(r.ok);
  const v = r.value as { total: number; items: { name: string; accounts: { accountName: string; sms: string; email: string }[] }[] };
  assert.equal(v.total, 1);
  assert.equal(v.items[0]?.name, 'Jane Citizen');
  assert.deepEqual(v.items[0]?.accounts.map((a) => `${a.accountName}:${a.sms}:${a.email}`), ['Harbour City Toyota:none:none', 'Parramatta Mazda:opted_out:none']);
  const byPhone = await invokeHandler('leads.list', { query: '0412 345', limit: 10 }, ctx);
  assert.equal((byPhone as { value: { total: number } }).value.total, 1);
  assert.ok(contract['leads.list'].input.safeParse({}).success, 'every field has a default');
});

// ---------------------------------------------------------------------------------------------
// leads.create and leads.updateDetails

/** Rows of every table a lead write touches: a refused call must leave them all as they were. */
function leadTableCounts(w: ReturnType<typeof seedWorld>): Record<string, number> {
  const count = (table: string) => (w.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return Object.fromEntries(['customers', 'leads', 'consent', 'consent_events', 'customer_phones', 'customer_search'].map((t) => [t, count(t)]));
}

function typedClient(ctx: HandlerContext) {
  return createApiClient({ invoke: (c, i) => invokeHandler(c, i, ctx), on: () => () => undefined });
}

test('R10: leads.create with "Opt in to future marketing" off opts the new lead out of SMS and email for that account only, with source import', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const api = typedClient(ctx);
  const { customerId } = await api.call('leads.create', {
    dealerAccountId: w.dealerB, firstName: ' Ned ', lastName: 'Kelly', mobile: '0400 111 222', email: 'ned@example.com', optInToMarketing: false,
  });
  assert.ok(ctx.events.some(([e, p]) => e === 'lead:changed' && (p as { customerId: number }).customerId === customerId));

  const lead = await api.call('leads.get', { customerId });
  assert.equal(lead.name, 'Ned Kelly', 'names are trimmed');
  assert.equal(lead.mobile, '+61400111222', 'main normalises the mobile to E.164');
  assert.deepEqual(lead.accounts.map((a) => `${a.accountName} sms:${a.sms.status}/${a.sms.source} email:${a.email.status}/${a.email.source}`), [
    'Parramatta Mazda sms:opted_out/import email:opted_out/import',
  ]);
  assert.deepEqual(lead.consentHistory.map((e) => `${e.accountName}:${e.channel}:${e.status}:${e.actor}`).sort(), [
    'Parramatta Mazda:email:opted_out:Kim (BDC)',
    'Parramatta Mazda:sms:opted_out:Kim (BDC)',
  ]);
  assert.equal(w.core.consent.decide(w.dealerB, customerId, 'sms').allowed, false, 'R5 gate sees the opt-out');

  // The same customer attached to the other account with the box ticked: that account is untouched (R1).
  await api.call('leads.create', { dealerAccountId: w.dealerA, customerId, firstName: '', lastName: '', optInToMarketing: true });
  const both = await api.call('leads.get', { customerId });
  assert.deepEqual(both.accounts.map((a) => `${a.accountName}:${a.sms.status}:${a.email.status}`), [
    'Harbour City Toyota:none:none',
    'Parramatta Mazda:opted_out:opted_out',
  ]);
  assert.equal(w.core.consent.decide(w.dealerA, customerId, 'sms').allowed, true);
  // Another customer of the same accounts is untouched.
  assert.equal(w.core.store.consent.history(w.customerId).length, 0);
});

test('R10: leads.create with the box ticked records no opt-out, and the new lead is found by the leads list', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const api = typedClient(ctx);
  const { customerId } = await api.call('leads.create', { dealerAccountId: w.dealerA, firstName: 'Kate', lastName: 'Kelly', mobile: '+61 400 111 333', optInToMarketing: true });
  const lead = await api.call('leads.get', { customerId });
  assert.deepEqual(lead.accounts.map((a) => `${a.accountName}:${a.sms.status}:${a.email.status}`), ['Harbour City Toyota:none:none']);
  assert.equal(lead.consentHistory.length, 0);
  assert.equal(lead.email, null);
  const found = await api.call('leads.list', { query: 'kate kel' });
  assert.deepEqual(found.items.map((i) => i.customerId), [customerId]);
});

test('leads.create refuses an invalid mobile, an invalid email, no name or an unknown account with a stable code, and writes nothing', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const before = leadTableCounts(w);
  const base = { dealerAccountId: w.dealerA, firstName: 'Ned', lastName: 'Kelly', optInToMarketing: false };

  const landline = refused(await invokeHandler('leads.create', { ...base, mobile: '(02) 9123 4567' }, ctx));
  assert.equal(landline.code, 'INVALID_INPUT');
  assert.equal(landline.message, '"(02) 9123 4567" is not a mobile number');
  assert.deepEqual(landline.details, { field: 'mobile', input: '(02) 9123 4567' });

  const garbage = refused(await invokeHandler('leads.create', { ...base, mobile: '0412 abc' }, ctx));
  assert.equal(garbage.code, 'INVALID_INPUT');
  assert.match(garbage.message, /"0412 abc" is not a valid Australian phone number/);

  const email = refused(await invokeHandler('leads.create', { ...base, mobile: '0400 111 222', email: 'ned@example' }, ctx));
  assert.equal(email.code, 'INVALID_INPUT');
  assert.equal(email.message, '"ned@example" is not an email address.');
  assert.equal((email.details as { field: string }).field, 'email');

  const noName = refused(await invokeHandler('leads.create', { ...base, firstName: '  ', lastName: '' }, ctx));
  assert.equal(noName.code, 'INVALID_INPUT');
  assert.equal((noName.details as { field: string }).field, 'name');

  assert.equal(refused(await invokeHandler('leads.create', { ...base, dealerAccountId: 999 }, ctx)).code, 'NOT_FOUND');
  assert.equal(refused(await invokeHandler('leads.create', { ...base, optInToMarketing: 'no' }, ctx)).code, 'INVALID_INPUT', 'the flag is a boolean');

  assert.deepEqual(leadTableCounts(w), before, 'nothing written');
  assert.ok(!ctx.events.some(([e]) => e === 'lead:changed'), 'no change announced');
});

test('R2: leads.create refuses a second record for a mobile or email an existing customer has (CUSTOMER_EXISTS with the match); attaching the account instead works once', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const dealerC = w.core.store.accounts.createAccount('C', 'Westside Kia', T0);
  const before = leadTableCounts(w);
  const base = { dealerAccountId: dealerC, firstName: 'Jane', lastName: 'C', optInToMarketing: false };

  const byMobile = refused(await invokeHandler('leads.create', { ...base, mobile: '+61 412 345 678' }, ctx));
  assert.equal(byMobile.code, 'CUSTOMER_EXISTS');
  assert.equal(byMobile.message, 'Jane Citizen, a lead of Harbour City Toyota and Parramatta Mazda, already has the mobile 0412 345 678.');
  assert.deepEqual(byMobile.code === 'CUSTOMER_EXISTS' ? byMobile.details.existing : [], [
    {
      customerId: w.customerId, name: 'Jane Citizen', mobile: '+61412345678', email: 'jane@example.com', matchedOn: ['mobile'],
      accounts: [{ dealerAccountId: w.dealerA, accountName: 'Harbour City Toyota' }, { dealerAccountId: w.dealerB, accountName: 'Parramatta Mazda' }],
    },
  ]);
  const byEmail = refused(await invokeHandler('leads.create', { ...base, mobile: '0400 999 888', email: ' JANE@Example.com ' }, ctx));
  assert.equal(byEmail.code, 'CUSTOMER_EXISTS');
  assert.deepEqual((byEmail.code === 'CUSTOMER_EXISTS' ? byEmail.details.existing : []).map((c) => [c.customerId, c.matchedOn]), [[w.customerId, ['email']]]);
  assert.deepEqual(leadTableCounts(w), before, 'no second record');

  // Attach Westside Kia to Jane: only that account gets the R10 opt-out; her details stay.
  const attached = await invokeHandler('leads.create', { dealerAccountId: dealerC, customerId: w.customerId, firstName: '', lastName: '', optInToMarketing: false }, ctx);
  assert.ok(attached.ok, JSON.stringify(attached));
  assert.deepEqual(attached.value, { customerId: w.customerId });
  const lead = await typedClient(ctx).call('leads.get', { customerId: w.customerId });
  assert.equal(lead.name, 'Jane Citizen');
  assert.deepEqual(lead.accounts.map((a) => `${a.accountName}:${a.sms.status}:${a.email.status}`), [
    'Harbour City Toyota:none:none',
    'Parramatta Mazda:none:none',
    'Westside Kia:opted_out:opted_out',
  ]);

  // Again for the same account: refused, so an existing consent is never overwritten.
  const events = w.core.store.consent.history(w.customerId).length;
  const again = refused(await invokeHandler('leads.create', { dealerAccountId: w.dealerA, customerId: w.customerId, firstName: '', lastName: '', optInToMarketing: false }, ctx));
  assert.equal(again.code, 'INVALID_INPUT');
  assert.equal(again.message, 'Jane Citizen is already a lead of Harbour City Toyota.');
  assert.equal(w.core.store.consent.history(w.customerId).length, events);
  assert.equal(w.core.consent.decide(w.dealerA, w.customerId, 'sms').allowed, true);
  assert.equal(refused(await invokeHandler('leads.create', { ...base, customerId: 9999 }, ctx)).code, 'NOT_FOUND');
});

test('R1, R2: leads.updateDetails changes the name and email and leaves consent, the mobile and its history untouched', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const api = typedClient(ctx);
  await api.call('consent.optOut', { dealerAccountId: w.dealerB, customerId: w.customerId, channel: 'sms', reason: 'Asked at the showroom' });
  const before = await api.call('leads.get', { customerId: w.customerId });

  const after = await api.call('leads.updateDetails', { customerId: w.customerId, firstName: ' Janet ', lastName: 'Citizen-Smith', email: 'janet@example.org' });
  assert.equal(after.name, 'Janet Citizen-Smith');
  assert.equal(after.firstName, 'Janet');
  assert.equal(after.email, 'janet@example.org');
  assert.equal(after.mobile, before.mobile);
  assert.deepEqual(after.phoneHistory, before.phoneHistory);
  assert.deepEqual(after.accounts, before.accounts, 'consent per account and channel unchanged');
  assert.deepEqual(after.consentHistory, before.consentHistory);
  assert.equal(w.core.consent.decide(w.dealerB, w.customerId, 'sms').allowed, false, 'still opted out');
  assert.ok(ctx.events.some(([e, p]) => e === 'lead:changed' && (p as { customerId: number }).customerId === w.customerId));
  assert.deepEqual((await api.call('leads.list', { query: 'janet@' })).items.map((i) => i.customerId), [w.customerId], 'search follows the new email');

  // An empty email clears it.
  const cleared = await api.call('leads.updateDetails', { customerId: w.customerId, firstName: 'Janet', lastName: '', email: '  ' });
  assert.equal(cleared.email, null);
  assert.equal(cleared.name, 'Janet');
});

test('leads.updateDetails refuses a bad email, no name or an unknown customer with a stable code, and changes nothing', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const row = w.core.store.customers.get(w.customerId);
  const before = leadTableCounts(w);

  const email = refused(await invokeHandler('leads.updateDetails', { customerId: w.customerId, firstName: 'Jane', lastName: 'Citizen', email: 'jane at example.com' }, ctx));
  assert.equal(email.code, 'INVALID_INPUT');
  assert.equal(email.message, '"jane at example.com" is not an email address.');
  assert.equal((email.details as { field: string }).field, 'email');

  const noName = refused(await invokeHandler('leads.updateDetails', { customerId: w.customerId, firstName: ' ', lastName: '', email: 'jane@example.com' }, ctx));
  assert.equal(noName.code, 'INVALID_INPUT');
  assert.equal(noName.message, 'A customer needs a first or last name.');
  assert.equal((noName.details as { field: string }).field, 'name');

  const unknown = refused(await invokeHandler('leads.updateDetails', { customerId: 9999, firstName: 'A', lastName: 'B', email: null }, ctx));
  assert.equal(unknown.code, 'NOT_FOUND');
  assert.equal(unknown.message, 'Customer 9999 was not found.');
  // Mobile and consent are not fields of this channel: smuggling one in is refused.
  assert.equal(refused(await invokeHandler('leads.updateDetails', { customerId: w.customerId, firstName: 'A', lastName: 'B', email: null, mobile: '0400 000 000' }, ctx)).code, 'INVALID_INPUT');

  assert.deepEqual(w.core.store.customers.get(w.customerId), row);
  assert.deepEqual(leadTableCounts(w), before);
  assert.ok(!ctx.events.some(([e]) => e === 'lead:changed'));
});

test('R2: leads.updateMobile refuses a mobile another customer has (CUSTOMER_EXISTS with the match), as leads.create does; nothing changes', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const other = w.core.leads.createLead({ dealerAccountId: w.dealerA, firstName: 'Sam', lastName: 'Other', mobile: '0400 111 222', optInToMarketing: true }, 'import');
  const r = refused(await invokeHandler('leads.updateMobile', { customerId: other.customerId, mobile: '0412 345 678' }, ctx));
  assert.equal(r.code, 'CUSTOMER_EXISTS');
  assert.match(r.message, /Jane Citizen, a lead of Harbour City Toyota and Parramatta Mazda, already has the mobile 0412 345 678/);
  assert.deepEqual(r.code === 'CUSTOMER_EXISTS' ? r.details.existing.map((c) => c.customerId) : [], [w.customerId]);
  assert.equal(w.core.store.customers.get(other.customerId)?.mobile, '+61400111222', 'the mobile is unchanged');
  // Its own number again, or a free one, is fine.
  assert.ok((await invokeHandler('leads.updateMobile', { customerId: other.customerId, mobile: '0400 111 222' }, ctx)).ok);
  assert.ok((await invokeHandler('leads.updateMobile', { customerId: other.customerId, mobile: '0400 333 444' }, ctx)).ok);
});
