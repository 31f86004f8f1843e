// The status bar's initial sync: a determinate bar (max 1, value the fraction listed), named by its
// label, its value text and the words beside it giving the percentage and the messages so far.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import { initialSyncText } from '../../src-renderer/lib/initial-sync-text.ts';
import { InitialSyncProgress } from '../../src-renderer/components/InitialSyncProgress.tsx';

test('initial sync words: whole percent rounded down, messages counted the Australian way', () => {
  assert.deepEqual(initialSyncText({ done: 12_345, fraction: 0.4267 }), {
    percent: 42,
    shown: '42% · 12,345 messages',
    valueText: 'Initial sync 42% — 12,345 messages so far',
  });
  assert.equal(initialSyncText({ done: 1, fraction: 0 }).shown, '0% · 1 message');
  assert.equal(initialSyncText({ done: 900, fraction: 0.999 }).percent, 99, '100% only once everything is listed');
  assert.equal(initialSyncText({ done: 900, fraction: 1 }).percent, 100);
});

test('initial sync bar: determinate, labelled, with the value text', () => {
  const html = renderToStaticMarkup(<InitialSyncProgress initial={{ done: 12_345, fraction: 0.4267 }} />);
  assert.match(html, /<label for="initial-sync">Initial sync<\/label>/);
  const bar = /<progress [^>]*>/.exec(html)?.[0] ?? '';
  assert.match(bar, /id="initial-sync"/);
  assert.match(bar, /max="1"/);
  assert.match(bar, /value="0.4267"/);
  assert.match(bar, /aria-valuetext="Initial sync 42% — 12,345 messages so far"/);
  assert.match(html, /<span>42% · 12,345 messages<\/span>/);
});
