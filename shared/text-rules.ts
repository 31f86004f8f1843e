// What text a person can have meant: names and message bodies never carry a broken character (a
// lone UTF-16 surrogate, which would be stored and sent as "???") or an invisible control
// character (NUL, BEL, ESC, DEL, ...), which carriers and screens handle unpredictably. And text
// echoed back inside an error message never carries a bidirectional override that would make the
// sentence read differently from what it says.

const CONTROL_NAMES: Record<number, string> = {
  0x00: 'NUL', 0x07: 'BEL', 0x08: 'BACKSPACE', 0x09: 'TAB', 0x0a: 'LINE FEED', 0x0b: 'VERTICAL TAB', 0x0c: 'FORM FEED',
  0x0d: 'CARRIAGE RETURN', 0x1b: 'ESC', 0x7f: 'DEL',
};

function codePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "U+001B ESC", "U+0085". */
export function describeCharacter(cp: number): string {
  const name = CONTROL_NAMES[cp];
  return name ? `${codePoint(cp)} ${name}` : codePoint(cp);
}

export interface TextRule {
  /** Line breaks (LF, CR) and tabs allowed: message bodies, notes. Names: never. */
  multiline?: boolean;
}

/**
 * Why `text` cannot be kept as typed, as a phrase to follow "The message " / "The first name ",
 * or null when it is fine.
 */
export function textProblem(text: string, rule: TextRule = {}): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `contains a broken character (half of an emoji or symbol, ${codePoint(c)}); type it again`;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return `contains a broken character (half of an emoji or symbol, ${codePoint(c)}); type it again`;
    const control = c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f);
    if (control && !(rule.multiline && (c === 0x0a || c === 0x0d || c === 0x09))) {
      return `contains an invisible control character (${describeCharacter(c)}) that cannot be ${rule.multiline ? 'sent' : 'kept'}; remove it`;
    }
  }
  return null;
}

// Bidirectional embeddings, overrides, isolates and marks: they reorder the text around them.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe to show inside a sentence: bidirectional controls and other control characters are
 * written out as <U+202E> instead of acting on the sentence around them.
 */
export function escapeForMessage(text: string): string {
  return text.replace(BIDI, (ch) => `<${codePoint(ch.charCodeAt(0))}>`).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch) => `<${codePoint(ch.charCodeAt(0))}>`);
}
