/**
 * At most one call per `ms`: the first at once, a burst's last at the end of the window. A sync
 * that brings in thousands of messages sends as many events; the lists reload a few times, not
 * thousands.
 */
/** The window the renderer coalesces event bursts over. */
export const EVENT_BURST_MS = 250;

export function throttled(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let again = false;
  const tick = (): void => {
    if (again) {
      again = false;
      fn();
      timer = setTimeout(tick, ms);
    } else {
      timer = null;
    }
  };
  return () => {
    if (timer) {
      again = true;
      return;
    }
    fn();
    timer = setTimeout(tick, ms);
  };
}
