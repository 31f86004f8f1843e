// Settings → Send hours (R12): each dealer account's time zone, state (its public holidays) and
// the weekly hours automated messages may go out in. Main checks and keeps them.
import { useId, useState } from 'react';
import type { SendCalendarView, Settings } from '../../shared/ipc/contract.ts';
import { AU_STATE_NAMES, AU_STATES, AU_TIME_ZONES, STATE_TIME_ZONE, WEEKDAY_NAMES, type AuState, type Weekday } from '../../shared/domain/send-hours.ts';
import { api } from '../api/api.ts';
import { useQuery } from '../data/use-query.ts';
import { errorText } from '../lib/format.ts';
import { Alert, ErrorAlert } from './Alert.tsx';

type Day = SendCalendarView['hours'][number];

function AccountHours({ cal }: { cal: SendCalendarView }) {
  const uid = useId();
  const [timeZone, setTimeZone] = useState(cal.timeZone);
  const [state, setState] = useState<AuState>(cal.state);
  const [holidays, setHolidays] = useState(cal.closedOnPublicHolidays);
  const [hours, setHours] = useState<Day[]>(cal.hours);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const setDay = (weekday: number, change: Partial<Day>) => setHours((hs) => hs.map((h) => (h.weekday === weekday ? { ...h, ...change } : h)));
  const save = async (useDefault: boolean) => {
    setError(null);
    setSaved(null);
    try {
      const r = await api()['calendar.set']({ dealerAccountId: cal.dealerAccountId, timeZone, state, hours: useDefault ? null : hours, closedOnPublicHolidays: holidays });
      setHours(r.hours);
      setSaved(`Saved: ${r.summary}. ${r.window.text}`);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <fieldset className="stack send-hours" data-testid="send-hours" data-account={cal.accountName}>
      <legend>{cal.accountName}</legend>
      <p className="muted small">
        {cal.summary}
        {cal.defaultHours ? ' (default)' : ''} · {cal.window.text}
      </p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${uid}-state`}>State</label>
          <select
            id={`${uid}-state`}
            className="select"
            value={state}
            onChange={(e) => {
              const s = e.target.value as AuState;
              setState(s);
              setTimeZone(STATE_TIME_ZONE[s]);
            }}
          >
            {AU_STATES.map((s) => (
              <option key={s} value={s}>
                {AU_STATE_NAMES[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-tz`}>Time zone</label>
          <select id={`${uid}-tz`} className="select" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {[...new Set([timeZone, ...AU_TIME_ZONES])].map((z) => (
              <option key={z}>{z}</option>
            ))}
          </select>
        </div>
      </div>
      <label className="row">
        <input type="checkbox" checked={holidays} onChange={(e) => setHolidays(e.target.checked)} />
        <span>Closed on {state} public holidays{cal.upcomingHolidays.length ? ` (next: ${cal.upcomingHolidays.slice(0, 3).map((h) => `${h.name} ${h.date}`).join(', ')})` : ''}</span>
      </label>
      <table className="data compact" aria-label={`${cal.accountName} send hours`}>
        <tbody>
          {hours.map((h) => (
            <tr key={h.weekday}>
              <th scope="row">{WEEKDAY_NAMES[h.weekday as Weekday]}</th>
              <td>
                <label className="row">
                  <input
                    type="checkbox"
                    checked={h.opens !== null}
                    aria-label={`Open on ${WEEKDAY_NAMES[h.weekday as Weekday]}`}
                    onChange={(e) => setDay(h.weekday, e.target.checked ? { opens: '09:00', closes: '17:00' } : { opens: null, closes: null })}
                  />
                  <span>{h.opens === null ? 'Closed' : 'Open'}</span>
                </label>
              </td>
              <td>
                {h.opens !== null && (
                  <span className="row">
                    <input className="input" type="time" aria-label={`${WEEKDAY_NAMES[h.weekday as Weekday]} opens`} value={h.opens} onChange={(e) => setDay(h.weekday, { opens: e.target.value })} />
                    –
                    <input className="input" type="time" aria-label={`${WEEKDAY_NAMES[h.weekday as Weekday]} closes`} value={h.closes ?? ''} onChange={(e) => setDay(h.weekday, { closes: e.target.value })} />
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorAlert message={error} />
      {saved && (
        <Alert tone="ok" role="status">
          {saved}
        </Alert>
      )}
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={() => void save(false)}>
          Save send hours
        </button>
        <button type="button" className="btn" onClick={() => void save(true)}>
          Use the default hours
        </button>
      </div>
    </fieldset>
  );
}

function AccountHoursLoader({ dealerAccountId }: { dealerAccountId: number }) {
  const q = useQuery('calendar.get', { dealerAccountId });
  if (q.error) return <ErrorAlert message={q.error} />;
  return q.data ? <AccountHours cal={q.data} /> : null;
}

export function SendHoursSettings({ settings }: { settings: Settings }) {
  return (
    <div className="card" style={{ gridColumn: '1 / -1' }}>
      <div className="card-head">
        <h2>Send hours for automation</h2>
      </div>
      <div className="card-body stack">
        <p className="muted small">
          Automated messages go only inside these hours, in each account&apos;s own time zone, and never on its state&apos;s public holidays; a step due outside them waits for the next allowed time,
          and the gateway is told not to deliver it after they close.
        </p>
        {settings.dealerAccounts.map((a) => (
          <AccountHoursLoader key={a.id} dealerAccountId={a.id} />
        ))}
      </div>
    </div>
  );
}
