// "Send via SMS" (seed: How To Send An Email Via SMS): an email response's simple HTML turned into
// SMS text — markup stripped, links kept (as their address, after their words when they differ),
// paragraphs and line breaks kept as single line breaks, other whitespace folded, entities decoded.
// Placeholders pass through untouched ({first name} is filled later, by the one renderer, in main).
// A pure function, no DOM: main and the renderer's tests use the same one.

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', copy: '©', reg: '®', trade: '™', bull: '•', middot: '·', dollar: '$',
};

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[e.toLowerCase()] ?? whole;
  });
}

/** Block-level tags: each starts and ends a line. */
const BLOCK = /^(p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote|section|article|header|footer|hr|pre)$/i;

/** The SMS text of an email body (simple HTML or plain text). */
export function emailToSms(html: string): string {
  let s = html.replace(/\r\n?/g, '\n');
  // Whole elements whose content is never text for a reader.
  s = s.replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '');
  s = s.replace(/<!--[\s\S]*?-->/g, '');
  // In HTML a newline in the source is just a space; lines come from the tags.
  const isHtml = /<[a-z!/][^>]*>/i.test(s);
  if (isHtml) s = s.replace(/\s*\n\s*/g, ' ');
  // Links: keep the address. "Book here" → "Book here: https://…"; a link whose words are its address stays once.
  s = s.replace(/<a\b[^>]*?\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>([\s\S]*?)<\/a\s*>/gi, (_w, _q, d: string, sq: string, bare: string, inner: string) => {
    const href = decodeEntities((d ?? sq ?? bare ?? '').trim());
    const words = decodeEntities(inner.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
    const address = href.replace(/^mailto:/i, '');
    if (!href || /^(javascript|data):/i.test(href)) return words;
    if (!words || words === address || words === href || `https://${words}` === href || `http://${words}` === href) return address;
    return `${words}: ${address}`;
  });
  // List items read as bullets.
  s = s.replace(/<li\b[^>]*>/gi, '\n• ');
  // Tags: block tags become line breaks, the rest vanish.
  s = s.replace(/<\/?([a-z][a-z0-9]*)\b[^>]*>/gi, (_w, tag: string) => (BLOCK.test(tag) ? '\n' : ''));
  s = s.replace(/<[^>]*>/g, '');
  s = decodeEntities(s);
  // Fold whitespace: spaces within a line, blank lines between paragraphs to one line break.
  const lines = s.split('\n').map((l) => l.replace(/[ \t\f\v\u00a0]+/g, ' ').trim());
  const out: string[] = [];
  for (const l of lines) if (l !== '') out.push(l);
  return out.join('\n');
}
