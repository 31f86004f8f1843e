// Whether the built app screens (dist/renderer) are older than what they are built from, so that
// `npm start` after a pull or an edit serves the screens of the code in the folder, not stale ones.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the renderer build is made from, relative to the project root. */
export const RENDERER_SOURCES = ['src-renderer', 'shared', 'vite.config.ts', 'package-lock.json'];

/** The newest modification time (ms) of a file or of any file below a folder; null when absent. */
export function newestMtime(path: string): number | null {
  let info;
  try {
    info = statSync(path);
  } catch {
    return null;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest: number | null = null;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const t = newestMtime(join(path, name));
    if (t !== null && (newest === null || t > newest)) newest = t;
  }
  return newest;
}

/** Why dist/renderer must be (re)built, or null when it is up to date. */
export function rendererBuildNeeded(projectRoot: string): string | null {
  const built = newestMtime(join(projectRoot, 'dist', 'renderer', 'index.html'));
  if (built === null) return 'the app screens are not built yet';
  const sources = Math.max(...RENDERER_SOURCES.map((p) => newestMtime(join(projectRoot, p)) ?? 0));
  return sources > built ? 'the app screens are older than their sources' : null;
}
