// The leads list against a fake main process: the rows and their SMS consent per dealer account,
// a search answered with its matches, and a consent change (R5) reloading the chips on screen.
import { all, cleanup, render, text, type, waitFor } from './dom.ts';
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiInput, LeadSummary } from '../../shared/ipc/contract.ts';
import { LeadsView } from '../../src-renderer/views/LeadsView.tsx';
import { useLeads } from '../../src-renderer/stores/leads-store.ts';
import { FakeApi } from './fake-api.ts';
import { leadSummary } from './fixtures.ts';

let fake: FakeApi;
let leads: LeadSummary[];

function leadsList(input: ApiInput<'leads.list'>) {
  const q = (input.query ?? '').toLowerCase();
  const matches = leads.filter((l) => l.name.toLowerCase().startsWith(q));
  const offset = input.offset ?? 0;
  return { items: matches.slice(offset, offset + (input.limit ?? 100)), total: matches.length, totalIsEstimate: false, offset };
}

beforeEach(() => {
  useLeads.setState(useLeads.getInitialState(), true);
  leads = Array.from({ length: 1_000 }, (_, i) => leadSummary(i));
  leads[1] = leadSummary(1, { name: 'Olivia Smith', firstName: 'Olivia', lastName: 'Smith' });
  fake = new FakeApi({ 'leads.list': leadsList }).install();
});
afterEach(cleanup);

const rows = (root: ParentNode) => all(root, '[role="option"]:not(.placeholder)');

test('the leads list shows the count, each lead with its mobile and SMS consent per dealer account', async () => {
  const { container } = await render(<LeadsView />);
  await waitFor(() => assert.equal(text(container.querySelector('[data-testid="leads-count"]')), '1,000 leads'));
  const first = rows(container)[0]!;
  assert.match(text(first), /First0 Last0/);
  assert.match(text(first), /0410 000 000/);
  assert.match(text(first), /Harbour Toyota · SMS ok/);
  assert.equal(rows(container)[1]!.dataset.customerId, '2');
  assert.deepEqual(fake.inputsOf('leads.list')[0], { query: '', offset: 0, limit: 100 });
});

test('typing a search shows its matches and how many there are', async () => {
  const { container } = await render(<LeadsView />);
  await waitFor(() => assert.ok(rows(container).length > 0));
  await type(container.querySelector<HTMLInputElement>('#lead-search')!, 'oli');
  await waitFor(() => assert.equal(text(container.querySelector('[data-testid="leads-count"]')), '1 match for “oli”'));
  assert.deepEqual(rows(container).map((r) => text(r.querySelector('.lead-name'))), ['Olivia Smith']);
});

test('R5: an opt-out recorded elsewhere turns the chip on screen red without a reload by the user', async () => {
  const { container } = await render(<LeadsView />);
  await waitFor(() => assert.match(text(rows(container)[1]), /SMS ok/));
  leads[1] = { ...leads[1]!, accounts: [{ dealerAccountId: 1, accountName: 'Harbour Toyota', sms: 'opted_out', email: 'none', smsGatewayBlocked: 'none' }] };
  fake.emit('consent:changed', { customerId: 2, dealerAccountId: 1, channel: 'sms', status: 'opted_out' });
  await waitFor(() => assert.match(text(rows(container)[1]), /Harbour Toyota · SMS opted out/));
  assert.match(text(rows(container)[0]), /SMS ok/);
});
