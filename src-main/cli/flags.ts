import { UsageError } from './command.ts';

/**
 * Walks `--flag value`, `--flag=value` and bare flags in order. `value()` takes the flag's value
 * (inline or the next argument) and refuses a missing one; `inline` is what followed '=', for flags
 * that take no value to refuse. `handle` throws UsageError for a flag it does not know.
 */
export function forEachFlag(
  args: string[],
  handle: (flag: string, value: () => string, inline: string | undefined) => void,
): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    handle(flag, () => {
      if (inline !== undefined) return inline;
      const next = args[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i += 1;
      return next;
    }, inline);
  }
}

/** A TCP port, 0 meaning "any free port". */
export function parsePort(v: string): number {
  const port = Number(v);
  if (v === '' || !Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0-65535, got '${v}'`);
  return port;
}

/** The environment variable that, like --gateway-url, points live gateway accounts at a Twilio-compatible server. */
export const GATEWAY_URL_ENV = 'SMSDESK_GATEWAY_URL';

/**
 * A Twilio-compatible API root for live gateway accounts (staging, tests): http(s), no credentials
 * in it (they belong in the credential store), no query or fragment. Answers the URL without a
 * trailing slash.
 */
export function parseGatewayUrl(v: string, from = '--gateway-url'): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new UsageError(`${from} must be a URL such as https://api.twilio.com, got '${v}'`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new UsageError(`${from} must start with https:// or http://`);
  if (u.username || u.password) throw new UsageError(`${from} must not carry a user or password: Twilio credentials are kept in the credential store`);
  if (u.search || u.hash) throw new UsageError(`${from} must not have a query or fragment`);
  return u.toString().replace(/\/+$/, '');
}
