// The decision on a reply put up for review is a consent decision: the dialog asks who decides
// (the desk's user name, editable) and why (required to dismiss a possible opt-out and to narrow
// an unattributed opt-out), says what will happen, and records it through main.
import { useEffect, useId, useState } from 'react';
import type { ReviewItem } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { useApp } from '../stores/app-store.ts';
import { errorText } from '../lib/format.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorAlert } from './Alert.tsx';
import { isWrongNumber, reviewConsequence, reviewDialogTitle, type ReviewMode } from './review-decision-words.ts';

export function ReviewDecisionDialog({
  item,
  mode,
  onClose,
  onDone,
}: {
  item: ReviewItem | null;
  mode: ReviewMode;
  onClose: () => void;
  onDone: (resolved: ReviewItem, mode: ReviewMode) => void;
}) {
  const uid = useId();
  const userName = useApp((s) => s.settings?.userName ?? '');
  const [actor, setActor] = useState(userName);
  const [reason, setReason] = useState('');
  const [keep, setKeep] = useState<number[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!item) return;
    setActor(userName);
    setReason('');
    setKeep([]);
    setErr(null);
  }, [item, mode, userName]);

  const reasonRequired = mode === 'narrow' || mode === 'dismiss';
  const ready = actor.trim() !== '' && (!reasonRequired || reason.trim() !== '') && (mode !== 'narrow' || keep.length > 0);

  const submit = async () => {
    if (!item || !ready) return;
    setBusy(true);
    setErr(null);
    const who = { reviewId: item.id, actor: actor.trim(), ...(reason.trim() ? { reason: reason.trim() } : {}) };
    try {
      const done =
        mode === 'confirm'
          ? await api()['reviews.confirm'](who)
          : mode === 'dismiss'
            ? await api()['reviews.dismiss'](who)
            : await api()['reviews.narrow']({ ...who, keepAccountIds: keep });
      onDone(done, mode);
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const danger = mode === 'confirm' && item?.kind === 'possible_opt_out';
  return (
    <Dialog
      open={item !== null}
      onClose={onClose}
      title={item ? reviewDialogTitle(item, mode) : ''}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className={danger ? 'btn btn-danger-solid' : 'btn btn-primary'} disabled={busy || !ready} onClick={() => void submit()}>
            {mode === 'confirm'
              ? item && isWrongNumber(item)
                ? 'Take the number off the lead'
                : item?.kind === 'possible_opt_out'
                ? 'Opt out'
                : item && item.appliedTo.length > 0
                  ? 'Keep opt-out'
                  : 'Mark reviewed'
              : mode === 'dismiss'
                ? item && isWrongNumber(item)
                  ? 'Dismiss: not a wrong number'
                  : 'Dismiss: not an opt-out'
                : 'Withdraw for the others'}
          </button>
        </>
      }
    >
      {item && (
        <form
          className="stack"
          data-testid="review-decision-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <p className="notice-body">“{item.body}”</p>
          <p>{reviewConsequence(item, mode)}</p>
          {mode === 'narrow' && (
            <fieldset className="field">
              <legend>Meant for</legend>
              {item.appliedTo.map((a) => (
                <label key={a.dealerAccountId} className="row">
                  <input
                    type="checkbox"
                    checked={keep.includes(a.dealerAccountId)}
                    onChange={(e) => setKeep((k) => (e.target.checked ? [...k, a.dealerAccountId] : k.filter((x) => x !== a.dealerAccountId)))}
                  />
                  {a.accountName}
                </label>
              ))}
            </fieldset>
          )}
          <div className="field">
            <label htmlFor={`${uid}-actor`}>Decided by</label>
            <input id={`${uid}-actor`} className="input" value={actor} maxLength={100} onChange={(e) => setActor(e.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-reason`}>{reasonRequired ? 'Reason (required)' : 'Reason (optional)'}</label>
            <textarea
              id={`${uid}-reason`}
              className="textarea"
              value={reason}
              maxLength={500}
              required={reasonRequired}
              onChange={(e) => setReason(e.target.value)}
              autoFocus
            />
          </div>
          <ErrorAlert message={err} />
        </form>
      )}
    </Dialog>
  );
}
