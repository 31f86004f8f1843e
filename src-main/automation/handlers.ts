// Automation rules and their run history over IPC.
import { defineHandlers } from '../ipc/handler.ts';
import { automationRule, automationRun } from '../ipc/mappers.ts';

export const automationHandlers = defineHandlers({
  'automation.rules': ({ ctx }) => ctx.core.automation.rules().map(automationRule),
  'automation.history': ({ input, ctx }) => {
    const { runs, next } = ctx.core.automation.history(input.limit, {
      ...(input.ruleId !== undefined ? { ruleId: input.ruleId } : {}),
      ...(input.cursor ? { before: input.cursor } : {}),
    });
    return { items: runs.map(automationRun), next };
  },
});
