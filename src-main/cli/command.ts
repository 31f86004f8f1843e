import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  summary: string;
  /** Resolves to the exit code. Throwing prints the message and exits 1. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Thrown for bad flags or arguments; the CLI prints it and exits 2. */
export class UsageError extends Error {}
