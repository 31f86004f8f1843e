// Reports for the compliance officer (issue 12): opt-outs per day by how (STOP, UNSUB, …, manual,
// import, gateway) and by dealer account; blocked attempts per 100 attempts per dealer account,
// split into "opted out for this dealer", "Twilio's block on the sender" and "applied across dealers
// because the reply could not be attributed"; replies awaiting review and how long they waited;
// unsubscribe handling. A date range and a dealer account filter; every chart has its numbers in a
// table beside it; a print view; the exports of the same range.
import { useId, useMemo, useState } from 'react';
import type { ConsentReport } from '../../shared/ipc/contract.ts';
import { BLOCK_KIND_LABELS, BLOCK_KINDS, type BlockKind } from '../../shared/domain/compliance.ts';
import { useQuery } from '../data/use-query.ts';
import { dealerAccounts, useApp } from '../stores/app-store.ts';
import { href } from '../lib/router.ts';
import { fmtCount, fmtDateTime } from '../lib/format.ts';
import { ErrorAlert } from '../components/Alert.tsx';
import { Chart, CHART_COLORS, type ChartSeries } from '../components/Chart.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import './reports.css';

/** 'YYYY-MM-DD' (local) -> epoch ms of local midnight; `plusDays` for an exclusive end. */
function dayStart(value: string, plusDays = 0): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).getTime() : null;
}
function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
/** The x of each day: its local noon, in seconds (uPlot's time axis). */
const daySeconds = (days: string[]) => days.map((d) => Math.round((dayStart(d) ?? 0) / 1000) + 12 * 3600);
const per100 = (n: number, of: number) => (of > 0 ? ((100 * n) / of).toFixed(2) : '—');
const hours = (ms: number | null) => (ms === null ? '—' : ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`);

const BLOCK_COLORS: Record<BlockKind, string> = { dealer: '#c0392b', gateway: '#b7791f', crossDealer: '#6b46c1' };

export function ReportsView() {
  const uid = useId();
  const accounts = useApp(dealerAccounts);
  const today = isoDay(Date.now());
  const [from, setFrom] = useState(isoDay(Date.now() - 29 * 86_400_000));
  const [to, setTo] = useState(today);
  const [accountId, setAccountId] = useState('');
  const range = useMemo(() => {
    const f = dayStart(from);
    const t = dayStart(to, 1);
    return f !== null && t !== null && t > f ? { from: f, to: t, ...(accountId ? { dealerAccountId: Number(accountId) } : {}) } : null;
  }, [from, to, accountId]);
  const report = useQuery('reports.consent', range);
  const r = report.data;

  return (
    <section className="page reports" aria-labelledby="reports-title">
      <header className="page-header">
        <h1 id="reports-title">Reports</h1>
        <span className="page-sub">Consent and unsubscribe handling{r ? `, ${r.days[0]} to ${r.days[r.days.length - 1]}` : ''}</span>
        <span className="spacer" />
        <button type="button" className="btn btn-sm no-print" onClick={() => window.print()}>
          Print
        </button>
      </header>
      <div className="page-body page-scroll stack" style={{ flex: 1 }}>
        <div className="toolbar no-print" role="group" aria-label="Report filters">
          <div className="field" style={{ width: 160 }}>
            <label htmlFor={`${uid}-from`}>From</label>
            <input id={`${uid}-from`} type="date" className="input" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div className="field" style={{ width: 160 }}>
            <label htmlFor={`${uid}-to`}>To</label>
            <input id={`${uid}-to`} type="date" className="input" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
          </div>
          <div className="field" style={{ width: 220 }}>
            <label htmlFor={`${uid}-acct`}>Dealer account</label>
            <select id={`${uid}-acct`} className="select" value={accountId} onChange={(e) => setAccountId(e.target.value)}>
              <option value="">All dealer accounts</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          {range && (
            <div className="field">
              <span className="label">Export (CSV)</span>
              <div className="row">
                <ExportButton request={{ kind: 'consent', ...range }} label="Consent register" />
                <ExportButton request={{ kind: 'blocked', ...range }} label="Blocked attempts" />
                <ExportButton request={{ kind: 'unsubscribes', ...range }} label="Unsubscribe handling" />
              </div>
            </div>
          )}
        </div>
        {!range && <ErrorAlert message="Choose a start day on or before the end day." />}
        <ErrorAlert message={report.error} />
        {r && <ReportBody r={r} />}
      </div>
    </section>
  );
}

function ReportBody({ r }: { r: ConsentReport }) {
  const x = useMemo(() => daySeconds(r.days), [r.days]);
  const howSeries = useMemo<ChartSeries[]>(() => r.optOutsByHow.map((s, i) => ({ label: s.label, values: s.counts, color: CHART_COLORS[i % CHART_COLORS.length]! })), [r.optOutsByHow]);
  const accountSeries = useMemo<ChartSeries[]>(
    () => r.optOutsByAccount.map((s, i) => ({ label: s.label, values: s.counts, color: CHART_COLORS[i % CHART_COLORS.length]! })),
    [r.optOutsByAccount],
  );
  // Grouped bars: account i's three kinds at 4i, 4i+1, 4i+2.
  const blockedChart = useMemo(() => {
    const xs = r.blocked.flatMap((_, i) => [4 * i, 4 * i + 1, 4 * i + 2]);
    const series = BLOCK_KINDS.map((k, j): ChartSeries => ({
      label: `${BLOCK_KIND_LABELS[k]} (per 100)`,
      color: BLOCK_COLORS[k],
      bars: true,
      values: r.blocked.flatMap((b) => [0, 1, 2].map((p) => (p === j ? (b.attempts > 0 ? (100 * b[k]) / b.attempts : 0) : null))),
    }));
    return { x: xs, series, ticks: { at: r.blocked.map((_, i) => 4 * i + 1), labels: r.blocked.map((b) => b.accountName) } };
  }, [r.blocked]);
  const reviewChart = useMemo(() => {
    const w = r.reviews.waiting;
    return {
      x: w.flatMap((_, i) => [3 * i, 3 * i + 1]),
      series: [
        { label: 'possible opt-outs', color: '#c0392b', bars: true, values: w.flatMap((b) => [b.possibleOptOut, null]) },
        { label: 'replies not attributed to one dealer', color: '#6b46c1', bars: true, values: w.flatMap((b) => [null, b.unattributed]) },
      ] as ChartSeries[],
      ticks: { at: w.map((_, i) => 3 * i + 0.5), labels: w.map((b) => b.label) },
    };
  }, [r.reviews.waiting]);
  const unsubSeries = useMemo<ChartSeries[]>(
    () => [
      { label: 'opt-outs', values: r.unsubscribes.perDay, color: '#1f5fbf', bars: true },
      { label: 'longest received → effective (hours)', values: r.unsubscribes.maxHoursPerDay, color: '#c0392b', right: true },
    ],
    [r.unsubscribes],
  );
  const total = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

  return (
    <>
      <ReportSection id="optouts-how" title="Opt-outs per day, by how" caption="SMS opt-outs per day by the keyword replied, a reply confirmed by staff, by hand, at import, or the gateway's block">
        <Chart x={x} series={howSeries} testId="chart-optouts-how" />
        <SeriesTable days={r.days} series={r.optOutsByHow} caption="Opt-outs per day, by how" />
        <p className="small muted">Total: {fmtCount(r.optOutsByHow.reduce((a, s) => a + total(s.counts), 0))}</p>
      </ReportSection>

      <ReportSection id="optouts-account" title="Opt-outs per day, by dealer account" caption="SMS opt-outs per day for each dealer account">
        <Chart x={x} series={accountSeries} testId="chart-optouts-account" />
        <SeriesTable days={r.days} series={r.optOutsByAccount} caption="Opt-outs per day, by dealer account" />
      </ReportSection>

      <ReportSection id="blocked" title="Blocked attempts per 100 attempts" caption="Per dealer account, split by why the attempt was refused">
        <Chart x={blockedChart.x} series={blockedChart.series} ticks={blockedChart.ticks} testId="chart-blocked" />
        <table className="data report-table" data-testid="table-blocked">
          <caption>Blocked attempts per 100 attempts, by dealer account</caption>
          <thead>
            <tr>
              <th scope="col">Dealer account</th>
              <th scope="col">Attempts</th>
              {BLOCK_KINDS.map((k) => (
                <th scope="col" key={k}>
                  {BLOCK_KIND_LABELS[k]}
                </th>
              ))}
              <th scope="col">Held for review</th>
            </tr>
          </thead>
          <tbody>
            {r.blocked.map((b) => (
              <tr key={b.dealerAccountId}>
                <th scope="row">{b.accountName}</th>
                <td>{fmtCount(b.attempts)}</td>
                {BLOCK_KINDS.map((k) => (
                  <td key={k} data-kind={k}>
                    {fmtCount(b[k])} <span className="muted">({per100(b[k], b.attempts)} per 100)</span>
                  </td>
                ))}
                <td>{fmtCount(b.heldForReview)}</td>
              </tr>
            ))}
            {r.blocked.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No attempts in this range.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </ReportSection>

      <ReportSection id="reviews" title="Replies awaiting review" caption="Open review items by how long they have waited">
        <Chart x={reviewChart.x} series={reviewChart.series} ticks={reviewChart.ticks} testId="chart-reviews" />
        <table className="data report-table" data-testid="table-reviews">
          <caption>
            {fmtCount(r.reviews.open)} waiting now{r.reviews.oldestWaitingMs !== null ? `, the oldest for ${hours(r.reviews.oldestWaitingMs)}` : ''}; {fmtCount(r.reviews.resolved)} decided in
            the range (median wait {hours(r.reviews.medianWaitMs)}, 90% within {hours(r.reviews.p90WaitMs)})
          </caption>
          <thead>
            <tr>
              <th scope="col">Waiting</th>
              <th scope="col">Possible opt-outs</th>
              <th scope="col">Not attributed to one dealer</th>
            </tr>
          </thead>
          <tbody>
            {r.reviews.waiting.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td>{fmtCount(b.possibleOptOut)}</td>
                <td>{fmtCount(b.unattributed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ReportSection>

      <ReportSection id="unsubscribes" title="Unsubscribe handling" caption="Opt-outs per day and the longest time from the request to the opt-out taking effect">
        <Chart x={x} series={unsubSeries} testId="chart-unsubscribes" />
        <SeriesTable
          days={r.days}
          series={[
            { key: 'n', label: 'Opt-outs', counts: r.unsubscribes.perDay },
            { key: 'h', label: 'Longest, hours', counts: r.unsubscribes.maxHoursPerDay.map((h) => Math.round(h * 10) / 10) },
          ]}
          caption="Unsubscribe handling per day"
        />
        <h3 className="small">Latest opt-outs: received → effective → first blocked attempt after</h3>
        <table className="data report-table" data-testid="table-unsubscribe-latest">
          <caption className="visually-hidden">Latest opt-outs with when they were received, took effect, and the first attempt refused after</caption>
          <thead>
            <tr>
              <th scope="col">Customer</th>
              <th scope="col">Dealer account</th>
              <th scope="col">How</th>
              <th scope="col">Received</th>
              <th scope="col">Effective</th>
              <th scope="col">First blocked attempt</th>
            </tr>
          </thead>
          <tbody>
            {r.unsubscribes.latest.map((u) => (
              <tr key={u.eventId}>
                <th scope="row">
                  <a href={href({ name: 'lead', customerId: u.customerId })}>{u.customerName}</a>
                </th>
                <td>{u.accountName}</td>
                <td>{u.keyword ?? u.source.replace(/_/g, ' ')}</td>
                <td>{fmtDateTime(u.receivedAt)}</td>
                <td>{fmtDateTime(u.effectiveAt)}</td>
                <td>{u.firstBlockedAt === null ? 'none' : fmtDateTime(u.firstBlockedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="small muted">
          {fmtCount(r.unsubscribes.total)} opt-outs in the range; median time from request to effect {r.unsubscribes.medianHours === null ? '—' : `${r.unsubscribes.medianHours.toFixed(1)} h`}.
        </p>
      </ReportSection>
    </>
  );
}

function ReportSection({ id, title, caption, children }: { id: string; title: string; caption: string; children: React.ReactNode }) {
  return (
    <section className="card report-section" aria-labelledby={`${id}-title`} data-testid={`report-${id}`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <span className="muted small">{caption}</span>
      </div>
      <div className="card-body report-grid">{children}</div>
    </section>
  );
}

/** A series' numbers, one row per day (days with nothing left out), with a total row. */
function SeriesTable({ days, series, caption }: { days: string[]; series: { key: string; label: string; counts: number[] }[]; caption: string }) {
  const rows = days.map((d, i) => ({ d, values: series.map((s) => s.counts[i] ?? 0) })).filter((r) => r.values.some((v) => v !== 0));
  return (
    <div className="report-table-wrap" tabIndex={0} aria-label={`${caption} (table)`}>
      <table className="data report-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {series.map((s) => (
              <th scope="col" key={s.key}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.d}>
              <th scope="row">{r.d}</th>
              {r.values.map((v, i) => (
                <td key={i}>{fmtCount(v)}</td>
              ))}
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={series.length + 1} className="muted">
                None in this range.
              </td>
            </tr>
          )}
        </tbody>
        {rows.length > 0 && (
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {series.map((s) => (
                <td key={s.key}>{fmtCount(s.counts.reduce((a, b) => a + b, 0))}</td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
