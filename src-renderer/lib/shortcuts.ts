// The desk's keyboard shortcuts, for working down the inbox without the mouse: jump to the inbox,
// step to the next or previous conversation, jump to the composer to reply.
import { navigate, useRouter } from './router.ts';
import { stepConversation } from '../stores/inbox-store.ts';

export const SHORTCUTS = [
  { keys: 'Alt+I', what: 'inbox' },
  { keys: 'Alt+↓/↑', what: 'next/previous conversation' },
  { keys: 'Alt+R', what: 'reply' },
] as const;

/** Puts the caret in the composer's message box (the lead page's, or the appraisal's). */
export function focusComposer(): boolean {
  const box = document.querySelector<HTMLTextAreaElement>('textarea[data-composer-box]');
  if (!box) return false;
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
  box.scrollIntoView({ block: 'nearest' });
  return true;
}

export function onShortcut(e: KeyboardEvent): boolean {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return false;
  const route = useRouter.getState().route;
  switch (e.code) {
    case 'KeyI':
      navigate({ name: 'inbox' });
      return true;
    case 'ArrowDown':
    case 'ArrowUp':
      void stepConversation(route.name === 'lead' ? route.customerId : null, e.code === 'ArrowDown' ? 1 : -1);
      return true;
    case 'KeyR':
      return focusComposer();
    default:
      return false;
  }
}

/** Listens for the shortcuts anywhere in the window; returns the unsubscribe. */
export function installShortcuts(win: Window = window): () => void {
  const listener = (e: KeyboardEvent) => {
    if (onShortcut(e)) e.preventDefault();
  };
  win.addEventListener('keydown', listener);
  return () => win.removeEventListener('keydown', listener);
}
