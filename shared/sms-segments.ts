// SMS segment counting as carriers do it: GSM 03.38 (7-bit) when every character fits, else UCS-2.

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export interface SegmentInfo {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) used. */
  units: number;
  segments: number;
  /** Units left before another segment starts. */
  remaining: number;
  perSegment: number;
}

/** Whether a character is sent as GSM-7 (basic or extension table); any other forces UCS-2. */
export function isGsmCharacter(ch: string): boolean {
  return basic.has(ch) || extended.has(ch);
}

export function countSegments(text: string): SegmentInfo {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extended.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    const per = septets <= 160 ? 160 : 153;
    const segments = septets === 0 ? 0 : Math.ceil(septets / per);
    return { encoding: 'GSM-7', units: septets, segments, perSegment: per, remaining: segments * per - septets };
  }
  const units = text.length; // UTF-16 code units; a surrogate pair takes two
  const per = units <= 70 ? 70 : 67;
  const segments = Math.ceil(units / per);
  return { encoding: 'UCS-2', units, segments, perSegment: per, remaining: segments * per - units };
}

/** Twilio refuses bodies over 1600 characters. */
export const MAX_SMS_BODY_CHARS = 1600;
