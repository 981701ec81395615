import { useCallback, useEffect, useRef, useState } from 'react';
import { TaskSummary } from '../api/types';

export interface HeldRows {
  /** The rows on screen, in the order the user has been looking at; each as the latest answer has it. */
  rows: TaskSummary[];
  /** Tasks in the latest answer that are not on screen yet. */
  newCount: number;
  /** The latest answer has other rows, or another order, than the screen. */
  changed: boolean;
  /** Puts the latest answer on screen as it is. */
  showLatest(): void;
  /** The next answer goes on screen as it is: after the user's own action, which they expect to see. */
  showNextAsItIs(): void;
}

/**
 * Keeps the inbox's rows where they are while live events reload the list (several a minute), so the row
 * under the GP's pointer never turns into another patient's. A row already shown is updated in place (its
 * status, due date); new rows and a new order wait until the user asks for them. A row that left the list
 * stays, as last seen, until then. An empty list takes what comes at once: nothing there can move.
 */
export function useHeldRows(latest: TaskSummary[] | undefined, loading: boolean, listKey: string): HeldRows {
  const [held, setHeld] = useState<{ key: string; rows: TaskSummary[] }>();
  const takeNext = useRef(false);

  useEffect(() => {
    // While another list (a new filter or page) is on its way, `latest` is still the old one.
    if (!latest || loading) return;
    if (held?.key === listKey && held.rows === latest) return;
    // Another list than the one on screen (the user chose a filter, a page, a patient) is shown as it is.
    // Decided here, not in a state updater: React may run an updater twice, and this reads and clears a ref.
    const take = takeNext.current || held === undefined || held.key !== listKey || held.rows.length === 0;
    if (!take) return;
    takeNext.current = false;
    setHeld({ key: listKey, rows: latest });
  }, [latest, loading, listKey, held]);

  const showLatest = useCallback(() => {
    if (latest) setHeld({ key: listKey, rows: latest });
  }, [latest, listKey]);
  const showNextAsItIs = useCallback(() => {
    takeNext.current = true;
  }, []);

  const latestById = new Map((latest ?? []).map((task) => [task.id, task]));
  const rows = (held?.rows ?? []).map((task) => latestById.get(task.id) ?? task);
  const shownIds = new Set(rows.map((task) => task.id));
  const current = held !== undefined && held.key === listKey && latest !== undefined && !loading;
  const newCount = current ? latest.filter((task) => !shownIds.has(task.id)).length : 0;
  const changed = current && (latest.length !== rows.length || latest.some((task, index) => task.id !== rows[index].id));
  return { rows, newCount, changed, showLatest, showNextAsItIs };
}
