// Bulk lead import (issue 12, R10): pick a CSV file (or paste), choose the dealer account, map the
// columns (common headers are matched for you), look at the first rows, say what an empty or
// missing "Opt in to future marketing communication" means, then import with a determinate
// progress bar and a Cancel button; the summary lists the invalid rows with their reason and
// offers them as a CSV to fix and import again.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ImportProblemItem, LeadImport } from '../../shared/ipc/contract.ts';
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS, type ImportField, type ImportMapping } from '../../shared/domain/lead-import.ts';
import { api, client } from '../api/api.ts';
import { activeDealerAccounts, useApp } from '../stores/app-store.ts';
import { errorText, fmtCount } from '../lib/format.ts';
import { downloadText } from '../lib/download.ts';
import { Alert, ErrorAlert } from '../components/Alert.tsx';

type Preview = { headers: string[]; rows: string[][]; mapping: ImportMapping };
type Source = { kind: 'file'; file: File } | { kind: 'paste'; text: string };
type OptInDefault = 'in' | 'out' | 'refuse';

const PREVIEW_BYTES = 256 * 1024;
/** Bytes of the file per call to main (well under the web host's request limit, as JSON). */
const CHUNK_BYTES = 256 * 1024;

export function ImportLeadsView() {
  const uid = useId();
  const accounts = useApp(activeDealerAccounts);
  const [accountId, setAccountId] = useState<number | ''>('');
  const [source, setSource] = useState<Source | null>(null);
  const [paste, setPaste] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [optInDefault, setOptInDefault] = useState<OptInDefault>('refuse');
  const [error, setError] = useState<string | null>(null);
  const [run, setRun] = useState<LeadImport | null>(null);
  const [problems, setProblems] = useState<ImportProblemItem[]>([]);
  const [busy, setBusy] = useState(false);
  const runCard = useRef<HTMLDivElement>(null);
  const runId = run?.id ?? null;
  // A started import comes into view: its bar, then its summary.
  useEffect(() => {
    if (runId !== null) runCard.current?.scrollIntoView({ block: 'start' });
  }, [runId]);

  useEffect(() => {
    if (accountId === '' && accounts[0]) setAccountId(accounts[0].id);
  }, [accounts, accountId]);

  // Follow the running import: each committed batch announces itself; the record has the counts.
  const runningId = run?.status === 'running' ? run.id : null;
  useEffect(() => {
    if (runningId === null) return;
    let stale = false;
    const refresh = () =>
      void api()['imports.get']({ importId: runningId }).then((r) => {
        if (!stale) setRun(r);
      });
    const off = client().on('import:progress', (p) => {
      if ((p as { importId: number }).importId === runningId) refresh();
    });
    refresh();
    return () => {
      stale = true;
      off();
    };
  }, [runningId]);

  // The summary: the first invalid rows.
  const finishedId = run && run.status !== 'running' ? run.id : null;
  useEffect(() => {
    if (finishedId === null) return;
    void api()['imports.problems']({ importId: finishedId, limit: 200 }).then((p) => setProblems(p.items));
  }, [finishedId]);

  const loadPreview = async (s: Source) => {
    setError(null);
    setRun(null);
    setProblems([]);
    try {
      const head = s.kind === 'file' ? await s.file.slice(0, PREVIEW_BYTES).text() : s.text.slice(0, PREVIEW_BYTES);
      const p = await api()['imports.preview']({ text: head });
      setSource(s);
      setPreview(p);
      setMapping(p.mapping);
      setOptInDefault(p.mapping.optIn === undefined ? 'out' : 'refuse');
    } catch (e) {
      setPreview(null);
      setError(errorText(e));
    }
  };

  const start = async () => {
    if (!source || accountId === '') return;
    setBusy(true);
    setError(null);
    try {
      // The file goes to main a slice at a time (neither side holds it whole); a pasted text at once.
      const picked = source.kind === 'file' ? source.file : null;
      const file = picked ?? new Blob([source.kind === 'paste' ? source.text : ''], { type: 'text/csv' });
      const size = file.size;
      const decoder = new TextDecoder();
      let offset = 0;
      const nextChunk = async (): Promise<{ text: string; last: boolean }> => {
        const bytes = await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer();
        offset += bytes.byteLength;
        const last = offset >= size;
        return { text: decoder.decode(bytes, { stream: !last }), last };
      };
      let chunk = await nextChunk();
      const { importId } = await api()['imports.start']({
        text: chunk.text,
        last: chunk.last,
        totalBytes: size,
        fileName: picked ? picked.name : null,
        dealerAccountId: accountId,
        mapping,
        optInDefault: optInDefault === 'refuse' ? null : optInDefault === 'in',
      });
      setRun(await api()['imports.get']({ importId }));
      setBusy(false);
      while (!chunk.last) {
        chunk = await nextChunk();
        const { status } = await api()['imports.append']({ importId, text: chunk.text, last: chunk.last });
        if (status !== 'running') break;
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!run) return;
    try {
      setRun(await api()['imports.cancel']({ importId: run.id }));
    } catch (e) {
      setError(errorText(e));
    }
  };

  const downloadErrors = async () => {
    if (!run) return;
    try {
      const { fileName, csv } = await api()['imports.errorsCsv']({ importId: run.id });
      downloadText(fileName, csv);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const columnOf = useMemo(() => {
    const m = new Map<number, ImportField>();
    for (const f of IMPORT_FIELDS) if (mapping[f] !== undefined) m.set(mapping[f] as number, f);
    return m;
  }, [mapping]);
  const account = accounts.find((a) => a.id === accountId);
  const running = run?.status === 'running';

  return (
    <section className="page" aria-labelledby="import-title">
      <header className="page-header">
        <h1 id="import-title">Import leads</h1>
        <span className="page-sub">A CSV file of leads for one dealer account, with their marketing opt-in</span>
      </header>
      <div className="page-body page-scroll stack" style={{ flex: 1 }}>
        <ErrorAlert message={error} />
        <div className="card">
          <div className="card-head">
            <h2>1. The file</h2>
          </div>
          <div className="card-body stack">
            <div className="row" style={{ alignItems: 'flex-end', flexWrap: 'wrap' }}>
              <div className="field">
                <label htmlFor={`${uid}-file`}>CSV file</label>
                <input
                  id={`${uid}-file`}
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  disabled={running}
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) void loadPreview({ kind: 'file', file });
                  }}
                />
              </div>
              <div className="field" style={{ width: 260 }}>
                <label htmlFor={`${uid}-acct`}>Dealer account</label>
                <select id={`${uid}-acct`} className="select" value={accountId} disabled={running} onChange={(e) => setAccountId(Number(e.target.value))}>
                  {accounts.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <details>
              <summary>Or paste the rows</summary>
              <div className="field">
                <label htmlFor={`${uid}-paste`}>Pasted CSV (with its header row)</label>
                <textarea id={`${uid}-paste`} className="textarea mono" rows={6} value={paste} onChange={(e) => setPaste(e.target.value)} />
              </div>
              <button type="button" className="btn btn-sm" disabled={!paste.trim() || running} onClick={() => void loadPreview({ kind: 'paste', text: paste })}>
                Read pasted rows
              </button>
            </details>
          </div>
        </div>

        {preview && (
          <div className="card" data-testid="import-mapping">
            <div className="card-head">
              <h2>2. Columns</h2>
              <span className="muted small">Matched from the headers; change any that are wrong.</span>
            </div>
            <div className="card-body stack">
              <div className="row" style={{ flexWrap: 'wrap', alignItems: 'flex-end' }}>
                {IMPORT_FIELDS.map((f) => (
                  <div className="field" key={f} style={{ width: 230 }}>
                    <label htmlFor={`${uid}-map-${f}`}>{IMPORT_FIELD_LABELS[f]}</label>
                    <select
                      id={`${uid}-map-${f}`}
                      className="select"
                      value={mapping[f] ?? ''}
                      disabled={running}
                      onChange={(e) => {
                        const v = e.target.value;
                        setMapping((m) => {
                          const next = { ...m };
                          if (v === '') delete next[f];
                          else next[f] = Number(v);
                          return next;
                        });
                      }}
                    >
                      <option value="">(not in the file)</option>
                      {preview.headers.map((h, i) => (
                        <option key={i} value={i}>
                          {h || `Column ${i + 1}`}
                        </option>
                      ))}
                    </select>
                  </div>
                ))}
              </div>
              <fieldset className="field">
                <legend>
                  {mapping.optIn === undefined
                    ? 'No opt-in column: every lead is'
                    : 'When "Opt in to future marketing communication" is empty'}
                </legend>
                <div className="row">
                  {(
                    [
                      ['out', 'Opted out of marketing (SMS and email)'],
                      ['in', 'Opted in'],
                      ...(mapping.optIn === undefined ? [] : [['refuse', 'Refuse the row'] as const]),
                    ] as const
                  ).map(([v, label]) => (
                    <label key={v} className="row">
                      <input type="radio" name={`${uid}-optin`} value={v} checked={optInDefault === v} onChange={() => setOptInDefault(v)} disabled={running} />
                      {label}
                    </label>
                  ))}
                </div>
              </fieldset>
              <h3 className="small muted">First rows</h3>
              <div className="table-wrap">
                <table className="data" aria-label="First rows of the file" data-testid="import-preview">
                  <thead>
                    <tr>
                      {preview.headers.map((h, i) => (
                        <th key={i} scope="col">
                          {h || `Column ${i + 1}`}
                          <div className="muted small" style={{ textTransform: 'none', fontWeight: 400 }}>{columnOf.has(i) ? `→ ${IMPORT_FIELD_LABELS[columnOf.get(i) as ImportField]}` : 'not imported'}</div>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {preview.rows.map((r, i) => (
                      <tr key={i}>
                        {preview.headers.map((_, j) => (
                          <td key={j}>{r[j] ?? ''}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="row">
                <button type="button" className="btn btn-primary" disabled={busy || running || accountId === ''} onClick={() => void start()}>
                  Import into {account?.name ?? '…'}
                </button>
                {optInDefault === 'out' && <span className="small muted">Leads without an opt-in are recorded as opted out (source: import).</span>}
              </div>
            </div>
          </div>
        )}

        {run && (
          <div className="card" data-testid="import-run" aria-live="polite" ref={runCard}>
            <div className="card-head">
              <h2>3. {run.status === 'running' ? 'Importing…' : run.status === 'done' ? 'Imported' : run.status === 'cancelled' ? 'Cancelled' : 'Stopped by an error'}</h2>
              {running && (
                <button type="button" className="btn btn-sm" onClick={() => void cancel()}>
                  Cancel import
                </button>
              )}
            </div>
            <div className="card-body stack">
              <progress
                max={1}
                value={run.fraction ?? (run.status === 'done' ? 1 : 0)}
                aria-label="Import progress"
                data-testid="import-progress"
                style={{ width: '100%' }}
              />
              <p data-testid="import-summary">
                {fmtCount(run.rowsRead)} rows read · <strong>{fmtCount(run.created)}</strong> new customers ·{' '}
                <strong>{fmtCount(run.attached)}</strong> existing customers added as leads · {fmtCount(run.unchanged)} already leads (left as they
                were) · <strong>{fmtCount(run.invalid)}</strong> invalid · {fmtCount(run.optedOut)} opted out of marketing
              </p>
              {run.status === 'cancelled' && <Alert tone="warn" title="Cancelled">The rows committed before the cancel stay imported; run the same file again to import the rest (nothing is imported twice).</Alert>}
              {run.status === 'failed' && <Alert tone="danger" title="The import stopped">{run.error}</Alert>}
              {!running && run.invalid > 0 && (
                <>
                  <div className="row">
                    <h3>Invalid rows ({fmtCount(run.invalid)})</h3>
                    <button type="button" className="btn btn-sm" onClick={() => void downloadErrors()}>
                      Download invalid rows (CSV)
                    </button>
                  </div>
                  <div className="table-wrap">
                    <table className="data" aria-label="Invalid rows" data-testid="import-problems">
                      <thead>
                        <tr>
                          <th scope="col">Line</th>
                          <th scope="col">Reason</th>
                          <th scope="col">Row</th>
                        </tr>
                      </thead>
                      <tbody>
                        {problems.map((p) => (
                          <tr key={p.row}>
                            <td>{p.row}</td>
                            <td>{p.detail}</td>
                            <td className="muted small">{p.record.join(' · ')}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  {run.invalid > problems.length && <p className="muted small">The first {problems.length} are shown; the CSV has them all.</p>}
                </>
              )}
            </div>
          </div>
        )}
      </div>
    </section>
  );
}
