import { defineHandlers } from '../handler.ts';
import type { HandlerContext } from '../context.ts';
import { sender } from '../mappers.ts';
import { AppError, invalidInput, notFound } from '../../app-error.ts';
import { normaliseAnyNumber, PhoneNumberError } from '../../../shared/phone.ts';
import type { GatewayAccountSettings, Settings } from '../../../shared/ipc/contract.ts';
import type { GatewayAccountRow } from '../../db/repos/accounts-repo.ts';

function gatewayAccountRow(ctx: HandlerContext, id: number): GatewayAccountRow {
  const row = ctx.core.store.accounts.gatewayAccounts().find((g) => g.id === id);
  if (!row) throw notFound(`Gateway account ${id}`);
  return row;
}

/** Never includes a credential: only whether one is stored. */
async function gatewayAccountSettings(ctx: HandlerContext, g: GatewayAccountRow): Promise<GatewayAccountSettings> {
  return {
    id: g.id,
    accountSid: g.account_sid,
    label: g.label,
    credentialsConfigured: await ctx.credentials.isConfigured(g.id),
    simulated: ctx.credentials.isSimulated(g.id),
  };
}

export async function settingsOf(ctx: HandlerContext): Promise<Settings> {
  const { store } = ctx.core;
  return {
    mode: ctx.mode,
    userName: ctx.prefs.userName(),
    dealerAccounts: store.accounts.accounts().map((a) => ({ id: a.id, code: a.code, name: a.name })),
    gatewayAccounts: await Promise.all(store.accounts.gatewayAccounts().map((g) => gatewayAccountSettings(ctx, g))),
    senders: store.accounts.senders().map((s) => sender(store, s)),
    pollIntervalMs: ctx.prefs.pollIntervalMs(),
    notifications: ctx.prefs.notifications(),
  };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function requireAccounts(ctx: HandlerContext, ids: number[]): void {
  for (const id of ids) if (!ctx.core.store.accounts.account(id)) throw notFound(`Dealer account ${id}`);
}

export const settingsHandlers = defineHandlers({
  'settings.get': ({ ctx }) => settingsOf(ctx),

  'settings.setUserName': ({ input, ctx }) => {
    ctx.prefs.setUserName(input.userName);
    return settingsOf(ctx);
  },

  'settings.createDealerAccount': ({ input, ctx }) => {
    const { accounts } = ctx.core.store;
    try {
      const id = accounts.createAccount(input.code, input.name, ctx.core.clock());
      const a = accounts.account(id)!;
      return { id: a.id, code: a.code, name: a.name };
    } catch (err) {
      if (isUniqueViolation(err)) throw invalidInput(`A dealer account with code "${input.code}" already exists.`, { field: 'code' });
      throw err;
    }
  },

  'settings.createGatewayAccount': async ({ input, ctx }) => {
    const { accounts } = ctx.core.store;
    try {
      const id = accounts.createGatewayAccount(input.accountSid, input.label, ctx.core.clock());
      return await gatewayAccountSettings(ctx, gatewayAccountRow(ctx, id));
    } catch (err) {
      if (isUniqueViolation(err)) throw invalidInput(`Gateway account ${input.accountSid} is already set up.`, { field: 'accountSid' });
      throw err;
    }
  },

  'settings.createSender': ({ input, ctx }) => {
    const { store } = ctx.core;
    gatewayAccountRow(ctx, input.gatewayAccountId);
    requireAccounts(ctx, input.dealerAccountIds);
    let address: string;
    if (input.kind === 'messaging_service') {
      if (!/^MG[0-9a-fA-F]{32}$/.test(input.address)) {
        throw invalidInput('A messaging service SID is MG followed by 32 hex digits.', { field: 'address' });
      }
      address = input.address;
    } else {
      try {
        address = normaliseAnyNumber(input.address);
      } catch (err) {
        if (err instanceof PhoneNumberError) throw invalidInput(err.message, { field: 'address' });
        throw err;
      }
    }
    try {
      const id = store.transaction(() => {
        const senderId = store.accounts.createSender(input.gatewayAccountId, input.kind, address, input.label, ctx.core.clock());
        for (const a of input.dealerAccountIds) store.accounts.shareSender(senderId, a);
        return senderId;
      });
      return sender(store, store.accounts.sender(id)!);
    } catch (err) {
      if (isUniqueViolation(err)) throw invalidInput(`Sender ${address} is already set up.`, { field: 'address' });
      throw err;
    }
  },

  'settings.setSenderAccounts': ({ input, ctx }) => {
    const { store } = ctx.core;
    const s = store.accounts.sender(input.senderId);
    if (!s) throw notFound(`Sender ${input.senderId}`);
    requireAccounts(ctx, input.dealerAccountIds);
    const wanted = new Set(input.dealerAccountIds);
    store.transaction(() => {
      for (const a of store.accounts.accountsOfSender(s.id)) if (!wanted.has(a.id)) store.accounts.unshareSender(s.id, a.id);
      for (const a of wanted) store.accounts.shareSender(s.id, a);
    });
    return sender(store, s);
  },

  'settings.setCredentials': async ({ input, ctx }) => {
    const g = gatewayAccountRow(ctx, input.gatewayAccountId);
    if (ctx.credentials.isSimulated(g.id)) {
      throw new AppError('INVALID_INPUT', `${g.label} is the built-in demo gateway; add your Twilio account to use real credentials.`);
    }
    await ctx.credentials.set(g.id, input.authToken);
    await ctx.sync.reconfigure();
    return gatewayAccountSettings(ctx, g);
  },

  'settings.clearCredentials': async ({ input, ctx }) => {
    const g = gatewayAccountRow(ctx, input.gatewayAccountId);
    await ctx.credentials.clear(g.id);
    await ctx.sync.reconfigure();
    return gatewayAccountSettings(ctx, g);
  },

  'settings.testConnection': ({ input, ctx }) => {
    gatewayAccountRow(ctx, input.gatewayAccountId);
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
