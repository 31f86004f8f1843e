// The conversations inbox: leads with messages, newest activity first, each with its latest
// message, an unread dot and "needs reply" when their message is the last word. Filters: needs
// reply, unread, dealer account, mine. Opening a conversation (click, Enter) reads its replies.
// Keyboard: ↑/↓ move between conversations, Enter opens, Alt+↑/↓ step through them from a lead.
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Conversation } from '../../shared/ipc/contract.ts';
import { useKeysetList } from '../data/use-keyset-list.ts';
import { FIRST_INBOX_PAGE, takeFirstInboxPage } from '../api/early.ts';
import { useApp, dealerAccounts, setUnreadConversations } from '../stores/app-store.ts';
import { setInboxFilter, setInboxOrder, toggleInboxFilter, useInbox, type InboxFilter } from '../stores/inbox-store.ts';
import { href, navigate } from '../lib/router.ts';
import { fmtAgo, fmtCount, fmtDateTime, fmtPhone } from '../lib/format.ts';
import { markAfterPaint, signalFirstScreen } from '../lib/perf.ts';
import { ListFooter } from '../components/ListFooter.tsx';
import { ErrorAlert } from '../components/Alert.tsx';
import { MessageStatusChip } from '../components/StatusChip.tsx';
import { SHORTCUTS } from '../lib/shortcuts.ts';
import { askForWebNotifications, webNotificationPermission } from '../lib/web-notifications.ts';

/**
 * Conversations in the inbox's first paint: more than a tall screen shows. The rest of the page follows
 * right after that paint, so a new window's first conversations are not held up by those below the fold.
 */
const FIRST_PAINT_ROWS = 20;

type Toggle = 'needsReply' | 'unread' | 'mine';
const TOGGLES: { key: Toggle; label: string }[] = [
  { key: 'needsReply', label: 'Needs reply' },
  { key: 'unread', label: 'Unread' },
  { key: 'mine', label: 'Mine' },
];

