// Payloads for fuzzing the IPC channels, generated from the JSON Schemas the contract publishes
// (GET /api/_contract, zod's toJSONSchema): a value that fits the schema, then mutations of it
// (a field dropped, a stray key, a hostile value in one field, junk for the whole body, raw number
// tokens JSON cannot hold). Deterministic from the given random source.
import type { Random } from '../../src-main/seeded-random.ts';

export type JsonSchema = {
  type?: string;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
};

/** One request body: JSON text, as it goes on the wire. */
export interface Payload {
  channel: string;
  body: string;
  /** How it was made, for a failure message. */
  how: string;
}

const WORDS = ['Jane', 'Olivia', "O'Brien", 'Nguyễn', '李', 'STOP', 'Your car is ready', 'See you Saturday', '0412 345 678', '+61412345678', 'jane@example.com', 'Harbour City Toyota'];
const HOSTILE: unknown[] = [
  null, true, false, 0, -1, -0, 1.5, 2 ** 53, -(2 ** 53), 1e300, '', ' ', '\u0000', '\ud800', '\u202eSTOP', '<script>alert(1)</script>', "'; DROP TABLE messages; --",
  '=cmd|/c calc!A1', '{first name}', '%s%n', '../../etc/passwd', 'x'.repeat(5_000), '😀'.repeat(900), [], [1, 2, 3], {}, { $gt: '' }, { __proto__: { polluted: 1 } },
  'NaN', 'Infinity', '2026-12-04', '1e309', 'true', 'null',
];
const STRAY_KEYS = ['__proto__', 'constructor', 'prototype', 'toJSON', 'then', 'valueOf', 'x', ''];
/** Raw JSON number tokens JSON.parse turns into something a schema must refuse (or into a plain number). */
const NUMBER_TOKENS = ['1e309', '-1e309', '1e-400', '-0.0', '0.5e1', '9007199254740993', '1E2', '00', '0x10', 'NaN', 'Infinity', '+1', '.5', '1.', '--1'];
const WHOLE_BODIES = ['null', '[]', '"text"', '42', 'true', '{', '{"a":', '[1,', '\ufeff{}', '{"a":1,"a":2}', '{}}', '{"__proto__":{"polluted":true}}', `${'['.repeat(5_000)}${']'.repeat(5_000)}`, `{"a":${'['.repeat(2_000)}`];

function int(r: Random, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

function pick<T>(r: Random, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** A string matching a simple pattern (literals, [classes], {n} / {n,m}); null if it is not that simple. */
function fromPattern(pattern: string, r: Random): string | null {
  const src = pattern.replace(/^\^/, '').replace(/\$$/, '');
  let out = '';
  for (let i = 0; i < src.length; ) {
    let choices: string[];
    const c = src[i] as string;
    if (c === '[') {
      const end = src.indexOf(']', i);
      if (end < 0) return null;
      const body = src.slice(i + 1, end);
      choices = [];
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === '-' && k + 2 < body.length) {
          for (let x = body.charCodeAt(k); x <= body.charCodeAt(k + 2); x++) choices.push(String.fromCharCode(x));
          k += 2;
        } else choices.push(body[k] as string);
      }
      i = end + 1;
    } else if ('()|*+?.\\'.includes(c)) return null;
    else {
      choices = [c];
      i++;
    }
    let n = 1;
    const q = /^\{(\d+)(?:,(\d+))?\}/.exec(src.slice(i));
    if (q) {
      n = q[2] ? int(r, Number(q[1]), Number(q[2])) : Number(q[1]);
      i += q[0].length;
    }
    for (let k = 0; k < n; k++) out += pick(r, choices);
  }
  return out;
}

