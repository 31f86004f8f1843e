// The app served to a browser on 127.0.0.1: boots the Electron-free app and the loopback web host
// over the same handlers. Used by `smsdesk serve`, by `smsdesk start` when Electron is missing, and
// by the end-to-end tests:
//   const host = await startWebHost({ dbPath: ':memory:', port: 0, demo: true });
//   // host.url = 'http://127.0.0.1:PORT/#token=...'; host.token; await host.close();
import { fileURLToPath } from 'node:url';
import { bootApp, type App, type AppOptions } from './app.ts';
import { defaultDbPath } from './paths.ts';
import { demoDesk } from './demo-desk.ts';
import { MemorySecretStore } from './secret-store.ts';
import { startWebHostServer, type WebHost } from '../ipc/web-host.ts';
import { contractDescription } from '../ipc/registry.ts';

/**
 * The built renderer beside the sources (vite build output). Asked for only when no staticRoot is
 * given: the Electron main bundle (CommonJS, no import.meta.url) imports this module for the demo
 * desk and passes its own.
 */
export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../dist/renderer', import.meta.url));
}

export interface StartWebHostOptions extends Omit<AppOptions, 'dbPath' | 'demoLauncher'> {
  /** Default: ~/.local/share/dealer-sms-desk/desk.db (see paths.ts); ':memory:' for a throwaway. */
  dbPath?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default: a fresh random token per run. */
  token?: string;
  /** Default: dist/renderer; null serves a "not built" page. */
  staticRoot?: string | null;
  /**
   * "Open the demo" from a real desk's first run: a demo desk beside this one (app/demo-desk.ts),
   * served like this one, opened by the page in a new tab (`open`: opened by main instead). Default on.
   */
  demoDesk?: false | { open?(url: string): Promise<void> };
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
  const { port, token, staticRoot, dbPath: given, demoDesk: demoOptions, ...appOptions } = o;
  const dbPath = given ?? defaultDbPath();
  const demo =
    demoOptions === false || appOptions.demo === true
      ? null
      : demoDesk({
          dbPath,
          ...(demoOptions && demoOptions.open ? { open: demoOptions.open } : {}),
          // The demo desk: the same renderer and options, its own database, in demo mode, no demo of its own.
          start: (demoDb) =>
            startWebHost({
              ...appOptions,
              // Its own (empty) secrets and logs: nothing of the real desk's.
              secrets: new MemorySecretStore(),
              logDir: undefined,
              dbPath: demoDb,
              demo: true,
              demoDesk: false,
              port: 0,
              ...(staticRoot !== undefined ? { staticRoot } : {}),
            }),
        });
  const app = await bootApp({ ...appOptions, dbPath, ...(demo ? { demoLauncher: demo } : {}) });
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
      staticRoot: staticRoot === undefined ? defaultRendererDir() : staticRoot,
      contract: contractDescription,
    });
  } catch (err) {
    await app.close();
    throw err;
  }
  const closeDemo = () => demo?.close() ?? Promise.resolve();
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
      await closeDemo();
      await host.close();
      await app.close();
    },
  };
}
