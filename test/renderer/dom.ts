// A DOM for view tests (happy-dom), and a few helpers in the spirit of testing-library: render into
// a fresh container under React's act(), find by text or role, wait until an assertion holds, and
// type or choose the way a user does (so React's own change events fire).
// Import this module first in a view test: React DOM must see `window` when it is first evaluated.
import { GlobalRegistrator } from '@happy-dom/global-registrator';
import type { ReactNode } from 'react';

if (typeof (globalThis as { window?: unknown }).window === 'undefined') GlobalRegistrator.register({ url: 'http://127.0.0.1/' });
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
// happy-dom lays nothing out: every element reports a 1000 x 600 px box, so a virtualised list
// (its scroll container's clientHeight) has a viewport to fill with rows.
Object.defineProperty(window.HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
Object.defineProperty(window.HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });

const { act } = await import('react');
const { createRoot } = await import('react-dom/client');

export interface Rendered {
  container: HTMLElement;
  unmount(): void;
}

const mounted = new Set<Rendered>();

export async function render(ui: ReactNode): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  await act(async () => root.render(ui));
  const r: Rendered = {
    container,
    unmount: () => {
      act(() => root.unmount());
      container.remove();
      mounted.delete(r);
    },
  };
  mounted.add(r);
  return r;
}

/** Unmounts every view rendered by this file's tests (call from afterEach). */
export function cleanup(): void {
  for (const r of [...mounted]) r.unmount();
}

/** Lets pending answers and effects settle. */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  });
}

/** Retries `check` until it stops throwing (answers arrive asynchronously), up to `ms`. */
export async function waitFor<T>(check: () => T, ms = 2000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await act(async () => {
        await new Promise((r) => setTimeout(r, 10));
      });
    }
  }
}

export function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Every element matching `selector` under `root`. */
export function all<E extends Element = HTMLElement>(root: ParentNode, selector: string): E[] {
  return [...root.querySelectorAll<E>(selector)];
}

/** The one element matching `selector`, or throws. */
export function one<E extends Element = HTMLElement>(root: ParentNode, selector: string): E {
  const found = root.querySelectorAll<E>(selector);
  if (found.length !== 1) throw new Error(`expected one ${selector}, found ${found.length}`);
  return found[0]!;
}

/** The button whose text is `label`. */
export function button(root: ParentNode, label: string | RegExp): HTMLButtonElement {
  const match = all<HTMLButtonElement>(root, 'button').filter((b) => (typeof label === 'string' ? text(b) === label : label.test(text(b))));
  if (match.length !== 1) throw new Error(`expected one button ${String(label)}, found ${match.length}: ${all(root, 'button').map(text).join(' | ')}`);
  return match[0]!;
}

/** The form control labelled `label` (by <label for>). */
export function field<E extends HTMLElement = HTMLInputElement>(root: ParentNode, label: string): E {
  const l = all<HTMLLabelElement>(root, 'label').find((x) => text(x) === label);
  if (!l) throw new Error(`no label "${label}": ${all(root, 'label').map(text).join(' | ')}`);
  const el = (root as Element).querySelector<E>(`[id="${l.htmlFor}"]`) ?? document.getElementById(l.htmlFor);
  if (!el) throw new Error(`no control for label "${label}"`);
  return el as E;
}

export async function click(el: HTMLElement): Promise<void> {
  await act(async () => {
    el.click();
  });
}

/** Types `value` into an input or textarea, as a user does (React sees an input event). */
export async function type(el: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  const proto = el instanceof window.HTMLTextAreaElement ? window.HTMLTextAreaElement.prototype : window.HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
    el.dispatchEvent(new window.Event('input', { bubbles: true }));
  });
}

/** Chooses the option with value `value` in a select. */
export async function choose(el: HTMLSelectElement, value: string): Promise<void> {
  await act(async () => {
    Object.getOwnPropertyDescriptor(window.HTMLSelectElement.prototype, 'value')!.set!.call(el, value);
    el.dispatchEvent(new window.Event('change', { bubbles: true }));
  });
}

export { act };
