// Controls without an accessible name, for the browser tests' "every control has a name" checks.
import type { Page } from 'playwright-core';

/** Controls without an accessible name (buttons, links, inputs, selects, textareas, listboxes). */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>('button, a[href], input:not([type=hidden]):not([hidden]), select, textarea, [role=listbox], [role=option], [role=tab]');
    for (const el of controls) {
      const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      const byLabel = 'labels' in el && (el as HTMLInputElement).labels && (el as HTMLInputElement).labels!.length > 0;
      const text = (el.textContent ?? '').trim();
      const title = el.getAttribute('title');
      const isField = el.matches('input, select, textarea');
      if (labelled || byLabel || title || (!isField && text)) continue;
      out.push(el.outerHTML.slice(0, 120));
    }
    return out;
  });
}
