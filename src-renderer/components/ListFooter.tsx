import type { Ref } from 'react';

/** The foot of a keyset-paged list: loading, a "Load more" button, or the end of the list. */
export function ListFooter(props: { loading: boolean; hasMore: boolean; count: number; onMore: () => void; sentinel?: Ref<HTMLDivElement> }) {
  const { loading, hasMore, count, onMore, sentinel } = props;
  return (
    <div ref={sentinel} className="muted small" style={{ padding: 8, textAlign: 'center' }}>
      {loading ? 'Loading…' : hasMore ? (
        <button type="button" className="btn btn-sm" onClick={onMore}>
          Load more
        </button>
      ) : count ? (
        'End of list'
      ) : null}
    </div>
  );
}
