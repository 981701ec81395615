import { Injectable, OnModuleInit } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { OutboxRow } from '../outbox/outbox-row';
import { ReminderFiring, ReminderPlan, ReminderPlanner } from '../outbox/reminder-planner';
import { ReminderPlanners } from '../outbox/reminder-planners';
import { multidoseUpdateOf } from './episode/multidose-update-event';
import { MULTIDOSE_REMINDER_KINDS, MultidoseReminderKind, plannedUpdateReminders, stillOwed, updateReminderSubjectOf, updateReminderText } from './multidose-reminders';

export interface MultidoseReminderJob {
  kind: MultidoseReminderKind;
  taskId: string;
  /** The due date the reminder was planned for: a reminder for another due date is not sent. */
  due: string;
  at: string;
}

/** One job id per update Task and reminder: re-planning replaces it, the complete list removes it. */
export function multidoseReminderJobId(taskId: string, kind: MultidoseReminderKind): string {
  return `reminder-multidose-${taskId}-${kind}`;
}

/**
 * The multidose update's reminders to its owner (the responsible doctor): due the next working day, and
 * overdue. Planned when the update Task is created, re-planned at each of its moves, dropped once completed
 * (the complete list came) or cancelled; only for multidose update Tasks.
 */
@Injectable()
export class MultidoseRemindersPlanner implements ReminderPlanner<MultidoseReminderJob>, OnModuleInit {
  readonly name = 'multidose update reminders';
  readonly resourceType = 'Task';
  readonly kinds = MULTIDOSE_REMINDER_KINDS;

  constructor(private readonly planners: ReminderPlanners) {}

  onModuleInit(): void {
    this.planners.register(this);
  }

  /** Re-planned when an update Task is created, moves, or gets another due date or owner (the facts its rule adds). */
  appliesTo(event: OutboxRow): boolean {
    return multidoseUpdateOf(event) !== undefined;
  }

  plan(id: string, task: Resource | undefined, now: Date): ReminderPlan<MultidoseReminderJob> | undefined {
    const subject = updateReminderSubjectOf(task);
    if (task && !subject) return undefined;
    return {
      subject: `Task/${id}`,
      remove: task?.meta?.versionId !== '1' ? MULTIDOSE_REMINDER_KINDS.map((kind) => multidoseReminderJobId(id, kind)) : [],
      planned: plannedUpdateReminders(subject, now).map((reminder) => ({
        jobId: multidoseReminderJobId(id, reminder.kind),
        job: { kind: reminder.kind, taskId: id, due: subject!.due!, at: reminder.at.toISOString() },
      })),
    };
  }

  clocksOf(id: string): Array<{ kind: string; jobId: string }> {
    return MULTIDOSE_REMINDER_KINDS.map((kind) => ({ kind, jobId: multidoseReminderJobId(id, kind) }));
  }

  subjectOf(job: MultidoseReminderJob): string {
    return `Task/${job.taskId}`;
  }

  jobIdOf(job: MultidoseReminderJob): string {
    return multidoseReminderJobId(job.taskId, job.kind);
  }

  fire(job: MultidoseReminderJob, task: Resource | undefined, now: Date): ReminderFiring<MultidoseReminderJob> {
    const subject = updateReminderSubjectOf(task);
    if (!subject || !stillOwed(job.kind, job.due, subject, now)) return { notifications: [] };
    return { notifications: [{ key: `multidose-${job.taskId}-${job.kind}-${job.due}`, draft: { recipient: subject.owner!, ...updateReminderText(job.kind, job.due) } }] };
  }
}
