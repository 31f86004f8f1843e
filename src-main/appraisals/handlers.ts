// Trade-in appraisals over IPC: read-only records around the leads.
import { defineHandlers } from '../ipc/handler.ts';
import { appraisal } from '../ipc/mappers.ts';

export const appraisalHandlers = defineHandlers({
  'appraisals.list': ({ input, ctx }) => {
    const { items, total } = ctx.core.appraisals.list(input.limit, input.offset, input.dealerAccountId);
    return { items: items.map(appraisal), total };
  },
  'appraisals.byLead': ({ input, ctx }) => ctx.core.appraisals.byLead(input.customerId).map(appraisal),
  'appraisals.get': ({ input, ctx }) => appraisal(ctx.core.appraisals.get(input.appraisalId)),
});
