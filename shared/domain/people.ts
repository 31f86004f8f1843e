// How a person is named in the app: "Jane Citizen", or "Jane" or "Citizen" where one part is
// missing, or a fallback (the number, "Customer 12") where both are. The one place it is built;
// SQL that needs a name in a query (list joins) writes the same concatenation and is trimmed here.

export function displayName(first: string | null | undefined, last: string | null | undefined, fallback = ''): string {
  return `${first ?? ''} ${last ?? ''}`.trim() || fallback;
}

/** A customer row's name (snake_case columns, as the repos return them). */
export function customerDisplayName(c: { first_name: string; last_name: string }, fallback = ''): string {
  return displayName(c.first_name, c.last_name, fallback);
}
