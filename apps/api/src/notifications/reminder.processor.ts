import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { FhirService } from '../fhir/fhir.service';
import { Worker, startWorker } from '../queues/bullmq.adapter';
import { LivePush } from './live-push';
import { NotificationStore } from './notification.store';
import { ReminderJob } from '../outbox/reminder-planner';
import { ReminderPlanners } from '../outbox/reminder-planners';
import { ReminderScheduler } from './reminder.scheduler';

/**
 * Sends a due reminder as in-app notifications, if what it reminds of still needs it: the planner of its
 * kind decides from the resource as it is now whom it tells and what comes next.
 */
@Injectable()
export class ReminderProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private worker?: Worker<ReminderJob>;

  constructor(
    private readonly fhir: FhirService,
    private readonly notifications: NotificationStore,
    private readonly scheduler: ReminderScheduler,
    private readonly live: LivePush,
    private readonly planners: ReminderPlanners,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker<ReminderJob>(QueueName.Reminders, this.config, (job) => this.remind(job.data));
    this.worker.on('failed', (job, error) => this.logger.warn(`reminder ${job?.id} not sent yet: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /** Sends the reminder if still needed; either way it is no longer owed once this has succeeded. */
  async remind(job: ReminderJob, now = new Date()): Promise<void> {
    const planner = this.planners.ofJob(job);
    // Owed still, and retried: a worker of an older release may have picked up a kind it does not plan yet.
    if (!planner) throw new Error(`no reminder planner plans ${job.kind} reminders`);
    const subject = planner.subjectOf(job);
    const [resourceType, id] = subject.split('/');
    const current = await this.fhir.readIfPresent(resourceType, id);
    const firing = planner.fire(job, current?.resource, now);
    const stored = await Promise.all(firing.notifications.map(({ key, draft }) => this.notifications.insertReminder(key, subject, draft)));
    await this.live.push(stored.filter((notification) => notification !== undefined));
    if (firing.next) await this.scheduler.schedule(subject, firing.next);
    await this.scheduler.fired(planner.jobIdOf(job), job);
  }
}
