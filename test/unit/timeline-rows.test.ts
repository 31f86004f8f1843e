// The timeline reads like a chat: oldest first (main pages it newest first), the newest last by
// the composer, and a separator where the local day changes ("Today", "Yesterday", a date).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dayHeading, timelineRows } from '../../src-renderer/components/timeline-rows.ts';
import type { TimelineItem } from '../../shared/ipc/contract.ts';

const at = (y: number, mo: number, d: number, h: number) => new Date(y, mo - 1, d, h).getTime();
const item = (id: number, when: number): TimelineItem =>
  ({ kind: 'message', at: when, id, message: { id, createdAt: when } }) as unknown as TimelineItem;

test('newest-first pages become oldest-first rows with one separator per day', () => {
  const now = at(2026, 12, 4, 15);
  const pages = [item(5, at(2026, 12, 4, 9)), item(4, at(2026, 12, 3, 18)), item(3, at(2026, 12, 3, 8)), item(2, at(2026, 11, 30, 12)), item(1, at(2026, 11, 30, 11))];
  const rows = timelineRows(pages, now);
  assert.deepEqual(
    rows.flatMap((r) => (r.day ? [`[${r.day}]`, r.key] : [r.key])),
    ['[Monday 30 November 2026]', 'message:1', 'message:2', '[Yesterday]', 'message:3', 'message:4', '[Today]', 'message:5'],
  );
  assert.equal(dayHeading(at(2026, 12, 4, 0), now), 'Today');
  assert.deepEqual(timelineRows([], now), []);
});
