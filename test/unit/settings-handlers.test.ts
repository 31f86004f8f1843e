// The desk's set-up through the IPC handler map (SettingsService behind it): a sender number is
// stored in E.164 whatever format it was typed in, a messaging service SID must look like one,
// and a duplicate account, gateway account or sender is refused with the field to correct.
// Senders are shared by exactly the dealer accounts chosen (R1: consent stays per account).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';
import { contextFor } from '../support/handler-context.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import type { IpcResult } from '../../shared/ipc/contract.ts';

function world() {
  const w = seedWorld();
  const ctx = contextFor(w);
  const gatewayAccountId = w.core.store.accounts.gatewayAccounts()[0]!.id;
  return { ...w, ctx, gatewayAccountId, call: (channel: string, input: unknown) => invokeHandler(channel, input, ctx) };
}

function value<T>(r: IpcResult<unknown>): T {
  assert.ok(r.ok, `expected success, got ${JSON.stringify(r).slice(0, 300)}`);
  return r.value as T;
}

function refused(r: IpcResult<unknown>): { code: string; message: string; details?: unknown } {
  assert.equal(r.ok, false, `expected a refusal, got ${JSON.stringify(r).slice(0, 200)}`);
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

type SenderOut = { id: number; kind: string; address: string; dealerAccountIds: number[] };

test('settings.createSender stores a number typed any usual way in E.164, shared with the chosen accounts, and announces settings:changed', async () => {
  const w = world();
  const s = value<SenderOut>(
    await w.call('settings.createSender', { gatewayAccountId: w.gatewayAccountId, kind: 'number', address: '0480 000 009', label: 'Toyota direct', dealerAccountIds: [w.dealerA] }),
  );
  assert.equal(s.address, '+61480000009');
  assert.deepEqual(s.dealerAccountIds, [w.dealerA]);
  assert.deepEqual(w.ctx.events.at(-1), ['settings:changed', {}]);
  const settings = value<{ senders: SenderOut[] }>(await w.call('settings.get', {}));
  assert.deepEqual(settings.senders.find((x) => x.id === s.id)?.dealerAccountIds, [w.dealerA]);
});

test('settings.createSender refuses a malformed messaging service SID, a number that is not one, and an address set up twice, naming the address field', async () => {
  const w = world();
  const base = { gatewayAccountId: w.gatewayAccountId, label: 'X', dealerAccountIds: [w.dealerA] };
  const before = w.ctx.events.length;

  const sid = refused(await w.call('settings.createSender', { ...base, kind: 'messaging_service', address: 'MG123' }));
  assert.equal(sid.code, 'INVALID_INPUT');
  assert.equal(sid.message, 'A messaging service SID is MG followed by 32 hex digits.');
  assert.deepEqual(sid.details, { field: 'address' });

  const number = refused(await w.call('settings.createSender', { ...base, kind: 'number', address: 'call me' }));
  assert.equal(number.code, 'INVALID_INPUT');
  assert.deepEqual(number.details, { field: 'address' });

  const twice = refused(await w.call('settings.createSender', { ...base, kind: 'number', address: '0480 000 001' }));
  assert.equal(twice.code, 'INVALID_INPUT');
  assert.equal(twice.message, 'Sender +61480000001 is already set up.');
  assert.deepEqual(twice.details, { field: 'address' });

  assert.equal(w.ctx.events.length, before, 'a refused change announces nothing');
  assert.equal(w.core.store.accounts.senders().length, 1, 'nothing was stored');

  const mg = value<SenderOut>(await w.call('settings.createSender', { ...base, kind: 'messaging_service', address: 'MG' + 'ab'.repeat(16) }));
  assert.equal(mg.kind, 'messaging_service');
  assert.equal(mg.address, 'MG' + 'ab'.repeat(16));
});

test('settings.createSender refuses an unknown gateway account or dealer account as NOT_FOUND and stores nothing', async () => {
  const w = world();
  const base = { kind: 'number', address: '0480 000 009', label: 'X' };
  assert.equal(refused(await w.call('settings.createSender', { ...base, gatewayAccountId: 999, dealerAccountIds: [w.dealerA] })).code, 'NOT_FOUND');
  assert.equal(refused(await w.call('settings.createSender', { ...base, gatewayAccountId: w.gatewayAccountId, dealerAccountIds: [999] })).code, 'NOT_FOUND');
  assert.equal(w.core.store.accounts.senders().length, 1);
});

test('R1: settings.setSenderAccounts makes exactly the chosen dealer accounts share the sender', async () => {
  const w = world();
  const only = value<SenderOut>(await w.call('settings.setSenderAccounts', { senderId: w.shared, dealerAccountIds: [w.dealerB] }));
  assert.deepEqual(only.dealerAccountIds, [w.dealerB]);
  assert.deepEqual(w.core.store.accounts.accountsOfSender(w.shared).map((a) => a.id), [w.dealerB]);
  const both = value<SenderOut>(await w.call('settings.setSenderAccounts', { senderId: w.shared, dealerAccountIds: [w.dealerA, w.dealerB] }));
  assert.deepEqual([...both.dealerAccountIds].sort(), [w.dealerA, w.dealerB].sort());
  assert.equal(refused(await w.call('settings.setSenderAccounts', { senderId: 999, dealerAccountIds: [] })).code, 'NOT_FOUND');
  assert.equal(refused(await w.call('settings.setSenderAccounts', { senderId: w.shared, dealerAccountIds: [999] })).code, 'NOT_FOUND');
  assert.equal(w.core.store.accounts.accountsOfSender(w.shared).length, 2, 'a refused change leaves the sharing as it was');
});

test('settings.createDealerAccount and createGatewayAccount refuse a duplicate with the field to correct', async () => {
  const w = world();
  const dealer = value<{ id: number; code: string; name: string }>(await w.call('settings.createDealerAccount', { code: 'C', name: 'Westside Kia' }));
  assert.deepEqual({ code: dealer.code, name: dealer.name }, { code: 'C', name: 'Westside Kia' });
  const dupDealer = refused(await w.call('settings.createDealerAccount', { code: 'A', name: 'Another' }));
  assert.equal(dupDealer.message, 'A dealer account with code "A" already exists.');
  assert.deepEqual(dupDealer.details, { field: 'code' });

  const sid = 'AC' + 'b'.repeat(32);
  const { id: _id, ...g } = value<{ id: number; accountSid: string; label: string; credentialsConfigured: boolean; simulated: boolean }>(
    await w.call('settings.createGatewayAccount', { accountSid: sid, label: 'Second' }),
  );
  assert.deepEqual(g, { accountSid: sid, label: 'Second', credentialsConfigured: false, simulated: false, stopFiltering: true, archivedAt: null });
  const dupGateway = refused(await w.call('settings.createGatewayAccount', { accountSid: 'AC' + 'a'.repeat(32), label: 'Again' }));
  assert.equal(dupGateway.message, `Gateway account ${'AC' + 'a'.repeat(32)} is already set up.`);
  assert.deepEqual(dupGateway.details, { field: 'accountSid' });
});

test('settings.setCredentials, clearCredentials and testConnection refuse an unknown gateway account as NOT_FOUND', async () => {
  const w = world();
  assert.equal(refused(await w.call('settings.setCredentials', { gatewayAccountId: 999, authToken: 'x'.repeat(32) })).code, 'NOT_FOUND');
  assert.equal(refused(await w.call('settings.clearCredentials', { gatewayAccountId: 999 })).code, 'NOT_FOUND');
  assert.equal(refused(await w.call('settings.testConnection', { gatewayAccountId: 999 })).code, 'NOT_FOUND');
});

test('R13 settings.setStopFiltering records whether Twilio filters STOP for the account (on by default); an unknown account is NOT_FOUND', async () => {
  const w = world();
  const before = (await w.call('settings.get', {})) as IpcResult<{ gatewayAccounts: { id: number; stopFiltering: boolean }[] }>;
  assert.equal(value<{ gatewayAccounts: { id: number; stopFiltering: boolean }[] }>(before).gatewayAccounts.find((g) => g.id === w.gatewayAccountId)?.stopFiltering, true);
  const off = value<{ stopFiltering: boolean }>(await w.call('settings.setStopFiltering', { gatewayAccountId: w.gatewayAccountId, on: false }));
  assert.equal(off.stopFiltering, false);
  assert.equal(w.core.store.accounts.gatewayAccount(w.gatewayAccountId)?.stop_filtering, 0, 'kept in the store');
  assert.equal(refused(await w.call('settings.setStopFiltering', { gatewayAccountId: 9_999, on: true })).code, 'NOT_FOUND');
});

test('issue 9: a dealer account code is a slug (letters, digits, - and _), refused otherwise with what a code looks like; accounts, Twilio accounts and senders can be renamed (the code stays)', async () => {
  const w = world();
  const bad = refused(await w.call('settings.createDealerAccount', { code: 'Harbour City', name: 'Harbour City Kia' }));
  assert.equal(bad.code, 'INVALID_INPUT');
  assert.match(bad.message, /letters, digits, - and _/);
  const ok = value<{ id: number; code: string }>(await w.call('settings.createDealerAccount', { code: 'harbour-city_2', name: 'Harbour City Kia' }));
  const renamed = value<{ id: number; code: string; name: string }>(await w.call('settings.renameDealerAccount', { dealerAccountId: ok.id, name: 'Harbour City Kia & Hyundai' }));
  assert.deepEqual([renamed.code, renamed.name], ['harbour-city_2', 'Harbour City Kia & Hyundai']);
  assert.equal(value<{ label: string }>(await w.call('settings.renameGatewayAccount', { gatewayAccountId: w.gatewayAccountId, label: 'Group Twilio (prod)' })).label, 'Group Twilio (prod)');
  const senderId = w.core.store.accounts.senders()[0]!.id;
  assert.equal(value<{ label: string }>(await w.call('settings.renameSender', { senderId, label: 'Group line' })).label, 'Group line');
  assert.equal(refused(await w.call('settings.renameSender', { senderId: 9_999, label: 'x' })).code, 'NOT_FOUND');
  assert.equal(refused(await w.call('settings.renameDealerAccount', { dealerAccountId: ok.id, name: '  ' })).code, 'INVALID_INPUT');
});
