// Building blocks every contract file uses: one channel's entry, ids, times and page limits.
import { z } from 'zod';

export const id = z.int().positive();
/** Epoch milliseconds. */
export const epochMs = z.int();
export const pageLimit = (max: number, dflt: number) => z.int().min(1).max(max).default(dflt);
/** One channel: its input and output schemas and what it does. */
export const channel = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) => ({ input, output, summary });
