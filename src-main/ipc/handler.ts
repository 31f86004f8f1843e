import type { ApiOutput, ApiParsedInput, ChannelName } from '../../shared/ipc/contract.ts';
import type { HandlerContext } from './context.ts';

/** One channel's handler: one object argument (the validated input and the context). */
export type Handler<C extends ChannelName> = (req: { input: ApiParsedInput<C>; ctx: HandlerContext }) => ApiOutput<C> | Promise<ApiOutput<C>>;

/** A domain's handlers, keyed by channel. */
export type HandlerGroup<C extends ChannelName = ChannelName> = { [K in C]: Handler<K> };

/** Every channel's handler. */
export type HandlerMap = HandlerGroup<ChannelName>;

/** Types a domain's handlers against the contract (keys must be channels; inputs and outputs checked). */
export function defineHandlers<C extends ChannelName>(group: { [K in C]: Handler<K> }): HandlerGroup<C> {
  return group;
}
