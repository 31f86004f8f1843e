// The loopback web host: the same IPC handlers for a browser, and the built renderer.
//   POST /api/<channel>   JSON body -> {"ok":true,"value":...} | {"ok":false,"error":{code,message,details?}}
//   GET  /api/_events     server-sent events (token in the query: EventSource cannot set headers)
//   GET  /api/_contract   the channels with JSON Schemas of their inputs and outputs
//   GET  /*               dist/renderer (strict CSP; nothing outside the folder)
// Binds 127.0.0.1 only. Every /api request needs the per-run secret token as a bearer token; a
// request whose Host or Origin is not this host itself is refused (DNS rebinding, cross-site).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, realpathSync, statSync, createReadStream } from 'node:fs';
import { extname, join, relative, isAbsolute, sep } from 'node:path';
import type { ErrorCode } from '../../shared/errors.ts';
import { isEventName } from '../../shared/ipc/contract.ts';
import type { InvokeOutcome } from './registry.ts';
import type { EventBus } from './event-bus.ts';
import { MIME_TYPES, RENDERER_CSP, safeStaticPath } from './csp.ts';

export interface WebHostOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** The secret; default 32 random bytes, base64url. */
  token?: string;
  /** Runs one call through the contract. */
  run: (channel: string, input: unknown) => Promise<InvokeOutcome>;
  bus: EventBus;
  /** Payloads sent to each new event stream first (e.g. the current sync status). */
  initialEvents?: () => { event: string; payload: unknown }[];
  /** The built renderer; null or missing: a page saying how to build it. */
  staticRoot: string | null;
  contract: () => unknown;
  /** Largest request body, bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Server-sent events keep-alive comment interval, ms. Default 15 000. */
  heartbeatMs?: number;
  /** Events kept for a stream whose client is not reading, bytes, before it is closed. Default 1 MiB. */
  maxStreamBacklogBytes?: number;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

export { RENDERER_CSP };

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/**
 * The HTTP status says what became of the request, not of the business: a call that reached its
 * handler answers 200 with `ok` true or false (an opted-out customer is an answer, not a fault);
 * a request refused before that (unknown channel, invalid payload) is 4xx; a fault inside is 500.
 */
export function httpStatusOf(o: InvokeOutcome): number {
  switch (o.stage) {
    case 'channel':
      return 404;
    case 'input':
      return 400;
    case 'output':
      return 500;
    case 'handler':
      if (o.result.ok) return 200;
      return o.result.error.code === 'INTERNAL' ? 500 : o.result.error.code === 'DISK_FULL' ? 507 : 200;
    case 'done':
      return 200;
  }
}

