// Reads CSV records from a stream with a maintained parser (csv-parse), as a user's spreadsheet
// export comes: a byte-order mark, CRLF or LF, quoted fields with commas and line breaks, blank
// lines and rows of empty cells skipped, ragged rows allowed, the delimiter sniffed from the first
// line (comma, semicolon or tab). Each record says the file line it starts on and how many bytes
// of the source have been read (a determinate progress bar).
import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';

export interface CsvRecord {
  cells: string[];
  /** The line of the file the record starts on (1 = the first line). */
  line: number;
  /** Bytes of the source consumed when this record was read. */
  bytes: number;
}

const DELIMITERS = [',', ';', '\t'] as const;

/** The delimiter of the first line: the most frequent of , ; and tab outside quotes (comma on a tie). */
export function sniffDelimiter(head: string): string {
  const line = head.replace(/^\uFEFF/, '').split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: string = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** Records of `source` (UTF-8), in order, streamed; a malformed file rejects with the parser's message and line. */
export async function* csvRecords(source: Readable, delimiter: string): AsyncGenerator<CsvRecord> {
  const parser = source.pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      // Blank lines and rows of empty cells are skipped below, not by the parser: every line then
      // passes through a record's raw text, which is how lines are counted (the parser's own count
      // takes a CRLF inside a quoted field for two lines).
      trim: true,
      info: true,
      raw: true,
    }),
  );
  source.on('error', (err) => parser.destroy(err));
  let line = 1;
  for await (const r of parser as AsyncIterable<{ record: string[]; raw: string; info: { bytes: number } }>) {
    const start = line;
    line += (r.raw.match(/\r\n|\r|\n/g) ?? []).length;
    if (r.record.every((c) => c === '')) continue;
    yield { cells: r.record, line: start, bytes: r.info.bytes };
  }
}
