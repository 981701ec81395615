import { FormEvent, ReactNode, useState } from 'react';
import { GpPicker } from './GpPicker';

/**
 * Choosing who a task goes to instead (a GP forwarding it, the hospital re-assigning it): a GP picker
 * and one button, busy while the change is sent. The task's current owner cannot be chosen.
 */
export function NewOwnerForm({ currentOwner, submitLabel, className, children, onSubmit }: {
  currentOwner?: string;
  submitLabel: string;
  className: string;
  /** What the form says above the picker (a heading, a hint). */
  children?: ReactNode;
  onSubmit(owner: string): Promise<unknown>;
}) {
  const [owner, setOwner] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!owner) return;
    setBusy(true);
    await onSubmit(owner);
    setBusy(false);
  };
  return (
    <form className={className} onSubmit={submit}>
      {children}
      <GpPicker onChange={setOwner} exclude={currentOwner} />
      <button type="submit" className="primary" disabled={!owner || busy || owner === currentOwner}>
        {submitLabel}
      </button>
    </form>
  );
}
