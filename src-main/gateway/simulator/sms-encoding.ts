// Segment counting as carriers (and Twilio's num_segments) do it: GSM-7 when every character is
// in the GSM 03.38 alphabet (160 septets, 153 per part when concatenated; extension characters
// take two septets and are never split), otherwise UCS-2 (70 code units, 67 per part; surrogate
// pairs are never split).

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';

const basic = new Set(GSM7_BASIC);
const extension = new Set(GSM7_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  encoding: SmsEncoding;
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
}

/** Units each character costs, or null when the body must go as UCS-2. */
function gsmCosts(body: string): number[] | null {
  const costs: number[] = [];
  for (const ch of body) {
    if (basic.has(ch)) costs.push(1);
    else if (extension.has(ch)) costs.push(2);
    else return null;
  }
  return costs;
}

function countParts(costs: number[], single: number, multi: number): number {
  const total = costs.reduce((a, b) => a + b, 0);
  if (total <= single) return 1;
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return parts;
}

export function segmentInfo(body: string): SegmentInfo {
  const gsm = gsmCosts(body);
  if (gsm) {
    return { encoding: 'GSM-7', segments: countParts(gsm, 160, 153), units: gsm.reduce((a, b) => a + b, 0) };
  }
  const costs = Array.from(body, (ch) => ch.length); // 2 for a surrogate pair, else 1
  return { encoding: 'UCS-2', segments: countParts(costs, 70, 67), units: body.length };
}
