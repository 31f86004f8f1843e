import type { GatewayMessage, MessagePage, OutboundSms, SendOutcome, SyncGateway } from '../../src-main/gateway/sms-gateway.ts';

/**
 * An in-memory gateway for unit tests: records each send and answers from a script; its message
 * log is empty (no replies arrive unless a test uses the simulator).
 */
export class RecordingGateway implements SyncGateway {
  readonly sent: OutboundSms[] = [];
  private next: ((sms: OutboundSms) => SendOutcome)[] = [];
  private seq = 0;

  constructor(private readonly clock: () => number) {}

  /** The outcome of the next send (then back to accepting). */
  answerNext(fn: (sms: OutboundSms) => SendOutcome): void {
    this.next.push(fn);
  }

  async send(sms: OutboundSms): Promise<SendOutcome> {
    this.sent.push(sms);
    const scripted = this.next.shift();
    if (scripted) return scripted(sms);
    this.seq += 1;
    return { kind: 'accepted', sid: `SM${this.seq.toString(16).padStart(32, '0')}`, status: 'accepted', at: this.clock() };
  }

  async listMessages(): Promise<MessagePage> {
    return { messages: [], nextPageUrl: null };
  }

  async fetchMessage(): Promise<GatewayMessage | null> {
    return null;
  }
}
