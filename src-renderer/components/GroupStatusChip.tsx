// The status bar's group state (R11): connected to the group server, since when not, changes
// waiting to be pushed. Nothing when this desk is not in a group (one desk).
import { useEffect, useState } from 'react';
import type { GroupStatus } from '../../shared/ipc/contract.ts';
import { api, client } from '../api/api.ts';
import { fmtAgo, fmtCount } from '../lib/format.ts';

const LABEL: Record<GroupStatus['state'], string> = {
  off: 'No group',
  connecting: 'Group: connecting',
  connected: 'Group: connected',
  unreachable: 'Group: unreachable',
};

export function GroupStatusChip() {
  const [group, setGroup] = useState<GroupStatus | null>(null);
  useEffect(() => {
    let live = true;
    api()['group.status']({}).then((g) => live && setGroup(g), () => undefined);
    const off = client().on('group:status', (g) => setGroup(g));
    return () => {
      live = false;
      off();
    };
  }, []);
  if (!group || group.state === 'off') return null;
  const warn = group.state !== 'connected';
  return (
    <span data-testid="group-status" data-state={group.state} title={group.lastError ?? group.server ?? undefined}>
      <span className={`dot ${warn ? 'offline' : 'online'}`} aria-hidden="true" />
      <strong>{LABEL[group.state]}</strong>
      {group.deskName ? ` as ${group.deskName}` : ''} · last exchange <strong>{fmtAgo(group.lastExchangeAt)}</strong>
      {group.waiting > 0 && (
        <>
          {' · '}
          <strong style={{ color: 'var(--amber)' }}>{fmtCount(group.waiting)}</strong> waiting to push
        </>
      )}
    </span>
  );
}
