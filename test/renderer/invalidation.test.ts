// The one event -> query map: which reloads each main-process event causes, and that an event
// about one customer reloads only that customer's queries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventsInvalidating, invalidates } from '../../src-renderer/data/invalidation.ts';

test('message events reload the message lists and that customer\'s timeline only', () => {
  const e = { messageId: 5, customerId: 7, direction: 'inbound', status: 'received' };
  assert.ok(invalidates('message:new', e, 'sms.list', {}));
  assert.ok(invalidates('message:new', e, 'automation.history', {}));
  assert.ok(invalidates('message:new', e, 'timeline.page', { customerId: 7 }));
  assert.ok(!invalidates('message:new', e, 'timeline.page', { customerId: 8 }));
  assert.deepEqual(eventsInvalidating('sms.list'), ['message:new', 'message:updated']);
});

test("R5: a consent change reloads the leads list, that lead, its timeline and the composer's preflight", () => {
  assert.deepEqual(eventsInvalidating('sms.preflight').sort(), ['consent:changed', 'lead:changed', 'review:changed']);
  const e = { customerId: 7, dealerAccountId: 1, channel: 'sms', status: 'opted_out' };
  for (const channel of ['leads.get', 'timeline.page', 'sms.preflight'] as const) {
    assert.ok(invalidates('consent:changed', e, channel, { customerId: 7, dealerAccountId: 1 }), channel);
    assert.ok(!invalidates('consent:changed', e, channel, { customerId: 9, dealerAccountId: 1 }), channel);
  }
  assert.ok(invalidates('consent:changed', e, 'leads.list', { query: '' }));
  assert.ok(invalidates('review:changed', { reviewId: 3 }, 'sms.preflight', { customerId: 9, dealerAccountId: 1 }), 'any review may hold any lead');
});

test('templates and appraisals lists reload on no event', () => {
  assert.deepEqual(eventsInvalidating('templates.list'), []);
  assert.deepEqual(eventsInvalidating('appraisals.list'), []);
});
