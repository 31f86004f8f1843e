// Phone reactions on the timeline (R3): an inbound `Loved “…”` is a reaction to the dealer's own
// message it quotes, not a reply in words. The shared classifier says what it is; this finds the
// message it quotes among the loaded timeline items (the newest outbound one sent before it whose
// text starts with the quote — phones cut long quotes short with "…").
import type { SmsMessage, TimelineItem } from '../../shared/ipc/contract.ts';
import type { ReactionDetail } from '../../shared/domain/reply-reason.ts';
import { parseReaction } from '../../shared/classify/reactions.ts';

export interface TimelineReaction {
  detail: ReactionDetail;
  /** The message it quotes, when loaded; null otherwise. */
  target: SmsMessage | null;
}

export interface Reactions {
  /** Inbound reply id -> the reaction it is. */
  byReply: ReadonlyMap<number, TimelineReaction>;
  /** Outbound message id -> the reactions to it (oldest first). */
  onMessage: ReadonlyMap<number, readonly ReactionDetail[]>;
}

/** Whitespace collapsed, curly quotes and the ellipsis a phone adds dropped: how a quote is compared. */
function comparable(s: string): string {
  let out = s.replace(/\s+/g, ' ').trim();
  if (out.endsWith('…')) out = out.slice(0, -1);
  else if (out.endsWith('...')) out = out.slice(0, -3);
  return out.replace(/[“”]/g, '"').replace(/[‘’]/g, "'").trim();
}

/** Items newest first (the timeline's order). */
export function findReactions(items: readonly TimelineItem[]): Reactions {
  const byReply = new Map<number, TimelineReaction>();
  const onMessage = new Map<number, ReactionDetail[]>();
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item?.kind !== 'message' || item.message.direction !== 'inbound') continue;
    const detail = parseReaction(item.message.body);
    if (!detail) continue;
    let target: SmsMessage | null = null;
    const quote = detail.quote !== null ? comparable(detail.quote) : '';
    if (quote) {
      for (let j = i + 1; j < items.length; j++) {
        const older = items[j];
        if (older?.kind === 'message' && older.message.direction === 'outbound' && comparable(older.message.body).startsWith(quote)) {
          target = older.message;
          break;
        }
      }
    }
    byReply.set(item.message.id, { detail, target });
    if (target && !detail.removed) onMessage.set(target.id, [...(onMessage.get(target.id) ?? []), detail]);
  }
  return { byReply, onMessage };
}
