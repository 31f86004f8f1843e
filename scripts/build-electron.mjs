#!/usr/bin/env node
// Bundles the Electron shell: dist-electron/main.cjs (main process; node_modules stay external and
// are required at run time) and dist-electron/preload.cjs (the sandboxed preload: one CommonJS
// file with everything but `electron` inlined, since a sandboxed preload cannot require modules).
import { build } from 'esbuild';
import { MAIN_BUNDLE, PRELOAD_BUNDLE } from './electron-bundles.mjs';

await Promise.all([build(MAIN_BUNDLE), build(PRELOAD_BUNDLE)]);
console.error('build-electron: dist-electron/main.cjs and dist-electron/preload.cjs written');
