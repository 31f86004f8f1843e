#!/usr/bin/env node
// Bundles the Electron shell: dist-electron/main.cjs (main process; node_modules stay external and
// are required at run time) and dist-electron/preload.cjs (the sandboxed preload: one CommonJS
// file with everything but `electron` inlined, since a sandboxed preload cannot require modules).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = { bundle: true, format: 'cjs', sourcemap: true, logLevel: 'warning', absWorkingDir: root, legalComments: 'none' };

await Promise.all([
  build({
    ...common,
    entryPoints: ['src-main/electron/main.ts'],
    outfile: 'dist-electron/main.cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['src-main/electron/preload.ts'],
    outfile: 'dist-electron/preload.cjs',
    platform: 'browser',
    target: 'chrome120',
    external: ['electron'],
  }),
]);
console.error('build-electron: dist-electron/main.cjs and dist-electron/preload.cjs written');
