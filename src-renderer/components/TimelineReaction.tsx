// A phone reaction on the timeline: a small line under the conversation ("Jane Citizen loved ❤️
// your message “See you Saturday…”"), and the emoji on the message it quotes.
import type { SmsMessage } from '../../shared/ipc/contract.ts';
import type { ReactionDetail } from '../../shared/domain/reply-reason.ts';
import { reactionLabel, reactionVerb } from '../../shared/domain/reply-reason.ts';
import type { TimelineReaction } from '../lib/reactions.ts';
import { fmtDateTime, fmtPhone } from '../lib/format.ts';

export function ReactionEntry({ message, reaction, pos, setSize }: { message: SmsMessage; reaction: TimelineReaction; pos: number; setSize: number }) {
  const { detail, target } = reaction;
  const who = message.customerName ?? fmtPhone(message.fromNumber);
  const quote = target ? target.body : detail.quote;
  return (
    <article
      className="reaction-event"
      aria-posinset={pos}
      aria-setsize={setSize}
      data-kind="reaction"
      data-reacts-to={target?.id}
      title={message.body}
    >
      <span className="reaction-emoji" aria-hidden="true">
        {detail.emoji}
      </span>
      <span>
        <strong>{who}</strong> {reactionVerb(detail)} {quote !== null ? <q className="reaction-quote">{quote}</q> : 'a message'}
        {target && <span className="muted"> (sent {fmtDateTime(target.createdAt)})</span>}
      </span>
      <time dateTime={new Date(message.createdAt).toISOString()}>{fmtDateTime(message.createdAt)}</time>
    </article>
  );
}

/** The reactions a message got, shown on it. */
export function ReactionBadges({ reactions }: { reactions: readonly ReactionDetail[] }) {
  if (reactions.length === 0) return null;
  return (
    <div className="reaction-badges" aria-label={`Reactions: ${reactions.map(reactionLabel).join(', ')}`}>
      {reactions.map((r, i) => (
        <span key={i} className="reaction-badge" title={reactionLabel(r)}>
          {r.emoji}
        </span>
      ))}
    </div>
  );
}
