// Leads: a virtualised, searchable list of every lead with SMS consent per dealer account, and
// "New lead" to add one.
// Keyboard: type to search, ↓ moves into the list, ↑/↓/PgUp/PgDn/Home/End move, Enter opens.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ensureRange, initLeads, leadAt, refreshLeads, setQuery, useLeads } from '../stores/leads-store.ts';
import { useInvalidation } from '../data/use-invalidation.ts';
import { navigate } from '../lib/router.ts';
import { fmtCount, fmtPhone } from '../lib/format.ts';
import { firstScreenPainted, markAfterPaint, signalFirstScreen } from '../lib/perf.ts';
import { useFixedWindow } from '../lib/fixed-window.ts';
import { SmsConsentChip } from '../components/StatusChip.tsx';
import { NewLeadDialog } from '../components/NewLeadDialog.tsx';
import { FirstRunGuide } from '../components/FirstRunGuide.tsx';
import { useApp } from '../stores/app-store.ts';

const ROW_H = 52;
/** Rows kept above and below the visible ones, for smooth scrolling; in a new window's first paint, few. */
const OVERSCAN = 12;
const FIRST_PAINT_OVERSCAN = 2;
let firstRowsMarked = false;
/** The leads list is the first screen: it listens for changes once its rows are painted. */
const FIRST_SCREEN_FIRST = { after: firstScreenPainted };

