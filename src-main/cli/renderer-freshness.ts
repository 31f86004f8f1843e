// Whether the built app screens (dist/renderer) are older than what they are built from, so that
// `npm start` after a pull or an edit serves the screens of the code in the folder, not stale ones.
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

/** Only React's development build carries this line (it prints it on every page load). */
const REACT_DEVELOPMENT_MARK = 'Download the React DevTools';

/** The built scripts (dist/renderer/assets/*.js) that are React's development build. */
export function developmentScripts(rendererDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(rendererDir, 'assets'));
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith('.js') && readFileSync(join(rendererDir, 'assets', n), 'utf8').includes(REACT_DEVELOPMENT_MARK));
}

/** Why dist/renderer must be (re)built, or null when it is up to date. */
export function rendererBuildNeeded(projectRoot: string): string | null {
  const dir = join(projectRoot, 'dist', 'renderer');
  const built = newestMtime(join(dir, 'index.html'));
  if (built === null) return 'the app screens are not built yet';
  const sources = Math.max(...RENDERER_SOURCES.map((p) => newestMtime(join(projectRoot, p)) ?? 0));
  if (sources > built) return 'the app screens are older than their sources';
  // A development bundle (left by an older build under NODE_ENV=test) is never served as fresh.
  return developmentScripts(dir).length > 0 ? "the app screens are React's development build" : null;
}
