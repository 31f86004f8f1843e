// Notifications: replies and consent changes, and the review queue (possible opt-outs in words,
// unattributed replies) with confirm / dismiss: its true count, paged newest first ("Load more").
import { useEffect, useState } from 'react';
import type { Notification, ReviewItem } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { useQuery } from '../data/use-query.ts';
import { useKeysetList } from '../data/use-keyset-list.ts';
import { loadCounts, setUnread, toast, useApp } from '../stores/app-store.ts';
import { href } from '../lib/router.ts';
import { errorText, fmtCount, fmtDateTime, fmtPhone } from '../lib/format.ts';
import { ErrorAlert } from '../components/Alert.tsx';
import { ListFooter } from '../components/ListFooter.tsx';
import { ReviewReason, reviewTitle } from '../components/ReviewReason.tsx';

const NO_NOTIFICATIONS: Notification[] = [];
const NO_FILTER = {};
const REVIEW_PAGE_SIZE = 100;

export function NotificationsView() {
  const [busy, setBusy] = useState<number | null>(null);
  const unread = useApp((s) => s.unread);
  // Both reload (once per burst) on new notifications and review changes: data/invalidation.ts.
  const notifications = useQuery('notifications.list', { limit: 200 });
  const items = notifications.data?.items ?? NO_NOTIFICATIONS;
  const error = notifications.error;
  const reviewList = useKeysetList('reviews.list', NO_FILTER, { key: (r) => r.id, pageSize: REVIEW_PAGE_SIZE });
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

  const resolve = async (r: ReviewItem, how: 'confirm' | 'dismiss') => {
    setBusy(r.id);
    try {
      await (how === 'confirm' ? api()['reviews.confirm']({ reviewId: r.id }) : api()['reviews.dismiss']({ reviewId: r.id }));
      // Confirming changes consent only for a possible opt-out; for an unattributed reply it
      // accepts how the reply was handled.
      // Confirming a wrong number takes the number off the lead (consent untouched).
      const wrongNumber = how === 'confirm' && r.kind === 'possible_opt_out' && r.intent === 'wrong_number';
      const optOut = how === 'confirm' && r.kind === 'possible_opt_out' && !wrongNumber;
      toast(
        {
          tone: optOut ? 'danger' : 'info',
          title: optOut
            ? `Opted out: ${r.customerName ?? 'customer'} from ${r.accountName ?? 'the account'}`
            : wrongNumber
              ? `Number removed from ${r.customerName ?? 'the customer'}'s lead (kept in its phone history)`
              : how === 'confirm'
                ? 'Accepted'
                : 'Dismissed',
        },
        4000,
      );
      if (reviewList.items.some((i) => i.id === r.id)) resolved(r.id);
      reviewList.refresh();
      void loadCounts();
    } catch (err) {
      toast({ tone: 'danger', title: 'Could not resolve the review', body: errorText(err) });
    } finally {
      setBusy(null);
    }
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
          <h2 id="review-title">Awaiting review ({fmtCount(reviews.open)})</h2>
          {reviews.items.length === 0 ? (
            reviews.loading ? null : <p className="muted">Nothing to review.</p>
          ) : (
            <ul className="notice-list" data-testid="review-list">
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
                    </div>
                    {/* The reply's words, as text. */}
                    <p className="notice-body">“{r.body}”</p>
                    <ReviewReason item={r} />
                    <p className="muted small">Replied {fmtDateTime(r.receivedAt)}</p>
                  </div>
                  <div className="row">
                    {r.kind === 'possible_opt_out' && r.intent === 'wrong_number' ? (
                      <button
                        type="button"
                        className="btn btn-sm btn-danger-solid"
                        disabled={busy === r.id}
                        onClick={() => void resolve(r, 'confirm')}
                        title="The number comes off the lead (kept in its phone history); consent is unchanged."
                        aria-label={`Confirm wrong number: take ${r.fromNumber ? fmtPhone(r.fromNumber) : 'the number'} off ${r.customerName ?? 'the customer'}'s lead`}
                      >
                        Confirm wrong number
                      </button>
                    ) : r.kind === 'possible_opt_out' ? (
                      <button
                        type="button"
                        className="btn btn-sm btn-danger-solid"
                        disabled={busy === r.id}
                        onClick={() => void resolve(r, 'confirm')}
                        aria-label={`Confirm opt-out for ${r.customerName ?? 'customer'}${r.accountName ? ` from ${r.accountName}` : ''}`}
                      >
                        Confirm opt-out
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="btn btn-sm"
                        disabled={busy === r.id}
                        onClick={() => void resolve(r, 'confirm')}
                        aria-label={`Accept how the reply from ${r.customerName ?? 'an unknown customer'} was handled`}
                      >
                        Accept
                      </button>
                    )}
                    <button
                      type="button"
                      className="btn btn-sm"
                      disabled={busy === r.id}
                      onClick={() => void resolve(r, 'dismiss')}
                      aria-label={`Dismiss review for ${r.customerName ?? 'customer'}`}
                    >
                      Dismiss
                    </button>
                  </div>
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