export function LeadsView() {
  const query = useLeads((s) => s.query);
  const appliedQuery = useLeads((s) => s.appliedQuery);
  const total = useLeads((s) => s.total);
  const estimate = useLeads((s) => s.totalIsEstimate);
  const generation = useLeads((s) => s.generation);
  const loaded = useLeads((s) => s.loaded);
  const settings = useApp((s) => s.settings);
  const searching = useLeads((s) => s.searching);
  const error = useLeads((s) => s.error);
  const selected = useLeads((s) => s.selected);
  const pages = useLeads((s) => s.pages);

  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => initLeads(), []);

  // A new window paints the rows in view first; the rows around them follow right after that paint.
  const [firstPaintDone, setFirstPaintDone] = useState(firstRowsMarked);
  const win = useFixedWindow(scrollRef, total, ROW_H, firstPaintDone ? OVERSCAN : FIRST_PAINT_OVERSCAN, useLeads.getState().scrollTop);
  const { first: firstIndex, last: lastIndex } = win;

  // A lead or its consent changed: reload what is on screen (the chips must not lie).
  const range = useRef({ firstIndex, lastIndex });
  range.current = { firstIndex, lastIndex };
  useInvalidation('leads.list', { query: appliedQuery }, () => refreshLeads(range.current.firstIndex, range.current.lastIndex), FIRST_SCREEN_FIRST);

  useEffect(() => {
    if (total > 0) ensureRange(firstIndex - 20, lastIndex + 40);
  }, [firstIndex, lastIndex, total, generation]);

  // A new result set starts at the top (the very first one is there already: no forced layout).
  const lastGen = useRef(generation);
  const { scrollToTop } = win;
  useLayoutEffect(() => {
    if (lastGen.current !== generation) {
      const first = lastGen.current === 0;
      lastGen.current = generation;
      if (!first) scrollToTop();
    }
  }, [generation, scrollToTop]);

  // Timing marks for the benchmark: first rows on screen, and each search's rows on screen. A layout
  // effect: the rows are in the DOM and this frame paints them; markAfterPaint marks after that
  // paint (a passive effect would run after it, and mark a frame late).
  useLayoutEffect(() => {
    if (!loaded || generation === 0) return;
    if (!firstRowsMarked) {
      firstRowsMarked = true;
      markAfterPaint('smsdesk:leads-first-render', { total }, () => {
        setFirstPaintDone(true);
        signalFirstScreen();
        // Focus the search box once the rows are on screen (focusing forces a layout; not before).
        if (document.activeElement === document.body) searchRef.current?.focus({ preventScroll: true });
      });
    }
    markAfterPaint('smsdesk:leads-results', { query: appliedQuery, total });
  }, [generation, loaded, appliedQuery, total]);

  // Remember where the user was, to come back to it from a lead.
  useEffect(() => {
    const el = scrollRef.current;
    return () => {
      if (el) useLeads.setState({ scrollTop: el.scrollTop });
    };
  }, []);

  const open = (index: number) => {
    const lead = leadAt(index);
    if (lead) navigate({ name: 'lead', customerId: lead.customerId });
  };

  const select = (index: number) => {
    const i = Math.max(0, Math.min(total - 1, index));
    useLeads.setState({ selected: i });
    win.scrollToIndex(i);
  };

  const onListKey = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 520) / ROW_H) - 1);
    switch (e.key) {
      case 'ArrowDown':
        select(selected + 1);
        break;
      case 'ArrowUp':
        if (selected === 0) searchRef.current?.focus();
        else select(selected - 1);
        break;
      case 'PageDown':
        select(selected + page);
        break;
      case 'PageUp':
        select(selected - page);
        break;
      case 'Home':
        select(0);
        break;
      case 'End':
        select(total - 1);
        break;
      case 'Enter':
      case ' ':
        open(selected);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const countText = !loaded
    ? 'Loading leads…'
    : appliedQuery
      ? `${fmtCount(total)}${estimate ? '+' : ''} match${total === 1 ? '' : 'es'} for “${appliedQuery}”`
      : `${fmtCount(total)} leads`;

  return (
    <section className="page leads-page" aria-labelledby="leads-title">
      <header className="page-header">
        <h1 id="leads-title">Leads</h1>
        <div className="search" role="search">
          <label htmlFor="lead-search" className="visually-hidden">
            Search leads by name, mobile or email
          </label>
          <input
            id="lead-search"
            ref={searchRef}
            className="input"
            type="search"
            placeholder="Search by name, mobile or email…"
            autoComplete="off"
            spellCheck={false}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault();
                if (e.key === 'Enter' && total > 0) open(selected);
                else scrollRef.current?.focus();
              }
            }}
            aria-controls="leads-list"
          />
        </div>
        <span className="page-sub" role="status" aria-live="polite" data-testid="leads-count">
          {countText}
          {searching ? ' · searching…' : ''}
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New lead
        </button>
      </header>
      <NewLeadDialog open={creating} onClose={() => setCreating(false)} />
      {loaded && total === 0 && !error && !appliedQuery && settings && <FirstRunGuide settings={settings} hasLeads={false} onNewLead={() => setCreating(true)} />}

      <div className="list-wrap">
        <div className="grid-head" aria-hidden="true">
          <span>Name</span>
          <span>Mobile</span>
          <span>Email</span>
          <span>SMS consent by dealer account</span>
        </div>
        <div
          id="leads-list"
          ref={scrollRef}
          className="list-scroll"
          role="listbox"
          aria-label="Leads"
          tabIndex={0}
          aria-activedescendant={total > 0 ? `lead-opt-${selected}` : undefined}
          onKeyDown={onListKey}
          data-testid="leads-list"
        >
          {error && <p className="empty">Could not load leads: {error}</p>}
          {loaded && total === 0 && !error && <p className="empty">{appliedQuery ? 'No leads match.' : 'No leads yet.'}</p>}
          <div style={{ height: win.totalHeight, position: 'relative' }}>
            {win.rows.map((v) => {
              const lead = leadAt(v.index, pages);
              const isSel = v.index === selected;
              return (
                <div
                  key={v.index}
                  id={`lead-opt-${v.index}`}
                  role="option"
                  aria-selected={isSel}
                  aria-setsize={total}
                  aria-posinset={v.index + 1}
                  className={`lead-row${lead ? '' : ' placeholder'}`}
                  style={{ transform: `translateY(${v.top}px)` }}
                  onClick={() => {
                    useLeads.setState({ selected: v.index });
                    open(v.index);
                  }}
                  data-customer-id={lead?.customerId}
                >
                  {lead ? (
                    <>
                      <span className="cell lead-name" title={lead.name}>
                        {lead.name || '(no name)'}
                      </span>
                      <span className="cell phone">{fmtPhone(lead.mobile)}</span>
                      <span className="cell muted" title={lead.email ?? undefined}>
                        {lead.email ?? '—'}
                      </span>
                      <span className="cell chips">
                        {lead.accounts.map((a) => (
                          <SmsConsentChip key={a.dealerAccountId} chip={a} />
                        ))}
                      </span>
                    </>
                  ) : (
                    <>
                      <span className="bar" style={{ width: '70%' }} />
                      <span className="bar" style={{ width: '80%' }} />
                      <span className="bar" style={{ width: '60%' }} />
                      <span className="bar" style={{ width: '50%' }} />
                    </>
                  )}
                </div>
              );
            })}
          </div>
        </div>
        <div className="list-foot">
          ↑ ↓ to move · Enter to open · {loaded ? countText : ''}
        </div>
      </div>
    </section>
  );
}
