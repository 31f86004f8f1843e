import type { GatewayMessage } from '../../src-main/gateway/sms-gateway.ts';

let seq = 0;

/** A gateway message as the adapter returns it (an inbound reply unless said otherwise). */
export function gatewayMessage(m: Partial<GatewayMessage> & { from: string; to: string; body: string; at: number }): GatewayMessage {
  seq += 1;
  const { at, ...rest } = m;
  return {
    sid: `SM${seq.toString(16).padStart(32, '0')}`,
    direction: 'inbound',
    status: 'received',
    messagingServiceSid: null,
    numSegments: 1,
    errorCode: null,
    errorMessage: null,
    dateCreated: at,
    dateSent: at,
    dateUpdated: at,
    ...rest,
  };
}
