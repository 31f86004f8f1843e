// A lead's Communications timeline, read like a chat: oldest at the top, newest at the bottom next
// to the composer, a separator where the day changes, inbound on the left and outbound on the
// right at every width. Outbound, inbound, blocked attempts (red, with the reason) and consent
// events. Virtualised with measured row heights; older pages load as the user scrolls up, and
// the view stays where the user is: anchored on what they read when older pages come in above,
// following new messages only when already at the bottom.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TimelineItem } from '../../shared/ipc/contract.ts';
import { useKeysetList } from '../data/use-keyset-list.ts';
import { fmtCount, fmtDateTime, fmtPhone, fmtTime } from '../lib/format.ts';
import { consentHow } from '../../shared/domain/consent-wording.ts';
import { isBlocked, isWaiting } from '../../shared/domain/message-status.ts';
import { TIMELINE_PAGE_SIZE } from '../../shared/domain/timeline-order.ts';
import { markAfterPaint } from '../lib/perf.ts';
import { MessageStatusChip } from './StatusChip.tsx';
import { itemKey, timelineRows, type TimelineRow } from './timeline-rows.ts';
import { findReactions, type Reactions } from '../lib/reactions.ts';
import { ReactionBadges, ReactionEntry } from './TimelineReaction.tsx';

/** How near the top (px) scrolling brings in the next older page. */
const LOAD_OLDER_WITHIN_PX = 400;

