// Review items (possible opt-outs, unattributed replies): the reviews domain's public face over IPC.
// Every resolution names who decided (the input's actor, or the desk's user name) and why.
import { defineHandlers } from '../ipc/handler.ts';
import type { HandlerContext } from '../ipc/context.ts';
import { keysetPage, probeLimit } from '../ipc/keyset-page.ts';
import { reviewItem } from '../ipc/mappers.ts';
import type { ReviewItemRow } from '../db/repos/reviews-repo.ts';
import type { ReviewItem } from '../../shared/ipc/contract.ts';

/** An item as the contract shows it: what it may be narrowed to, and its decision once resolved. */
function full(ctx: HandlerContext, row: ReviewItemRow): ReviewItem {
  const { reviews } = ctx.core;
  return reviewItem(row, { appliedTo: reviews.appliedTo(row), decision: row.status === 'open' ? null : reviews.decisionOf(row.id) });
}

const decider = (ctx: HandlerContext, input: { actor?: string | undefined; reason?: string | undefined }) => ({
  actor: input.actor?.trim() || ctx.prefs.userName(),
  reason: input.reason ?? null,
});

export const reviewHandlers = defineHandlers({
  'reviews.list': ({ input, ctx }) => {
    const { reviews } = ctx.core;
    const limit = probeLimit(input.limit);
    const rows =
      input.status === 'resolved'
        ? reviews.resolved(limit, input.cursor).map((r) => ({ ...r, created_at: r.resolved_at ?? r.created_at, row: r }))
        : reviews.open(limit, input.cursor).map((r) => ({ ...r, row: r }));
    const page = keysetPage(rows, input.limit);
    return { items: page.items.map((r) => full(ctx, r.row)), open: reviews.openCount(), nextCursor: page.next };
  },
  'reviews.confirm': ({ input, ctx }) => {
    // A confirmed possible opt-out records an SMS opt-out for that account (R3); the change feed announces both.
    const { item } = ctx.core.reviews.confirm(input.reviewId, decider(ctx, input));
    return full(ctx, item);
  },
  'reviews.dismiss': ({ input, ctx }) => full(ctx, ctx.core.reviews.dismiss(input.reviewId, decider(ctx, input)).item),
  'reviews.narrow': ({ input, ctx }) => full(ctx, ctx.core.reviews.narrow(input.reviewId, input.keepAccountIds, decider(ctx, input)).item),
});
