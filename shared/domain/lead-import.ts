// Bulk lead import vocabulary (issue 12, R10): the fields a column can be mapped to, how common
// headers are matched to them, how the "Opt in to future marketing communication" column is read,
// and the problems a row can have. Pure data and functions: the main process imports with them,
// the renderer labels the mapping step with them.

export const IMPORT_FIELDS = ['externalId', 'firstName', 'lastName', 'fullName', 'mobile', 'email', 'optIn'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_FIELD_LABELS: Readonly<Record<ImportField, string>> = {
  externalId: 'Lead id (from your system)',
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name',
  mobile: 'Mobile',
  email: 'Email',
  optIn: 'Opt in to future marketing communication',
};

/** field -> column index (0-based) in the file. */
export type ImportMapping = Partial<Record<ImportField, number>>;

/** Why a row was not imported: a code per kind (the sentence is kept beside it). */
export const IMPORT_PROBLEMS = [
  'missing_name',
  'invalid_mobile',
  'not_mobile',
  'invalid_email',
  'no_contact',
  'invalid_opt_in',
  'missing_opt_in',
] as const;
export type ImportProblem = (typeof IMPORT_PROBLEMS)[number];

export const IMPORT_STATUSES = ['running', 'done', 'cancelled', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Lower case, letters and digits only: "E-mail Address" -> "emailaddress". */
function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Common spellings of each field's header (as headerKey leaves them), best first. */
const HEADER_NAMES: Readonly<Record<ImportField, readonly string[]>> = {
  externalId: ['leadid', 'externalleadid', 'externalid', 'crmid', 'leadref', 'leadreference', 'reference', 'ref', 'recordid', 'customerid', 'id'],
  firstName: ['firstname', 'first', 'givenname', 'given', 'fname', 'forename', 'christianname'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'lname'],
  fullName: ['fullname', 'name', 'customername', 'contactname', 'customer', 'contact', 'leadname'],
  mobile: ['mobile', 'mobilenumber', 'mobilephone', 'mobileno', 'mob', 'cell', 'cellphone', 'cellnumber', 'phonemobile', 'phone', 'phonenumber', 'contactnumber', 'sms', 'smsnumber'],
  email: ['email', 'emailaddress', 'mail', 'emailid', 'contactemail'],
  optIn: [
    'optintofuturemarketingcommunication',
    'optintofuturemarketingcommunications',
    'optintofuturemarketing',
    'marketingoptin',
    'optinmarketing',
    'marketingconsent',
    'optin',
    'marketing',
    'consent',
    'acceptsmarketing',
    'subscribed',
  ],
};

/**
 * Suggests a mapping from the header row: each field takes the first column whose header is one
 * of its common spellings (exact first, then a header that contains one, e.g. "Mobile (AU)").
 * A column serves one field.
 */
export function suggestMapping(headers: readonly string[]): ImportMapping {
  const keys = headers.map(headerKey);
  const used = new Set<number>();
  const mapping: ImportMapping = {};
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of IMPORT_FIELDS) {
      if (mapping[field] !== undefined) continue;
      for (const name of HEADER_NAMES[field]) {
        const i = keys.findIndex((k, idx) => !used.has(idx) && k !== '' && (pass === 'exact' ? k === name : name.length >= 4 && k.includes(name)));
        if (i >= 0) {
          mapping[field] = i;
          used.add(i);
          break;
        }
      }
    }
  }
  // A full name alone is enough; with first and last names found, it is not needed.
  if (mapping.firstName !== undefined && mapping.lastName !== undefined) delete mapping.fullName;
  return mapping;
}

const YES = new Set(['yes', 'y', 'true', 't', '1', 'ticked', 'tick', 'checked', 'check', 'on', 'x', '✓', '✔', '☑', '☒', 'optedin', 'optin', 'in', 'subscribed', 'agree', 'agreed']);
const NO = new Set(['no', 'n', 'false', 'f', '0', 'unticked', 'untick', 'unchecked', 'off', '☐', 'optedout', 'optout', 'out', 'unsubscribed', 'disagree']);

/**
 * Reads an opt-in cell: yes/no, y/n, true/false, 1/0, ticked/unticked, checked/unchecked, a tick
 * mark, "opted in"/"opted out". Empty: null (the import's default applies). Anything else:
 * undefined (not understood: the row is refused rather than guessed).
 */
export function parseOptIn(cell: string | undefined): boolean | null | undefined {
  const raw = (cell ?? '').normalize('NFKC').trim().toLowerCase();
  if (raw === '') return null;
  const key = raw.replace(/[\s_-]+/g, '');
  if (YES.has(key) || YES.has(raw)) return true;
  if (NO.has(key) || NO.has(raw)) return false;
  return undefined;
}

/** "Jane Citizen" -> Jane / Citizen; "Citizen, Jane" -> Jane / Citizen; "Cher" -> Cher / "". */
export function splitFullName(full: string): { firstName: string; lastName: string } {
  const text = full.trim().replace(/\s+/g, ' ');
  const comma = text.indexOf(',');
  if (comma > 0) return { firstName: text.slice(comma + 1).trim(), lastName: text.slice(0, comma).trim() };
  const space = text.lastIndexOf(' ');
  if (space < 0) return { firstName: text, lastName: '' };
  return { firstName: text.slice(0, space), lastName: text.slice(space + 1) };
}
