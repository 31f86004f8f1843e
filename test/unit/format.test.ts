// The screens' dates and counts are written by hand in en-AU's forms (src-renderer/lib/format.ts), so
// that a new window's first screen does not load ICU's data; they must read exactly as Intl's en-AU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmtCount, fmtDate, fmtDateTime, fmtDayLong, fmtTime } from '../../src-renderer/lib/format.ts';

/** Intl's spaces (a no-break or narrow one before "pm" in some ICU versions) as the plain space people read. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

function withZone(tz: string, run: () => void): void {
  const before = process.env.TZ;
  process.env.TZ = tz; // Node re-reads the zone for Date and for Intl's default
  try {
    run();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

/** Every hour of 2026 (both daylight-saving changes), a stride of odd minutes and seconds, and far years. */
function times(): number[] {
  const out: number[] = [];
  const start = Date.UTC(2025, 11, 31, 0, 0, 0);
  for (let h = 0; h < 366 * 24 + 48; h++) out.push(start + h * 3_600_000 + ((h * 7) % 60) * 60_000 + ((h * 13) % 60) * 1000);
  out.push(Date.UTC(1999, 11, 31, 23, 59, 59), Date.UTC(2100, 1, 28, 12, 0, 0), 0);
  return out;
}

test('dates on screen read as Intl en-AU writes them, in every zone an Australian desk may run in', () => {
  for (const tz of ['Australia/Sydney', 'Australia/Perth', 'Australia/Adelaide', 'Australia/Brisbane', 'Australia/Lord_Howe', 'UTC', 'America/New_York']) {
    withZone(tz, () => {
      const dateTime = new Intl.DateTimeFormat('en-AU', { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });
      const dateOnly = new Intl.DateTimeFormat('en-AU', { day: 'numeric', month: 'short', year: 'numeric' });
      const timeOnly = new Intl.DateTimeFormat('en-AU', { hour: 'numeric', minute: '2-digit', second: '2-digit' });
      const dayLong = new Intl.DateTimeFormat('en-AU', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
      for (const ms of times()) {
        assert.equal(fmtDateTime(ms), plain(dateTime.format(ms)), `${tz} ${new Date(ms).toISOString()}`);
        assert.equal(fmtDate(ms), plain(dateOnly.format(ms)), `${tz} ${new Date(ms).toISOString()}`);
        assert.equal(fmtTime(ms), plain(timeOnly.format(ms)), `${tz} ${new Date(ms).toISOString()}`);
        assert.equal(fmtDayLong(ms), plain(dayLong.format(ms)), `${tz} ${new Date(ms).toISOString()}`);
      }
    });
  }
});

test('the words en-AU uses: June, July and Sept in full or near it, midnight and noon as 12', () => {
  withZone('Australia/Sydney', () => {
    assert.equal(fmtDateTime(Date.UTC(2026, 5, 3, 14, 5)), '4 June 2026, 12:05 am');
    assert.equal(fmtDate(Date.UTC(2026, 8, 9, 2, 0)), '9 Sept 2026');
    assert.equal(fmtTime(Date.UTC(2026, 6, 1, 2, 0, 9)), '12:00:09 pm');
    assert.equal(fmtDayLong(Date.UTC(2026, 11, 4, 2, 0)), 'Friday 4 December 2026');
  });
  assert.equal(fmtDateTime(null), '—');
  assert.equal(fmtDate(undefined), '—');
  assert.equal(fmtTime(null), '—');
});

test('counts read as Intl en-AU writes them, grouped by thousands', () => {
  for (const n of [0, 7, 42, 999, 1000, 1600, 10_000, 99_999, 100_000, 1_000_000, 1_234_567, 987_654_321_012, -1, -1234, -1_000_000, Number.MAX_SAFE_INTEGER]) {
    assert.equal(fmtCount(n), n.toLocaleString('en-AU'), String(n));
  }
  // Anything that is not a whole count is left to Intl.
  assert.equal(fmtCount(1234.5), (1234.5).toLocaleString('en-AU'));
  assert.equal(fmtCount(Number.NaN), 'NaN');
});
