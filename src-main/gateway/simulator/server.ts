// HTTP front of the simulator (node:http, loopback only): routing, Basic auth, fault delivery.
//   POST /2010-04-01/Accounts/{AccountSid}/Messages.json        create
//   GET  /2010-04-01/Accounts/{AccountSid}/Messages.json        list (filters, paging)
//   GET  /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json  fetch
//   POST /_sim/inbound   {from, to, body, at?}  a customer reply (no Twilio auth; loopback only)
//   GET  /_sim/messages  every message, newest first;  GET /_sim/opt-outs  gateway opt-outs
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SimCore } from './core.ts';
import type { FaultInjector, RequestFault } from './faults.ts';
import { API_VERSION, twilioError } from './twilio-format.ts';

export interface ServerDeps {
  core: SimCore;
  authToken: string;
  faults: FaultInjector;
  /** Runs before each request is handled (fires due scenario events). */
  beforeRequest: () => void;
  isOnline: () => boolean;
  /** Slow-response timers, so stop() can clear them. */
  timers: Set<NodeJS.Timeout>;
}

const MAX_BODY_BYTES = 1_000_000;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const JSON_TYPE = 'application/json; charset=utf-8';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

let requestSeq = 0;
function requestId(): string {
  requestSeq += 1;
  return `RQ${requestSeq.toString(16).padStart(32, '0')}`;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': JSON_TYPE,
    'Content-Length': String(Buffer.byteLength(text)),
    'Twilio-Request-Id': requestId(),
    ...headers,
  });
  res.end(text);
}

function authorised(req: IncomingMessage, accountSid: string, authToken: string): boolean {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return decoded.slice(0, colon) === accountSid && decoded.slice(colon + 1) === authToken;
}

const API_PREFIX = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)/(.+)$`);

export function createSimHttpServer(deps: ServerDeps): Server {
  const { core, faults } = deps;

  /** Delivers a response under a request fault: slow (late) or cut (half the body, then reset). */
  function deliver(req: IncomingMessage, res: ServerResponse, fault: RequestFault | null, status: number, body: unknown): void {
    if (fault === 'slow') {
      const timer = setTimeout(() => {
        deps.timers.delete(timer);
        sendJson(res, status, body);
      }, faults.config.slowMs);
      deps.timers.add(timer);
      return;
    }
    if (fault === 'cut') {
      const text = JSON.stringify(body);
      const bytes = Buffer.from(text, 'utf8');
      res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': String(bytes.length), 'Twilio-Request-Id': requestId() });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
      return;
    }
    sendJson(res, status, body);
  }

  /** 500 / 429 answered before acting; true when the request was answered. */
  function answeredByFault(res: ServerResponse, fault: RequestFault | null): boolean {
    if (fault === '500') {
      sendJson(res, 500, twilioError(500, 20500, 'Internal Server Error'));
      return true;
    }
    if (fault === '429') {
      sendJson(res, 429, twilioError(429, 20429, 'Too Many Requests'), { 'Retry-After': String(faults.config.retryAfterSeconds) });
      return true;
    }
    return false;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, pathAccount: string, rest: string): Promise<void> {
    if (!authorised(req, core.accountSid, deps.authToken) || pathAccount !== core.accountSid) {
      sendJson(res, 401, twilioError(401, 20003, 'Authenticate'), { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
      return;
    }
    const method = req.method ?? 'GET';
    if (rest === 'Messages.json') {
      if (method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        const fault = faults.drawRequest('create');
        if (answeredByFault(res, fault)) return;
        const result = core.createFromApi(form);
        deliver(req, res, fault, result.status, result.body);
        return;
      }
      if (method === 'GET') {
        const fault = faults.drawRequest('list');
        if (answeredByFault(res, fault)) return;
        const duplicate = url.searchParams.get('PageToken')?.startsWith('PA') ? faults.drawDuplicate() : false;
        const result = core.listFromApi(url.searchParams, duplicate);
        deliver(req, res, fault, result.status, result.body);
        return;
      }
      sendJson(res, 405, twilioError(405, 20004, 'Method not allowed'));
      return;
    }
    const one = /^Messages\/([^/]+)\.json$/.exec(rest);
    if (one?.[1]) {
      if (method !== 'GET') {
        sendJson(res, 405, twilioError(405, 20004, 'Method not allowed'));
        return;
      }
      const result = core.fetch(one[1]);
      sendJson(res, result.status, result.body);
      return;
    }
    sendJson(res, 404, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`));
  }

  async function handleSim(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    if (url.pathname === '/_sim/inbound' && method === 'POST') {
      let input: unknown;
      try {
        input = JSON.parse(await readBody(req));
      } catch {
        throw new HttpError(400, 'body must be JSON {from, to, body, at?}');
      }
      const o = (input ?? {}) as Record<string, unknown>;
      const at = o.at;
      if (typeof o.from !== 'string' || typeof o.to !== 'string' || typeof o.body !== 'string') {
        throw new HttpError(400, 'from, to and body must be strings');
      }
      if (at !== undefined && typeof at !== 'number' && typeof at !== 'string') throw new HttpError(400, 'at must be epoch ms or ISO date-time');
      try {
        const m = core.injectInbound({ from: o.from, to: o.to, body: o.body, at });
        sendJson(res, 201, core.resource(m));
      } catch (err) {
        throw new HttpError(400, err instanceof Error ? err.message : String(err));
      }
      return;
    }
    if (url.pathname === '/_sim/messages' && method === 'GET') {
      sendJson(res, 200, { messages: core.store.all().map((m) => core.resource(m)) });
      return;
    }
    if (url.pathname === '/_sim/opt-outs' && method === 'GET') {
      sendJson(res, 200, { opt_outs: core.optOuts.entries() });
      return;
    }
    throw new HttpError(404, `no simulator route ${method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    if (!deps.isOnline()) {
      req.socket.destroy();
      return;
    }
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      sendJson(res, 403, { error: 'loopback only' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    deps.beforeRequest();
    const api = API_PREFIX.exec(url.pathname);
    const work = api
      ? handleApi(req, res, url, api[1] ?? '', api[2] ?? '')
      : url.pathname.startsWith('/_sim/')
        ? handleSim(req, res, url)
        : Promise.resolve(sendJson(res, 404, twilioError(404, 20404, `The requested resource ${url.pathname} was not found`)));
    work.catch((err: unknown) => {
      if (err instanceof HttpError) sendJson(res, err.status, { error: err.message });
      else sendJson(res, 500, twilioError(500, 20500, err instanceof Error ? err.message : 'Internal Server Error'));
    });
  });
  server.on('connection', (socket) => {
    if (!deps.isOnline()) socket.destroy();
  });
  return server;
}
