// Prefix-search tokens for the leads list: lower-case names (also without their punctuation, so
// "oconnor" finds O'Connor), the email, the mobile's digits in both international (61412...) and
// national (0412...) form and every run of its last digits ("570 006" finds 0491 570 006), and the
// make, model and registration of the lead's vehicles under appraisal.

export interface SearchableCustomer {
  firstName: string;
  lastName: string;
  mobile: string | null;
  email: string | null;
  /** The lead's vehicles under appraisal. */
  vehicles?: readonly SearchableVehicle[];
}

export interface SearchableVehicle {
  make: string;
  model: string;
  registration: string | null;
}

/** The shortest run of a number's digits that finds it ("006"). */
export const MIN_DIGIT_RUN = 3;

/** A word without its punctuation ("o'connor" → "oconnor", "mary-jane" → "maryjane"). */
function squash(word: string): string {
  return word.replace(/['._+-]/g, '');
}

/** Name words and, for those with punctuation, the same word without it. */
function nameWords(s: string): string[] {
  return words(s).flatMap((w) => {
    const plain = squash(w);
    return plain && plain !== w ? [w, plain] : [w];
  });
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
  const national = digits.startsWith('61') ? `0${digits.slice(2)}` : null;
  if (national) out.push(national);
  // Every run of the last digits: a prefix search then matches any run typed from the middle.
  const base = national ?? digits;
  for (let i = 1; i <= base.length - MIN_DIGIT_RUN; i++) out.push(base.slice(i));
  return out;
}

/** The make, model words and the registration (without spaces or dashes) of a vehicle. */
export function vehicleTokens(v: SearchableVehicle): string[] {
  const out = [...words(v.make), ...words(v.model)];
  const rego = v.registration?.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  if (rego) out.push(rego);
  return out;
}

/** What the full-text name index holds for a customer: the name and its words without punctuation. */
export function nameIndexText(firstName: string, lastName: string): string {
  const name = `${firstName} ${lastName}`;
  const extra = [...words(firstName), ...words(lastName)].map(squash).filter((w, i, all) => w && !name.toLowerCase().split(/\s+/).includes(w) && all.indexOf(w) === i);
  return extra.length ? `${name} ${extra.join(' ')}` : name;
}

export function searchTokens(c: SearchableCustomer): string[] {
  const tokens = new Set<string>([
    ...nameWords(c.firstName),
    ...nameWords(c.lastName),
    ...mobileTokens(c.mobile),
    ...(c.vehicles ?? []).flatMap(vehicleTokens),
  ]);
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
