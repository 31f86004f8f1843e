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
 * main.tsx is a tiny entry that starts the first request, then imports boot.tsx (React and the
 * app). Vite only preloads static imports; this lists the boot chunk and its imports in the page's
 * head as modulepreload links, so they are fetched and compiled while the entry runs.
 */
function preloadBootChunk(): Plugin {
  return {
    name: 'smsdesk-preload-boot',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const boot = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/boot.tsx'));
        if (!boot || boot.type !== 'chunk') throw new Error('preloadBootChunk: no boot.tsx chunk in the build');
        const files = new Set<string>();
        const visit = (fileName: string) => {
          const chunk = bundle[fileName];
          if (!chunk || chunk.type !== 'chunk' || chunk.isEntry || files.has(fileName)) return;
          files.add(fileName);
          chunk.imports.forEach(visit);
        };
        visit(boot.fileName);
        return [...files].map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const }));
      },
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [react(), devCsp(), preloadBootChunk()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // One small app: keep the output predictable for the app:// protocol handler.
    assetsDir: 'assets',
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
