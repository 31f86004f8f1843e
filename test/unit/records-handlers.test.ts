// The read-mostly records around the leads through the IPC handler map: automation history paged
// newest first with a cursor that visits every run once (R6: blocked sends are runs too),
// appraisals of a lead and of an account, templates of an account, and notifications marked read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';
import { contextFor } from '../support/handler-context.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import type { ApiOutput, IpcResult } from '../../shared/ipc/contract.ts';

function world() {
  const w = seedWorld();
  const ctx = contextFor(w);
  return { ...w, ctx, call: (channel: string, input: unknown) => invokeHandler(channel, input, ctx) };
}

function value<T>(r: IpcResult<unknown>): T {
  assert.ok(r.ok, `expected success, got ${JSON.stringify(r).slice(0, 300)}`);
  return r.value as T;
}

function refused(r: IpcResult<unknown>): { code: string; message: string } {
  assert.equal(r.ok, false, `expected a refusal, got ${JSON.stringify(r).slice(0, 200)}`);
  if (r.ok) throw new Error('unreachable');
  return r.error;
}

test('R6 automation history: pages newest first, of one rule or all, and the cursor visits every run exactly once', async () => {
  const w = world();
  const { automation } = w.core.store;
  const ruleA = automation.createRule(w.dealerA, 'Test drive follow-up', 'test_drive+2d', 'Hi {firstName}', w.clock());
  const ruleB = automation.createRule(w.dealerB, 'Service reminder', 'service+180d', 'Hi {firstName}', w.clock());
  const runs: { id: number; rule: number }[] = [];
  for (let i = 0; i < 7; i++) {
    // Two runs share each millisecond, so the id breaks the tie.
    if (i % 2 === 0) w.clock.advance(1_000);
    const rule = i % 3 === 0 ? ruleB : ruleA;
    const id = automation.startRun(rule, w.customerId, w.clock());
    automation.finishRun(id, null, i === 6 ? 'blocked_opted_out' : 'sent', null);
    runs.push({ id, rule });
  }
  const newestFirst = [...runs].reverse();

  type Page = ApiOutput<'automation.history'>;
  const pageAll = async (input: { ruleId?: number }) => {
    const ids: number[] = [];
    let cursor: Page['next'] = null;
    do {
      const page: Page = value<Page>(await w.call('automation.history', { ...input, limit: 2, ...(cursor ? { cursor } : {}) }));
      assert.ok(page.items.length <= 2);
      ids.push(...page.items.map((r) => r.id));
      cursor = page.next;
    } while (cursor);
    return ids;
  };

  assert.deepEqual(await pageAll({}), newestFirst.map((r) => r.id));
  assert.deepEqual(await pageAll({ ruleId: ruleB }), newestFirst.filter((r) => r.rule === ruleB).map((r) => r.id));
  const first = value<Page>(await w.call('automation.history', { limit: 1 }));
  assert.equal(first.items[0]?.outcome, 'blocked_opted_out', 'the blocked send is listed as a run');
  assert.equal(first.items[0]?.customerName, 'Jane Citizen');
  const all = value<Page>(await w.call('automation.history', { limit: 7 }));
  assert.equal(all.next, null, 'a page holding the last run has no next cursor');

  const rules = value<ApiOutput<'automation.rules'>>(await w.call('automation.rules', {}));
  assert.deepEqual(rules.map((r) => r.name).sort(), ['Service reminder', 'Test drive follow-up']);
});

test('appraisals: of a lead, of an account with the total, one by id; an unknown lead or appraisal is NOT_FOUND', async () => {
  const w = world();
  const { appraisals } = w.core.store;
  const mazda = appraisals.insert({ customerId: w.customerId, dealerAccountId: w.dealerB, year: 2019, make: 'Mazda', model: 'CX-5' }, w.clock());
  appraisals.insert({ customerId: w.customerId, dealerAccountId: w.dealerA, year: 2016, make: 'Toyota', model: 'Corolla' }, w.clock());

  const ofLead = value<ApiOutput<'appraisals.byLead'>>(await w.call('appraisals.byLead', { customerId: w.customerId }));
  assert.deepEqual(ofLead.map((a) => a.make).sort(), ['Mazda', 'Toyota']);
  const ofB = value<ApiOutput<'appraisals.list'>>(await w.call('appraisals.list', { dealerAccountId: w.dealerB }));
  assert.equal(ofB.total, 1);
  assert.deepEqual(ofB.items.map((a) => a.accountName), ['Parramatta Mazda']);
  assert.equal(value<ApiOutput<'appraisals.list'>>(await w.call('appraisals.list', { limit: 1 })).total, 2, 'the total counts beyond the page');
  assert.equal(value<ApiOutput<'appraisals.get'>>(await w.call('appraisals.get', { appraisalId: mazda })).model, 'CX-5');

  assert.equal(refused(await w.call('appraisals.byLead', { customerId: 9999 })).code, 'NOT_FOUND');
  assert.equal(refused(await w.call('appraisals.get', { appraisalId: 9999 })).code, 'NOT_FOUND');
});

test("templates.list: an account's own templates and the shared ones, not another account's", async () => {
  const w = world();
  const { templates } = w.core.store;
  templates.create(null, 'Shared hello', 'Hi {firstName}');
  templates.create(w.dealerA, 'Toyota service', 'Your Toyota is due');
  templates.create(w.dealerB, 'Mazda service', 'Your Mazda is due');
  const ofA = value<ApiOutput<'templates.list'>>(await w.call('templates.list', { dealerAccountId: w.dealerA }));
  assert.deepEqual(ofA.map((t) => t.name).sort(), ['Shared hello', 'Toyota service']);
  assert.equal(value<ApiOutput<'templates.list'>>(await w.call('templates.list', {})).length, 3);
});

test('notifications: marking some read lowers the unread count by those, marking all read leaves none', async () => {
  const w = world();
  const { notifications } = w.core.store;
  const ids = [1, 2, 3].map((i) =>
    notifications.add({ kind: 'reply', customerId: w.customerId, messageId: null, title: `Reply ${i}`, body: 'Yes please' }, w.clock()),
  );
  const listed = value<ApiOutput<'notifications.list'>>(await w.call('notifications.list', {}));
  assert.equal(listed.unread, 3);
  assert.equal(listed.items.length, 3);

  assert.deepEqual(value(await w.call('notifications.markRead', { ids: ids.slice(0, 2) })), { unread: 1 });
  const after = value<ApiOutput<'notifications.list'>>(await w.call('notifications.list', {}));
  assert.deepEqual(after.items.filter((n) => n.readAt === null).map((n) => n.id), [ids[2]]);
  assert.ok(after.items.filter((n) => n.readAt !== null).every((n) => n.readAt === w.clock()), 'read at the clock time');

  assert.deepEqual(value(await w.call('notifications.markAllRead', {})), { unread: 0 });
});