function uuid(r: Random): string {
  const hex = (n: number) => Array.from({ length: n }, () => int(r, 0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(r, ['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

/** A value that fits `s` (ids mostly among the store's first `maxId`). */
export function generate(s: JsonSchema, r: Random, maxId: number, depth = 0): unknown {
  if (s.anyOf) return generate(pick(r, s.anyOf), r, maxId, depth);
  if (s.enum) return pick(r, s.enum);
  if ('const' in s) return s.const;
  switch (s.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      const required = new Set(s.required ?? []);
      for (const [k, p] of Object.entries(s.properties ?? {})) if (required.has(k) || r() < 0.6) o[k] = generate(p, r, maxId, depth + 1);
      return o;
    }
    case 'array': {
      const n = int(r, s.minItems ?? 0, Math.min(s.maxItems ?? 4, (s.minItems ?? 0) + 4));
      return Array.from({ length: n }, () => (s.items ? generate(s.items, r, maxId, depth + 1) : null));
    }
    case 'integer':
    case 'number': {
      const lo = s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : (s.minimum ?? -1e6);
      const hi = s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : (s.maximum ?? 1e6);
      if (lo >= 1 && hi > 1e9) return r() < 0.85 ? int(r, 1, maxId) : int(r, 1, 1e7); // an id
      if (hi - lo > 1e12) return r() < 0.5 ? Date.now() - int(r, 0, 90 * 86_400_000) : int(r, -1e6, 1e6); // a time
      const v = lo + r() * (hi - lo);
      return s.type === 'integer' ? Math.round(Math.min(hi, Math.max(lo, v))) : v;
    }
    case 'string': {
      if (s.format === 'uuid') return uuid(r);
      if (s.pattern) {
        const v = fromPattern(s.pattern, r);
        if (v !== null) return v;
      }
      const max = Math.min(s.maxLength ?? 60, 60);
      let v = r() < 0.7 ? pick(r, WORDS) : Array.from({ length: int(r, 0, max) }, () => String.fromCharCode(int(r, 32, 0x24f))).join('');
      while (v.length < (s.minLength ?? 0)) v += 'x';
      return v.slice(0, s.maxLength ?? v.length);
    }
    case 'boolean':
      return r() < 0.5;
    case 'null':
      return null;
    default:
      return null;
  }
}

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** `count` payloads for `channel`: about one in eight fits the schema, the rest are mutations or junk. */
export function payloadsFor(channel: string, schema: JsonSchema, r: Random, maxId: number, count: number): Payload[] {
  const out: Payload[] = [];
  for (let i = 0; i < count; i++) {
    const base = generate(schema, r, maxId) as Record<string, unknown>;
    const keys = Object.keys(schema.properties ?? {});
    const roll = r();
    if (roll < 0.12) {
      out.push({ channel, body: JSON.stringify(base), how: 'fits the schema' });
    } else if (roll < 0.27 && (schema.required ?? []).length > 0) {
      const k = pick(r, schema.required ?? []);
      const { [k]: _dropped, ...rest } = base;
      out.push({ channel, body: JSON.stringify(rest), how: `without ${k}` });
    } else if (roll < 0.4) {
      const k = pick(r, STRAY_KEYS);
      // Written into the text, so "__proto__" is a real own key on the wire.
      const text = JSON.stringify(base);
      const extra = `${JSON.stringify(k)}:${JSON.stringify(pick(r, HOSTILE))}`;
      out.push({ channel, body: text === '{}' ? `{${extra}}` : `${text.slice(0, -1)},${extra}}`, how: `stray key ${k}` });
    } else if (roll < 0.75 && keys.length > 0) {
      const k = pick(r, keys);
      out.push({ channel, body: JSON.stringify({ ...base, [k]: pick(r, HOSTILE) }), how: `hostile ${k}` });
    } else if (roll < 0.83 && keys.length > 0) {
      const k = pick(r, keys);
      const token = pick(r, NUMBER_TOKENS);
      const text = JSON.stringify({ ...base, [k]: '\u0001TOKEN\u0001' }).replace('"\\u0001TOKEN\\u0001"', token);
      out.push({ channel, body: text, how: `number token ${token} in ${k}` });
    } else if (roll < 0.88 && keys.length > 0) {
      const k = pick(r, keys);
      out.push({ channel, body: JSON.stringify({ ...base, [k]: nested(int(r, 10, 3_000)) }), how: `deep nesting in ${k}` });
    } else {
      out.push({ channel, body: pick(r, WHOLE_BODIES), how: 'junk body' });
    }
  }
  return out;
}
