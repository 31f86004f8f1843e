// What looks like a credential is cut out of text that leaves the app's memory: log lines and the
// exported diagnostics file. The stored credentials themselves are never read for this.

const SECRET_PATTERNS: [RegExp, string][] = [
  // HTTP Basic credentials (Twilio: account SID and auth token, base64) and bearer tokens.
  [/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{8,}/g, '$1 [redacted]'],
  // user:password@ in a URL.
  [/(\/\/[^/\s:@]+):[^/\s@]+@/g, '$1:[redacted]@'],
  // token=..., authToken: "...", "password":"..." and the like.
  [/\b((?:auth_?token|token|password|secret|api_?key)["']?\s*[:=]\s*["']?)[^"'\s&,}]+/gi, '$1[redacted]'],
  // A Twilio auth token: 32 hex digits standing alone (a SID has its two-letter prefix glued on).
  [/(?<![0-9a-zA-Z])[0-9a-fA-F]{32}(?![0-9a-zA-Z])/g, '[redacted]'],
];

/** Removes what looks like a credential from a line of log text. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, by] of SECRET_PATTERNS) out = out.replace(re, by);
  return out;
}

