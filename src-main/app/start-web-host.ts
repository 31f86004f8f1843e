// The app served to a browser on 127.0.0.1: boots the Electron-free app and the loopback web host
// over the same handlers. Used by `smsdesk serve`, by `smsdesk start` when Electron is missing, and
// by the end-to-end tests:
//   const host = await startWebHost({ dbPath: ':memory:', port: 0, demo: true });
//   // host.url = 'http://127.0.0.1:PORT/#token=...'; host.token; await host.close();
import { fileURLToPath } from 'node:url';
import { bootApp, type App, type AppOptions } from './app.ts';
import { defaultDbPath } from './paths.ts';
import { startWebHostServer, type WebHost } from '../ipc/web-host.ts';
import { contractDescription } from '../ipc/registry.ts';

/** The built renderer (vite build output). */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

export interface StartWebHostOptions extends Omit<AppOptions, 'dbPath'> {
  /** Default: ~/.local/share/dealer-sms-desk/desk.db (see paths.ts); ':memory:' for a throwaway. */
  dbPath?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default: a fresh random token per run. */
  token?: string;
  /** Default: dist/renderer; null serves a "not built" page. */
  staticRoot?: string | null;
}

export interface RunningWebHost {
  /** http://127.0.0.1:PORT/#token=... (the token travels in the fragment, never to the server in a URL). */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  token: string;
  app: App;
  host: WebHost;
  close(): Promise<void>;
}

export async function startWebHost(o: StartWebHostOptions = {}): Promise<RunningWebHost> {
  const { port, token, staticRoot, dbPath, ...appOptions } = o;
  const app = await bootApp({ ...appOptions, dbPath: dbPath ?? defaultDbPath() });
  let host: WebHost;
  try {
    host = await startWebHostServer({
      ...(port !== undefined ? { port } : {}),
      ...(token !== undefined ? { token } : {}),
      run: app.run,
      bus: app.bus,
      initialEvents: () => [
        { event: 'app:ready', payload: { mode: app.mode } },
        { event: 'sync:status', payload: app.sync.status() },
      ],
      staticRoot: staticRoot === undefined ? DEFAULT_RENDERER_DIR : staticRoot,
      contract: contractDescription,
    });
  } catch (err) {
    await app.close();
    throw err;
  }
  let closed = false;
  return {
    url: host.url,
    origin: `http://127.0.0.1:${host.port}`,
    port: host.port,
    token: host.token,
    app,
    host,
    async close() {
      if (closed) return;
      closed = true;
      await host.close();
      await app.close();
    },
  };
}
