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
