// Where the Electron executable is, read from the electron package's path.txt without requiring the
// package: from Electron 45 on, `require('electron')` downloads the binary when it is missing (and
// prints to stdout), which a check must never do. The download is an explicit step (start-command).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The Electron executable, or why there is none. */
export function electronBinary(): { path: string } | { missing: string } {
  let dir: string;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: 'the Electron binary has not been downloaded' };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const path = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(dir, 'dist', relative);
  return existsSync(path) ? { path } : { missing: `the Electron binary named by the electron package is not there (${path})` };
}
