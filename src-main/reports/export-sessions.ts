// Exports taken by the renderer a chunk at a time (the Reports screen, the SMS list, the lead's
// evidence pack): main keeps only the export's position between calls (no statement stays open),
// each call answers the next few thousand rows as CSV text, and the renderer saves the parts as a
// file (a download in the browser; Electron asks where to save it). An export left unfinished is
// forgotten after a few idle minutes.
import { stringify } from 'csv-stringify/sync';
import type { Clock } from '../clock.ts';
import { exportFileName, exportSource, type Cell, type ExportContext, type ExportRequest } from './csv-export.ts';
import { notFound } from '../app-error.ts';

interface Session {
  rows: Iterator<Cell[]>;
  columns: string[];
  started: boolean;
  count: number;
  touched: number;
}

const IDLE_MS = 10 * 60_000;

export class ExportSessions {
  readonly #sessions = new Map<number, Session>();
  #next = 1;

  constructor(private readonly clock: Clock) {}

  /** Starts an export (a refused request throws here, before any row); answers its id and file name. */
  open(req: ExportRequest, x: ExportContext): { exportId: number; fileName: string } {
    this.#expire();
    const src = exportSource(req, x);
    const id = this.#next++;
    this.#sessions.set(id, { rows: src.rows(), columns: src.columns, started: false, count: 0, touched: this.clock() });
    return { exportId: id, fileName: exportFileName(req, x.timeZone) };
  }

  /** The next rows as CSV (the first chunk starts with the byte-order mark and the header). */
  next(exportId: number, maxRows: number): { csv: string; rows: number; done: boolean } {
    const s = this.#sessions.get(exportId);
    if (!s) throw notFound(`Export ${exportId}`);
    s.touched = this.clock();
    const batch: Cell[][] = [];
    let done = false;
    while (batch.length < maxRows) {
      const r = s.rows.next();
      if (r.done) {
        done = true;
        break;
      }
      batch.push(r.value.map((c) => (c === null ? '' : c)));
    }
    let csv = stringify(batch, { record_delimiter: 'windows', cast: { number: (n) => String(n) } });
    if (!s.started) {
      csv = `\uFEFF${stringify([s.columns], { record_delimiter: 'windows' })}${csv}`;
      s.started = true;
    }
    s.count += batch.length;
    if (done) this.#sessions.delete(exportId);
    return { csv, rows: s.count, done };
  }

  /** Forgets an export the user cancelled. */
  close(exportId: number): void {
    this.#sessions.delete(exportId);
  }

  #expire(): void {
    const now = this.clock();
    for (const [id, s] of this.#sessions) if (now - s.touched > IDLE_MS) this.#sessions.delete(id);
  }
}
