// Prefix-search tokens for the leads list: lower-case names and email, and the mobile's digits in
// both international (61412...) and national (0412...) form, so typing either finds the lead.

export interface SearchableCustomer {
  firstName: string;
  lastName: string;
  mobile: string | null;
  email: string | null;
}

function words(s: string): string[] {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}'@._+-]+/u)
    .map((w) => w.replace(/^['._+-]+|['._+-]+$/g, ''))
    .filter((w) => w.length > 0);
}

export function mobileTokens(mobile: string | null): string[] {
  if (!mobile) return [];
  const digits = mobile.replace(/\D/g, '');
  const out = [digits];
  if (digits.startsWith('61')) out.push(`0${digits.slice(2)}`);
  return out;
}

export function searchTokens(c: SearchableCustomer): string[] {
  const tokens = new Set<string>([...words(c.firstName), ...words(c.lastName), ...mobileTokens(c.mobile)]);
  if (c.email) {
    const email = c.email.trim().toLowerCase();
    tokens.add(email);
  }
  return [...tokens];
}

/** One word of a lead search: part of a name, or part of an email or mobile number. */
export interface SearchTerm {
  text: string;
  kind: 'name' | 'contact';
}

/**
 * Splits what the user typed into at most four prefix terms. Something shaped like a phone number
 * (digits, with spaces, brackets, dashes or a leading +) becomes one digits-only term; a word with
 * @, a dot, a digit or + is part of an email; any other word is part of a name.
 */
export function searchTerms(query: string): SearchTerm[] {
  const trimmed = query.normalize('NFKC').trim().toLowerCase();
  if (!trimmed) return [];
  if (/^[+\d][\d\s()-]*$/.test(trimmed)) {
    const digits = trimmed.replace(/\D/g, '');
    return digits ? [{ text: digits, kind: 'contact' }] : [];
  }
  const words = trimmed
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}@._+-]+$/gu, ''))
    .filter((w) => w.length > 0);
  return [...new Set(words)].slice(0, 4).map((text) => ({
    text,
    kind: /^[\p{L}'-]+$/u.test(text) ? 'name' : 'contact',
  }));
}

/** The smallest string greater than every string starting with `prefix`. */
export function prefixUpperBound(prefix: string): string {
  return prefix + '\uffff';
}
