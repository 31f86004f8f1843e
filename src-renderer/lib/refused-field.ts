// Which input a refusal from main is about, so a form can mark that field (aria-invalid) and keep
// everything the user typed. Main names it in `details.field`; a schema refusal names the path of
// its first issue.
import { ApiError } from '../../shared/ipc/client.ts';

export function refusedField(err: unknown): string | null {
  const d = err instanceof ApiError ? err.detailsFor('INVALID_INPUT') : undefined;
  if (!d) return null;
  if (d.field) return d.field;
  return d.issues?.[0]?.path || null;
}
