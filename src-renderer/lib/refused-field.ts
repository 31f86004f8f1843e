// Which input a refusal from main is about, so a form can mark that field (aria-invalid) and keep
// everything the user typed. Main names it in `details.field`; a schema refusal names the path of
// its first issue.
import { ApiError } from '../../shared/ipc/client.ts';

export function refusedField(err: unknown): string | null {
  if (!(err instanceof ApiError) || typeof err.details !== 'object' || err.details === null) return null;
  const d = err.details as { field?: unknown; issues?: Array<{ path?: unknown }> };
  if (typeof d.field === 'string') return d.field;
  const path = Array.isArray(d.issues) ? d.issues[0]?.path : undefined;
  return typeof path === 'string' && path ? path : null;
}
