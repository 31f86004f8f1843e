// The gateway the connected core holds for its whole life; the client behind it changes when the
// user sets or clears credentials. With none configured it answers as an unreachable gateway
// with a clear reason, so sends stay queued (R8) and say why.
import { GatewayError, type GatewayMessage, type MessageListQuery, type MessagePage, type OutboundSms, type SendOutcome, type SyncGateway } from '../gateway/sms-gateway.ts';

export const NO_CREDENTIALS_MESSAGE = 'No SMS gateway is set up: add the Twilio Auth Token in Settings.';

export class SwitchableGateway implements SyncGateway {
  #inner: SyncGateway | null = null;
  #label = 'none';

  set(inner: SyncGateway | null, label: string): void {
    this.#inner = inner;
    this.#label = inner ? label : 'none';
  }
  get configured(): boolean {
    return this.#inner !== null;
  }
  get label(): string {
    return this.#label;
  }

  async send(sms: OutboundSms): Promise<SendOutcome> {
    if (!this.#inner) return { kind: 'retryable', code: null, message: NO_CREDENTIALS_MESSAGE, retryAfterMs: null };
    return this.#inner.send(sms);
  }
  async listMessages(q: MessageListQuery): Promise<MessagePage> {
    if (!this.#inner) throw new GatewayError('auth_failed', NO_CREDENTIALS_MESSAGE);
    return this.#inner.listMessages(q);
  }
  async fetchMessage(sid: string): Promise<GatewayMessage | null> {
    if (!this.#inner) throw new GatewayError('auth_failed', NO_CREDENTIALS_MESSAGE);
    return this.#inner.fetchMessage(sid);
  }
}
