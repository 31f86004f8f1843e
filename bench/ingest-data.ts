// The ingest benchmark's data: inbound replies from the bench's customers (and 5% from numbers
// nobody has) to the bench's senders, one every 50 ms, with the keyword mix of real traffic.
import { seededRandom, pick } from './prng.ts';

export interface IngestSimSpec {
  messages: number;
  customers: number;
  senders: string[];
  /** Epoch ms of the first reply. */
  startMs: number;
}

const FREE_TEXT = [
  'Thanks, see you Saturday',
  'Can you do a better price?',
  'What time do you close today?',
  'Yes please book me in',
  'I will stop by after work',
  'Is the CX-5 still available?',
  'ok',
  'Sounds good 👍',
];

function body(random: () => number): string {
  const r = random();
  if (r < 0.03) return 'STOP';
  if (r < 0.05) return 'START';
  if (r < 0.06) return 'HELP';
  if (r < 0.07) return 'please stop texting me';
  if (r < 0.08) return 'UNSUB';
  return pick(random, FREE_TEXT);
}

export const benchMobile = (i: number): string => `+6143${String(1_000_000 + i).padStart(7, '0')}`;

export function* generateInbound(spec: IngestSimSpec): Generator<{ from: string; to: string; body: string; at: number }> {
  const random = seededRandom(2026);
  for (let i = 0; i < spec.messages; i++) {
    const from = random() < 0.05 ? `+6145${String(1_000_000 + i).padStart(7, '0')}` : benchMobile(Math.floor(random() * spec.customers));
    yield { from, to: pick(random, spec.senders), body: body(random), at: spec.startMs + i * 50 };
  }
}
