// Windowing for a list of fixed-height rows of any length: O(visible rows) per scroll, nothing per
// row of the whole list (a 100k- or 1M-row list costs the same as a 100-row one). Browsers cap an
// element's height (~33.5M px in Chromium), so past MAX_PX the scrollbar is scaled: the spacer
// stays MAX_PX tall and scroll positions map linearly onto row offsets.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

const MAX_PX = 15_000_000;

export interface WindowRow {
  index: number;
  /** Top of the row inside the spacer, px. */
  top: number;
}

export interface FixedWindow {
  rows: WindowRow[];
  /** Height of the spacer element, px. */
  totalHeight: number;
  first: number;
  last: number;
  viewportHeight: number;
  scrollToIndex(index: number, align?: 'auto' | 'start'): void;
  scrollToTop(): void;
}

export function useFixedWindow(
  scrollRef: React.RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan = 8,
  initialScrollTop = 0,
): FixedWindow {
  const [scrollTop, setScrollTop] = useState(initialScrollTop);
  const [viewport, setViewport] = useState(() => (typeof window === 'undefined' ? 800 : window.innerHeight));
  const frame = useRef(0);

  const logical = count * rowHeight;
  const totalHeight = Math.min(logical, MAX_PX);
  // Logical px per scroll px (1 unless the list is taller than MAX_PX).
  const scale = logical > MAX_PX ? (logical - viewport) / Math.max(1, totalHeight - viewport) : 1;
  const offset = scrollTop * scale;

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (initialScrollTop > 0) el.scrollTop = initialScrollTop;
    // The viewport's height comes from the observer, which reports it after the browser's own
    // layout; reading clientHeight here would force an extra layout before the first paint.
    const onScroll = () => {
      if (frame.current) return;
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        setScrollTop(el.scrollTop);
      });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    // Observers run after layout, so reading the height there costs nothing extra.
    const ro = new ResizeObserver(() => {
      if (el.clientHeight) setViewport(el.clientHeight);
    });
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
      if (frame.current) cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
    // Attach once per element; the initial offset applies to the first mount only.
  }, [scrollRef]);

  const first = Math.max(0, Math.floor(offset / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((offset + viewport) / rowHeight) + overscan);
  const rows: WindowRow[] = [];
  for (let i = first; i <= last; i++) rows.push({ index: i, top: i * rowHeight - offset + scrollTop });

  const scrollToIndex = useCallback(
    (index: number, align: 'auto' | 'start' = 'auto') => {
      const el = scrollRef.current;
      if (!el) return;
      const rowTop = index * rowHeight;
      const current = el.scrollTop * scale;
      let target = current;
      if (align === 'start' || rowTop < current) target = rowTop;
      else if (rowTop + rowHeight > current + el.clientHeight) target = rowTop + rowHeight - el.clientHeight;
      if (target !== current) {
        el.scrollTop = target / scale;
        setScrollTop(el.scrollTop);
      }
    },
    [scrollRef, rowHeight, scale],
  );

  const scrollToTop = useCallback(() => {
    const el = scrollRef.current;
    if (el) el.scrollTop = 0;
    setScrollTop(0);
  }, [scrollRef]);

  // A shorter list may leave the scroll position past its end (only a shrink can; a first mount
  // or a longer list cannot, and reading the position would force a layout).
  const lastHeight = useRef(totalHeight);
  useEffect(() => {
    const shrank = totalHeight < lastHeight.current;
    lastHeight.current = totalHeight;
    const el = scrollRef.current;
    if (shrank && el && el.scrollTop > Math.max(0, totalHeight - el.clientHeight)) setScrollTop(el.scrollTop);
  }, [totalHeight, scrollRef]);

  return { rows, totalHeight, first, last, viewportHeight: viewport, scrollToIndex, scrollToTop };
}
