// Exports a CSV (consent register, blocked attempts, unsubscribe handling, SMS list, evidence pack):
// main writes it a few thousand rows at a time; the parts are saved as one file. Shows how many rows
// so far, and can be cancelled.
import { useRef, useState } from 'react';
import type { ApiInput } from '../../shared/ipc/contract.ts';
import { api } from '../api/api.ts';
import { toast } from '../stores/app-store.ts';
import { errorText, fmtCount } from '../lib/format.ts';
import { downloadParts } from '../lib/download.ts';

export function ExportButton({ request, label, className = 'btn btn-sm' }: { request: ApiInput<'exports.open'>; label: string; className?: string }) {
  const [rows, setRows] = useState<number | null>(null);
  const cancelled = useRef(false);
  const current = useRef<number | null>(null);

  const run = async () => {
    cancelled.current = false;
    setRows(0);
    try {
      const { exportId, fileName } = await api()['exports.open'](request);
      current.current = exportId;
      const parts: string[] = [];
      for (;;) {
        if (cancelled.current) {
          await api()['exports.close']({ exportId });
          return;
        }
        const chunk = await api()['exports.next']({ exportId, maxRows: 5000 });
        parts.push(chunk.csv);
        setRows(chunk.rows);
        if (chunk.done) {
          downloadParts(fileName, parts);
          toast({ tone: 'ok', title: `Exported ${fmtCount(chunk.rows)} rows`, body: fileName }, 4000);
          return;
        }
      }
    } catch (e) {
      toast({ tone: 'danger', title: 'Could not export', body: errorText(e) });
    } finally {
      current.current = null;
      setRows(null);
    }
  };

  if (rows !== null) {
    return (
      <span className="row" role="status" data-testid="export-progress">
        <span className="small">Exporting… {fmtCount(rows)} rows</span>
        <button type="button" className="btn btn-sm" onClick={() => (cancelled.current = true)}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <button type="button" className={className} onClick={() => void run()}>
      {label}
    </button>
  );
}
