// The SMS composer, shared by the lead and appraisal screens: the view over useComposer(). It warns
// BEFORE sending when the customer opted out for the chosen account (from the main process's
// preflight), but it never decides: "Send anyway" goes to main, which refuses and records the
// attempt (R5, R6); the refusal is shown as main worded it.
import { useId, useRef } from 'react';
import { MAX_SMS_BODY_CHARS } from '../../shared/sms-segments.ts';
import { MAX_DRAFT_CHARS } from '../../shared/domain/drafts.ts';
import { EncodingNote, TemplatePrompt, TooLongNote } from './composer/ComposerNotes.tsx';
import { describeOptOutSource } from '../../shared/domain/consent-wording.ts';
import type { LeadAccount } from '../../shared/ipc/contract.ts';
import { fmtCount, fmtDateTime, fmtPhone } from '../lib/format.ts';
import { TemplateOptions } from './TemplateOptions.tsx';
import { ReviewReason } from './ReviewReason.tsx';
import { Alert } from './Alert.tsx';
import { ReviewActions } from './ReviewActions.tsx';
import { useComposer } from './use-composer.ts';
import { PendingSendNotices } from './PendingSendNotices.tsx';
import { GatewayBlockAlert } from './GatewayBlockNote.tsx';

export interface ComposerProps {
  customerId: number;
  firstName: string;
  mobile: string | null;
  accounts: LeadAccount[];
  initialAccountId?: number;
  /** A heading for the composer (the appraisal screen names the vehicle). */
  title?: string;
  standalone?: boolean;
  onSent?: () => void;
}

