// ISO 8601 with the UTC offset of a time zone: '2026-11-20T12:00:00.000+11:00' (an export's times
// read the way the desk saw them, and still sort and parse as instants).
const formatters = new Map<string, Intl.DateTimeFormat>();

function parts(ms: number, timeZone: string): Record<string, number> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

const pad = (n: number, w = 2) => String(Math.trunc(Math.abs(n))).padStart(w, '0');

const SLOT_MS = 1_800_000;
const offsets = new Map<string, Map<number, number>>();

/** The zone's offset in minutes for the half hour containing `ms` (offsets change on such boundaries only). Cached. */
function slotOffset(ms: number, timeZone: string): number {
  let byZone = offsets.get(timeZone);
  if (!byZone) offsets.set(timeZone, (byZone = new Map()));
  const slot = Math.floor(ms / SLOT_MS);
  let off = byZone.get(slot);
  if (off === undefined) {
    off = offsetMinutes(slot * SLOT_MS, timeZone);
    if (byZone.size > 100_000) byZone.clear();
    byZone.set(slot, off);
  }
  return off;
}

export function isoInZone(ms: number, timeZone: string): string {
  const offsetMin = slotOffset(ms, timeZone);
  const wall = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${wall}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The UTC offset of `timeZone` at `ms`, in minutes. */
export function offsetMinutes(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone);
  const wall = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** Midnight at the start of a 'YYYY-MM-DD' day in `timeZone`, epoch ms; null for anything else. */
export function zonedDayStart(day: string, timeZone: string, plusDays = 0): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!m) return null;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays);
  if (Number.isNaN(guess)) return null;
  // The offset at the guess, then again at the result (a day that starts in another offset).
  const first = guess - offsetMinutes(guess, timeZone) * 60_000;
  return guess - offsetMinutes(first, timeZone) * 60_000;
}
