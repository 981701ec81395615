import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { Job, Worker, startWorker } from '../queues/bullmq.adapter';
import { LivePush } from './live-push';
import { Notification } from './notification.store';

/**
 * Pushes the notifications queued for live delivery: those the reconciler sends again (matching and
 * reminders push what they store themselves, see LivePush).
 */
@Injectable()
export class InAppDeliveryProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('InAppDelivery');
  private worker?: Worker<Notification>;

  constructor(
    private readonly live: LivePush,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = startWorker<Notification>(QueueName.InAppDelivery, this.config, (job: Job<Notification>) => this.live.push([job.data]));
    this.worker.on('failed', (job, error) => this.logger.warn(`notification ${job?.data.id} not pushed: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
