// Notifications: replies and consent changes, and the review queue (possible opt-outs in words,
// unattributed replies) with its decisions (who and why; narrowing an unattributed opt-out): its true
// count, paged newest first ("Load more"); resolved reviews stay findable under "Resolved".
import { useEffect, useState } from 'react';
import type { Notification } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { useQuery } from '../data/use-query.ts';
import { useKeysetList } from '../data/use-keyset-list.ts';
import { setUnread, toast, useApp } from '../stores/app-store.ts';
import { href } from '../lib/router.ts';
import { errorText, fmtCount, fmtDateTime, fmtPhone } from '../lib/format.ts';
import { ErrorAlert } from '../components/Alert.tsx';
import { ListFooter } from '../components/ListFooter.tsx';
import { ReviewReason, reviewTitle } from '../components/ReviewReason.tsx';
import { ReviewActions } from '../components/ReviewActions.tsx';
import { decisionSummary } from '../components/review-decision-words.ts';

const NO_NOTIFICATIONS: Notification[] = [];
const OPEN = { status: 'open' } as const;
const RESOLVED = { status: 'resolved' } as const;
const REVIEW_PAGE_SIZE = 100;

export function NotificationsView() {
  const [showResolved, setShowResolved] = useState(false);
  const unread = useApp((s) => s.unread);
  // Both reload (once per burst) on new notifications and review changes: data/invalidation.ts.
  const notifications = useQuery('notifications.list', { limit: 200 });
  const items = notifications.data?.items ?? NO_NOTIFICATIONS;
  const error = notifications.error;
  const reviewList = useKeysetList('reviews.list', showResolved ? RESOLVED : OPEN, { key: (r) => r.id, pageSize: REVIEW_PAGE_SIZE });
  const reviews = {
    items: reviewList.items,
    open: reviewList.last?.open ?? 0,
    next: reviewList.hasMore,
    loading: reviewList.loading || reviewList.loadingMore,
    error: reviewList.error,
  };

  // Each answer carries the true unread count: the nav badge follows it.
  const loaded = notifications.data;
  useEffect(() => {
    if (loaded) setUnread(loaded.unread);
  }, [loaded]);

  /** Takes a resolved item off the list and the count at once (the reload confirms it). */
  const resolved = (id: number) =>
    reviewList.update(
      (list) => list.filter((i) => i.id !== id),
      (last) => ({ ...last, open: Math.max(0, last.open - 1) }),
    );
  /** Marks read on screen at once, with main's new unread count. */
  const markedRead = (unreadNow: number, change: (items: Notification[]) => Notification[]) => {
    setUnread(unreadNow);
    notifications.mutate((d) => ({ ...d, unread: unreadNow, items: change(d.items) }));
  };

  /** A decision was recorded: the item leaves the queue at once (the reload confirms it). */
  const decided = (id: number) => {
    if (reviewList.items.some((i) => i.id === id)) resolved(id);
    reviewList.refresh();
  };

  const markRead = async (ids: number[]) => {
    try {
      const r = await api()['notifications.markRead']({ ids });
      markedRead(r.unread, (cur) => cur.map((n) => (ids.includes(n.id) ? { ...n, readAt: n.readAt ?? Date.now() } : n)));
    } catch (err) {
      toast({ tone: 'danger', title: 'Could not mark as read', body: errorText(err) });
    }
  };

  const markAll = async () => {
    try {
      const r = await api()['notifications.markAllRead']({});
      markedRead(r.unread, (cur) => cur.map((n) => ({ ...n, readAt: n.readAt ?? Date.now() })));
    } catch (err) {
      toast({ tone: 'danger', title: 'Could not mark as read', body: errorText(err) });
    }
  };

  return (
    <section className="page" aria-labelledby="notif-title">
      <header className="page-header">
        <h1 id="notif-title">Notifications</h1>
        {/* The same number as the nav badge: unread notifications and replies awaiting review. */}
        <span className="page-sub" data-testid="notifications-count">
          {fmtCount(unread + reviews.open)} new · {fmtCount(unread)} unread · {fmtCount(reviews.open)} awaiting review
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-sm" onClick={() => void markAll()} disabled={unread === 0}>
          Mark all read
        </button>
      </header>
      <div className="page-body page-scroll stack" style={{ flex: 1 }}>
        <ErrorAlert message={error ?? reviews.error} />
        <section aria-labelledby="review-title" className="stack">
          <div className="row">
            <h2 id="review-title">{showResolved ? 'Resolved reviews' : `Awaiting review (${fmtCount(reviews.open)})`}</h2>
            <span className="spacer" />
            <div role="group" aria-label="Which reviews" className="row">
              <button type="button" className={`btn btn-sm${showResolved ? '' : ' btn-primary'}`} aria-pressed={!showResolved} onClick={() => setShowResolved(false)}>
                Awaiting review
              </button>
              <button type="button" className={`btn btn-sm${showResolved ? ' btn-primary' : ''}`} aria-pressed={showResolved} onClick={() => setShowResolved(true)}>
                Resolved
              </button>
            </div>
          </div>
          {reviews.items.length === 0 ? (
            reviews.loading ? null : <p className="muted">{showResolved ? 'No resolved reviews yet.' : 'Nothing to review.'}</p>
          ) : (
            <ul className="notice-list" data-testid={showResolved ? 'resolved-review-list' : 'review-list'}>
              {reviews.items.map((r) => (
                <li key={r.id} className="notice review" data-review-id={r.id}>
                  <div className="notice-main">
                    <div className="notice-title">
                      {reviewTitle(r)}
                      {' · '}
                      {r.customerId ? (
                        <a href={href({ name: 'lead', customerId: r.customerId })}>{r.customerName ?? 'customer'}</a>
                      ) : (
                        `unknown customer${r.fromNumber ? ` (${fmtPhone(r.fromNumber)})` : ''}`
                      )}
                      {r.accountName ? ` → ${r.accountName}` : ''}
                      {r.appliedTo.length > 1 ? ` → opted out of ${r.appliedTo.map((a) => a.accountName).join(', ')}` : ''}
                    </div>
                    {/* The reply's words, as text. */}
                    <p className="notice-body">“{r.body}”</p>
                    <ReviewReason item={r} />
                    <p className="muted small">Replied {fmtDateTime(r.receivedAt)}</p>
                    {r.decision && (
                      <p className="small" data-testid="review-decision">
                        {decisionSummary(r.decision, r.intent)}, {fmtDateTime(r.decision.decidedAt)}
                        {r.decision.reason ? ` — ${r.decision.reason}` : ''}
                      </p>
                    )}
                  </div>
                  {r.status === 'open' && <ReviewActions item={r} onResolved={() => decided(r.id)} />}
                </li>
              ))}
            </ul>
          )}
          {/* Only under a list that pages: a short queue needs no "End of list". */}
          {(reviews.next || reviews.items.length > REVIEW_PAGE_SIZE) && (
            <ListFooter loading={reviews.loading} hasMore={reviews.next} count={reviews.items.length} onMore={reviewList.more} />
          )}
        </section>

        <section aria-labelledby="recent-title" className="stack">
          <h2 id="recent-title">Recent</h2>
          {items.length === 0 ? (
            <p className="muted">No notifications yet.</p>
          ) : (
            <ul className="notice-list" data-testid="notification-list">
              {items.map((n) => (
                <li key={n.id} className={`notice${n.readAt === null ? ' unread' : ''}`} data-kind={n.kind} data-notification-id={n.id}>
                  <div className="notice-main">
                    <div className="notice-title">
                      {n.readAt === null && <span className="visually-hidden">Unread: </span>}
                      {n.title}
                    </div>
                    <p className="notice-body">{n.body}</p>
                    <p className="muted small">
                      {fmtDateTime(n.createdAt)}
                      {n.customerId ? (
                        <>
                          {' · '}
                          <a href={href({ name: 'lead', customerId: n.customerId })}>Open lead</a>
                        </>
                      ) : null}
                    </p>
                  </div>
                  {n.readAt === null && (
                    <button type="button" className="btn btn-sm" onClick={() => void markRead([n.id])} aria-label={`Mark “${n.title}” read`}>
                      Mark read
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </section>
  );
}