const LOOPBACK = new Set(['127.0.0.1', '::ffff:127.0.0.1']);

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function sameSecret(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function refuse(res: ServerResponse, r: Refusal): void {
  sendJson(res, r.status, { ok: false, error: { code: r.code, message: r.message } }, r.headers);
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > max) {
        failed = true;
        chunks.length = 0;
        // Stop reading: the answer closes the connection (see the 413 below), the rest is never read.
        req.pause();
        reject(new Refusal(413, 'INVALID_INPUT', `The request body is larger than ${max} bytes.`, { Connection: 'close' }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** Refuses a path that tries to leave the folder, in any spelling, before it is resolved. */
function staticPath(root: string, rawUrl: string): string {
  const full = safeStaticPath(root, rawUrl.split(/[?#]/, 1)[0] ?? '/', join, relative, isAbsolute);
  if (full === 'malformed') throw new Refusal(400, 'INVALID_INPUT', 'Malformed path.');
  if (full === null) throw new Refusal(403, 'FORBIDDEN', 'Path outside the app.');
  return full;
}

const NOT_BUILT_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dealer SMS Desk</title></head><body>' +
  '<h1>Dealer SMS Desk</h1><p>The app screens are not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds them) and reload.</p>' +
  '</body></html>';

export async function startWebHostServer(o: WebHostOptions): Promise<WebHost> {
  const token = o.token ?? randomBytes(32).toString('base64url');
  const maxBody = o.maxBodyBytes ?? 1024 * 1024;
  const heartbeatMs = o.heartbeatMs ?? 15_000;
  const maxBacklog = o.maxStreamBacklogBytes ?? 1024 * 1024;
  const root = o.staticRoot && existsSync(join(o.staticRoot, 'index.html')) ? realpathSync(o.staticRoot) : null;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  /** DNS rebinding and cross-site requests: the Host (and any Origin) must be this host itself. */
  function checkHostAndOrigin(req: IncomingMessage, api: boolean): void {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts().has(host)) throw new Refusal(403, 'FORBIDDEN', 'Refused: the Host header does not name this app.');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin.toLowerCase())) {
      throw new Refusal(403, 'FORBIDDEN', 'Refused: cross-origin requests are not allowed.');
    }
    const site = req.headers['sec-fetch-site'];
    if (api && site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new Refusal(403, 'FORBIDDEN', 'Refused: cross-site requests are not allowed.');
    }
  }

  function checkToken(req: IncomingMessage, url: URL, allowQuery: boolean): void {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    const given = bearer ?? (allowQuery ? url.searchParams.get('token') : null);
    if (!sameSecret(given, token)) {
      throw new Refusal(401, 'FORBIDDEN', given ? 'Refused: wrong token.' : 'Refused: a token is required.', { 'WWW-Authenticate': 'Bearer' });
    }
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    // Backpressure: while the client is not reading, events wait here (not in the socket's buffer);
    // past maxStreamBacklogBytes the stream is closed and the client reconnects and reloads
    // (EventSource retries; the renderer refetches on reconnect).
    let backlog: string[] = [];
    let backlogBytes = 0;
    let blocked = false;
    const send = (text: string): void => {
      if (res.writableEnded || res.destroyed) return;
      if (blocked) {
        backlog.push(text);
        backlogBytes += Buffer.byteLength(text);
        if (backlogBytes > maxBacklog) {
          backlog = [];
          res.destroy();
        }
        return;
      }
      if (!res.write(text)) blocked = true;
    };
    res.on('drain', () => {
      blocked = false;
      const pending = backlog;
      backlog = [];
      backlogBytes = 0;
      for (const text of pending) send(text);
    });
    const write = (event: string, payload: unknown): void => send(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    send('retry: 2000\n\n');
    for (const e of o.initialEvents?.() ?? []) write(e.event, e.payload);
    const off = o.bus.subscribe((event, payload) => {
      if (isEventName(event)) write(event, payload);
    });
    const beat = setInterval(() => {
      if (!blocked) send(': keep-alive\n\n');
    }, heartbeatMs);
    beat.unref();
    streams.add(res);
    res.on('close', () => {
      off();
      clearInterval(beat);
      streams.delete(res);
    });
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new Refusal(405, 'INVALID_INPUT', 'Method not allowed.', { Allow: 'GET, HEAD' });
    const headers = { ...SECURITY_HEADERS, 'Content-Security-Policy': RENDERER_CSP };
    if (!root) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
      return;
    }
    let file = staticPath(root, req.url ?? '/');
    let info = existsSync(file) ? statSync(file) : null;
    if (!info || info.isDirectory()) {
      // Client-side routes (no extension) get the app; a missing asset is a 404.
      if (extname(file) !== '' && !info) throw new Refusal(404, 'NOT_FOUND', 'Not found.');
      file = join(root, 'index.html');
      info = statSync(file);
    }
    // A symbolic link inside the folder must not lead out of it.
    const real = realpathSync(file);
    if (real !== root && !real.startsWith(root + sep)) throw new Refusal(403, 'FORBIDDEN', 'Path outside the app.');
    const type = MIME_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      ...headers,
      'Content-Type': type,
      'Content-Length': String(info.size),
      'Cache-Control': real.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(real).pipe(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) throw new Refusal(403, 'FORBIDDEN', 'Loopback only.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const api = (req.url ?? '').startsWith('/api/') || url.pathname.startsWith('/api/');
    checkHostAndOrigin(req, api);
    if (!api) {
      serveStatic(req, res);
      return;
    }
    const name = url.pathname.slice('/api/'.length);
    if (name === '_events') {
      checkToken(req, url, true);
      if (req.method !== 'GET') throw new Refusal(405, 'INVALID_INPUT', 'Method not allowed.', { Allow: 'GET' });
      openEventStream(res);
      return;
    }
    checkToken(req, url, false);
    if (name === '_contract') {
      if (req.method !== 'GET') throw new Refusal(405, 'INVALID_INPUT', 'Method not allowed.', { Allow: 'GET' });
      sendJson(res, 200, { ok: true, value: o.contract() });
      return;
    }
    if (req.method !== 'POST') throw new Refusal(405, 'INVALID_INPUT', 'Method not allowed: use POST.', { Allow: 'POST' });
    const type = (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
    if (type !== 'application/json') throw new Refusal(415, 'INVALID_INPUT', 'The body must be JSON (Content-Type: application/json).');
    const text = await readBody(req, maxBody);
    let input: unknown;
    try {
      input = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new Refusal(400, 'INVALID_INPUT', 'The body is not valid JSON.');
    }
    const outcome = await o.run(name, input);
    sendJson(res, httpStatusOf(outcome), outcome.result);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof Refusal) refuse(res, err);
      else if (req.destroyed || (err as { code?: unknown }).code === 'ECONNRESET') {
        return; // the client went away mid-request (an aborted upload): nobody to answer, nothing to log
      } else {
        console.error('[smsdesk] web host request failed', err);
        refuse(res, new Refusal(500, 'INTERNAL', 'Something went wrong inside the app.'));
      }
      // Too large: once the answer is out, close the connection instead of reading (draining) the rest.
      if (err instanceof Refusal && err.status === 413) {
        if (res.writableFinished) req.socket.destroy();
        else res.once('finish', () => req.socket.destroy());
      }
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