export function InboxView() {
  const uid = useId();
  const accounts = useApp(dealerAccounts);
  const unreadConversations = useApp((s) => s.unreadConversations);
  const filter = useInbox((s) => s.filter);
  const listRef = useRef<HTMLUListElement>(null);

  const input = useMemo(() => filter, [filter]);
  // The first page may have been asked for at start (api/early.ts), with the unfiltered inbox.
  const list = useKeysetList('inbox.list', input, { key: (c) => c.customerId, pageSize: FIRST_INBOX_PAGE, firstPage: FIRST_INBOX_PAGE }, () =>
    Object.values(input).every((v) => v === undefined || v === false) ? takeFirstInboxPage() : null,
  );
  const { items, error } = list;
  const total = list.last?.unreadConversations;

  // The order "next / previous conversation" follows.
  useEffect(() => setInboxOrder(items.map((c) => c.customerId)), [items]);
  const painted = useRef(false);
  const [allRows, setAllRows] = useState(false);
  // A layout effect, as the leads list's: the rows are in the DOM and this frame paints them, and
  // markAfterPaint marks after that paint. A passive effect runs once that frame is painted, so its
  // requestAnimationFrame waited for the next frame: the mark, the rest of the page and the shell's
  // own loading (signalFirstScreen) all came a frame late.
  useLayoutEffect(() => {
    if (list.loading || painted.current) return;
    painted.current = true;
    markAfterPaint('smsdesk:inbox-first-render', { items: items.length }, () => {
      setAllRows(true);
      signalFirstScreen();
    });
  }, [list.loading, items.length]);
  const shown = allRows ? items : items.slice(0, FIRST_PAINT_ROWS);
  // The counts ride on each page: keep the badge and the title in step with what is shown.
  useEffect(() => {
    if (total !== undefined) setUnreadConversations(total);
  }, [total]);

  const setAccount = (value: string) => {
    const next: InboxFilter = { ...useInbox.getState().filter };
    if (value) next.dealerAccountId = Number(value);
    else delete next.dealerAccountId;
    setInboxFilter(next);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLUListElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
    const rows = [...(listRef.current?.querySelectorAll<HTMLAnchorElement>('a.conv-row') ?? [])];
    if (rows.length === 0) return;
    e.preventDefault();
    const at = rows.indexOf(document.activeElement as HTMLAnchorElement);
    const to = e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : Math.max(0, Math.min(rows.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
    rows[to]?.focus();
    if (e.key === 'End' && list.hasMore) list.more();
  };

  const empty = !list.loading && items.length === 0 && !error;
  return (
    <section className="page" aria-labelledby="inbox-title">
      <header className="page-header">
        <h1 id="inbox-title">Inbox</h1>
        <span className="page-sub" data-testid="inbox-unread">
          {fmtCount(unreadConversations)} unread conversation{unreadConversations === 1 ? '' : 's'}
        </span>
        <span className="spacer" />
        <WebNotificationsOffer />
        <span className="muted small" aria-hidden="true">
          {SHORTCUTS.map((s) => `${s.keys} ${s.what}`).join(' · ')}
        </span>
      </header>
      <div className="page-body page-fill">
        <div className="toolbar" role="group" aria-label="Filters">
          <div className="row" role="group" aria-label="Show">
            {TOGGLES.map((t) => (
              <button
                key={t.key}
                type="button"
                className={`btn btn-sm${filter[t.key] ? ' btn-primary' : ''}`}
                aria-pressed={filter[t.key] === true}
                onClick={() => toggleInboxFilter(t.key)}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div className="field" style={{ width: 240 }}>
            <label htmlFor={`${uid}-account`} className="visually-hidden">
              Dealer account
            </label>
            <select id={`${uid}-account`} className="select" value={filter.dealerAccountId ?? ''} onChange={(e) => setAccount(e.target.value)}>
              <option value="">All dealer accounts</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ErrorAlert message={error} />
        <div className="table-wrap conv-wrap">
          {empty && (
            <p className="empty" data-testid="inbox-empty">
              {Object.keys(filter).length ? 'No conversations match these filters.' : 'No conversations yet: messages to and from leads show here.'}
            </p>
          )}
          <ul className="conv-list" aria-label="Conversations" ref={listRef} onKeyDown={onKeyDown} data-testid="inbox-list">
            {shown.map((c, i) => (
              <ConversationRow key={c.customerId} c={c} pos={i + 1} />
            ))}
          </ul>
          {/* Until the whole first page is on screen, its foot must not look visible and ask for the next. */}
          {(allRows || list.loading) && (
            <ListFooter loading={list.loading || list.loadingMore} hasMore={list.hasMore} count={items.length} onMore={list.more} sentinel={list.sentinel} />
          )}
        </div>
      </div>
    </section>
  );
}

/** In a browser that has not been asked yet: turn on notifications for replies while the tab is in the background. */
function WebNotificationsOffer() {
  const [permission, setPermission] = useState(webNotificationPermission);
  if (permission !== 'default') return null;
  return (
    <button type="button" className="btn btn-sm" onClick={() => void askForWebNotifications().then(setPermission)}>
      Notify me in this browser
    </button>
  );
}

function ConversationRow({ c, pos }: { c: Conversation; pos: number }) {
  const unread = c.unread > 0;
  const who = c.lastDirection === 'inbound' ? '' : c.lastSentBy ? `${c.lastSentBy}: ` : 'Sent: ';
  return (
    <li>
      <a
        className={`conv-row${unread ? ' unread' : ''}`}
        href={href({ name: 'lead', customerId: c.customerId })}
        data-customer-id={c.customerId}
        data-pos={pos}
        onClick={(e) => {
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
          e.preventDefault();
          navigate({ name: 'lead', customerId: c.customerId });
        }}
        aria-label={`${c.name || fmtPhone(c.mobile)}${unread ? `, ${c.unread} unread repl${c.unread === 1 ? 'y' : 'ies'}` : ''}${c.needsReply ? ', needs reply' : ''}: ${c.preview}`}
      >
        <span className={`unread-dot${unread ? ' on' : ''}`} aria-hidden="true" />
        <span className="conv-main">
          <span className="conv-top">
            <span className="conv-name">{c.name || fmtPhone(c.mobile)}</span>
            {c.accountName && <span className="conv-account">{c.accountName}</span>}
            {c.needsReply && <span className="chip chip-queued conv-needs">Needs reply</span>}
            <span className="spacer" />
            <time className="conv-time" dateTime={new Date(c.lastAt).toISOString()} title={fmtDateTime(c.lastAt)}>
              {fmtAgo(c.lastAt)}
            </time>
          </span>
          <span className="conv-preview">
            {c.lastDirection === 'outbound' && <MessageStatusChip status={c.lastStatus} />}
            {/* Untrusted text: rendered as text. */}
            <span className="conv-text">
              {who}
              {c.preview}
            </span>
            {unread && <span className="conv-count">{c.unread}</span>}
          </span>
        </span>
      </a>
    </li>
  );
}
