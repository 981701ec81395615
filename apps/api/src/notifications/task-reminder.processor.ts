import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { FhirService } from '../fhir/fhir.service';
import { Job, Worker, startWorker } from '../queues/bullmq.adapter';
import { categoryOf, dueDateOf, ownerOf, taskStatusOf } from '../transfers/task-fields';
import { NotificationDeliveryQueue } from './notification-delivery.queue';
import { NotificationStore } from './notification.store';
import { TaskReminderJob, TaskReminderScheduler } from './task-reminder.scheduler';
import { nextOverdueReminder, plannedTaskReminders, reminderText } from './task-reminders';

/** Sends a due reminder as an in-app notification, if the task still needs it. */
@Injectable()
export class TaskReminderProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private worker?: Worker<TaskReminderJob>;

  constructor(
    private readonly fhir: FhirService,
    private readonly notifications: NotificationStore,
    private readonly scheduler: TaskReminderScheduler,
    private readonly delivery: NotificationDeliveryQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker<TaskReminderJob>(QueueName.Reminders, this.config, (job) => this.remind(job));
    this.worker.on('failed', (job, error) => this.logger.warn(`reminder ${job?.id} not sent yet: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  async remind(job: Job<TaskReminderJob>): Promise<void> {
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
}
