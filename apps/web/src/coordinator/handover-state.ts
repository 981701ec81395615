import type { HandoverTaskCounts } from '@app/fhir/api/api-answers';

/**
 * How a hand-over stands, in one word a coordinator scans for: what needs the unit first (a contested task
 * waiting for it, a task with no GP), then what is late, then where the tasks are.
 */
export function handoverStateOf(tasks: HandoverTaskCounts): 'waitingForHospital' | 'noGp' | 'overdue' | 'open' | 'contested' | 'allDone' {
  if (tasks.awaitingHospital > 0) return 'waitingForHospital';
  if (tasks.noGp > 0) return 'noGp';
  if (tasks.overdue > 0) return 'overdue';
  if (tasks.withGp + tasks.accepted > 0) return 'open';
  if (tasks.contested > 0) return 'contested';
  return 'allDone';
}
