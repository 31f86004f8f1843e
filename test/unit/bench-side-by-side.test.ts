// Issue 14 finding 9: benchmarks compared side by side are fair. Every side is warmed up before
// any measured run, the order alternates between rounds (neither side always first and cold), and
// each side reports the median of its rounds; the ingest benchmark's figures come out that way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, medianRatio, sideBySide, type Side } from '../../bench/side-by-side.ts';
import { runIngestBench } from '../../bench/ingest-bench.ts';

test('issue 14 finding 9: every side is warmed up first, rounds alternate their order, each side reports its median', async () => {
  const runs: string[] = [];
  const rates: Record<string, number[]> = { a: [5, 1, 9, 3, 7], b: [2, 4, 6, 8, 10] };
  const count: Record<string, number> = { a: -1, b: -1 };
  const side = (name: string): Side => ({
    name,
    run: async () => {
      runs.push(name);
      const i = count[name]!++;
      return i < 0 ? 1000 : rates[name]![i]!; // the warm-up's (cold) figure must not count
    },
  });
  const events: { side: string; warmup: boolean }[] = [];
  const result = await sideBySide([side('a'), side('b')], { rounds: 5, warmups: 1, onRun: (e) => events.push(e) });
  assert.deepEqual(runs, ['a', 'b', 'a', 'b', 'b', 'a', 'a', 'b', 'b', 'a', 'a', 'b']);
  assert.deepEqual(events.slice(0, 2).map((e) => e.warmup), [true, true]);
  assert.deepEqual(result.orders, [['a', 'b'], ['b', 'a'], ['a', 'b'], ['b', 'a'], ['a', 'b']]);
  assert.equal(result.sides.a!.median, 5);
  assert.equal(result.sides.b!.median, 6);
  assert.equal(medianRatio(result, 'a', (r) => rates.b![r]!), median([5 / 2, 1 / 4, 9 / 6, 3 / 8, 7 / 10]));
});

test('issue 14 finding 9: the ingest benchmark warms up raw fetch, raw insert and ingest, alternates them and reports medians', { timeout: 180_000 }, async () => {
  const emitted = new Map<string, number>();
  const schedule: string[] = [];
  await runIngestBench((metric, value) => emitted.set(metric, value), { messages: 1_200, pageSize: 200, customers: 300 }, () => {}, {
    rounds: 3,
    warmups: 1,
    onRun: (e) => schedule.push(`${e.warmup ? 'w' : e.round}:${e.side}`),
  });
  assert.deepEqual(schedule, [
    'w:raw_fetch', 'w:raw_insert', 'w:inbound_ingest',
    '0:raw_fetch', '0:raw_insert', '0:inbound_ingest',
    '1:inbound_ingest', '1:raw_insert', '1:raw_fetch',
    '2:raw_fetch', '2:raw_insert', '2:inbound_ingest',
  ]);
  for (const m of ['raw_fetch_msgs_per_s', 'raw_insert_rows_per_s', 'inbound_ingest_msgs_per_s', 'inbound_ingest_vs_slower_baseline']) {
    assert.ok((emitted.get(m) ?? 0) > 0, `${m} emitted`);
  }
});
