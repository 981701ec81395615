import type { TaskSummary } from '@app/fhir/api/api-answers';

/**
 * The GP a consultation about a discharge is with: the one most of its hand-over Tasks went to (a task
 * forwarded to another GP leaves the rest with the patient's own). Undefined while no GP holds any.
 */
export function gpOfStay(tasks: readonly TaskSummary[]): { reference: string; display?: string } | undefined {
  const counts = new Map<string, { reference: string; display?: string; n: number }>();
  for (const task of tasks) {
    const owner = task.owner;
    if (!owner?.reference.startsWith('PractitionerRole/')) continue;
    const seen = counts.get(owner.reference) ?? { ...owner, n: 0 };
    seen.n++;
    counts.set(owner.reference, seen);
  }
  const [top] = [...counts.values()].sort((a, b) => b.n - a.n);
  return top ? { reference: top.reference, display: top.display } : undefined;
}
