// One vocabulary of message statuses (shared/domain/message-status.ts): the SMS list's filters,
// main's outbox and SQL, and the renderer all read the same groups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESSAGE_STATUSES } from '../../shared/domain/types.ts';
import {
  BLOCKED_STATUSES,
  gatewayProgress,
  isBlocked,
  isDelivered,
  isFailed,
  isWaiting,
  MAY_HAVE_LEFT_STATUSES,
  MESSAGE_STATUS_GROUP_NAMES,
  MESSAGE_STATUS_GROUPS,
  messageStatusGroup,
  UNSETTLED_STATUSES,
  WAITING_STATUSES,
} from '../../shared/domain/message-status.ts';
import { SMS_STATUS_FILTERS, smsStatusFilterSchema } from '../../shared/ipc/contract.ts';
import { sqlStatusList } from '../../src-main/db/sql-lists.ts';
import type { MessageStatus } from '../../shared/domain/types.ts';

test('every message status falls in exactly one group', () => {
  const all = MESSAGE_STATUS_GROUP_NAMES.flatMap((g) => [...MESSAGE_STATUS_GROUPS[g]]);
  assert.deepEqual([...all].sort(), [...MESSAGE_STATUSES].sort());
  assert.equal(new Set(all).size, all.length);
  for (const s of MESSAGE_STATUSES) assert.ok((MESSAGE_STATUS_GROUPS[messageStatusGroup(s)] as readonly MessageStatus[]).includes(s));
});

test("'sending' is waiting everywhere: the SMS list's Queued filter, the outbox and the timeline agree (R8)", () => {
  assert.deepEqual([...WAITING_STATUSES], ['queued', 'sending', 'unknown']);
  assert.deepEqual([...SMS_STATUS_FILTERS.queued], [...WAITING_STATUSES]);
  for (const s of ['queued', 'sending', 'unknown'] as const) assert.equal(isWaiting(s), true, s);
  for (const s of ['accepted', 'sent', 'delivered', 'failed', 'blocked_opted_out', 'received'] as const) assert.equal(isWaiting(s), false, s);
  for (const s of MAY_HAVE_LEFT_STATUSES) assert.ok(WAITING_STATUSES.includes(s), `${s} may have left but is still ours to reconcile`);
});

test('blocked, delivered, failed and unsettled groups', () => {
  assert.deepEqual([...BLOCKED_STATUSES], ['blocked_opted_out', 'blocked_gateway', 'held_review']);
  assert.equal(isBlocked('held_review'), true);
  assert.equal(isBlocked('failed'), false);
  assert.equal(isDelivered('delivered'), true);
  assert.equal(isFailed('undelivered'), true);
  assert.deepEqual([...UNSETTLED_STATUSES], ['accepted', 'sent']);
  assert.deepEqual(smsStatusFilterSchema.options, ['queued', 'sent', 'delivered', 'failed', 'blocked', 'inbound']);
});

test('a gateway status only moves forward: a late "sent" never overwrites "delivered"', () => {
  assert.ok(gatewayProgress('delivered')! > gatewayProgress('sent')!);
  assert.ok(gatewayProgress('sent')! > gatewayProgress('accepted')!);
  assert.equal(gatewayProgress('failed'), gatewayProgress('delivered'));
  assert.equal(gatewayProgress('queued'), null, 'our own outbox statuses are not gateway progress');
});

test('SQL IN-lists are built from the groups, as the partial indexes write them, and refuse anything else', () => {
  assert.equal(sqlStatusList(WAITING_STATUSES), "'queued', 'sending', 'unknown'");
  assert.equal(sqlStatusList(UNSETTLED_STATUSES), "'accepted', 'sent'");
  assert.throws(() => sqlStatusList(["queued'); DROP TABLE messages; --" as MessageStatus]), /Not a message status/);
  assert.throws(() => sqlStatusList([]), /empty/);
});
