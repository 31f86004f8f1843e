// Reply classifier benchmark (R3): the classifier over a million generated replies against a plain
// keyword-set lookup of the same replies (`SET.has(text.trim().toUpperCase())`, what a gateway
// does), in the same run, side by side (bench/side-by-side.ts: both warmed up, rounds in
// alternating order, medians, the ratio the median of per-round ratios).
// The classifier is on the ingest path: compare classify_per_s with inbound_ingest_msgs_per_s.
import { classifyReply, HELP_KEYWORDS, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from '../shared/classify-reply.ts';
import { pick, seededRandom } from './prng.ts';
import type { Emit } from './stats.ts';
import { medianRatio, sideBySide } from './side-by-side.ts';

export interface ClassifyBenchSpec {
  replies: number;
}
export const CLASSIFY_SPEC: ClassifyBenchSpec = { replies: 1_000_000 };

// Fragments of what customers text back, mixed the way a dealership inbox looks: mostly ordinary
// replies, some keywords, requests in words, slang and typos, wrong numbers and phone reactions.
const GREETINGS = ['', '', '', 'Hi', 'Hey', 'Hi Sam,', 'Thanks', 'Ok', 'G’day', 'Sorry'];
const BODIES = [
  'is the car still available?', 'can I come in Saturday at 10', 'what is the drive away price', 'I’ll stop by after work',
  'yes please book me in', 'cancel my service booking', 'running 10 mins late', 'does it have apple carplay',
  'not interested thanks', 'bought elsewhere', 'can you text me the price', 'the aircon is still not working',
  'end of the month works', 'please stop texting me', 'stop txting me bro', 'remove me from your list', 'lose my number',
  'wrong number', 'no more msgs pls', 'unsubscribe me', 'dont text me again', 'how many kms has it done',
  'STOP', 'Stop', 'UNSUBSCRIBE', 'START', 'HELP', 'st0p', 'S T O P', '<b>STOP</b>', 'stpo', 'cancel the texts',
  'Liked “See you Saturday. Reply STOP to opt out”', 'Reacted 👍 to “Your car is ready”', 'Wrong number, stop messaging me',
  'can I get a trade in valuation on my 2015 Corolla', 'what time do you close on Sunday', 'ok see you then 👍',
];
const ENDINGS = ['', '', '', '', '.', '!', ' thanks', ' cheers', ' 😊', '\n\nSent from my iPhone', ' pls', '?'];

/** Generated replies, deterministic for a seed: fragments, numbers and the odd typo make most distinct. */
export function generateReplies(n: number, seed = 15): string[] {
  const random = seededRandom(seed);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let body = pick(random, BODIES);
    if (random() < 0.2) {
      // A typo: two neighbouring letters swapped.
      const at = Math.floor(random() * Math.max(1, body.length - 1));
      body = body.slice(0, at) + body.charAt(at + 1) + body.charAt(at) + body.slice(at + 2);
    }
    if (random() < 0.3) body += ` ${Math.floor(random() * 10_000)}`;
    const g = pick(random, GREETINGS);
    out[i] = `${g}${g ? ' ' : ''}${body}${pick(random, ENDINGS)}`;
  }
  return out;
}

export async function runClassifyBench(emit: Emit, spec: ClassifyBenchSpec, log: (s: string) => void, o: { rounds?: number } = {}): Promise<void> {
  log(`classify: generating ${spec.replies.toLocaleString('en-AU')} replies`);
  const replies = generateReplies(spec.replies);
  const keywords = new Set<string>([...OPT_OUT_KEYWORDS, ...OPT_IN_KEYWORDS, ...HELP_KEYWORDS]);
  let sink = 0; // keeps the work observable so it cannot be optimised away
  const rate = (each: (text: string) => number) => async (): Promise<number> => {
    const t = performance.now();
    for (const text of replies) sink += each(text);
    return replies.length / ((performance.now() - t) / 1000);
  };
  const result = await sideBySide(
    [
      { name: 'classify', run: rate((text) => classifyReply(text).intent.length) },
      { name: 'keyword_set', run: rate((text) => (keywords.has(text.trim().toUpperCase()) ? 1 : 0)) },
    ],
    { rounds: o.rounds ?? 3, onRun: (e) => log(`classify: ${e.warmup ? 'warm-up' : `round ${e.round + 1}`} ${e.side} ${Math.round(e.rate)} replies/s`) },
  );
  const classifyPerS = result.sides.classify?.median ?? NaN;
  emit('classify_per_s', classifyPerS, 'replies/s');
  emit('keyword_set_lookup_per_s', result.sides.keyword_set?.median ?? NaN, 'replies/s');
  emit('classify_vs_keyword_set_lookup', medianRatio(result, 'classify', (r) => result.sides.keyword_set?.rounds[r] ?? NaN), 'ratio');
  emit('classify_us_per_reply', 1e6 / classifyPerS, 'us');
  log(`classify: ${replies.length} replies a run (sink ${sink})`);
}
