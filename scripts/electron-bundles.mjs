// The esbuild options of the Electron shell's two bundles, in one place: scripts/build-electron.mjs
// writes them to dist-electron/, and the unit tests build the very same bundles in memory.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = { bundle: true, format: 'cjs', sourcemap: true, logLevel: 'warning', absWorkingDir: root, legalComments: 'none' };

/** dist-electron/main.cjs: the main process; node_modules stay external and are required at run time. */
export const MAIN_BUNDLE = {
  ...common,
  entryPoints: ['src-main/electron/main.ts'],
  outfile: 'dist-electron/main.cjs',
  platform: 'node',
  target: 'node20',
  packages: 'external',
};

/** dist-electron/preload.cjs: the sandboxed preload, one file with everything but `electron` inlined. */
export const PRELOAD_BUNDLE = {
  ...common,
  entryPoints: ['src-main/electron/preload.ts'],
  outfile: 'dist-electron/preload.cjs',
  platform: 'browser',
  target: 'chrome120',
  external: ['electron'],
};
