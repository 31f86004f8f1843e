// A loopback TCP proxy the tests can pause: paused, it cuts every connection and refuses new ones
// (the group server "unreachable" for a desk), resumed, it forwards again.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Cuts live connections and refuses new ones until resumed. */
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let paused = false;
  const live = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (paused) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ port: targetPort, host: targetHost, noDelay: true });
    client.setNoDelay(true);
    live.add(client);
    live.add(upstream);
    const drop = (): void => {
      live.delete(client);
      live.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    pause() {
      paused = true;
      for (const s of live) s.destroy();
      live.clear();
    },
    resume() {
      paused = false;
    },
    get paused() {
      return paused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of live) s.destroy();
        server.close(() => resolve());
      }),
  };
}
