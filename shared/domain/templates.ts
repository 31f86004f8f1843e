// Message templates: the one defined set of placeholders, how a template is filled, and how a
// template or a message is checked for placeholders. Used by the composer (filling a chosen
// template), by main (refusing a message that still holds a placeholder, the demo's automation
// rule) and by anything that later saves or runs templates. Plain data and pure functions.

export interface TemplateField {
  /** The key of the value that fills it. */
  key: 'firstName' | 'lastName' | 'dealerName' | 'vehicle' | 'salesperson';
  /** How the app writes it: `{firstName}`. */
  token: string;
  /**
   * The spellings real templates use, compared without case, spaces, `_` or `-`, in single or
   * double braces: `{first name}`, `{first_name}`, `{{firstName}}`, `{FIRST NAME}` all match.
   */
  spellings: readonly string[];
  /** What the UI calls it. */
  label: string;
  /** Written in when the value is empty (a lead without a first name is greeted "Hi there"). */
  fallback: string | null;
}

export const TEMPLATE_FIELDS = [
  { key: 'firstName', token: '{firstName}', spellings: ['firstName', 'first name', 'first_name', 'name'], label: 'First name', fallback: 'there' },
  { key: 'lastName', token: '{lastName}', spellings: ['lastName', 'last name', 'last_name', 'surname'], label: 'Last name', fallback: null },
  { key: 'dealerName', token: '{dealerName}', spellings: ['dealerName', 'dealer name', 'dealer', 'dealership'], label: 'Dealer name', fallback: null },
  { key: 'vehicle', token: '{vehicle}', spellings: ['vehicle', 'car', 'vehicle of interest'], label: "Vehicle (the lead's vehicle, else its latest appraisal)", fallback: null },
  { key: 'salesperson', token: '{salesperson}', spellings: ['salesperson', 'sales person', 'sales rep', 'consultant'], label: 'Salesperson', fallback: null },
] as const satisfies readonly TemplateField[];

export type TemplateFieldKey = (typeof TEMPLATE_FIELDS)[number]['key'];
export type TemplateValues = Partial<Record<TemplateFieldKey, string | null>>;

/**
 * Anything shaped like a placeholder: a name in single or double braces (`{first name}`,
 * `{{ firstName }}`). A customer's text never needs one, so a sent message must hold none.
 */
const PLACEHOLDER = /\{\{?\s*([A-Za-z][A-Za-z0-9 _.-]{0,39}?)\s*\}?\}/g;

function normalise(name: string): string {
  return name.replace(/[\s_-]+/g, '').toLowerCase();
}

const FIELD_BY_SPELLING = new Map<string, TemplateField>(
  TEMPLATE_FIELDS.flatMap((f) => f.spellings.map((s) => [normalise(s), f as TemplateField] as const)),
);

/** The field a placeholder's name stands for (`first name` → firstName), or null when none does. */
export function templateFieldOf(name: string): TemplateField | null {
  return FIELD_BY_SPELLING.get(normalise(name)) ?? null;
}

/**
 * Fills every known placeholder with its value (or the field's fallback when the value is empty).
 * A placeholder with neither, or one the app does not know, is left as written so that
 * `unfilledPlaceholders` finds it.
 */
export function renderTemplate(body: string, values: TemplateValues): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => {
    const field = templateFieldOf(name);
    if (!field) return whole;
    const value = values[field.key]?.trim();
    return value || (field.fallback ?? whole);
  });
}

/** The placeholders still in a text, as written (`{first name}`), each once, in order of appearance. */
export function unfilledPlaceholders(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) if (!found.includes(m[0])) found.push(m[0]);
  return found;
}

export type TemplateCheck = { ok: true } | { ok: false; placeholder: string; error: string };

/** A template may hold only the placeholders the app knows how to fill. */
export function validateTemplate(body: string): TemplateCheck {
  for (const m of body.matchAll(PLACEHOLDER)) {
    if (!templateFieldOf(m[1]!)) {
      const known = TEMPLATE_FIELDS.map((f) => f.token).join(', ');
      return { ok: false, placeholder: m[0], error: `The template uses the placeholder ${m[0]}, which the app cannot fill (it knows ${known}).` };
    }
  }
  return { ok: true };
}

/**
 * Fills a template for one lead: the text, or why it cannot be filled (an unknown placeholder, or
 * one with no value for this lead and no fallback).
 */
export function fillTemplate(body: string, values: TemplateValues): { ok: true; text: string } | { ok: false; placeholder: string; error: string } {
  const check = validateTemplate(body);
  if (!check.ok) return check;
  const text = renderTemplate(body, values);
  const [placeholder] = unfilledPlaceholders(text);
  if (placeholder === undefined) return { ok: true, text };
  const field = templateFieldOf(placeholder.replace(/[{}]/g, '').trim());
  return { ok: false, placeholder, error: `The template's ${placeholder} has nothing to fill it for this lead${field ? ` (no ${field.label.toLowerCase()} on record)` : ''}.` };
}

/** Main's refusal of a message that still holds a placeholder, or null when it holds none. */
export function unfilledPlaceholderError(text: string): { placeholder: string; error: string } | null {
  const [placeholder] = unfilledPlaceholders(text);
  if (placeholder === undefined) return null;
  return { placeholder, error: `Not sent: the message still holds the placeholder ${placeholder}; replace it with the customer's details.` };
}
