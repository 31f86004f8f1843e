import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emailToSms } from '../../shared/domain/email-to-sms.ts';

test('Send via SMS: markup stripped, links kept, whitespace folded, placeholders left for the renderer', () => {
  const html = `<p>Hi {first name},</p>
    <p>Thanks for   visiting <b>{dealer}</b> today.&nbsp; Your <i>{vehicle}</i> quote is ready:
    <a href="https://harbourmazda.example/quote?id=42&amp;ref=sms">view your quote</a>.</p>
    <ul><li>5-year warranty</li><li>Free first service</li></ul>
    <p>Cheers,<br>{salesperson}</p>`;
  assert.equal(
    emailToSms(html),
    'Hi {first name},\nThanks for visiting {dealer} today. Your {vehicle} quote is ready: view your quote: https://harbourmazda.example/quote?id=42&ref=sms.\n• 5-year warranty\n• Free first service\nCheers,\n{salesperson}',
  );
});

test('Send via SMS: a link whose words are its address appears once; mailto keeps the address; script links keep only their words', () => {
  assert.equal(emailToSms('<p>See <a href="https://example.com/x">https://example.com/x</a></p>'), 'See https://example.com/x');
  assert.equal(emailToSms('<p>See <a href="https://example.com">example.com</a></p>'), 'See https://example.com');
  assert.equal(emailToSms('Email <a href="mailto:sales@example.com">sales@example.com</a>'), 'Email sales@example.com');
  assert.equal(emailToSms('<a href="javascript:alert(1)">Click</a> here'), 'Click here');
});

test('Send via SMS: styles, scripts and comments vanish; entities are decoded; plain text keeps its lines', () => {
  assert.equal(emailToSms('<style>p{color:red}</style><!-- hi --><p>Price: &#36;35,990 &ndash; drive&#x2d;away</p><script>x()</script>'), 'Price: $35,990 – drive-away');
  assert.equal(emailToSms('Line one\n\n\n   Line   two  '), 'Line one\nLine two');
  assert.equal(emailToSms('  '), '');
});
