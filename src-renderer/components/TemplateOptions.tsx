// The composer's template choices: each response's SMS text, and each email response "via SMS"
// (its email body turned into SMS text in main, for review before sending).
import type { Template } from '../../shared/ipc/contract.ts';

export function TemplateOptions({ templates }: { templates: readonly Template[] }) {
  const sms = templates.filter((t) => t.body.trim() !== '');
  const email = templates.filter((t) => (t.emailBody ?? '').trim() !== '');
  return (
    <>
      {sms.length > 0 && (
        <optgroup label="SMS responses">
          {sms.map((t) => (
            <option key={`sms:${t.id}`} value={`sms:${t.id}`}>
              {t.name}
            </option>
          ))}
        </optgroup>
      )}
      {email.length > 0 && (
        <optgroup label="Email responses — send via SMS">
          {email.map((t) => (
            <option key={`email:${t.id}`} value={`email:${t.id}`}>
              {t.name} (email, via SMS)
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
}
