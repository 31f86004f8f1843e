// `smsdesk classify`: runs the R3 reply classifier over reply texts, one per line, and prints
// one JSON object per line. For checking how replies will be treated before they arrive.
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { classifyReply } from '../../shared/classify-reply.ts';
import { explainReason } from '../../shared/domain/reply-reason.ts';
import { UsageError, type CliCommand } from './command.ts';

const USAGE = `Usage: smsdesk classify [--explain] [--file PATH]

Classifies SMS reply texts as the poller would (rule R3):
  opt_out, opt_in, help   the whole reply is the keyword: applied automatically
  possible_opt_out        a request to stop in words, or a disguised or misspelt keyword
                          ("<b>STOP</b>", "S T O P", "st0p", "stpo"): for staff to confirm
  wrong_number            "wrong number" and the like: for staff to check (the mobile may
                          have been reassigned)
  reaction                a phone's tapback quoting a message ("Liked “…”"): never a request
  none                    anything else

Reads one reply per line from standard input (or PATH), UTF-8. Inside a line, \\n stands
for a line break and \\\\ for a backslash. Prints one JSON object per input line:
  {"text": "...", "intent": "opt_out", "keyword": "STOP"}

Options:
  --explain     add why: "reasons" (the rule, the customer's words that matched, what was
                undone: markup, spacing, digits, signature, slang, typos) and "why" (the
                sentence staff see in the review queue)
  --file PATH   read replies from PATH instead of standard input ('-' for standard input)
  -h, --help    show this help
`;

interface Options {
  help: boolean;
  explain: boolean;
  file: string | null;
}

function parseArgs(args: string[]): Options {
  const options: Options = { help: false, explain: false, file: null };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--help' || arg === '-h') {
      options.help = true;
    } else if (arg === '--explain') {
      options.explain = true;
    } else if (arg === '--file' || arg.startsWith('--file=')) {
      if (options.file !== null) throw new UsageError('--file given more than once');
      const value = arg === '--file' ? args[++i] : arg.slice('--file='.length);
      if (value === undefined || value === '') throw new UsageError('--file needs a path');
      options.file = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option '${arg}' (see 'smsdesk classify --help')`);
    } else {
      throw new UsageError(`unexpected argument '${arg}': replies are read from standard input or --file (see 'smsdesk classify --help')`);
    }
  }
  return options;
}

/** Decodes the line escapes: `\n` is a line break, `\\` a backslash; any other `\` is kept. */
export function decodeLine(line: string): string {
  if (!line.includes('\\')) return line;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    const next = line.charAt(i + 1);
    if (ch === '\\' && next === 'n') {
      out += '\n';
      i++;
    } else if (ch === '\\' && next === '\\') {
      out += '\\';
      i++;
    } else out += ch;
  }
  return out;
}

/** The input could not be read or decoded; the message says which input and why. */
class InputError extends Error {}

/** Writes, waiting for the stream to drain when its buffer is full. */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain'); // rejects if the stream errors meanwhile
}

/**
 * Yields the lines of a byte stream as they arrive (never the whole input at once): LF or CRLF
 * line ends, a last line without a line end included, a byte-order mark at the start dropped.
 * Each line is checked as UTF-8; a bad line is an error that names it.
 */
async function* lines(input: Readable, source: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let parts: Uint8Array[] = [];
  let lineNumber = 0;
  const takeLine = (): string => {
    const bytes = parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
    parts = [];
    lineNumber++;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new InputError(`${source} is not valid UTF-8 (line ${lineNumber})`);
    }
    if (lineNumber === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  };

  // Stream errors (a file that cannot be opened, a broken pipe) surface at next().
  const chunks = input[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await chunks.next();
      } catch (err) {
        throw new InputError(`cannot read ${source}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      if (next.done) break;
      const chunk = next.value;
      const bytes: Uint8Array = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Uint8Array);
      let start = 0;
      for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
        parts.push(bytes.subarray(start, nl));
        yield takeLine();
        start = nl + 1;
      }
      if (start < bytes.length) parts.push(bytes.subarray(start));
    }
  } finally {
    // Stops reading (and releases the stream) when the consumer stops early or a line is bad.
    await chunks.return?.();
  }
  if (parts.length > 0) yield takeLine();
}

export const classifyCommand: CliCommand = {
  summary: 'classify SMS reply texts (one per line on stdin) as opt-out / opt-in / help / possible opt-out / wrong number / reaction (R3); --explain says why',
  async run(args, io) {
    const options = parseArgs(args);
    if (options.help) {
      await write(io.stdout, USAGE);
      return 0;
    }
    const fromFile = options.file !== null && options.file !== '-';
    const source = fromFile ? `file '${options.file}'` : 'standard input';
    const input = fromFile ? createReadStream(options.file as string) : io.stdin;
    // An output error (say EPIPE: the reader went away) ends the run instead of crashing it.
    let outputError: unknown = null;
    const onOutputError = (err: unknown): void => {
      outputError ??= err;
    };
    io.stdout.on('error', onOutputError);
    try {
      for await (const line of lines(input, source)) {
        const text = decodeLine(line);
        const { intent, keyword, reasons } = classifyReply(text);
        const result = options.explain
          ? { text, intent, keyword, why: reasons.map(explainReason).join(' '), reasons }
          : { text, intent, keyword };
        if (outputError === null) await write(io.stdout, `${JSON.stringify(result)}\n`).catch(onOutputError);
        if (outputError !== null) break;
      }
    } finally {
      io.stdout.off('error', onOutputError);
      if (fromFile) input.destroy();
    }
    if (outputError !== null) {
      throw new Error(`cannot write the output: ${outputError instanceof Error ? outputError.message : String(outputError)}`);
    }
    return 0;
  },
};
