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

/** One account's SMS consent at a glance: green = may text, red = opted out. */
export function SmsConsentChip({ chip }: { chip: ConsentChip }) {
  const out = chip.sms === 'opted_out';
  const label = `${chip.accountName}: SMS ${consentWords(chip.sms)}${chip.email === 'opted_out' ? ', email opted out' : ''}`;
  return (
    <span className={`chip ${out ? 'chip-out' : 'chip-ok'}`} title={label} aria-label={label}>
      {chip.accountName} · SMS {out ? 'opted out' : 'ok'}
    </span>
  );
}

export function ConsentStateChip({ status, channel }: { status: ConsentValue; channel: 'sms' | 'email' }) {
  const name = channel === 'sms' ? 'SMS' : 'Email';
  if (status === 'opted_out') return <Chip tone="out">{name}: opted out</Chip>;
  if (status === 'opted_in') return <Chip tone="ok">{name}: opted in</Chip>;
  return (
    <Chip tone="ok" title="No opt-out recorded: allowed">
      {name}: allowed
    </Chip>
  );
}
