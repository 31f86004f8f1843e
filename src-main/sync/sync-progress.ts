// How far a poll has got through the gateway's message log. The gateway lists messages newest
// first (Twilio sorts the Messages list by DateSent, descending; so does our simulator), so a
// pass works down its time window from the top: everything between the top and the oldest date
// listed so far is done. Twilio's list API gives no totals, so time covered stands in for
// messages counted.

/** The time a stream's pass lists: messages dated in [floor, top], epoch ms. */
export interface PassWindow {
  floor: number;
  /** When the pass started (the newest date it can meet). */
  top: number;
}

export interface PassCoverage extends PassWindow {
  /** The oldest date listed so far; null before the first page. */
  reached: number | null;
  complete: boolean;
}

export interface StreamProgress {
  stream: string;
  /** 0..1 of the stream's window listed; 1 once its pass completed. */
  fraction: number;
  complete: boolean;
}

export interface SyncProgress {
  /** 0..1 of the poll's streams' windows listed, each stream weighted by the length of its window. */
  fraction: number;
  streams: StreamProgress[];
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** The covered share of one pass's window. */
export function coveredFraction(c: PassCoverage): number {
  if (c.complete) return 1;
  if (c.reached === null) return 0;
  const span = c.top - c.floor;
  return span > 0 ? clamp01((c.top - c.reached) / span) : 0;
}

/**
 * The streams of one poll, each registered with its window before the first page is listed, so a
 * stream not yet started counts as nothing done. Every update only moves forward.
 */
export class PollProgress {
  readonly #streams = new Map<string, PassCoverage>();

  /** A stream this poll will list; `reached` is where a resumed pass had got to. */
  expect(stream: string, window: PassWindow, reached: number | null = null): void {
    this.#streams.set(stream, { floor: window.floor, top: window.top, reached, complete: false });
  }

  /** A page of `stream` down to `oldest` is stored. */
  reach(stream: string, oldest: number): void {
    const c = this.#streams.get(stream);
    if (c) c.reached = c.reached === null ? oldest : Math.min(c.reached, oldest);
  }

  /** `stream`'s pass listed its last page. */
  complete(stream: string): void {
    const c = this.#streams.get(stream);
    if (c) c.complete = true;
  }

  snapshot(): SyncProgress {
    const streams: StreamProgress[] = [];
    let covered = 0;
    let total = 0;
    for (const [stream, c] of this.#streams) {
      const fraction = coveredFraction(c);
      const span = Math.max(0, c.top - c.floor);
      covered += fraction * span;
      total += span;
      streams.push({ stream, fraction, complete: c.complete });
    }
    // Windows of no length (a clock set back) weigh nothing; if all are so, count streams instead.
    const fraction =
      total > 0 ? clamp01(covered / total) : streams.length > 0 ? streams.reduce((a, s) => a + s.fraction, 0) / streams.length : 0;
    return { fraction, streams };
  }
}
