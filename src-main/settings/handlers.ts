// The desk's set-up over IPC: the user's preferences, dealer and gateway accounts, senders and
// gateway credentials. Accounts and senders go through SettingsService; credentials through the
// app's credentials service.
import { defineHandlers } from '../ipc/handler.ts';
import type { HandlerContext } from '../ipc/context.ts';
import { dealerAccount, sender } from '../ipc/mappers.ts';
import { AppError, invalidInput } from '../app-error.ts';
import type { GatewayAccountSettings, Settings } from '../../shared/ipc/contract.ts';
import type { GatewayAccountRow } from '../db/repos/accounts-repo.ts';

/** Never includes a credential: only whether one is stored. */
async function gatewayAccountSettings(ctx: HandlerContext, g: GatewayAccountRow): Promise<GatewayAccountSettings> {
  return {
    id: g.id,
    accountSid: g.account_sid,
    label: g.label,
    credentialsConfigured: await ctx.credentials.isConfigured(g.id),
    simulated: ctx.credentials.isSimulated(g.id),
    stopFiltering: g.stop_filtering === 1,
    archivedAt: g.archived_at,
  };
}

export async function settingsOf(ctx: HandlerContext): Promise<Settings> {
  const { settings } = ctx.core;
  return {
    mode: ctx.mode,
    userName: ctx.prefs.userName(),
    dealerAccounts: settings.dealerAccounts().map(dealerAccount),
    gatewayAccounts: await Promise.all(settings.gatewayAccounts().map((g) => gatewayAccountSettings(ctx, g))),
    senders: settings.senders().map(sender),
    pollIntervalMs: ctx.prefs.pollIntervalMs(),
    notifications: ctx.prefs.notifications(),
  };
}

export const settingsHandlers = defineHandlers({
  'settings.get': ({ ctx }) => settingsOf(ctx),

  'settings.setUserName': ({ input, ctx }) => {
    ctx.prefs.setUserName(input.userName);
    return settingsOf(ctx);
  },

  'settings.createDealerAccount': ({ input, ctx }) => dealerAccount(ctx.core.settings.createDealerAccount(input.code, input.name)),

  'settings.renameDealerAccount': ({ input, ctx }) => dealerAccount(ctx.core.settings.renameDealerAccount(input.dealerAccountId, input.name)),

  'settings.openDemo': ({ ctx }) => {
    if (!ctx.demo) throw invalidInput('This desk cannot open the demo: it is the demo, or runs without one.');
    return ctx.demo.open();
  },

  'settings.setDealerAccountArchived': ({ input, ctx }) => dealerAccount(ctx.core.settings.setDealerAccountArchived(input.dealerAccountId, input.archived)),

  'settings.setGatewayAccountArchived': ({ input, ctx }) => gatewayAccountSettings(ctx, ctx.core.settings.setGatewayAccountArchived(input.gatewayAccountId, input.archived)),

  'settings.setSenderArchived': ({ input, ctx }) => sender(ctx.core.settings.setSenderArchived(input.senderId, input.archived)),

  'settings.renameGatewayAccount': ({ input, ctx }) => gatewayAccountSettings(ctx, ctx.core.settings.relabelGatewayAccount(input.gatewayAccountId, input.label)),

  'settings.renameSender': ({ input, ctx }) => sender(ctx.core.settings.relabelSender(input.senderId, input.label)),

  'settings.createGatewayAccount': async ({ input, ctx }) => {
    const g = ctx.core.settings.createGatewayAccount(input.accountSid, input.label);
    return gatewayAccountSettings(ctx, g);
  },

  'settings.createSender': ({ input, ctx }) => {
    const s = ctx.core.settings.createSender({
      gatewayAccountId: input.gatewayAccountId,
      kind: input.kind,
      address: input.address,
      label: input.label,
      dealerAccountIds: input.dealerAccountIds,
    });
    return sender(s);
  },

  'settings.setSenderAccounts': ({ input, ctx }) => {
    const s = ctx.core.settings.setSenderAccounts(input.senderId, input.dealerAccountIds);
    return sender(s);
  },

  'settings.setCredentials': async ({ input, ctx }) => {
    const g = ctx.core.settings.gatewayAccount(input.gatewayAccountId);
    if (ctx.credentials.isSimulated(g.id)) {
      throw new AppError('INVALID_INPUT', `${g.label} is the built-in demo gateway; add your Twilio account to use real credentials.`);
    }
    await ctx.credentials.set(g.id, input.authToken);
    await ctx.sync.reconfigure();
    return gatewayAccountSettings(ctx, g);
  },

  'settings.clearCredentials': async ({ input, ctx }) => {
    const g = ctx.core.settings.gatewayAccount(input.gatewayAccountId);
    await ctx.credentials.clear(g.id);
    await ctx.sync.reconfigure();
    return gatewayAccountSettings(ctx, g);
  },

  'settings.setStopFiltering': ({ input, ctx }) => gatewayAccountSettings(ctx, ctx.core.settings.setStopFiltering(input.gatewayAccountId, input.on)),

  'settings.testConnection': ({ input, ctx }) => {
    ctx.core.settings.gatewayAccount(input.gatewayAccountId);
    return ctx.credentials.test(input.gatewayAccountId);
  },

  'settings.setPollInterval': ({ input, ctx }) => {
    ctx.prefs.setPollIntervalMs(input.pollIntervalMs);
    ctx.sync.setPollInterval(input.pollIntervalMs);
    return settingsOf(ctx);
  },

  'settings.setNotificationPrefs': ({ input, ctx }) => {
    ctx.prefs.setNotifications(input);
    return settingsOf(ctx);
  },
});
