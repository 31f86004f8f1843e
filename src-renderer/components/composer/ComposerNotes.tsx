// What the composer says about the message itself, under the box: over the length limit (kept
// whole, never cut), the characters forcing UCS-2 with a one-click plain-punctuation fix, a
// template waiting to be inserted or to replace the text, and a message that reads as another
// dealer's.
import { MAX_SMS_BODY_CHARS } from '../../../shared/sms-segments.ts';
import { charactersOverLimit, plainPunctuation, ucs2Characters } from '../../../shared/sms-text-hints.ts';
import type { Template } from '../../../shared/ipc/contract.ts';
import { Alert } from '../Alert.tsx';
import { fmtCount } from '../../lib/format.ts';

export function TooLongNote({ body }: { body: string }) {
  const over = charactersOverLimit(body);
  if (over === 0) return null;
  return (
    <Alert tone="danger" testId="too-long" title={`Too long by ${fmtCount(over)} character${over === 1 ? '' : 's'}`}>
      An SMS can hold {fmtCount(MAX_SMS_BODY_CHARS)} characters. Everything you typed or pasted is kept: trim it to send.
    </Alert>
  );
}

export function EncodingNote({ body, onReplace }: { body: string; onReplace: (text: string) => void }) {
  const chars = ucs2Characters(body);
  if (chars.length === 0) return null;
  const fixable = chars.filter((c) => c.plain !== null);
  const shown = chars.slice(0, 4);
  return (
    <div className="encoding-note small" data-testid="ucs2-note">
      <span>
        Sent as UCS-2 (70 characters a segment) because of{' '}
        {shown.map((c, i) => (
          <span key={c.char}>
            {i > 0 ? ', ' : ''}
            <strong>{c.label}</strong>
            {c.count > 1 ? ` ×${c.count}` : ''}
          </span>
        ))}
        {chars.length > shown.length ? ` and ${chars.length - shown.length} more` : ''}.
      </span>{' '}
      {fixable.length > 0 && (
        <button type="button" className="btn-link small" onClick={() => onReplace(plainPunctuation(body))}>
          Use plain quotes and dashes
        </button>
      )}
    </div>
  );
}

export function TemplatePrompt({ template, onResolve }: { template: Template; onResolve: (how: 'insert' | 'replace' | 'cancel') => void }) {
  return (
    <Alert tone="info" role="alert" testId="template-prompt" title={`Your message already has text. Use “${template.name}” how?`}>
      <span className="row" style={{ marginTop: 6 }}>
        <button type="button" className="btn btn-sm btn-primary" onClick={() => onResolve('insert')}>
          Insert at cursor
        </button>
        <button type="button" className="btn btn-sm" onClick={() => onResolve('replace')}>
          Replace message
        </button>
        <button type="button" className="btn btn-sm" onClick={() => onResolve('cancel')}>
          Cancel
        </button>
      </span>
    </Alert>
  );
}
