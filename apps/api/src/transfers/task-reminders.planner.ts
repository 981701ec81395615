import { Injectable, OnModuleInit } from '@nestjs/common';
import { OutboxTopic, ReminderKind, Resource } from '@app/fhir';
import { OutboxRow } from '../outbox/outbox-row';
import { PlannedJob, ReminderFiring, ReminderPlan, ReminderPlanner } from '../outbox/reminder-planner';
import { ReminderPlanners } from '../outbox/reminder-planners';
import { dischargeTransitionOf, isDischargeTask } from './discharge-task-event';
import { categoryOf, dueDateOf, ownerOf, taskStatusOf } from './task-fields';
import { PlannedReminder, TaskReminderKind, nextOverdueReminder, plannedTaskReminders, reminderText } from './task-reminders';

export interface TaskReminderJob {
  kind: TaskReminderKind;
  taskId: string;
  round: number;
  /** The due date the reminder was planned for: a reminder for an old due date is not sent. */
  due: string;
  at: string;
  series?: string;
}

const KINDS: TaskReminderKind[] = [ReminderKind.TaskDueSoon, ReminderKind.TaskOverdue];

/** One job id per task and reminder: re-planning replaces it, closing the task removes it. */
export function reminderJobId(taskId: string, kind: TaskReminderKind, round: number): string {
  return `reminder-task-${taskId}-${kind}-${round}`;
}

function plannedJob(taskId: string, due: string, reminder: PlannedReminder): PlannedJob<TaskReminderJob> {
  const job: TaskReminderJob = { taskId, kind: reminder.kind, round: reminder.round, due, at: reminder.at.toISOString() };
  // The weekly overdue reminders of one due date are one series: re-planning the task keeps the next one.
  if (reminder.kind === ReminderKind.TaskOverdue) job.series = `task-${taskId}-overdue-${due}`;
  return { jobId: reminderJobId(taskId, reminder.kind, reminder.round), job };
}

/**
 * A discharge task's reminders to its GP: "due tomorrow" the morning before its due date, "overdue" the
 * morning after and then weekly. Planned when the task is handed over, moved when its due date changes,
 * removed when it is done; only for discharge Tasks.
 */
@Injectable()
export class TaskRemindersPlanner implements ReminderPlanner<TaskReminderJob>, OnModuleInit {
  readonly name = 'discharge task reminders';
  readonly resourceType = 'Task';
  /** task.transition: events written before the transition joined the write's one event (see dischargeTransitionOf). */
  readonly topics = [OutboxTopic.ResourceChanged, OutboxTopic.TaskTransition];
  readonly kinds = KINDS;

  constructor(private readonly planners: ReminderPlanners) {}

  onModuleInit(): void {
    this.planners.register(this);
  }

  /** Re-planned when a discharge task's status, contest resolution or due date changed. */
  appliesTo(event: OutboxRow): boolean {
    return dischargeTransitionOf(event) !== undefined;
  }

  plan(id: string, task: Resource | undefined, now: Date): ReminderPlan<TaskReminderJob> | undefined {
    if (!task || !isDischargeTask(task)) return undefined;
    const due = dueDateOf(task)?.slice(0, 10);
    const planned = ownerOf(task) ? plannedTaskReminders(taskStatusOf(task), due, now) : [];
    return {
      subject: `Task/${id}`,
      // A task's first version has had no reminders planned yet: nothing to take back.
      remove: task.meta?.versionId !== '1' ? KINDS.map((kind) => reminderJobId(id, kind, 0)) : [],
      planned: planned.map((reminder) => plannedJob(id, due!, reminder)),
    };
  }

  clocksOf(id: string): Array<{ kind: string; jobId: string }> {
    return KINDS.map((kind) => ({ kind, jobId: reminderJobId(id, kind, 0) }));
  }

  subjectOf(job: TaskReminderJob): string {
    return `Task/${job.taskId}`;
  }

  jobIdOf(job: TaskReminderJob): string {
    return reminderJobId(job.taskId, job.kind, job.round);
  }

  fire(job: TaskReminderJob, task: Resource | undefined, now: Date): ReminderFiring<TaskReminderJob> {
    const { taskId, kind, round, due } = job;
    // Closed, re-planned to another due date, or without an owner meanwhile: nothing to remind of.
    if (!task || !isDischargeTask(task) || dueDateOf(task)?.slice(0, 10) !== due || plannedTaskReminders(taskStatusOf(task), due, new Date(0)).length === 0) return { notifications: [] };
    const owner = ownerOf(task);
    if (!owner) return { notifications: [] };
    return {
      notifications: [{ key: `task-${taskId}-${kind}-${due}-${round}`, draft: { recipient: owner, ...reminderText(kind, categoryOf(task), due) } }],
      next: kind === ReminderKind.TaskOverdue ? plannedJob(taskId, due, nextOverdueReminder({ kind, round, at: new Date(job.at) }, now)) : undefined,
    };
  }
}
