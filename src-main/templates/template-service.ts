// Message templates ("responses"): shared ones and those of one dealer account, and the one place
// main fills a template for a lead (the placeholders of shared/domain/templates.ts).
import type { Store } from '../db/store.ts';
import type { TemplateRow } from '../db/repos/templates-repo.ts';
import type { Clock } from '../clock.ts';
import { fillTemplate, validateTemplate, type TemplateValues } from '../../shared/domain/templates.ts';
import { emailToSms } from '../../shared/domain/email-to-sms.ts';
import { countSegments, MAX_SMS_BODY_CHARS } from '../../shared/sms-segments.ts';
import { invalidInput, notFound } from '../app-error.ts';

export interface TemplateInput {
  dealerAccountId: number | null;
  name: string;
  /** The SMS text. */
  body: string;
  emailSubject: string | null;
  emailBody: string | null;
}

export type FilledTemplate = { ok: true; text: string } | { ok: false; placeholder: string; error: string };

export class TemplateService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The templates a dealer account may use (all, without one); archived ones only when asked. */
  list(dealerAccountId?: number, includeArchived = false): TemplateRow[] {
    const all = this.store.templates.list(dealerAccountId);
    return includeArchived ? all : all.filter((t) => t.archived_at === null);
  }

  /**
   * Creates (no id) or edits a response. Every part is checked for placeholders the app cannot
   * fill; a refusal names the part and the placeholder, and nothing is saved.
   */
  save(id: number | null, input: TemplateInput): TemplateRow {
    const name = input.name.trim();
    if (!name) throw invalidInput('A response needs a name.', { field: 'name' });
    if (input.dealerAccountId !== null && !this.store.accounts.account(input.dealerAccountId)) throw notFound(`Dealer account ${input.dealerAccountId}`);
    const body = input.body.replace(/\r\n/g, '\n').trim();
    const emailSubject = input.emailSubject?.trim() || null;
    const emailBody = input.emailBody?.trim() || null;
    if (!body && !emailBody) throw invalidInput('A response needs an SMS text or an email body.', { field: 'body' });
    if (body.length > MAX_SMS_BODY_CHARS) throw invalidInput(`The SMS text is ${body.length} characters; SMS allows at most ${MAX_SMS_BODY_CHARS}.`, { field: 'body' });
    for (const [field, text] of [['body', body], ['emailSubject', emailSubject], ['emailBody', emailBody]] as const) {
      if (!text) continue;
      const check = validateTemplate(text);
      if (!check.ok) throw invalidInput(check.error, { field, placeholder: check.placeholder });
    }
    const now = this.clock();
    if (id === null) return this.get(this.store.templates.insert({ dealerAccountId: input.dealerAccountId, name, body, emailSubject, emailBody }, now));
    const existing = this.get(id);
    if (existing.dealer_account_id !== input.dealerAccountId && this.store.templates.usedByRules(id)) {
      throw invalidInput(`"${existing.name}" is a step of an automation rule; it stays with its dealer account.`, { field: 'dealerAccountId' });
    }
    this.store.templates.update(id, { dealerAccountId: input.dealerAccountId, name, body, emailSubject, emailBody }, now);
    return this.get(id);
  }

  /** Archives (or restores) a response: it leaves the lists; a rule's step using it is skipped with the reason. */
  archive(id: number, archived: boolean): TemplateRow {
    this.get(id);
    this.store.templates.setArchived(id, archived ? this.clock() : null);
    return this.get(id);
  }

  /**
   * A response filled for a lead, ready for the composer: its SMS text, or with `emailAsSms` its
   * email body turned into SMS text (markup stripped, links kept, whitespace folded). A
   * placeholder the app cannot fill for this lead is refused, naming it.
   */
  render(id: number, customerId: number, dealerAccountId: number, emailAsSms: boolean): { text: string; segments: number; encoding: 'GSM-7' | 'UCS-2' } {
    const t = this.get(id);
    if (t.dealer_account_id !== null && t.dealer_account_id !== dealerAccountId) {
      throw invalidInput(`"${t.name}" is a response of another dealer account.`, { field: 'templateId' });
    }
    if (!this.store.customers.isLeadOf(customerId, dealerAccountId)) throw invalidInput('The customer is not a lead of that dealer account.', { field: 'dealerAccountId' });
    let source = t.body;
    if (emailAsSms) {
      if (!t.email_body) throw invalidInput(`"${t.name}" has no email body to send as SMS.`, { field: 'templateId' });
      source = emailToSms(t.email_body);
    }
    if (!source) throw invalidInput(`"${t.name}" has no SMS text; use "Send via SMS" to send its email.`, { field: 'templateId' });
    const filled = this.fill(source, customerId, dealerAccountId);
    if (!filled.ok) throw invalidInput(filled.error, { field: 'templateId', placeholder: filled.placeholder });
    const info = countSegments(filled.text);
    return { text: filled.text, segments: info.segments, encoding: info.encoding };
  }

  get(id: number): TemplateRow {
    const t = this.store.templates.get(id);
    if (!t) throw notFound(`Template ${id}`);
    return t;
  }

  /**
   * What fills the placeholders for a lead of an account: the customer's names, the dealer's name,
   * the lead's vehicle (else its latest appraisal's) and salesperson.
   */
  valuesFor(customerId: number, dealerAccountId: number): TemplateValues {
    const customer = this.store.customers.get(customerId);
    if (!customer) throw notFound(`Customer ${customerId}`);
    const lead = this.store.leadFields.get(customerId, dealerAccountId);
    let vehicle = lead?.vehicle ?? null;
    if (!vehicle) {
      const appraisal = this.store.appraisals.byCustomer(customerId).find((a) => a.dealer_account_id === dealerAccountId);
      if (appraisal) vehicle = [appraisal.year, appraisal.make, appraisal.model].filter((x) => x !== null && x !== '').join(' ');
    }
    return {
      firstName: customer.first_name,
      lastName: customer.last_name,
      dealerName: this.store.accounts.account(dealerAccountId)?.name ?? null,
      vehicle,
      salesperson: lead?.salesperson ?? null,
    };
  }

  /** A template text filled for a lead, or why it cannot be (an unknown or unfillable placeholder). */
  fill(text: string, customerId: number, dealerAccountId: number): FilledTemplate {
    return fillTemplate(text, this.valuesFor(customerId, dealerAccountId));
  }
}
