import { OutboxTopic, Resource, TaskKind, taskKindOf } from '@app/fhir';
import { OutboxRow } from '../outbox/outbox-row';
import { TaskTransitionPayload } from './task-notifications';

/** Whether a Task is a discharge hand-over (those that name no kind were written before kinds, and are). */
export function isDischargeTask(task: Resource): boolean {
  const kind = taskKindOf(task);
  return kind === undefined || kind === TaskKind.DischargeFollowUp;
}

/**
 * The transition a discharge Task's task.transition event reports, or undefined for any other event:
 * the selector of the discharge handlers and planners, so another workflow's Task gets none of their
 * texts or reminders. The Task lifecycle rule writes the kind into the event; an event without one was
 * written before kinds, by the discharge rule.
 */
export function dischargeTransitionOf(event: OutboxRow): TaskTransitionPayload | undefined {
  if (event.topic !== OutboxTopic.TaskTransition || event.resource_type !== 'Task') return undefined;
  const kind = event.payload.taskKind ?? TaskKind.DischargeFollowUp;
  return kind === TaskKind.DischargeFollowUp ? (event.payload as unknown as TaskTransitionPayload) : undefined;
}
