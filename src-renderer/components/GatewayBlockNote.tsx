// R13: Twilio's own block of this customer's number on a sender, shown where consent is shown: the
// composer (before sending), the lead's consent table and the opt-in dialog. The words come from
// shared/domain/gateway-block.ts, the same the send policy refuses with.
import type { GatewayBlockInfo } from '../../shared/ipc/contract.ts';
import { gatewayBlockReason, gatewayLine, liftGatewayBlockHint, listOfNames } from '../../shared/domain/gateway-block.ts';
import { Alert } from './Alert.tsx';

/** The composer's warning: the sentence a send would be refused with, and the way out. */
export function GatewayBlockAlert({
  block,
  customerName,
  refuses,
  otherSenderLabel,
  id,
}: {
  block: GatewayBlockInfo;
  customerName: string;
  /** Whether it refuses this send (false: the dealer's own opt-out refuses first, this is said besides). */
  refuses: boolean;
  /** Another sender of this account that Twilio does not block, if any. */
  otherSenderLabel: string | null;
  id?: string;
}) {
  return (
    <Alert
      tone={refuses ? 'danger' : 'warn'}
      {...(refuses ? { role: 'alert' as const } : {})}
      {...(id !== undefined ? { id } : {})}
      testId="gateway-warning"
      title={`Twilio blocks ${gatewayLine(block)} for this customer`}
    >
      <p data-testid="gateway-reason">{gatewayBlockReason(block, customerName)}</p>
      {refuses && (
        <p className="small">
          {otherSenderLabel
            ? `Choose another sender, such as ${otherSenderLabel}: Twilio does not block it.`
            : 'This dealer account has no other sender for this customer. Sending anyway will be refused by the app and recorded on this lead.'}
        </p>
      )}
    </Alert>
  );
}

/** The consent table's line under a dealer's SMS status: which of its lines Twilio blocks, and since when. */
export function GatewayBlockNote({ blocks, customerName }: { blocks: GatewayBlockInfo[]; customerName: string }) {
  if (blocks.length === 0) return null;
  return (
    <ul className="gateway-blocks small" aria-label="Twilio blocks">
      {blocks.map((b) => (
        <li key={b.senderId} data-testid={`gateway-block-${b.senderId}`}>
          <span className="chip chip-out">Twilio block · {gatewayLine(b)}</span>{' '}
          <span className="muted">
            {gatewayBlockReason(b, customerName)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The opt-in dialog's warning: opting in for a dealer does not lift Twilio's block on a shared line. */
export function GatewayBlockOptInNote({ blocks, customerName }: { blocks: GatewayBlockInfo[]; customerName: string }) {
  if (blocks.length === 0) return null;
  return (
    <Alert tone="warn" testId="optin-gateway-note" title="Twilio's own block stays until the customer texts START">
      {blocks.map((b) => (
        <p key={b.senderId}>
          Opting in here records this dealer's consent only. Twilio still blocks {gatewayLine(b)} for {customerName}
          {b.dealerAccountNames.length > 1 ? `, for ${listOfNames(b.dealerAccountNames)}` : ''}. {liftGatewayBlockHint(b, customerName)}
        </p>
      ))}
    </Alert>
  );
}
