import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { FhirService } from '../fhir/fhir.service';
import { Job, Worker, startWorker } from '../queues/bullmq.adapter';
import { categoryOf, dueDateOf, ownerOf, taskStatusOf } from '../transfers/task-fields';
import { NotificationDeliveryQueue } from './notification-delivery.queue';
import { NotificationStore } from './notification.store';
import { AppointmentReminderJob, ReminderJob, ReminderScheduler, TaskReminderJob, appointmentReminderJobId, isAppointmentReminder, reminderJobId } from './reminder.scheduler';
import { appointmentReminderRecipients, appointmentReminderText } from './appointment-reminders';
import { nextOverdueReminder, plannedTaskReminders, reminderText } from './task-reminders';

/** Sends a due reminder as an in-app notification, if the task or consultation still needs it. */
@Injectable()
export class ReminderProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private worker?: Worker<ReminderJob>;

  constructor(
    private readonly fhir: FhirService,
    private readonly notifications: NotificationStore,
    private readonly scheduler: ReminderScheduler,
    private readonly delivery: NotificationDeliveryQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker<ReminderJob>(QueueName.Reminders, this.config, (job) => (isAppointmentReminder(job.data) ? this.remindOfAppointment(job.data) : this.remindOfTask(job as Job<TaskReminderJob>)));
    this.worker.on('failed', (job, error) => this.logger.warn(`reminder ${job?.id} not sent yet: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /** Sends the reminder if still needed; either way it is no longer owed once this has succeeded. */
  async remindOfTask(job: Job<TaskReminderJob>): Promise<void> {
    await this.sendTaskReminder(job);
    await this.scheduler.fired(reminderJobId(job.data.taskId, job.data.kind, job.data.round), job.data);
  }

  private async sendTaskReminder(job: Job<TaskReminderJob>): Promise<void> {
    const { taskId, kind, round, due } = job.data;
    const task = await this.fhir.readIfPresent('Task', taskId);
    // Closed, re-planned to another due date, or without an owner meanwhile: nothing to remind of.
    if (!task || dueDateOf(task.resource)?.slice(0, 10) !== due || plannedTaskReminders(taskStatusOf(task.resource), due, new Date(0)).length === 0) return;
    const owner = ownerOf(task.resource);
    if (!owner) return;
    const text = reminderText(kind, categoryOf(task.resource), due);
    const stored = await this.notifications.insertReminder(`task-${taskId}-${kind}-${due}-${round}`, `Task/${taskId}`, { recipient: owner, ...text });
    if (stored) await this.delivery.push([stored]);
    if (kind === 'overdue') await this.scheduler.schedule(taskId, due, nextOverdueReminder({ kind, round, at: new Date(job.data.at) }));
  }

  async remindOfAppointment(job: AppointmentReminderJob): Promise<void> {
    await this.sendAppointmentReminder(job);
    await this.scheduler.fired(appointmentReminderJobId(job.appointmentId, job.kind), job);
  }

  private async sendAppointmentReminder(job: AppointmentReminderJob): Promise<void> {
    const { appointmentId, kind, start } = job;
    const appointment = await this.fhir.readIfPresent('Appointment', appointmentId);
    // Cancelled, moved or begun meanwhile: nothing to remind of (a moved consultation has reminders of its own).
    if (!appointment || appointment.resource.status !== 'booked' || appointment.resource.start !== start || new Date(start) <= new Date()) return;
    const text = appointmentReminderText(kind, start);
    const stored = await Promise.all(
      appointmentReminderRecipients(appointment.resource).map((recipient) =>
        this.notifications.insertReminder(`appointment-${appointmentId}-${kind}-${start}`, `Appointment/${appointmentId}`, { recipient, ...text }),
      ),
    );
    await this.delivery.push(stored.filter((notification) => notification !== undefined));
  }
}
