// Automation over IPC: rules (list, save, on/off, archive, dry run), history, a lead's path and
// automation fields, and the test runs' clock.
import { defineHandlers } from '../ipc/handler.ts';
import { automationRule, automationRun, leadAutomation, leadPath } from '../ipc/mappers/automation.ts';
import { AppError } from '../app-error.ts';
import type { RuleInput } from './automation-service.ts';

export const automationHandlers = defineHandlers({
  'automation.rules': ({ ctx }) => ctx.core.automation.summaries().map((s) => automationRule(s, ctx.core.store)),
  'automation.saveRule': ({ input, ctx }) => {
    const { ruleId, ...rest } = input;
    const rule: RuleInput = {
      dealerAccountId: rest.dealerAccountId,
      name: rest.name,
      trigger: rest.trigger,
      triggerDays: rest.triggerDays ?? null,
      triggerStatus: rest.triggerStatus ?? null,
      triggerDateField: rest.triggerDateField ?? null,
      triggerOffsetMs: rest.triggerOffsetMs ?? 0,
      sources: rest.sources,
      steps: rest.steps,
      endAt: rest.endAt ?? null,
    };
    const { automation, store } = ctx.core;
    const saved = ruleId === undefined ? automation.createRule(rule) : automation.updateRule(ruleId, rule);
    return automationRule(automation.summaries().find((s) => s.rule.id === saved.rule.id)!, store);
  },
  'automation.setEnabled': ({ input, ctx }) => {
    const { automation, store } = ctx.core;
    automation.setEnabled(input.ruleId, input.enabled);
    if (input.enabled) ctx.sync.kickAutomation?.();
    return automationRule(automation.summaries().find((s) => s.rule.id === input.ruleId)!, store);
  },
  'automation.archiveRule': ({ input, ctx }) => {
    ctx.core.automation.archiveRule(input.ruleId);
    return { ruleId: input.ruleId };
  },
  'automation.dryRun': ({ input, ctx }) => ctx.core.automation.dryRun(input.ruleId),
  'automation.history': ({ input, ctx }) => {
    const { runs, next } = ctx.core.automation.history(input.limit, {
      ...(input.ruleId !== undefined ? { ruleId: input.ruleId } : {}),
      ...(input.customerId !== undefined ? { customerId: input.customerId } : {}),
      ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
      ...(input.from !== undefined ? { from: input.from } : {}),
      ...(input.to !== undefined ? { to: input.to } : {}),
      ...(input.cursor ? { before: input.cursor } : {}),
    });
    return { items: runs.map(automationRun), next };
  },
  'automation.leadPath': ({ input, ctx }) => {
    const { automation, store } = ctx.core;
    return automation.leadPath(input.customerId).map((p) => leadPath(p, store, store.accounts.accountName(store.automation.rule(p.ruleId)?.dealer_account_id ?? 0)));
  },
  'automation.lead': ({ input, ctx }) => {
    const { automation, store } = ctx.core;
    return automation.leads(input.customerId).map((l) => leadAutomation(l, store.accounts.accountName(l.dealer_account_id)));
  },
  'automation.updateLead': ({ input, ctx }) => {
    const { customerId, dealerAccountId, ...change } = input;
    const { automation, store } = ctx.core;
    const lead = automation.updateLead(customerId, dealerAccountId, change);
    ctx.sync.kickAutomation?.();
    return leadAutomation(lead, store.accounts.accountName(dealerAccountId));
  },
  'automation.advanceTestClock': async ({ input, ctx }) => {
    if (!ctx.testClock) throw new AppError('FORBIDDEN', 'The test clock exists only in test runs.');
    const now = ctx.testClock.advance(input.ms);
    await ctx.core.runner.drain();
    ctx.sync.kickAutomation?.();
    await ctx.sync.pollNow();
    return { now };
  },
});
