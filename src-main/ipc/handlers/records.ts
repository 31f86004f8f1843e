// Appraisals, templates and automation history: read-mostly records around the leads.
import { defineHandlers } from '../handler.ts';
import { appraisal, automationRule, automationRun, template } from '../mappers.ts';
import { notFound } from '../../app-error.ts';

export const appraisalHandlers = defineHandlers({
  'appraisals.list': ({ input, ctx }) => {
    const { appraisals } = ctx.core.store;
    return {
      items: appraisals.list(input.limit, input.offset, input.dealerAccountId).map(appraisal),
      total: appraisals.count(input.dealerAccountId),
    };
  },
  'appraisals.byLead': ({ input, ctx }) => {
    if (!ctx.core.store.customers.get(input.customerId)) throw notFound(`Customer ${input.customerId}`);
    return ctx.core.store.appraisals.byCustomer(input.customerId).map(appraisal);
  },
  'appraisals.get': ({ input, ctx }) => {
    const row = ctx.core.store.appraisals.get(input.appraisalId);
    if (!row) throw notFound(`Appraisal ${input.appraisalId}`);
    return appraisal(row);
  },
});

export const templateHandlers = defineHandlers({
  'templates.list': ({ input, ctx }) => ctx.core.store.templates.list(input.dealerAccountId).map(template),
});

export const automationHandlers = defineHandlers({
  'automation.rules': ({ ctx }) => ctx.core.store.automation.rules().map(automationRule),
  'automation.history': ({ input, ctx }) => {
    const rows = ctx.core.store.automation.history(input.limit + 1, {
      ...(input.ruleId !== undefined ? { ruleId: input.ruleId } : {}),
      ...(input.cursor ? { before: input.cursor } : {}),
    });
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    return { items: page.map(automationRun), next: rows.length > input.limit && last ? { ranAt: last.ran_at, id: last.id } : null };
  },
});
