// Performance marks the benchmark (and anyone with DevTools) reads: each marks the moment after
// the browser painted the thing named. Cheap; old marks of the same name are dropped.

export function markAfterPaint(name: string, detail?: unknown, then?: () => void): void {
  requestAnimationFrame(() => {
    setTimeout(() => {
      mark(name, detail);
      then?.();
    }, 0);
  });
}

export function mark(name: string, detail?: unknown): void {
  try {
    performance.clearMarks(name);
    performance.mark(name, detail === undefined ? undefined : { detail });
  } catch {
    // Marks are diagnostics only.
  }
}

let resolveFirstScreen: () => void = () => undefined;
/** Resolves once the first screen's content is painted: non-urgent start-up work waits for it. */
export const firstScreenPainted = new Promise<void>((resolve) => {
  resolveFirstScreen = resolve;
});
export function signalFirstScreen(): void {
  resolveFirstScreen();
}
