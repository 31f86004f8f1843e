type Tone = 'danger' | 'warn' | 'ok' | 'info';
const ICON: Record<Tone, string> = { danger: '!', warn: '!', ok: '✓', info: 'i' };

export function Alert({
  tone,
  title,
  children,
  role,
  id,
  testId,
}: {
  tone: Tone;
  title?: string;
  children?: React.ReactNode;
  role?: 'alert' | 'status';
  id?: string;
  testId?: string;
}) {
  return (
    <div className={`alert alert-${tone}`} role={role} id={id} data-testid={testId}>
      <span className="alert-icon" aria-hidden="true">
        {ICON[tone]}
      </span>
      <div>
        {title && <div className="alert-title">{title}</div>}
        {children && <div>{children}</div>}
      </div>
    </div>
  );
}

/** A failure to show in place: nothing when there is none. */
export function ErrorAlert({ message }: { message: string | null | undefined }) {
  return message ? (
    <Alert tone="danger" role="alert">
      {message}
    </Alert>
  ) : null;
}