export function Composer({ customerId, firstName, mobile, accounts, initialAccountId, title, standalone, onSent }: ComposerProps) {
  const uid = useId();
  const c = useComposer({ customerId, firstName, accounts, initialAccountId, onSent });
  const { accountId, setAccountId, account, senderId, setSenderId, body, setBody, templates, templateId, chooseTemplate } = c;
  const { preflight, preflightError, blocked, offline, seg, tooLong, sending, outcome, send } = c;
  const { pendingTemplate, resolveTemplate, selection, mismatch, drafts, draftNote } = c;
  const box = useRef<HTMLTextAreaElement>(null);
  const rememberSelection = () => {
    const el = box.current;
    if (el) selection.current = { start: el.selectionStart, end: el.selectionEnd };
  };
  const sender = account?.senders.find((x) => x.id === senderId) ?? null;
  // Who else sends through this sender, said in words beside the choice (not crammed into it).
  const sharedNote =
    sender && sender.dealerAccountIds.length > 1
      ? `Shared by ${sender.dealerAccountIds.length} dealer accounts${
          sender.dealerAccountIds.every((id) => accounts.some((a) => a.dealerAccountId === id))
            ? `: ${accounts.filter((a) => sender.dealerAccountIds.includes(a.dealerAccountId)).map((a) => a.accountName).join(', ')}`
            : ''
        }`
      : null;
  const placeCaret = (caret: number | null) => {
    if (caret === null) return;
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(caret, caret);
    });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    }
  };

  const block = preflight?.block ?? null;
  const warningId = `${uid}-warning`;
  const segText =
    body.length === 0
      ? `0 / ${seg.perSegment} · ${seg.encoding}`
      : `${seg.units} / ${seg.segments * seg.perSegment} · ${seg.segments} segment${seg.segments === 1 ? '' : 's'} · ${seg.encoding}`;

  if (accounts.length === 0) {
    return (
      <div className={`composer${standalone ? ' standalone' : ''}`}>
        <Alert tone="info" title="No dealer account holds this lead, so there is nobody to send from." />
      </div>
    );
  }

  return (
    <form
      className={`composer${standalone ? ' standalone' : ''}`}
      aria-label={title ?? 'Send an SMS'}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {title && <h3>{title}</h3>}
      <div className="field-row">
        <div className="field" style={{ flex: '1 1 240px' }}>
          <label htmlFor={`${uid}-account`}>Dealer account</label>
          <select id={`${uid}-account`} className="select" value={accountId ?? ''} onChange={(e) => setAccountId(Number(e.target.value))}>
            {accounts.map((a) => (
              <option key={a.dealerAccountId} value={a.dealerAccountId}>
                {a.sms.status === 'opted_out' ? `${a.accountName} — opted out` : a.accountName}
              </option>
            ))}
          </select>
        </div>
        <div className="field" style={{ flex: '1 1 240px' }}>
          <label htmlFor={`${uid}-sender`}>Sender</label>
          <select
            id={`${uid}-sender`}
            className="select"
            value={senderId ?? ''}
            onChange={(e) => setSenderId(Number(e.target.value))}
            disabled={(account?.senders.length ?? 0) === 0}
          >
            {(account?.senders ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.label} · {s.kind === 'number' ? fmtPhone(s.address) : 'messaging service'}
                {s.dealerAccountIds.length > 1 ? ` · shared by ${s.dealerAccountIds.length} accounts` : ''}
                {account?.gatewayBlocks.some((b) => b.senderId === s.id) ? ' · Twilio blocks this customer' : ''}
              </option>
            ))}
            {(account?.senders.length ?? 0) === 0 && <option value="">No sender configured</option>}
          </select>
        </div>
      </div>
      {sharedNote && <p className="field-note small" data-testid="sender-note">{sharedNote}</p>}

      {blocked && block && (
        <Alert tone="danger" role="alert" id={warningId} testId="optout-warning" title={`Opted out of SMS from ${block.dealerAccountName}`}>
          <p data-testid="optout-since">
            Since <strong>{fmtDateTime(block.since)}</strong>, {describeOptOutSource(block)}.
          </p>
          <p className="small">
            Sending anyway will be refused by the app and recorded on this lead.
          </p>
        </Alert>
      )}
      {preflight?.gatewayBlock && (
        <GatewayBlockAlert
          block={preflight.gatewayBlock}
          customerName={firstName || 'the customer'}
          refuses={blocked && !block}
          otherSenderLabel={account?.senders.find((s) => !account.gatewayBlocks.some((b) => b.senderId === s.id))?.label ?? null}
          {...(blocked && !block ? { id: warningId } : {})}
        />
      )}
      {preflight?.openReview && (
        <Alert
          tone="warn"
          testId="review-warning"
          title={preflight.openReview.intent === 'wrong_number' ? 'The reply says wrong number — awaiting review' : 'A reply may be an opt-out — awaiting review'}
        >
          <p>“{preflight.openReview.body}” ({fmtDateTime(preflight.openReview.createdAt)}). Decide it here or under Notifications:</p>
          <ReviewReason item={preflight.openReview} />
          <ReviewActions item={preflight.openReview} />
        </Alert>
      )}
      {offline && (
        <Alert tone="warn" testId="offline-note" title="Offline">
          Messages you send now are queued and will send when the gateway is back online.
        </Alert>
      )}
      {!mobile && <Alert tone="info" title="This customer has no mobile number." />}
      {preflightError && <Alert tone="warn" title="Could not check consent before sending">{preflightError}</Alert>}

      {pendingTemplate && (
        <TemplatePrompt
          template={pendingTemplate.template}
          onResolve={(how) => {
            rememberSelection();
            placeCaret(resolveTemplate(how));
          }}
        />
      )}
      {mismatch && (
        <Alert tone="warn" testId="dealer-mismatch" title="Check the dealer">
          {mismatch}
        </Alert>
      )}
      {draftNote && <Alert tone="info" role="status" testId="draft-note" title={draftNote} />}

      <div className="field">
        <label htmlFor={`${uid}-body`}>Message</label>
        <textarea
          id={`${uid}-body`}
          ref={box}
          className="textarea"
          value={body}
          onChange={(e) => {
            setBody(e.target.value);
            rememberSelection();
          }}
          onSelect={rememberSelection}
          onKeyDown={onKeyDown}
          rows={3}
          maxLength={MAX_DRAFT_CHARS}
          readOnly={!drafts.loaded}
          data-composer-box=""
          aria-invalid={tooLong}
          aria-describedby={`${uid}-seg${blocked ? ` ${warningId}` : ''}`}
          placeholder={`Message to ${firstName || 'the customer'}…`}
        />
      </div>

      <TooLongNote body={body} />
      <EncodingNote body={body} onReplace={setBody} />

      <div className="composer-foot">
        <span className="composer-template">
          <label htmlFor={`${uid}-template`}>Template</label>
          <select
            id={`${uid}-template`}
            className="select select-sm"
            value={templateId}
            onChange={(e) => {
              rememberSelection();
              chooseTemplate(e.target.value);
            }}
          >
            <option value="">{templates.length ? 'Choose…' : 'No templates'}</option>
            <TemplateOptions templates={templates} />
          </select>
        </span>
        <span id={`${uid}-seg`} className={`segments${seg.segments > 1 ? ' multi' : ''}`} aria-live="polite" data-testid="segment-counter">
          {segText}
          {tooLong ? ` · too long by ${fmtCount(body.length - MAX_SMS_BODY_CHARS)} (max ${fmtCount(MAX_SMS_BODY_CHARS)})` : ''}
        </span>
        <span className="draft-state small" data-testid="draft-state" aria-live="polite">
          {drafts.save.kind === 'saving' ? 'Saving draft…' : drafts.save.kind === 'saved' && body ? 'Draft saved' : drafts.save.kind === 'error' ? `Draft not saved: ${drafts.save.text}` : ''}
        </span>
        <span className="spacer" />
        <span className="hint">Ctrl+Enter to send</span>
        <button
          type="submit"
          className={blocked ? 'btn btn-danger-solid' : 'btn btn-primary'}
          disabled={sending || !body.trim() || tooLong || accountId === null}
          aria-describedby={blocked ? warningId : undefined}
        >
          {sending ? 'Sending…' : blocked ? 'Send anyway' : offline ? 'Queue SMS' : 'Send SMS'}
        </button>
      </div>

      {outcome?.kind === 'refused' && (
        <Alert tone="danger" role="alert" testId="send-error" title={outcome.code === 'SMS_OPTED_OUT' ? 'Not sent: the customer opted out' : outcome.code === 'HELD_FOR_REVIEW' ? 'Held for review' : 'Not sent'}>
          {outcome.text}
        </Alert>
      )}
      {outcome?.kind === 'queued' && (
        <Alert tone="warn" role="status" testId="send-queued" title="Queued — will send when online">
          It is saved in the outbox and leaves as soon as the gateway is reachable.
        </Alert>
      )}
      {outcome?.kind === 'sent' && <Alert tone="ok" role="status" testId="send-ok" title={outcome.text} />}
      {outcome?.kind === 'unknown' && <Alert tone="warn" role="status" testId="send-unknown" title={outcome.text} />}
      <PendingSendNotices notices={c.pendingNotices} onDismiss={c.dismissPendingNotice} />
    </form>
  );
}
