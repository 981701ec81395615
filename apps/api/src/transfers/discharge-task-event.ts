import { OutboxTopic, Resource, TaskKind, taskKindOf } from '@app/fhir';
import { OutboxRow } from '../outbox/outbox-row';
import { TaskTransitionPayload } from './task-notifications';

/** Whether a Task is a discharge hand-over (those that name no kind were written before kinds, and are). */
export function isDischargeTask(task: Resource): boolean {
  const kind = taskKindOf(task);
  return kind === undefined || kind === TaskKind.DischargeFollowUp;
}

/** Where in a Task's change event the lifecycle rule puts its transition (status, contest resolution or due date). */
export const TASK_TRANSITION_FACT = 'transition';

/**
 * The transition a discharge Task's change event reports, or undefined for any other event: the
 * selector of the discharge handlers and planners, so another workflow's Task (or a change that moved
 * neither status, contest resolution nor due date) gets none of their texts or reminders. An event
 * without a kind was written before kinds, by the discharge rule. Events of the `task.transition`
 * topic were written before the transition joined the write's one event; those still owed when Bro
 * was upgraded are read the same way.
 */
export function dischargeTransitionOf(event: OutboxRow): TaskTransitionPayload | undefined {
  if (event.resource_type !== 'Task') return undefined;
  const transition = transitionIn(event);
  return transition && (transition.taskKind ?? TaskKind.DischargeFollowUp) === TaskKind.DischargeFollowUp ? transition : undefined;
}

function transitionIn(event: OutboxRow): TaskTransitionPayload | undefined {
  if (event.topic === OutboxTopic.ResourceChanged) return event.payload[TASK_TRANSITION_FACT] as TaskTransitionPayload | undefined;
  if (event.topic === OutboxTopic.TaskTransition) return event.payload as unknown as TaskTransitionPayload;
  return undefined;
}
