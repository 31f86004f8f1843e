import { useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';

/**
 * A modal built on <dialog>: focus is trapped by the browser, Escape closes. It is its own island:
 * placed at the end of the page (never inside the form or the list that opened it, where a form of
 * its own would be a nested form), and its submits and keys stop at its edge. React passes a portal's
 * events to the components around it: without that, Enter in a decision taken from the composer
 * submitted the composer too and sent what was typed there, and Escape in a dialog opened from an
 * inline edit would cancel the edit as well.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  actions,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: React.ReactNode;
  actions: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return createPortal(
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} onCancel={onClose} onSubmit={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      {open && (
        <>
          <div className="dialog-body">
            <h2 id={titleId}>{title}</h2>
            {children}
          </div>
          <div className="dialog-actions">{actions}</div>
        </>
      )}
    </dialog>,
    document.body,
  );
}

/**
 * "Are you sure?" for a destructive or far-reaching action: what will happen in the body, the
 * action named on its button (never just "OK"), and a way back that is the default.
 */
export function ConfirmDialog({
  open,
  title,
  confirmLabel,
  cancelLabel = 'Cancel',
  onConfirm,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
  children: React.ReactNode;
}) {
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="btn" onClick={onCancel}>
            {cancelLabel}
          </button>
          <button type="button" className="btn btn-danger" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
