import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { QueueName, Resource } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { ProducerQueues, Queue } from '../queues/bullmq.adapter';
import { dueDateOf, ownerOf, taskStatusOf } from '../transfers/task-fields';
import { PlannedReminder, TaskReminderKind, plannedTaskReminders } from './task-reminders';
import { AppointmentReminderKind, PlannedAppointmentReminder, plannedAppointmentReminders } from './appointment-reminders';

export interface TaskReminderJob {
  taskId: string;
  kind: TaskReminderKind;
  round: number;
  /** The due date the reminder was planned for: a reminder for an old due date is not sent. */
  due: string;
  at: string;
}

export interface AppointmentReminderJob {
  appointmentId: string;
  kind: AppointmentReminderKind;
  /** The start the reminder was planned for: a reminder for a moved consultation is not sent. */
  start: string;
  at: string;
}

/** What the reminders queue carries. */
export type ReminderJob = TaskReminderJob | AppointmentReminderJob;

export function isAppointmentReminder(job: ReminderJob): job is AppointmentReminderJob {
  return 'appointmentId' in job;
}

const TASK_REMINDER_KINDS: TaskReminderKind[] = ['due-soon', 'overdue'];
const APPOINTMENT_REMINDER_KINDS: AppointmentReminderKind[] = ['consultation-24h', 'consultation-1h'];

/** One job id per appointment and reminder: re-planning replaces it, cancelling the consultation removes it. */
export function appointmentReminderJobId(appointmentId: string, kind: AppointmentReminderKind): string {
  return `reminder-appointment-${appointmentId}-${kind}`;
}

/** One job id per task and reminder: re-planning replaces it, closing the task removes it. */
export function reminderJobId(taskId: string, kind: TaskReminderKind, round: number): string {
  return `reminder-task-${taskId}-${kind}-${round}`;
}

/**
 * Keeps reminders in step with what they remind of. A task's: planned when it is handed over, moved
 * when its due date changes, removed when it is done. A joint consultation's: planned when it is
 * booked, moved with its start, removed when it is cancelled or deleted. Both are checked again when
 * they fire, so none is sent for something changed meanwhile.
 */
@Injectable()
export class ReminderScheduler implements OnApplicationShutdown {
  private readonly producer: ProducerQueues;
  private readonly queue: Queue<ReminderJob>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.producer = new ProducerQueues(config);
    this.queue = this.producer.open<ReminderJob>(QueueName.Reminders);
  }

  onApplicationShutdown(): Promise<void> {
    return this.producer.close();
  }

  async replan(task: Resource, now = new Date()): Promise<PlannedReminder[]> {
    const id = task.id!;
    const due = dueDateOf(task)?.slice(0, 10);
    const planned = ownerOf(task) ? plannedTaskReminders(taskStatusOf(task), due, now) : [];
    // A task's first version has had no reminders planned yet: nothing to take back.
    if (task.meta?.versionId !== '1') await this.remove(TASK_REMINDER_KINDS.map((kind) => reminderJobId(id, kind, 0)));
    for (const reminder of planned) await this.schedule(id, due!, reminder, now);
    return planned;
  }

  schedule(taskId: string, due: string, reminder: PlannedReminder, now = new Date()): Promise<void> {
    return this.add(reminderJobId(taskId, reminder.kind, reminder.round), { taskId, kind: reminder.kind, round: reminder.round, due, at: reminder.at.toISOString() }, now);
  }

  /** An appointment as it is now, or undefined once it is deleted. */
  async replanAppointment(appointmentId: string, appointment: Resource | undefined, now = new Date()): Promise<PlannedAppointmentReminder[]> {
    const start = appointment?.start as string | undefined;
    const planned = appointment ? plannedAppointmentReminders(appointment.status as string | undefined, start, now) : [];
    await this.remove(APPOINTMENT_REMINDER_KINDS.map((kind) => appointmentReminderJobId(appointmentId, kind)));
    for (const reminder of planned) {
      await this.add(appointmentReminderJobId(appointmentId, reminder.kind), { appointmentId, kind: reminder.kind, start: start!, at: reminder.at.toISOString() }, now);
    }
    return planned;
  }

  /** The consultation reminders waiting for an appointment (for operators and tests). */
  async pendingForAppointment(appointmentId: string): Promise<AppointmentReminderKind[]> {
    const waiting = await this.waiting(APPOINTMENT_REMINDER_KINDS.map((kind) => appointmentReminderJobId(appointmentId, kind)));
    return APPOINTMENT_REMINDER_KINDS.filter((_, i) => waiting[i]);
  }

  /** Whether a reminder is waiting for a task (for operators and tests). */
  async pending(taskId: string): Promise<TaskReminderKind[]> {
    const waiting = await this.waiting(TASK_REMINDER_KINDS.map((kind) => reminderJobId(taskId, kind, 0)));
    return TASK_REMINDER_KINDS.filter((_, i) => waiting[i]);
  }

  /** Due at `job.at`; the job id makes planning it again replace it. */
  private async add(jobId: string, job: ReminderJob, now: Date): Promise<void> {
    await this.queue.add(job.kind, job, { jobId, delay: Math.max(0, new Date(job.at).getTime() - now.getTime()), removeOnComplete: true, removeOnFail: 100 });
  }

  private async remove(jobIds: string[]): Promise<void> {
    await Promise.all(jobIds.map((jobId) => this.queue.remove(jobId)));
  }

  private async waiting(jobIds: string[]): Promise<boolean[]> {
    return (await Promise.all(jobIds.map((jobId) => this.queue.getJob(jobId)))).map(Boolean);
  }
}
