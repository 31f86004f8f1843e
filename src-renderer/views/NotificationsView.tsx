// Notifications: replies and consent changes, and the review queue (possible opt-outs in words,
// unattributed replies) with confirm / dismiss: its true count, paged newest first ("Load more").
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Notification, ReviewItem } from '../../shared/ipc/contract.ts';
import { api, useApiEvent } from '../api/api.ts';
import { loadCounts, setUnread, toast, useApp } from '../stores/app-store.ts';
import { href } from '../lib/router.ts';
import { errorText, fmtCount, fmtDateTime, fmtPhone } from '../lib/format.ts';
import { REVIEW_PAGE_SIZE, useReviewQueue } from '../lib/review-queue.ts';
import { EVENT_BURST_MS, throttled } from '../lib/throttled.ts';
import { ErrorAlert } from '../components/Alert.tsx';
import { ListFooter } from '../components/ListFooter.tsx';

export function NotificationsView() {
  const [items, setItems] = useState<Notification[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const unread = useApp((s) => s.unread);
  const reviews = useReviewQueue();

  const loadNotifications = useCallback(() => {
    api()
      ['notifications.list']({ limit: 200 })
      .then((n) => {
        setItems(n.items);
        setUnread(n.unread);
        setError(null);
      })
      .catch((err: unknown) => setError(errorText(err)));
  }, []);
  // A poll may bring thousands of replies, each with its event: reload once per burst.
  const reloadNotifications = useMemo(() => throttled(loadNotifications, EVENT_BURST_MS), [loadNotifications]);

  useEffect(() => loadNotifications(), [loadNotifications]);
  useApiEvent('notification:new', () => {
    reloadNotifications();
    reviews.reload();
  });
  useApiEvent('review:changed', () => {
    reloadNotifications();
    reviews.reload();
  });

  const resolve = async (r: ReviewItem, how: 'confirm' | 'dismiss') => {
    setBusy(r.id);
    try {
      await (how === 'confirm' ? api()['reviews.confirm']({ reviewId: r.id }) : api()['reviews.dismiss']({ reviewId: r.id }));
      // Confirming changes consent only for a possible opt-out; for an unattributed reply it
      // accepts how the reply was handled.
      const optOut = how === 'confirm' && r.kind === 'possible_opt_out';
      toast(
        {
          tone: optOut ? 'danger' : 'info',
          title: optOut ? `Opted out: ${r.customerName ?? 'customer'} from ${r.accountName ?? 'the account'}` : how === 'confirm' ? 'Accepted' : 'Dismissed',
        },
        4000,
      );
      reviews.resolved(r.id);
      reviews.reload();
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
      setUnread(r.unread);
      setItems((cur) => cur.map((n) => (ids.includes(n.id) ? { ...n, readAt: n.readAt ?? Date.now() } : n)));
    } catch (err) {
      toast({ tone: 'danger', title: 'Could not mark as read', body: errorText(err) });
    }
  };

  const markAll = async () => {
    try {
      const r = await api()['notifications.markAllRead']({});
      setUnread(r.unread);
      setItems((cur) => cur.map((n) => ({ ...n, readAt: n.readAt ?? Date.now() })));
    } catch (err) {
      toast({ tone: 'danger', title: 'Could not mark as read', body: errorText(err) });
    }
  };

  return (
    <section className="page" aria-labelledby="notif-title">
      <header className="page-header">
        <h1 id="notif-title">Notifications</h1>
        <span className="page-sub">{fmtCount(unread)} unread</span>
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
                      {r.kind === 'possible_opt_out' ? 'Possible opt-out' : 'Reply not attributed to one dealer'}
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
                    <p className="muted small">Replied {fmtDateTime(r.receivedAt)}</p>
                  </div>
                  <div className="row">
                    {r.kind === 'possible_opt_out' ? (
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
          {(reviews.next !== null || reviews.items.length > REVIEW_PAGE_SIZE) && (
            <ListFooter loading={reviews.loading} hasMore={reviews.next !== null} count={reviews.items.length} onMore={reviews.more} />
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
