// SMS length and segments as the gateway counts them (Twilio's num_segments): GSM 03.38 (7-bit)
// when every character is in its alphabet (160 septets, 153 per part when concatenated; an
// extension character takes two septets and is never split across parts), otherwise UCS-2 (70 code
// units, 67 per part; a character outside the BMP, an emoji say, takes two units and is never
// split either: 800 emoji are 25 segments, 33 to a part). The length limit counts characters
// (code points), as a person does: 801 emoji are 801 characters.

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) used. */
  units: number;
  segments: number;
  /** Units left in the last part before another segment starts. */
  remaining: number;
  perSegment: number;
  /** Characters (code points): what the length limit counts. */
  characters: number;
}

/** Units each character costs, or null when the text must go as UCS-2. */
function gsmCosts(text: string): number[] | null {
  const costs: number[] = [];
  for (const ch of text) {
    if (basic.has(ch)) costs.push(1);
    else if (extended.has(ch)) costs.push(2);
    else return null;
  }
  return costs;
}

/** Packs characters (never splitting one) into parts; returns the parts and what the last one has left. */
function pack(costs: readonly number[], single: number, multi: number): { segments: number; remaining: number; per: number } {
  const total = costs.reduce((a, b) => a + b, 0);
  if (total === 0) return { segments: 0, remaining: single, per: single };
  if (total <= single) return { segments: 1, remaining: single - total, per: single };
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > multi) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return { segments: parts, remaining: multi - used, per: multi };
}

/** Whether a character is sent as GSM-7 (basic or extension table); any other forces UCS-2. */
export function isGsmCharacter(ch: string): boolean {
  return basic.has(ch) || extended.has(ch);
}

export function countSegments(text: string): SegmentInfo {
  const chars = Array.from(text);
  const gsm = gsmCosts(text);
  if (gsm) {
    const p = pack(gsm, 160, 153);
    return { encoding: 'GSM-7', units: gsm.reduce((a, b) => a + b, 0), segments: p.segments, perSegment: p.per, remaining: p.remaining, characters: chars.length };
  }
  const p = pack(chars.map((ch) => ch.length), 70, 67);
  return { encoding: 'UCS-2', units: text.length, segments: p.segments, perSegment: p.per, remaining: p.remaining, characters: chars.length };
}

/** Characters (code points) in `text`: what the 1600 limit counts. */
export function smsLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Twilio refuses bodies over 1600 characters. */
export const MAX_SMS_BODY_CHARS = 1600;
/**
 * What the contract lets through before trimming and counting characters (a body of 1600 emoji is
 * 3200 UTF-16 units; trailing spaces are trimmed): the precise limit is MAX_SMS_BODY_CHARS, checked
 * by the send service.
 */
export const MAX_SMS_BODY_INPUT_UNITS = 4 * MAX_SMS_BODY_CHARS;
