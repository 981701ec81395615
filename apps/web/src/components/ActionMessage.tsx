/** The outcome of the user's last action: good news is announced politely, a failure as an alert. */
export type ActionMessageValue = { tone: 'info' | 'error'; text: string };

export function ActionMessage({ message }: { message?: ActionMessageValue }) {
  return (
    <>
      <div className="message-line" role="status" aria-live="polite">
        {message?.tone === 'info' && message.text}
      </div>
      {message?.tone === 'error' && (
        <p className="notice error" role="alert">
          {message.text}
        </p>
      )}
    </>
  );
}
