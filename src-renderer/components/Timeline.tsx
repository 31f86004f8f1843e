// A lead's Communications timeline: outbound, inbound, blocked attempts (red, with the reason) and
// consent events, newest first. Virtualised with measured row heights; older pages load as the
// user scrolls, so a lead with thousands of messages opens as fast as one with three.
import { useEffect, useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { TimelineItem } from '../../shared/ipc/contract.ts';
import { useKeysetList } from '../data/use-keyset-list.ts';
import { fmtDateTime, fmtPhone } from '../lib/format.ts';
import { consentHow } from '../../shared/domain/consent-wording.ts';
import { isBlocked, isWaiting } from '../../shared/domain/message-status.ts';
import { TIMELINE_PAGE_SIZE } from '../../shared/domain/timeline-order.ts';
import { markAfterPaint } from '../lib/perf.ts';
import { MessageStatusChip } from './StatusChip.tsx';
import { findReactions, type Reactions } from '../lib/reactions.ts';
import { ReactionBadges, ReactionEntry } from './TimelineReaction.tsx';


function key(i: TimelineItem): string {
  return `${i.kind}:${i.id}`;
}

export function Timeline({ customerId }: { customerId: number }) {
  // Newer items (a send, a reply, a status or consent change) reload what is loaded: see data/invalidation.ts.
  const list = useKeysetList('timeline.page', useMemo(() => ({ customerId }), [customerId]), { key, firstPage: TIMELINE_PAGE_SIZE, pageSize: 100 });
  const state = { items: list.items, loading: list.loading, done: list.done, error: list.error };
  const reactions = useMemo(() => findReactions(list.items), [list.items]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const firstPainted = useRef(false);

  useEffect(() => {
    firstPainted.current = false;
  }, [customerId]);

  useEffect(() => {
    if (!state.loading && !firstPainted.current) {
      firstPainted.current = true;
      markAfterPaint('smsdesk:timeline-ready', { customerId, items: state.items.length });
    }
  }, [state.loading, state.items.length, customerId]);

  const loadMore = list.more;

  const count = state.items.length + (state.done ? 0 : 1);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 86,
    overscan: 6,
    getItemKey: (index) => {
      const item = state.items[index];
      return item ? key(item) : 'loader';
    },
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems[virtualItems.length - 1]?.index ?? -1;
  useEffect(() => {
    if (!state.loading && lastIndex >= state.items.length - 10) loadMore();
  }, [lastIndex, state.items.length, state.loading, loadMore]);

  return (
    <div className="card timeline-card">
      <div className="card-head">
        <h2 id="timeline-heading">Communications</h2>
        <span className="muted small" aria-live="polite">
          {state.loading
            ? 'Loading…'
            : `${state.items.length.toLocaleString('en-AU')}${state.done ? '' : '+'} item${state.items.length === 1 && state.done ? '' : 's'} · newest first`}
        </span>
      </div>
      <div
        ref={scrollRef}
        className="timeline-scroll"
        role="feed"
        aria-labelledby="timeline-heading"
        aria-busy={state.loading}
        tabIndex={0}
        data-testid="timeline"
      >
        {state.error && <p className="empty">Could not load the timeline: {state.error}</p>}
        {!state.loading && state.items.length === 0 && !state.error && <p className="empty">No messages yet.</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((v) => {
            const item = state.items[v.index];
            return (
              <div
                key={v.key}
                data-index={v.index}
                ref={virtualizer.measureElement}
                className="tl-item"
                style={{ transform: `translateY(${v.start}px)` }}
              >
                {item ? (
                  <TimelineEntry item={item} pos={v.index + 1} setSize={state.done ? state.items.length : -1} reactions={reactions} />
                ) : (
                  <p className="muted small" style={{ textAlign: 'center' }}>
                    Loading older messages…
                  </p>
                )}
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
      <article className={`consent-event ${out ? 'out' : 'in'}`} aria-posinset={pos} aria-setsize={setSize} data-kind="consent">
        <strong>
          {out ? 'Opted out' : 'Opted in'} of {e.channel === 'sms' ? 'SMS' : 'email'} · {e.accountName}
        </strong>
        <span>{consentHow(e)}</span>
        <time dateTime={new Date(e.occurredAt).toISOString()}>{fmtDateTime(e.occurredAt)}</time>
      </article>
    );
  }
  const m = item.message;
  const reaction = reactions.byReply.get(m.id);
  if (reaction) return <ReactionEntry message={m} reaction={reaction} pos={pos} setSize={setSize} />;
  const inbound = m.direction === 'inbound';
  const { status } = m;
  const blocked = isBlocked(status);
  const cls = inbound ? 'inbound' : blocked ? 'blocked' : isWaiting(status) ? 'queued' : 'outbound';
  const who = inbound ? `${m.customerName ?? fmtPhone(m.fromNumber)} replied` : `${m.accountName ?? 'Outbound'}${m.createdBy ? ` · ${m.createdBy}` : ''}`;
  return (
    <article className={`bubble ${cls}`} aria-posinset={pos} aria-setsize={setSize} data-kind="message" data-status={status}>
      <div className="meta">
        <span className="who">{who}</span>
        <MessageStatusChip status={status} />
        {inbound && m.accountName && <span>to {m.accountName}</span>}
        <span>{inbound ? `from ${fmtPhone(m.fromNumber)}` : `to ${fmtPhone(m.toNumber)}`}</span>
        {m.senderAddress && <span>via {fmtPhone(m.senderAddress)}</span>}
        {m.origin === 'automation' && <span>automation</span>}
        <time dateTime={new Date(m.createdAt).toISOString()}>{fmtDateTime(m.createdAt)}</time>
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
