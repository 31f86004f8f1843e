// The status bar and the app's fatal notice say what happened in plain words, the technical detail
// apart: the gateway unreachable or refusing credentials; a browser tab left open across a restart
// of the desk is told to open the new link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountsDown, fatalProblem, syncProblem } from '../../src-renderer/lib/plain-words.ts';
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

test('issue 9: with several Twilio accounts the status bar names the one not reachable (the aggregate alone would hide it)', () => {
  const acct = (gatewayAccountId: number, label: string, state: SyncStatus['accounts'][number]['state'], gateway: 'twilio' | 'none' = 'twilio') => ({
    gatewayAccountId, label, gateway, state, lastOkAt: null, lastPollAt: null, lastError: null, lastErrorDetail: null, retryAt: null, polling: false, initialSync: null,
  });
  assert.equal(accountsDown(status({ accounts: [acct(1, 'Group Twilio', 'offline')] })), null, 'one account: the aggregate says it');
  assert.equal(accountsDown(status({ accounts: [acct(1, 'Group Twilio', 'online'), acct(2, 'Mazda Twilio', 'online')] })), null);
  assert.equal(accountsDown(status({ accounts: [acct(1, 'Group Twilio', 'online'), acct(2, 'Mazda Twilio', 'auth_failed')] })), 'Mazda Twilio not reachable');
  assert.equal(accountsDown(status({ accounts: [acct(1, 'A', 'limited'), acct(2, 'B', 'offline'), acct(3, 'C', 'online')] })), '2 of 3 Twilio accounts not reachable');
  assert.equal(accountsDown(status({ accounts: [acct(1, 'A', 'online'), acct(2, 'B', 'no_credentials', 'none')] })), null, 'an account with no token is not polled: Settings says so');
});