export function Timeline({ customerId }: { customerId: number }) {
  // Newer items (a send, a reply, a status or consent change) reload what is loaded: see data/invalidation.ts.
  const list = useKeysetList('timeline.page', useMemo(() => ({ customerId }), [customerId]), { key: itemKey, firstPage: TIMELINE_PAGE_SIZE, pageSize: 100 });
  const { items, loading, done, error } = list;
  const rows = useMemo(() => timelineRows(items, Date.now()), [items]);
  const reactions = useMemo(() => findReactions(items), [items]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const firstPainted = useRef(false);
  /** Until the first page sits at the bottom, scrolling is ours, not the user's. */
  const settled = useRef(false);

  useEffect(() => {
    firstPainted.current = false;
    settled.current = false;
  }, [customerId]);

  const count = rows.length;
  const rowAt = useCallback((index: number): TimelineRow | null => rows[index] ?? null, [rows]);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rowAt(index)?.day ? 122 : 86),
    overscan: 6,
    getItemKey: (index) => rowAt(index)?.key ?? index,
    // A chat: rows coming in above keep what the user reads in place; at the bottom, new ones are followed.
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 48,
  });

  useEffect(() => {
    if (loading || firstPainted.current) return;
    firstPainted.current = true;
    // Open at the newest message, by the composer; again once the rows are measured (their
    // real heights replace the estimates), and only then does scrolling count as the user's.
    virtualizer.scrollToEnd();
    let frames = 0;
    const settle = () => {
      virtualizer.scrollToEnd();
      if (++frames < 4) requestAnimationFrame(settle);
      else {
        settled.current = true;
        atBottom.current = true;
      }
    };
    requestAnimationFrame(settle);
    markAfterPaint('smsdesk:timeline-ready', { customerId, items: items.length });
  }, [loading, count, customerId, items.length, virtualizer]);

  const loadMore = list.more;
  /** The user is at the newest message: a taller composer or a new message keeps them there. */
  const atBottom = useRef(true);
  const onScroll = () => {
    const el = scrollRef.current;
    if (!el || !settled.current) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    if (!done && el.scrollTop < LOAD_OLDER_WITHIN_PX) loadMore();
  };
  // The feed gets shorter when the composer grows (a warning, a note): stay at the bottom if there.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // A short timeline (no scroll bar yet) still pages in its older items.
  const total = virtualizer.getTotalSize();
  useEffect(() => {
    const el = scrollRef.current;
    if (el && settled.current && !loading && !done && total <= el.clientHeight + LOAD_OLDER_WITHIN_PX) loadMore();
  }, [total, loading, done, loadMore]);

  const virtualItems = virtualizer.getVirtualItems();
  const messages = items.length;
  return (
    <div className="card timeline-card">
      <div className="card-head">
        <h2 id="timeline-heading">Communications</h2>
        <span className="muted small" aria-live="polite">
          {loading ? 'Loading…' : `${fmtCount(messages)}${done ? '' : '+'} item${messages === 1 && done ? '' : 's'} · oldest first`}
        </span>
      </div>
      <div
        ref={scrollRef}
        className="timeline-scroll"
        role="feed"
        aria-labelledby="timeline-heading"
        aria-busy={loading}
        tabIndex={0}
        data-testid="timeline"
        onScroll={onScroll}
      >
        {error && <p className="empty">Could not load the timeline: {error}</p>}
        {!loading && items.length === 0 && !error && <p className="empty">No messages yet.</p>}
        {!done && !loading && (
          <p className="tl-older muted small" aria-hidden={!list.loadingMore}>
            {list.loadingMore ? 'Loading older messages…' : 'Scroll up for older messages'}
          </p>
        )}
        <div style={{ height: total, position: 'relative' }}>
          {virtualItems.map((v) => {
            const row = rowAt(v.index);
            return (
              <div key={v.key} data-index={v.index} ref={virtualizer.measureElement} className="tl-item" style={{ transform: `translateY(${v.start}px)` }}>
                {row?.day && (
                  <div className="tl-day" role="separator" aria-label={row.day}>
                    <span>{row.day}</span>
                  </div>
                )}
                {row && <TimelineEntry item={row.item} pos={v.index + 1} setSize={done ? rows.length : -1} reactions={reactions} />}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function TimelineEntry({ item, pos, setSize, reactions }: { item: TimelineItem; pos: number; setSize: number; reactions: Reactions }) {
  if (item.kind === 'consent') {
    const e = item.event;
    const out = e.status === 'opted_out';
    return (
      <article className={`consent-event ${out ? 'out' : 'in'}`} aria-posinset={pos} aria-setsize={setSize} data-kind="consent" data-superseded={e.superseded}>
        <strong>
          {out ? 'Opted out' : 'Opted in'} {out ? 'of' : 'to'} {e.channel === 'sms' ? 'SMS' : 'email'} · {e.accountName}
        </strong>
        <span>
          {consentHow(e)}
          {e.desk ? ` · ${e.desk}` : ''}
          {e.superseded ? ' · superseded: another desk\'s record showed which dealer the reply answered' : ''}
        </span>
        <time dateTime={new Date(e.occurredAt).toISOString()} title={fmtDateTime(e.occurredAt)}>
          {fmtTime(e.occurredAt)}
        </time>
      </article>
    );
  }
  const m = item.message;
  // A phone reaction ("Loved “…”") is a line of its own, and an emoji on the message it quotes.
  const reaction = reactions.byReply.get(m.id);
  if (reaction) return <ReactionEntry message={m} reaction={reaction} pos={pos} setSize={setSize} />;
  const inbound = m.direction === 'inbound';
  const { status } = m;
  const blocked = isBlocked(status);
  const cls = inbound ? 'inbound' : blocked ? 'blocked' : isWaiting(status) ? 'queued' : 'outbound';
  const who = inbound ? `${m.customerName ?? fmtPhone(m.fromNumber)} replied` : `${m.accountName ?? 'Outbound'}${m.createdBy ? ` · ${m.createdBy}` : ''}${m.desk ? ` (${m.desk})` : ''}`;
  return (
    <article className={`bubble ${cls}`} aria-posinset={pos} aria-setsize={setSize} data-kind="message" data-status={status} data-direction={m.direction}>
      <div className="meta">
        <span className="who">{who}</span>
        <MessageStatusChip status={status} />
        {inbound && m.accountName && <span>to {m.accountName}</span>}
        <span>{inbound ? `from ${fmtPhone(m.fromNumber)}` : `to ${fmtPhone(m.toNumber)}`}</span>
        {m.senderAddress && <span>via {fmtPhone(m.senderAddress)}</span>}
        {!inbound && !blocked && (
          <span data-testid="segments">
            {m.segments} segment{m.segments === 1 ? '' : 's'}
          </span>
        )}
        {m.origin === 'automation' && <span>automation</span>}
        <time dateTime={new Date(m.createdAt).toISOString()} title={fmtDateTime(m.createdAt)}>
          {fmtTime(m.createdAt)}
        </time>
      </div>
      {/* Untrusted text (replies may hold markup): React renders it as text, never as HTML. */}
      <div className="body">{m.body}</div>
      <ReactionBadges reactions={reactions.onMessage.get(m.id) ?? []} />
      {blocked && m.blockReason && <div className="reason">{m.blockReason}</div>}
      {!blocked && m.errorMessage && (
        <div className={cls === 'queued' ? 'note' : 'reason'}>
          {m.errorCode ? `Error ${m.errorCode}: ` : ''}
          {m.errorMessage}
        </div>
      )}
    </article>
  );
}
