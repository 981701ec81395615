import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { QueueName } from '@app/fhir';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { DatabaseEpoch } from '../database/database-epoch';
import { deliveryJobId } from '../outbox/outbox-row';
import { OWED_PAGE, OwedWork, OwedWorkRegistry, requeuePages } from '../outbox/owed-work';
import { OwedJob, ProducerQueues, Queue, requeueOwed } from '../queues/bullmq.adapter';
import { Notification, NotificationStore } from './notification.store';

/**
 * The live push of notifications still owed (`pushed_at` null) a while after they were stored: matching
 * and reminders push what they store themselves (LivePush); what a crash or Redis losing a publish left
 * owed, the reconciler queues here, one job per notification however often it is queued.
 */
@Injectable()
export class NotificationDeliveryQueue implements OnModuleInit, OnApplicationShutdown, OwedWork {
  readonly owedWhat = 'live notification pushes';
  private readonly producer: ProducerQueues;
  private readonly queue: Queue<Notification>;

  constructor(
    private readonly epoch: DatabaseEpoch,
    private readonly store: NotificationStore,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly owedWork: OwedWorkRegistry,
  ) {
    this.producer = new ProducerQueues(config);
    this.queue = this.producer.open<Notification>(QueueName.InAppDelivery);
  }

  onModuleInit(): void {
    this.owedWork.register(this);
  }

  onApplicationShutdown(): Promise<void> {
    return this.producer.close();
  }

  requeueOverdue(olderThanMs: number): Promise<number> {
    return requeuePages(
      (after: string | undefined) => this.store.unpushed(olderThanMs, after ?? '0', OWED_PAGE),
      (notification) => notification.id,
      async (page) => {
        const { added, retried } = await requeueOwed(this.queue, await this.jobs(page));
        return added + retried;
      },
    );
  }

  private async jobs(notifications: Notification[]): Promise<Array<OwedJob<Notification>>> {
    const epoch = await this.epoch.get();
    return notifications.map((n) => ({ name: n.kind, data: n, opts: { jobId: deliveryJobId(epoch, n.id), removeOnComplete: { age: 3600 }, attempts: 3 } }));
  }
}
