import { useState } from 'react';

/**
 * Runs one request at a time for a form or a button: busy while it runs, then `onDone` with the
 * failure (or nothing), so the caller reloads and says what happened in one place.
 */
export function useBusyAction(onDone: (error?: Error) => Promise<void>): { busy: boolean; run(action: () => Promise<unknown>): Promise<boolean> } {
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    let failure: Error | undefined;
    try {
      await action();
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    await onDone(failure);
    setBusy(false);
    return !failure;
  };
  return { busy, run };
}
