// The rules for a lead's name and email as typed, and every field's length, every error at once (a
// form shows them all and clears each as it becomes valid; main refuses with the first). Whether a
// mobile is a mobile is main's to say (shared/phone.ts: the phone metadata stays out of the screens). Lengths are the
// contract's limits: over them the form says so instead of cutting what was typed.

export const LEAD_FIELD_LIMITS = { firstName: 100, lastName: 100, email: 320, mobile: 64 } as const;

/** An email address as the app accepts it. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type LeadField = 'firstName' | 'lastName' | 'name' | 'email' | 'mobile';
export interface LeadFieldError {
  field: LeadField;
  message: string;
}

const LABEL: Record<keyof typeof LEAD_FIELD_LIMITS, string> = { firstName: 'First name', lastName: 'Last name', email: 'Email', mobile: 'Mobile' };

export interface LeadFieldValues {
  firstName: string;
  lastName: string;
  email: string;
  /** Undefined: not on this form. */
  mobile?: string;
}

/** Every problem with what was typed, in the form's order; [] when it may be saved. */
export function leadFieldErrors(v: LeadFieldValues, o: { requireName: boolean; who?: 'lead' | 'customer' }): LeadFieldError[] {
  const out: LeadFieldError[] = [];
  for (const key of ['firstName', 'lastName', 'mobile', 'email'] as const) {
    const value = v[key];
    if (value !== undefined && value.length > LEAD_FIELD_LIMITS[key]) {
      out.push({ field: key, message: `${LABEL[key]}: ${LEAD_FIELD_LIMITS[key]} characters at most (this has ${value.length}).` });
    }
  }
  if (o.requireName && !v.firstName.trim() && !v.lastName.trim()) out.push({ field: 'name', message: `A ${o.who ?? 'lead'} needs a first or last name.` });
  const email = v.email.trim();
  if (email && email.length <= LEAD_FIELD_LIMITS.email && !EMAIL_PATTERN.test(email)) out.push({ field: 'email', message: `"${email}" is not an email address.` });
  return out;
}

/** Whether an error is about this input (the name error marks both name inputs). */
export function errorOn(errors: readonly LeadFieldError[], ...fields: LeadField[]): LeadFieldError | undefined {
  return errors.find((e) => fields.includes(e.field));
}
