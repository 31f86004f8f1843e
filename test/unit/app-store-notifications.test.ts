// The in-app toast follows the user's "Notify me about" preferences, as the desktop notification
// does (the fix: the toasts used to ignore them). The renderer's app store runs against the real
// core: its calls go through the IPC registry, its events come from the change feed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seedWorld } from '../support/seed-world.ts';
import { contextFor } from '../support/handler-context.ts';
import { gatewayMessage } from '../support/inbound.ts';
import { invokeHandler } from '../../src-main/ipc/registry.ts';
import { createApiClient } from '../../shared/ipc/client.ts';
import { setClient } from '../../src-renderer/api/api.ts';
import { startApp, useApp } from '../../src-renderer/stores/app-store.ts';

const JANE = '+61412345678';
const SHARED = '+61480000001';

async function until(what: string, probe: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('R3 a reply the user switched off in "Notify me about" shows no toast (still counted unread); a possible opt-out still toasts', async () => {
  const w = seedWorld();
  const ctx = contextFor(w);
  const client = createApiClient({
    invoke: (c, i) => invokeHandler(c, i, ctx),
    on: (event, listener) => ctx.bus.subscribe((e, p) => e === event && listener(p)),
  });
  setClient(client);
  const stop = await startApp();
  try {
    // B texted Jane through the shared number: her replies are B's (R4).
    w.core.store.messages.insert({
      direction: 'outbound', origin: 'manual', status: 'sent', customerId: w.customerId, dealerAccountId: w.dealerB, senderId: w.shared,
      toNumber: JANE, fromNumber: SHARED, body: 'Test drive Saturday?', segments: 1, gatewaySid: 'SM' + 'd'.repeat(32), createdAt: w.clock(),
    });
    const reply = (body: string) => {
      w.clock.advance(60_000);
      w.core.ingestor.ingestPage([gatewayMessage({ from: JANE, to: SHARED, body, at: w.clock() })]);
      ctx.feed.flush(); // as the poll's end does
      return w.core.store.notifications.recent(1)[0]!;
    };

    // Everything on: a reply toasts.
    assert.equal(reply('Saturday at 10 works').kind, 'reply');
    assert.deepEqual(useApp.getState().toasts.map((t) => [t.tone, t.body]), [['info', 'Saturday at 10 works']]);
    useApp.setState({ toasts: [] });

    await client.api['settings.setNotificationPrefs']({ desktop: true, replies: false, possibleOptOuts: true, sendFailures: true });
    await until('the new preferences in the store', () => useApp.getState().settings?.notifications.replies === false);

    const unread = useApp.getState().unread;
    assert.equal(reply('See you then').kind, 'reply');
    assert.deepEqual(useApp.getState().toasts, [], 'replies are switched off: no toast');
    assert.equal(useApp.getState().unread, unread + 1, 'still counted on the Notifications badge');

    assert.equal(reply('please stop texting me').kind, 'possible_opt_out');
    assert.deepEqual(useApp.getState().toasts.map((t) => t.tone), ['warn'], 'possible opt-outs are still on');
  } finally {
    stop();
  }
});
