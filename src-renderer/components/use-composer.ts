// The composer's logic, apart from its view: which dealer account, sender and template; the
// preflight (R5 opt-out, R7 gateway block, an open possible opt-out, offline), kept fresh by event
// through the data layer (data/invalidation.ts); the send, and what its one SendResult means to
// the user (outcomeOf). It warns; it never decides: main refuses and records (R5, R6).
import { useEffect, useMemo, useRef, useState } from 'react';
import { countSegments, MAX_SMS_BODY_CHARS } from '../../shared/sms-segments.ts';
import type { ApiOutput, LeadAccount, SendResult, Template } from '../../shared/ipc/contract.ts';
import { ApiError } from '../../shared/ipc/client.ts';
import { api } from '../api/api.ts';
import { useQuery } from '../data/use-query.ts';
import { invalidate } from '../data/use-invalidation.ts';
import { useApp } from '../stores/app-store.ts';
import { errorText, fmtPhone } from '../lib/format.ts';
import { forgetSend, newRequestId, pendingLike, rememberSend } from '../lib/pending-sends.ts';
import { usePendingSends } from './use-pending-sends.ts';

export type Preflight = ApiOutput<'sms.preflight'>;

export type Outcome =
  | { kind: 'sent'; text: string }
  | { kind: 'queued'; text: string }
  | { kind: 'refused'; code: string; text: string }
  /** Main did not answer: it may or may not have been sent; the composer asks what became of it. */
  | { kind: 'unknown'; text: string }
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

/** Main refused the call itself (nothing was recorded); anything else may have left without an answer. */
function answeredByMain(err: unknown): boolean {
  return err instanceof ApiError && err.code !== 'INTERNAL';
}

export interface ComposerInput {
  customerId: number;
  firstName: string;
  accounts: LeadAccount[];
  initialAccountId?: number | undefined;
  onSent?: (() => void) | undefined;
}

const NO_TEMPLATES: Template[] = [];

export function useComposer({ customerId, accounts, initialAccountId, onSent }: ComposerInput) {
  const online = useApp((s) => s.sync?.online ?? true);
  const [accountId, setAccountId] = useState<number | null>(() => initialAccountId ?? accounts[0]?.dealerAccountId ?? null);
  const account = accounts.find((a) => a.dealerAccountId === accountId) ?? null;
  const [senderId, setSenderId] = useState<number | null>(account?.senders[0]?.id ?? null);
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

  // The sender follows the account: keep it when the new account shares it, else its first.
  useEffect(() => {
    const senders = account?.senders ?? [];
    if (!senders.some((s) => s.id === senderId)) setSenderId(senders[0]?.id ?? null);
  }, [account, senderId]);

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

  /**
   * The one place a template goes into the message: filled for this customer in main (the one
   * renderer). `sms:ID` puts in its SMS text; `email:ID` its email body turned into SMS text
   * ("Send via SMS") for review here, with the segment counter. A placeholder main cannot fill
   * for this lead is refused, and said.
   */
  const chooseTemplate = (choice: string) => {
    setTemplateId(choice);
    const [as, rawId] = choice.split(':');
    const id = Number(rawId);
    if (accountId === null || !Number.isInteger(id) || id <= 0) return;
    const dealerAccountId = accountId;
    api()
      ['templates.render']({ templateId: id, customerId, dealerAccountId, as: as === 'email' ? 'email_as_sms' : 'sms' })
      .then((r) => {
        setBodyState(r.text);
        setOutcome(null);
      })
      .catch((err: unknown) => setOutcome(outcomeOfError(err)));
  };

  const seg = useMemo(() => countSegments(body), [body]);
  const tooLong = body.length > MAX_SMS_BODY_CHARS;
  const blocked = preflight !== null && !preflight.allowed;
  const offline = !online || (preflight !== null && !preflight.online);

  // Sends never answered (the app closed, the connection dropped): what became of them (issue 14).
  const pending = usePendingSends(
    customerId,
    online,
    (id) => accounts.find((a) => a.dealerAccountId === id)?.accountName ?? null,
    (lost) => setBodyState((b) => (b.trim() ? b : lost.body)),
  );

  // Once main says what became of a send without an answer, its notice replaces "no answer"; a
  // message that did leave is no longer in the box.
  useEffect(() => {
    if (pending.notices.some((n) => n.outcome !== null || n.lost)) setOutcome((o) => (o?.kind === 'unknown' ? null : o));
    for (const n of pending.notices) if (n.outcome && n.outcome.kind !== 'refused') setBodyState((b) => (b === n.body ? '' : b));
  }, [pending.notices]);

  const send = async () => {
    if (accountId === null || !body.trim() || sending) return;
    setSending(true);
    setOutcome(null);
    // One request id per message, kept until main answers: sending the same text again after no
    // answer reuses it, and main never sends one id twice.
    const message = { customerId, dealerAccountId: accountId, senderId, body };
    const request = pendingLike(message) ?? { ...message, requestId: newRequestId(), at: Date.now() };
    rememberSend(request);
    try {
      const r = await api()['sms.send']({ dealerAccountId: accountId, customerId, ...(senderId !== null ? { senderId } : {}), body, requestId: request.requestId });
      forgetSend(request.requestId);
      pending.settled(request.requestId);
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
      if (answeredByMain(err)) {
        forgetSend(request.requestId);
        setOutcome(outcomeOfError(err));
      } else {
        setOutcome({ kind: 'unknown', text: `No answer from the app (${errorText(err)}): it may have been sent. Checking what became of it…` });
        void pending.check();
      }
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
    pendingNotices: pending.notices,
    dismissPendingNotice: pending.dismiss,
  };
}
