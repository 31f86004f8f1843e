// Phone numbers as people read them, without the phone metadata: "+61412345678" -> "0412 345 678",
// other AU numbers "02 9876 5432", anything else as stored. Light enough for every screen (the
// renderer never loads libphonenumber's metadata: shared/phone.ts parses and validates, in main),
// and the one display of a number in words shared by both processes (a refusal's sentence in main
// names a line as the screens do).
export function phoneForDisplay(e164: string): string {
  const m = /^\+61(\d{9})$/.exec(e164);
  if (!m) return e164;
  const n = `0${m[1]}`;
  if (n.startsWith('04') || n.startsWith('05')) return `${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}`;
  if (/^0[2378]/.test(n)) return `${n.slice(0, 2)} ${n.slice(2, 6)} ${n.slice(6)}`;
  return n;
}
