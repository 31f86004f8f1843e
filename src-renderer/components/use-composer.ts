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
import { useDrafts } from './composer/use-drafts.ts';
import { refreshStatusSoon } from './composer/fresh-status.ts';
import { dealerMismatch, defaultAccountId, insertAt, type InsertedTemplate } from './composer/defaults.ts';

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
  const [accountId, setAccountIdState] = useState<number | null>(() => initialAccountId ?? defaultAccountId(accounts));
  const account = accounts.find((a) => a.dealerAccountId === accountId) ?? null;
  // The sender the user picked; until they pick one (or when the account does not have it), the
  // account's default: R13, a sender Twilio does not block for this customer (it follows a new block).
  const [chosenSenderId, setSenderId] = useState<number | null>(null);
  const senderId =
    chosenSenderId !== null && account?.senders.some((s) => s.id === chosenSenderId)
      ? chosenSenderId
      : (account?.defaultSenderId ?? account?.senders[0]?.id ?? null);
  const drafts = useDrafts(customerId);
  const body = (accountId !== null ? drafts.bodies[accountId] : undefined) ?? '';
  const [templateId, setTemplateId] = useState('');
  /** A template chosen while the message has text: insert it at the cursor or replace, as the user says. */
  const [pendingTemplate, setPendingTemplate] = useState<{ template: Template; text: string } | null>(null);
  const [inserted, setInserted] = useState<InsertedTemplate | null>(null);
  /** Where the caret (or selection) was in the message box, for inserting a template there. */
  const selection = useRef<{ start: number; end: number } | null>(null);
  /** The user picked the account: the drafts' answer no longer moves it. */
  const accountChosen = useRef(initialAccountId !== undefined);
  /** Switching account carried the text across, or showed the other account's own draft. */
  const [draftNote, setDraftNote] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  // Keep the chosen account valid when the lead's accounts change.
  useEffect(() => {
    if (accountId === null || !accounts.some((a) => a.dealerAccountId === accountId)) {
      setAccountIdState(initialAccountId ?? defaultAccountId(accounts));
    }
  }, [accounts, accountId, initialAccountId]);

  // Once the drafts are read: open on the newest draft's account, else the one this user last
  // texted the lead from (each only when SMS from it is allowed, or none is).
  const { loaded: draftsLoaded, newestDraftAccountId, lastSentAccountId } = drafts;
  useEffect(() => {
    if (!draftsLoaded || accountChosen.current) return;
    accountChosen.current = true;
    setAccountIdState(defaultAccountId(accounts, { draftAccountId: newestDraftAccountId, lastSentAccountId }));
    // Only the first answer decides; later account lists keep the user's choice.
  }, [draftsLoaded]);

  /**
   * The user chose another account. Its own draft shows if it has one (this one stays kept);
   * otherwise what was typed moves with the user to the new account.
   */
  const setAccountId = (next: number) => {
    accountChosen.current = true;
    setPendingTemplate(null);
    if (accountId !== null && next !== accountId) {
      const fromName = account?.accountName ?? 'the other account';
      const toName = accounts.find((a) => a.dealerAccountId === next)?.accountName ?? 'this account';
      const theirs = drafts.bodies[next] ?? '';
      if (theirs.trim()) setDraftNote(body.trim() ? `Showing your draft for ${toName}; your draft for ${fromName} is kept.` : null);
      else if (body) {
        drafts.write(next, body);
        drafts.write(accountId, '');
        setDraftNote(null);
      }
    }
    setAccountIdState(next);
  };

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
  useEffect(() => setDraftNote(null), [customerId]);

  /** The user typed: a new message, so the last one's outcome no longer applies (a queued one stays). */
  const setBody = (text: string) => {
    if (accountId === null) return;
    drafts.write(accountId, text);
    setOutcome((o) => (o && o.kind !== 'queued' ? null : o));
  };

  /** Puts a template's text (filled for this customer by main) into the message, replacing it or at the cursor. */
  const putTemplate = (t: Template, rendered: string, how: 'replace' | 'insert'): number => {
    const sel = selection.current ?? { start: body.length, end: body.length };
    const next = how === 'replace' ? { text: rendered, caret: rendered.length } : insertAt(body, rendered, sel.start, sel.end);
    setBody(next.text);
    selection.current = { start: next.caret, end: next.caret };
    const owner = t.dealerAccountId === null ? null : (accounts.find((a) => a.dealerAccountId === t.dealerAccountId)?.accountName ?? account?.accountName ?? null);
    setInserted({ name: t.name, dealerAccountId: t.dealerAccountId, accountName: owner, text: rendered });
    setPendingTemplate(null);
    return next.caret;
  };
  /**
   * The one place a template goes into the message: filled for this customer in main (the one
   * renderer). `sms:ID` puts in its SMS text; `email:ID` its email body turned into SMS text
   * ("Send via SMS") for review here, with the segment counter. A placeholder main cannot fill
   * for this lead is refused, and said. Into an empty box at once; over typed text only as the
   * user then says (insert at the cursor, or replace).
   */
  const chooseTemplate = (choice: string) => {
    setTemplateId(choice);
    const [as, rawId] = choice.split(':');
    const id = Number(rawId);
    if (accountId === null || !Number.isInteger(id) || id <= 0) return;
    const t = templates.find((x) => x.id === id);
    if (!t) return;
    const dealerAccountId = accountId;
    api()
      ['templates.render']({ templateId: id, customerId, dealerAccountId, as: as === 'email' ? 'email_as_sms' : 'sms' })
      .then((r) => {
        setOutcome(null);
        if (body.trim()) setPendingTemplate({ template: t, text: r.text });
        else putTemplate(t, r.text, 'replace');
      })
      .catch((err: unknown) => setOutcome(outcomeOfError(err)));
  };
  const resolveTemplate = (how: 'replace' | 'insert' | 'cancel'): number | null => {
    const t = pendingTemplate;
    if (!t || how === 'cancel') {
      setPendingTemplate(null);
      setTemplateId('');
      return null;
    }
    return putTemplate(t.template, t.text, how);
  };
  const mismatch = dealerMismatch(body, account, accounts, inserted);

  const seg = useMemo(() => countSegments(body), [body]);
  const tooLong = seg.characters > MAX_SMS_BODY_CHARS;
  const blocked = preflight !== null && !preflight.allowed;
  const offline = !online || (preflight !== null && !preflight.online);

  // Sends never answered (the app closed, the connection dropped): what became of them (issue 14).
  const pending = usePendingSends(
    customerId,
    online,
    (id) => accounts.find((a) => a.dealerAccountId === id)?.accountName ?? null,
    // A send that never left comes back into its account's draft unless something new was typed there.
    (lost) => {
      if (!(drafts.bodies[lost.dealerAccountId] ?? '').trim()) drafts.write(lost.dealerAccountId, lost.body);
    },
  );

  // Once main says what became of a send without an answer, its notice replaces "no answer"; a
  // message that did leave is no longer in the box.
  useEffect(() => {
    if (pending.notices.some((n) => n.outcome !== null || n.lost)) setOutcome((o) => (o?.kind === 'unknown' ? null : o));
    if (accountId !== null) for (const n of pending.notices) if (n.outcome && n.outcome.kind !== 'refused' && body === n.body) drafts.write(accountId, '');
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
        // Main removed the draft with the send; the box is ready for the next message.
        drafts.sent(accountId);
        if (r.outcome === 'sent') refreshStatusSoon();
        setTemplateId('');
        setInserted(null);
        selection.current = null;
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
    pendingTemplate,
    resolveTemplate,
    selection,
    mismatch,
    drafts,
    draftNote,
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
