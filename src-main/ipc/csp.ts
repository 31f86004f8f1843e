/** The renderer's Content Security Policy: index.html's meta, plus what only a header can say (frame-ancestors). */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The static file types the renderer build contains. */
export const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Maps a URL path to a file under `root`, refusing any spelling of a way out (.., encoded dots or
 * slashes, backslashes, NUL) before anything is resolved. Returns null for a refused path.
 */
export function safeStaticPath(root: string, rawPath: string, join: (...p: string[]) => string, relative: (a: string, b: string) => string, isAbsolute: (p: string) => boolean): string | null | 'malformed' {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return 'malformed';
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((seg) => seg === '..' || seg === '.')) return null;
  const rel = decoded.replace(/^\/+/, '') || 'index.html';
  const full = join(root, rel);
  const back = relative(root, full);
  if (back.startsWith('..') || isAbsolute(back)) return null;
  return full;
}
