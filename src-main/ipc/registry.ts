// One place where every channel is registered and every call goes through: validate the input
// against the contract, run the handler, validate the output, and turn any failure into
// `{ok:false, error:{code, message, details?}}` with a stable code.
import { z } from 'zod';
import { appErrorSchema, contract, events, isChannelName, type ChannelName, type IpcError, type IpcResult } from '../../shared/ipc/contract.ts';
import { AppError, DISK_FULL_MESSAGE, isDiskFull } from '../app-error.ts';
import { escapeForMessage } from '../../shared/text-rules.ts';
import type { HandlerContext } from './context.ts';
import type { Handler, HandlerMap } from './handler.ts';
import { leadHandlers, timelineHandlers } from '../customers/handlers.ts';
import { smsHandlers } from '../messaging/handlers.ts';
import { consentHandlers } from '../consent/handlers.ts';
import { appraisalHandlers } from '../appraisals/handlers.ts';
import { templateHandlers } from '../templates/handlers.ts';
import { automationHandlers } from '../automation/handlers.ts';
import { calendarHandlers } from '../calendar/handlers.ts';
import { reviewHandlers } from '../reviews/handlers.ts';
import { notificationHandlers } from '../notifications/handlers.ts';
import { syncHandlers } from '../sync/handlers.ts';
import { settingsHandlers } from '../settings/handlers.ts';
import { groupHandlers } from '../group/handlers.ts';
import { conversationHandlers } from '../conversations/handlers.ts';
import { diagnosticsHandlers } from '../diagnostics/handlers.ts';
import { importHandlers } from '../imports/handlers.ts';
import { exportHandlers } from '../reports/handlers.ts';

export class HandlerRegistrationError extends Error {
  override readonly name = 'HandlerRegistrationError';
}

/**
 * Combines domain groups into one map. A channel registered twice, a name the contract does not
 * know, or a contract channel left without a handler is an error (at start, not at call time).
 */
export function combineHandlers(groups: readonly object[], options: { requireAll?: boolean } = {}): HandlerMap {
  const map = new Map<string, unknown>();
  for (const group of groups) {
    for (const [name, fn] of Object.entries(group)) {
      if (map.has(name)) throw new HandlerRegistrationError(`IPC handler '${name}' is registered twice`);
      if (!isChannelName(name)) throw new HandlerRegistrationError(`IPC handler '${name}' is not a channel of the contract`);
      if (typeof fn !== 'function') throw new HandlerRegistrationError(`IPC handler '${name}' is not a function`);
      map.set(name, fn);
    }
  }
  if (options.requireAll ?? true) {
    const missing = Object.keys(contract).filter((c) => !map.has(c));
    if (missing.length) throw new HandlerRegistrationError(`IPC channels without a handler: ${missing.join(', ')}`);
  }
  return Object.fromEntries(map) as HandlerMap;
}

/** Every handler of the app, grouped by domain. */
export const handlerGroups = [
  leadHandlers,
  timelineHandlers,
  smsHandlers,
  consentHandlers,
  appraisalHandlers,
  templateHandlers,
  reviewHandlers,
  notificationHandlers,
  syncHandlers,
  automationHandlers,
  calendarHandlers,
  settingsHandlers,
  groupHandlers,
  conversationHandlers,
  diagnosticsHandlers,
  importHandlers,
  exportHandlers,
] as const;

export const allHandlers: HandlerMap = combineHandlers(handlerGroups);

const INTERNAL_MESSAGE = 'Something went wrong inside the app. The details are in its log.';

function validationError(error: z.ZodError, what: string): IpcError {
  const issues = error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = issues[0];
  return {
    code: 'INVALID_INPUT',
    message: escapeForMessage(first ? `Invalid ${what}: ${first.path ? `${first.path}: ` : ''}${first.message}` : `Invalid ${what}.`),
    details: { issues },
  };
}

/** Details must survive JSON and structured clone; anything else is dropped. */
function safeDetails(details: unknown): unknown {
  if (details === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(details)) as unknown;
  } catch {
    return undefined;
  }
}

