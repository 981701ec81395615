import { useEffect, useRef } from 'react';

/**
 * The second click of an action that cannot be undone (completing, cancelling): says what will happen and to
 * whose task, with the confirming button focused, so a slip of the mouse or the Enter key does nothing yet.
 */
export function ConfirmStep({
  question,
  confirmLabel,
  confirmName,
  keepLabel,
  busy,
  danger,
  onConfirm,
  onKeep,
}: {
  question: string;
  confirmLabel: string;
  /** The accessible name of the confirming button, when it says more than its label (whose task). */
  confirmName?: string;
  keepLabel: string;
  busy?: boolean;
  danger?: boolean;
  onConfirm(): void;
  onKeep(): void;
}) {
  const confirm = useRef<HTMLButtonElement>(null);
  // Where the keyboard was (the button that asked), to go back to when the user keeps the task as it is.
  const cameFrom = useRef<HTMLElement | null>(null);
  useEffect(() => {
    cameFrom.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    confirm.current?.focus();
  }, []);
  const keep = () => {
    const back = cameFrom.current;
    onKeep();
    if (back?.isConnected) back.focus();
  };
  return (
    <div className="confirm-step" role="group" aria-label={question}>
      <p>{question}</p>
      <button ref={confirm} type="button" className={danger ? 'danger' : 'primary'} aria-label={confirmName} disabled={busy} onClick={onConfirm}>
        {confirmLabel}
      </button>
      <button type="button" disabled={busy} onClick={keep}>
        {keepLabel}
      </button>
    </div>
  );
}
