// Vite builds the React renderer (src-renderer/) into dist/renderer with relative asset paths, so
// the same bundle loads from Electron's app:// protocol and from the loopback web host.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The CSP in index.html forbids inline scripts and styles. The dev server's React refresh preamble
 * and its CSS injection are inline, so only while serving (never in a build) the policy is relaxed.
 */
function devCsp(): Plugin {
  return {
    name: 'smsdesk-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: http://127.0.0.1:*");
    },
  };
}

/**
 * The app ships as one classic script (an IIFE loaded with `defer`), not as an ES module. In a new
 * renderer process (each start of the desktop window, each new tab) the same code painted the
 * first leads about 90 ms sooner as a classic script (median 425 ms against 519 ms, measured side
 * by side in Chromium here); in a process that already ran it, both are alike. One file, so no code
 * splitting: a module imported with `import()` (uPlot) is in the same file, evaluated only when imported.
 */
function classicScript(): Plugin {
  return {
    name: 'smsdesk-classic-script',
    apply: 'build',
    // A classic script has no import.meta: it is an empty object there (what rolldown makes of it in
    // an IIFE anyway, said here so it does not warn). Only Vite's helper for import() mentions it.
    config() {
      return { build: { rolldownOptions: { transform: { define: { 'import.meta': '{}' } } } } };
    },
    outputOptions(options) {
      return { ...options, format: 'iife', codeSplitting: false };
    },
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const out = html.replace(/<script type="module" crossorigin src="([^"]+)"><\/script>/, '<script defer src="$1"></script>');
        if (out === html) throw new Error('classicScript: the entry <script type="module"> tag was not found');
        return out.replace(/(<link rel="stylesheet") crossorigin/, '$1');
      },
    },
  };
}

/**
 * A build is always React's production build, whatever NODE_ENV the caller runs under: `npm test`
 * sets NODE_ENV=test, and a renderer built there (the start-command test rebuilds dist/renderer)
 * used to be React's development bundle, which the next `npm start` and packaging served as fresh.
 * Vite and the React plugin read NODE_ENV once the config hooks have run (Vite's advice: set it in
 * the config); the caller's value comes back when the build ends.
 */
function productionBuild(): Plugin {
  let callers: string | undefined;
  return {
    name: 'smsdesk-production-build',
    apply: 'build',
    enforce: 'pre',
    config() {
      callers = process.env.NODE_ENV;
      process.env.NODE_ENV = 'production';
      return { mode: 'production', define: { 'process.env.NODE_ENV': JSON.stringify('production') } };
    },
    closeBundle() {
      if (callers === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = callers;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [productionBuild(), react(), devCsp(), classicScript()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // One small app: keep the output predictable for the app:// protocol handler.
    assetsDir: 'assets',
    // A classic script needs no module-preload polyfill.
    modulePreload: false,
    // One stylesheet, linked from the page (the CSP allows no injected styles).
    cssCodeSplit: false,
  },
  server: {
    host: '127.0.0.1',
    // The renderer imports ../shared; let the dev server read it.
    fs: { allow: [projectRoot] },
    // Development against a running `smsdesk serve`: SMSDESK_ORIGIN=http://127.0.0.1:PORT npx vite, then
    // open the dev server with the serve run's #token=... The web host refuses foreign origins, so the
    // proxy presents requests as its own.
    ...(process.env.SMSDESK_ORIGIN
      ? {
          proxy: {
            // The app's channels (/api/leads.list, /api/_events), not the renderer's own src-renderer/api/*.ts.
            '^/api/(?!.*\\.tsx?(\\?|$))': {
              target: process.env.SMSDESK_ORIGIN,
              changeOrigin: true,
              configure: (proxy) => proxy.on('proxyReq', (req) => req.removeHeader('origin')),
            },
          },
        }
      : {}),
  },
});
