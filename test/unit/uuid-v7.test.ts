// R11 group-wide ids: UUID version 7, in the order they were made, unique, valid for PostgreSQL's uuid type and the IPC contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidV7Generator } from '../../src-main/uuid-v7.ts';
import { sendRequestIdSchema } from '../../shared/ipc/contract.ts';

test('R11 group ids are version-7 UUIDs carrying the time they were made, so they sort in that order', () => {
  let now = Date.UTC(2026, 11, 5, 9, 30);
  const next = uuidV7Generator(() => now);
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    ids.push(next());
    now += 1;
  }
  for (const id of ids) {
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(sendRequestIdSchema.safeParse(id).success, true);
  }
  assert.deepEqual([...ids].sort(), ids, 'made later sorts later');
  assert.equal(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16), Date.UTC(2026, 11, 5, 9, 30), 'the first 48 bits are the time in ms');
});

test('R11 ids made in the same millisecond are still unique (74 random bits), and the randomness is the injected one', () => {
  const next = uuidV7Generator(() => 1_700_000_000_000);
  const seen = new Set<string>();
  for (let i = 0; i < 20_000; i++) seen.add(next());
  assert.equal(seen.size, 20_000);
  const fixed = uuidV7Generator(() => 0, (n) => new Uint8Array(n).fill(0xff));
  assert.equal(fixed(), '00000000-0000-7fff-bfff-ffffffffffff');
});
