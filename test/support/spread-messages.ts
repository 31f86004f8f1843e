// A busy shared sender's gateway log: `count` messages at even steps back from `now` over `spanMs`
// (newest first by index), every `inboundEvery`-th one a customer's reply to the sender, the rest
// the sender's delivered texts to customers.
import type { GatewayMessage } from '../../src-main/gateway/sms-gateway.ts';
import { gatewayMessage } from './inbound.ts';

export interface SpreadOptions {
  now: number;
  spanMs: number;
  count: number;
  sender: string;
  /** One message in this many is inbound. */
  inboundEvery: number;
  /** How many different customers write and are written to. */
  customers?: number;
}

export function spreadMessages(o: SpreadOptions): GatewayMessage[] {
  const out: GatewayMessage[] = [];
  const customers = o.customers ?? 40;
  for (let i = 0; i < o.count; i++) {
    // Half a step in from each end, so every message lies inside the window.
    const at = o.now - Math.round(((i + 0.5) * o.spanMs) / o.count);
    const customer = `+614${String(20_000_000 + (i % customers)).padStart(8, '0')}`;
    out.push(
      i % o.inboundEvery === 0
        ? gatewayMessage({ from: customer, to: o.sender, body: `Thanks, see you then (${i})`, at })
        : gatewayMessage({ from: o.sender, to: customer, body: `Your service is booked (${i})`, at, direction: 'outbound-api', status: 'delivered' }),
    );
  }
  return out;
}
