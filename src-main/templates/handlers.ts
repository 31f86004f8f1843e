// Responses (message templates) over IPC: list, save, archive, and fill one for a lead (Send via SMS).
import { defineHandlers } from '../ipc/handler.ts';
import { template } from '../ipc/mappers/automation.ts';

export const templateHandlers = defineHandlers({
  'templates.list': ({ input, ctx }) => ctx.core.templates.list(input.dealerAccountId, input.includeArchived).map(template),
  'templates.save': ({ input, ctx }) => {
    const { templateId, ...rest } = input;
    return template(ctx.core.templates.save(templateId ?? null, rest));
  },
  'templates.archive': ({ input, ctx }) => template(ctx.core.templates.archive(input.templateId, input.archived)),
  'templates.render': ({ input, ctx }) => ctx.core.templates.render(input.templateId, input.customerId, input.dealerAccountId, input.as === 'email_as_sms'),
});
