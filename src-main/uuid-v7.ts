// Group-wide ids that sort by when they were made (UUID version 7, RFC 9562): 48 bits of the
// time in milliseconds, then 74 random bits. Each desk's store and the group server index events
// by these ids; random (version 4) ids put each new row on a random page of those indexes, so a
// pulled page of 500 events dirtied hundreds of pages that its commit had to write, where ids in
// time order land on the last few. Unique as version 4 ids are (74 random bits within one
// millisecond); time and randomness are injected like everywhere else.
import { randomBytes } from 'node:crypto';

export function uuidV7Generator(clock: () => number, random: (n: number) => Uint8Array = randomBytes): () => string {
  return () => {
    const b = random(16);
    let ms = Math.max(0, Math.floor(clock()));
    for (let i = 5; i >= 0; i--) {
      b[i] = ms % 256;
      ms = Math.floor(ms / 256);
    }
    b[6] = 0x70 | ((b[6] as number) & 0x0f); // version 7
    b[8] = 0x80 | ((b[8] as number) & 0x3f); // RFC 9562 variant
    const h = Buffer.from(b).toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
}