export function toIpcError(err: unknown, ctx?: Pick<HandlerContext, 'log'>, channel?: string): IpcError {
  if (err instanceof AppError) {
    const details = safeDetails(err.details);
    // Each code's details have a schema (contract.ts appErrorSchema): what breaks it is dropped and logged.
    // A message may quote what the user typed: bidirectional overrides in it are written out, not obeyed.
    const message = escapeForMessage(err.message);
    const full = appErrorSchema.safeParse({ code: err.code, message, ...(details !== undefined ? { details } : {}) });
    if (full.success) return full.data;
    ctx?.log.error(`IPC ${channel ?? '?'}: the details of ${err.code} break the contract`, z.prettifyError(full.error));
    const bare = appErrorSchema.safeParse({ code: err.code, message });
    if (bare.success) return bare.data;
    return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
  }
  if (isDiskFull(err)) {
    ctx?.log.error(`IPC ${channel ?? '?'}: disk full`, err);
    return { code: 'DISK_FULL', message: DISK_FULL_MESSAGE };
  }
  ctx?.log.error(`IPC ${channel ?? '?'} failed`, err);
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE };
}

/**
 * What the call wrote (or a refused send recorded, R6) reaches the renderer as events before the
 * answer does: the change feed is the only emitter of data events.
 */
function flushChanges(ctx: HandlerContext, channel: string): void {
  try {
    ctx.feed.flush();
  } catch (err) {
    ctx.log.error(`change feed after ${channel} failed`, err);
  }
}

/** Where a call ended: the web host turns this into an HTTP status. */
export type InvokeStage = 'channel' | 'input' | 'handler' | 'output' | 'done';

export interface InvokeOutcome {
  result: IpcResult<unknown>;
  stage: InvokeStage;
}

/**
 * Runs one call: `channel` and `rawInput` come from an untrusted renderer or browser. Never
 * throws; the answer is always an IpcResult, with the stage it ended at.
 */
export async function runHandler(
  channel: string,
  rawInput: unknown,
  ctx: HandlerContext,
  handlers: HandlerMap = allHandlers,
): Promise<InvokeOutcome> {
  if (!isChannelName(channel)) {
    return { stage: 'channel', result: { ok: false, error: { code: 'NOT_FOUND', message: escapeForMessage(`Unknown channel '${String(channel).slice(0, 80)}'.`) } } };
  }
  const spec = contract[channel];
  const parsed = spec.input.safeParse(rawInput === undefined || rawInput === null ? {} : rawInput);
  if (!parsed.success) return { stage: 'input', result: { ok: false, error: validationError(parsed.error, `input for ${channel}`) } };
  const handler = handlers[channel] as Handler<ChannelName> | undefined;
  if (!handler) return { stage: 'channel', result: { ok: false, error: { code: 'NOT_FOUND', message: `No handler for '${channel}'.` } } };
  let value: unknown;
  try {
    value = await handler({ input: parsed.data as never, ctx });
  } catch (err) {
    flushChanges(ctx, channel);
    return { stage: 'handler', result: { ok: false, error: toIpcError(err, ctx, channel) } };
  }
  flushChanges(ctx, channel);
  // The output schema is a whitelist: fields it does not name (a credential, a raw row) never leave.
  const out = spec.output.safeParse(value);
  if (!out.success) {
    ctx.log.error(`IPC ${channel} produced an output that breaks the contract`, z.prettifyError(out.error));
    return { stage: 'output', result: { ok: false, error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } } };
  }
  return { stage: 'done', result: { ok: true, value: out.data } };
}

/** runHandler, answering the IpcResult only (Electron IPC, tests). */
export async function invokeHandler(
  channel: string,
  rawInput: unknown,
  ctx: HandlerContext,
  handlers: HandlerMap = allHandlers,
): Promise<IpcResult<unknown>> {
  return (await runHandler(channel, rawInput, ctx, handlers)).result;
}

export interface ContractDescription {
  channels: { name: string; summary: string; input: unknown; output: unknown }[];
  events: string[];
}

let described: ContractDescription | null = null;

/** The channels with JSON Schemas of their inputs and outputs (GET /api/_contract). */
export function contractDescription(): ContractDescription {
  described ??= {
    channels: Object.entries(contract).map(([name, c]) => ({
      name,
      summary: c.summary,
      input: z.toJSONSchema(c.input, { io: 'input', unrepresentable: 'any' }),
      output: z.toJSONSchema(c.output, { unrepresentable: 'any' }),
    })),
    events: Object.keys(events),
  };
  return described;
}
