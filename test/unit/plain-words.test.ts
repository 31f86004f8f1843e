// The status bar and the app's fatal notice say what happened in plain words, the technical detail
// apart: the gateway unreachable or refusing credentials; a browser tab left open across a restart
// of the desk is told to open the new link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fatalProblem, syncProblem } from '../../src-renderer/lib/plain-words.ts';
import { ApiError } from '../../shared/ipc/client.ts';
import type { SyncStatus } from '../../shared/ipc/contract.ts';

const status = (over: Partial<SyncStatus>): SyncStatus => ({ online: false, gateway: 'twilio', lastPollAt: null, lastError: null, queued: 0, pollIntervalMs: 10_000, initialSync: null, accounts: [], ...over });

test('offline: the reason in words, the raw error only as the detail', () => {
  assert.equal(syncProblem(status({ online: true, lastError: 'x' })), null);
  const refused = syncProblem(status({ lastError: 'connect ECONNREFUSED 127.0.0.1:39643' }))!;
  assert.match(refused.text, /^The SMS gateway cannot be reached/);
  assert.doesNotMatch(refused.text, /ECONNREFUSED/);
  assert.equal(refused.detail, 'connect ECONNREFUSED 127.0.0.1:39643');
  assert.match(syncProblem(status({ lastError: 'Authenticate (20003)' }))!.text, /refused the credentials/);
  assert.match(syncProblem(status({ gateway: 'none' }))!.text, /No SMS gateway is set up/);
});

test('a browser tab whose token died with a restart is told to open the new link', () => {
  const err = new ApiError({ code: 'FORBIDDEN', message: 'Refused: wrong token.' });
  const p = fatalProblem(err, 'web');
  assert.match(p.text, /The desk was restarted.*Open the new link printed in the terminal/);
  assert.equal(p.detail, 'Refused: wrong token.');
  assert.equal(fatalProblem(err, 'electron').text, 'Refused: wrong token.');
});
