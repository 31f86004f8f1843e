// The composer's logic, apart from its view: which dealer account, sender and template; the
// preflight (R5 opt-out, R7 gateway block, an open possible opt-out, offline), kept fresh by event
// through the data layer (data/invalidation.ts); the send, and what its one SendResult means to
// the user (outcomeOf). It warns; it never decides: main refuses and records (R5, R6).
import { useEffect, useMemo, useRef, useState } from 'react';
import { countSegments, MAX_SMS_BODY_CHARS } from '../../shared/sms-segments.ts';
import { renderTemplate } from '../../shared/domain/templates.ts';
import type { ApiOutput, LeadAccount, SendResult, Template } from '../../shared/ipc/contract.ts';
import { ApiError } from '../../shared/ipc/client.ts';
import { api } from '../api/api.ts';
import { useQuery } from '../data/use-query.ts';
import { invalidate } from '../data/use-invalidation.ts';
import { useApp } from '../stores/app-store.ts';
import { errorText, fmtPhone } from '../lib/format.ts';

export type Preflight = ApiOutput<'sms.preflight'>;

export type Outcome =
  | { kind: 'sent'; text: string }
  | { kind: 'queued'; text: string }
  | { kind: 'refused'; code: string; text: string }
  | null;

/** What a send's one answer means to the user: the sentence main worded for a refusal (R5, R7, R8). */
export function outcomeOf(r: SendResult, accountName: string | null): Exclude<Outcome, null> {
  switch (r.outcome) {
    case 'refused':
      return { kind: 'refused', code: r.refusal.code, text: r.refusal.text };
    case 'failed':
      return { kind: 'refused', code: 'GATEWAY_ERROR', text: `Not sent: the SMS gateway refused it${r.message.errorMessage ? ` (${r.message.errorMessage})` : ''}.` };
    case 'queued':
      return { kind: 'queued', text: 'Queued — will send when online.' };
    case 'sent':
      return { kind: 'sent', text: `Sent to ${fmtPhone(r.message.toNumber)} from ${accountName ?? 'the dealer'}.` };
  }
}

/** A call that threw: invalid input (nothing recorded) or the app unreachable. */
export function outcomeOfError(err: unknown): Exclude<Outcome, null> {
  return { kind: 'refused', code: err instanceof ApiError ? err.code : 'INTERNAL', text: errorText(err) };
}

export interface ComposerInput {
  customerId: number;
  firstName: string;
  accounts: LeadAccount[];
  initialAccountId?: number | undefined;
  onSent?: (() => void) | undefined;
}

const NO_TEMPLATES: Template[] = [];

export function useComposer({ customerId, firstName, accounts, initialAccountId, onSent }: ComposerInput) {
  const online = useApp((s) => s.sync?.online ?? true);
  const [accountId, setAccountId] = useState<number | null>(() => initialAccountId ?? accounts[0]?.dealerAccountId ?? null);
  const account = accounts.find((a) => a.dealerAccountId === accountId) ?? null;
  // The sender the user picked; until they pick one (or when the account does not have it), the
  // account's default: R13, a sender Twilio does not block for this customer (it follows a new block).
  const [chosenSenderId, setSenderId] = useState<number | null>(null);
  const senderId =
    chosenSenderId !== null && account?.senders.some((s) => s.id === chosenSenderId)
      ? chosenSenderId
      : (account?.defaultSenderId ?? account?.senders[0]?.id ?? null);
  const [body, setBodyState] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  // Keep the chosen account valid when the lead's accounts change.
  useEffect(() => {
    if (accountId === null || !accounts.some((a) => a.dealerAccountId === accountId)) {
      setAccountId(initialAccountId ?? accounts[0]?.dealerAccountId ?? null);
    }
  }, [accounts, accountId, initialAccountId]);

  const templatesQuery = useQuery('templates.list', accountId === null ? null : { dealerAccountId: accountId });
  const templates = templatesQuery.error ? NO_TEMPLATES : (templatesQuery.data ?? NO_TEMPLATES);

  // The preflight reloads on consent, lead and review events (data/invalidation.ts) and when
  // the connection comes or goes.
  const preflightQuery = useQuery(
    'sms.preflight',
    accountId === null ? null : { dealerAccountId: accountId, customerId, ...(senderId !== null ? { senderId } : {}) },
  );
  const preflight = preflightQuery.data ?? null;
  const preflightError = preflightQuery.error;
  const { refetch: refetchPreflight } = preflightQuery;
  const firstOnline = useRef(true);
  useEffect(() => {
    if (firstOnline.current) {
      firstOnline.current = false;
      return;
    }
    refetchPreflight();
  }, [online, refetchPreflight]);

  // "Sent" from before an opt-out must not sit next to the opt-out warning.
  useEffect(() => {
    if (preflight && !preflight.allowed) setOutcome((o) => (o?.kind === 'sent' ? null : o));
  }, [preflight]);

  // A new account, sender or customer: forget the last outcome.
  useEffect(() => setOutcome(null), [accountId, senderId, customerId]);

  /** The user typed: a new message, so the last one's outcome no longer applies (a queued one stays). */
  const setBody = (text: string) => {
    setBodyState(text);
    setOutcome((o) => (o && o.kind !== 'queued' ? null : o));
  };

  /** The one place a template goes into the message: its placeholders filled for this customer. */
  const chooseTemplate = (id: string) => {
    setTemplateId(id);
    const t = templates.find((x) => String(x.id) === id);
    if (t) setBodyState(renderTemplate(t.body, { firstName, dealerName: account?.accountName }));
  };

  const seg = useMemo(() => countSegments(body), [body]);
  const tooLong = body.length > MAX_SMS_BODY_CHARS;
  const blocked = preflight !== null && !preflight.allowed;
  const offline = !online || (preflight !== null && !preflight.online);

  const send = async () => {
    if (accountId === null || !body.trim() || sending) return;
    setSending(true);
    setOutcome(null);
    try {
      const r = await api()['sms.send']({ dealerAccountId: accountId, customerId, ...(senderId !== null ? { senderId } : {}), body });
      // Every attempt is recorded (R6), refused or not: the timeline shows it at once.
      invalidate('timeline.page', (i: { customerId: number }) => i.customerId === customerId);
      onSent?.();
      setOutcome(outcomeOf(r, account?.accountName ?? null));
      if (r.outcome === 'sent' || r.outcome === 'queued') {
        setBodyState('');
        setTemplateId('');
      }
    } catch (err) {
      // What was typed stays.
      setOutcome(outcomeOfError(err));
    } finally {
      setSending(false);
      refetchPreflight();
    }
  };

  return {
    online,
    accountId,
    setAccountId,
    account,
    senderId,
    setSenderId,
    body,
    setBody,
    templates,
    templateId,
    chooseTemplate,
    preflight,
    preflightError,
    blocked,
    offline,
    seg,
    tooLong,
    sending,
    outcome,
    send,
  };
}
