import type { MessageStatus } from '../../shared/domain/types.ts';
import type { ConsentChip } from '../../shared/ipc/contract.ts';
import { STATUS_LABEL, type Tone } from '../lib/format.ts';

export function Chip({ tone, children, title }: { tone: Tone | 'out'; children: React.ReactNode; title?: string }) {
  return (
    <span className={`chip chip-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function MessageStatusChip({ status }: { status: MessageStatus }) {
  const s = STATUS_LABEL[status];
  return <Chip tone={s.tone}>{s.label}</Chip>;
}

type ConsentValue = 'opted_in' | 'opted_out' | 'none';

export function consentWords(v: ConsentValue): string {
  return v === 'opted_out' ? 'opted out' : v === 'opted_in' ? 'opted in' : 'no opt-out';
}

/**
 * One account's SMS consent at a glance: green = may text, red = opted out or Twilio blocks every
 * line of the account (R13), amber = Twilio blocks some of its lines (another still reaches them).
 */
export function SmsConsentChip({ chip }: { chip: ConsentChip }) {
  const out = chip.sms === 'opted_out';
  const twilio = out ? 'none' : chip.smsGatewayBlocked;
  const state = out ? 'opted out' : twilio === 'all' ? 'blocked by Twilio' : twilio === 'some' ? 'ok on another line' : 'ok';
  const gatewayNote = twilio === 'all' ? ' (Twilio blocks every line of this account for this number)' : twilio === 'some' ? ' (Twilio blocks one of its lines for this number)' : '';
  const label = `${chip.accountName}: SMS ${out ? consentWords(chip.sms) : state}${gatewayNote}${chip.email === 'opted_out' ? ', email opted out' : ''}`;
  const tone = out || twilio === 'all' ? 'chip-out' : twilio === 'some' ? 'chip-queued' : 'chip-ok';
  return (
    <span className={`chip ${tone}`} title={label} aria-label={label}>
      {chip.accountName} · SMS {state}
    </span>
  );
}

export function ConsentStateChip({ status, channel, twilioBlocksAll = false }: { status: ConsentValue; channel: 'sms' | 'email'; twilioBlocksAll?: boolean }) {
  const name = channel === 'sms' ? 'SMS' : 'Email';
  if (status === 'opted_out') return <Chip tone="out">{name}: opted out</Chip>;
  // R13: the dealer's consent allows it, but Twilio refuses the number on every line the dealer has.
  if (twilioBlocksAll) return <Chip tone="out" title="The dealer's consent allows it; Twilio blocks every line of this account for this number">{name}: blocked by Twilio</Chip>;
  if (status === 'opted_in') return <Chip tone="ok">{name}: opted in</Chip>;
  return (
    <Chip tone="ok" title="No opt-out recorded: allowed">
      {name}: allowed
    </Chip>
  );
}
